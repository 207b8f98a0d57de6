// The namespace deleter's pure plan: what to empty in which order, the
// status conditions, and when to finalize.

#include <boost/test/unit_test.hpp>

#include "actors/controllers/namespace/core/deletion_plan.hpp"
#include "actors/controllers/namespace/core/namespace_conditions.hpp"
#include "actors/controllers/namespace/core/namespaced_resources.hpp"

using namespace convoy;
using namespace convoy::controllers::namespaces;

namespace {

api::Namespace deleted_ns() {
  api::Namespace ns;
  ns.mutable_metadata()->set_name("team");
  ns.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(100);
  ns.mutable_spec()->add_finalizers("kubernetes");
  ns.mutable_status()->set_phase("Terminating");
  return ns;
}

const api::NamespaceCondition* find(const namespace_plan& plan, const std::string& type) {
  for (const auto& c : plan.conditions)
    if (c.type() == type)
      return &c;
  return nullptr;
}

} // namespace

BOOST_AUTO_TEST_SUITE(deletion_plan_suite)

BOOST_AUTO_TEST_CASE(live_or_already_finalized_namespaces_need_nothing) {
  auto live = deleted_ns();
  live.mutable_metadata()->clear_deletion_timestamp();
  auto finalized = deleted_ns();
  finalized.mutable_spec()->clear_finalizers();
  for (const auto& ns : {live, finalized}) {
    auto plan = plan_deletion(ns, {{"pods", 3}}, 200);
    BOOST_CHECK(plan.delete_contents_of.empty());
    BOOST_CHECK(plan.conditions.empty());
    BOOST_CHECK(!plan.status_update);
    BOOST_CHECK(!plan.finalized);
  }
}

BOOST_AUTO_TEST_CASE(workloads_go_before_pods_and_the_rest_after) {
  std::map<std::string, int> remaining;
  for (const auto& r : namespaced_resources())
    remaining[r.resource] = 1;
  remaining["widgets"] = 2;    // unknown: last
  remaining["configmaps"] = 0; // nothing left: skipped
  auto plan = plan_deletion(deleted_ns(), remaining, 200);
  const std::vector<std::string> expected{
    "deployments",  "replicasets",     "replicationcontrollers",
    "pods",         "services",        "endpoints",
    "secrets",      "serviceaccounts", "roles",
    "rolebindings", "leases",          "events",
    "widgets"};
  BOOST_CHECK_EQUAL_COLLECTIONS(plan.delete_contents_of.begin(), plan.delete_contents_of.end(),
                                expected.begin(), expected.end());
  BOOST_CHECK(!plan.finalized);
}

BOOST_AUTO_TEST_CASE(remaining_content_is_reported_sorted_with_groups) {
  auto plan = plan_deletion(deleted_ns(), {{"pods", 3}, {"deployments", 1}}, 200);
  const auto* c = find(plan, "NamespaceContentRemaining");
  BOOST_REQUIRE(c);
  BOOST_CHECK_EQUAL(c->status(), "True");
  BOOST_CHECK_EQUAL(c->reason(), "SomeResourcesRemain");
  BOOST_CHECK_EQUAL(c->message(),
                    "Some resources are remaining: deployments.apps has 1 resource instances, "
                    "pods has 3 resource instances");
  BOOST_CHECK_EQUAL(c->last_transition_time().seconds(), 200);
  BOOST_CHECK_EQUAL(plan.conditions.size(), deletion_condition_types().size());
  BOOST_CHECK_EQUAL(find(plan, "NamespaceDeletionContentFailure")->status(), "False");
  BOOST_REQUIRE(plan.status_update);
  BOOST_CHECK_EQUAL(plan.status_update->status().conditions_size(), 5);
}

BOOST_AUTO_TEST_CASE(failed_deletions_set_the_content_failure_condition_and_block_finalizing) {
  auto plan = plan_deletion(deleted_ns(), {}, 200, {"pods: forbidden", "leases: timeout"});
  const auto* c = find(plan, "NamespaceDeletionContentFailure");
  BOOST_REQUIRE(c);
  BOOST_CHECK_EQUAL(c->status(), "True");
  BOOST_CHECK_EQUAL(c->reason(), "ContentDeletionFailed");
  BOOST_CHECK_EQUAL(
    c->message(),
    "Failed to delete all resource types, 2 remaining: leases: timeout, pods: forbidden");
  BOOST_CHECK(!plan.finalized);
}

BOOST_AUTO_TEST_CASE(an_empty_namespace_is_finalized_with_ok_conditions) {
  auto ns = deleted_ns();
  ns.mutable_spec()->add_finalizers("example.com/other");
  auto plan = plan_deletion(ns, {{"pods", 0}}, 200);
  BOOST_CHECK(plan.delete_contents_of.empty());
  BOOST_REQUIRE(plan.finalized);
  BOOST_REQUIRE_EQUAL(plan.finalized->spec().finalizers_size(), 1);
  BOOST_CHECK_EQUAL(plan.finalized->spec().finalizers(0), "example.com/other");
  const auto* c = find(plan, "NamespaceContentRemaining");
  BOOST_REQUIRE(c);
  BOOST_CHECK_EQUAL(c->status(), "False");
  BOOST_CHECK_EQUAL(c->reason(), "ContentRemoved");
  BOOST_CHECK_EQUAL(c->message(), "All content successfully removed");
}

BOOST_AUTO_TEST_CASE(the_phase_becomes_terminating) {
  auto ns = deleted_ns();
  ns.mutable_status()->set_phase("Active");
  auto plan = plan_deletion(ns, {{"pods", 1}}, 200);
  BOOST_REQUIRE(plan.status_update);
  BOOST_CHECK_EQUAL(plan.status_update->status().phase(), "Terminating");
}

BOOST_AUTO_TEST_CASE(unchanged_conditions_are_not_rewritten_and_keep_their_time) {
  auto ns = deleted_ns();
  auto first = plan_deletion(ns, {{"pods", 3}}, 200);
  BOOST_REQUIRE(first.status_update);
  auto again = plan_deletion(*first.status_update, {{"pods", 3}}, 300);
  BOOST_CHECK(!again.status_update); // nothing to write
  auto fewer = plan_deletion(*first.status_update, {{"pods", 1}}, 300);
  BOOST_REQUIRE(fewer.status_update); // message changed
  BOOST_CHECK_EQUAL(find(fewer, "NamespaceContentRemaining")->last_transition_time().seconds(),
                    200);
  auto done = plan_deletion(*first.status_update, {}, 400);
  BOOST_REQUIRE(done.status_update); // status flipped
  BOOST_CHECK_EQUAL(find(done, "NamespaceContentRemaining")->last_transition_time().seconds(), 400);
  BOOST_CHECK_EQUAL(
    find(done, "NamespaceDeletionDiscoveryFailure")->last_transition_time().seconds(), 200);
  BOOST_CHECK(done.finalized);
}

BOOST_AUTO_TEST_CASE(the_served_resources_are_listed_once_with_groups) {
  const auto& all = namespaced_resources();
  BOOST_CHECK_EQUAL(all.size(), 13u);
  BOOST_CHECK_EQUAL(group_of("deployments"), "apps");
  BOOST_CHECK_EQUAL(group_of("rolebindings"), "rbac.authorization.k8s.io");
  BOOST_CHECK_EQUAL(group_of("leases"), "coordination.k8s.io");
  BOOST_CHECK_EQUAL(group_of("pods"), "");
  BOOST_CHECK_EQUAL(qualified_name({"apps", "replicasets"}), "replicasets.apps");
}

BOOST_AUTO_TEST_SUITE_END()
