// The controller manager with the real apiserver, store and scheduler under
// simulation, fake kubelets as the nodes: replication controllers converge
// and heal, scale through the scale subresource, only the leading manager
// acts, and a controller's status reports its sync rate.

#include <boost/test/unit_test.hpp>

#include "caf/all.hpp"

#include "actors/controllers/common/pod_state.hpp"
#include "controllers_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;
using convoy::controllers::pod_condition;

namespace {

/// A cluster with a scheduler, a controller manager and `nodes` kubelets.
void boot(test::controllers_cluster& c, int nodes) {
  for (int i = 1; i <= nodes; ++i)
    c.start_kubelet("n" + std::to_string(i));
  c.start_scheduler();
  c.start_controller_manager();
}

void scale(test::controllers_cluster& c, const std::string& rc, int32_t replicas) {
  apiserver::GetRequest get;
  get.set_resource("replicationcontrollers");
  get.set_namespace_("default");
  get.set_name(rc);
  get.set_subresource("scale");
  api::Scale current;
  auto got = c.call(get);
  BOOST_REQUIRE_MESSAGE(!api_failed(got) && got.object().UnpackTo(&current),
                        got.status().message());
  current.mutable_spec()->set_replicas(replicas);
  apiserver::UpdateRequest req;
  req.set_resource("replicationcontrollers");
  req.set_namespace_("default");
  req.set_name(rc);
  req.set_subresource("scale");
  req.mutable_object()->PackFrom(current);
  auto resp = c.call(req);
  BOOST_REQUIRE_MESSAGE(!api_failed(resp), resp.status().message());
}

} // namespace

BOOST_AUTO_TEST_SUITE(controllers_sim)

BOOST_AUTO_TEST_CASE(rc_creates_its_pods_and_reports_status) {
  test::controllers_cluster c{test::test_seed(61)};
  boot(c, 3);
  c.create("replicationcontrollers", c.rc("web", 10));
  c.wait_for([&] { return c.running_of("web") == 10; }, "10 running web pods");
  c.wait_for(
    [&] {
      auto rc = c.get<api::ReplicationController>("replicationcontrollers", "default", "web");
      return rc && rc->status().ready_replicas() == 10 && rc->status().replicas() == 10;
    },
    "the rc status to say 10 ready");
  for (const auto& [name, p] : c.pods_of("web")) {
    BOOST_REQUIRE_EQUAL(p.metadata().owner_references_size(), 1);
    BOOST_TEST(p.metadata().owner_references(0).kind() == "ReplicationController");
    BOOST_TEST(p.metadata().owner_references(0).controller());
  }
  // Nothing more is created once the count is right.
  c.net.run_until([] { return false; }, 5s);
  BOOST_TEST(c.pods_of("web").size() == 10u);
  // One SuccessfulCreate event per pod, about the RC (describe rc shows them).
  size_t created = 0;
  for (const auto& ev : c.events())
    if (ev.reason() == "SuccessfulCreate" && ev.involved_object().kind() == "ReplicationController"
        && ev.involved_object().name() == "web") {
      ++created;
      BOOST_TEST(ev.message().rfind("Created pod: web-", 0) == 0u, ev.message());
      BOOST_TEST(ev.source().component() == "replication-controller");
    }
  BOOST_TEST(created == 10u);
}

BOOST_AUTO_TEST_CASE(controller_status_reports_the_sync_rate) {
  test::controllers_cluster c{test::test_seed(67)};
  boot(c, 2);
  c.create("replicationcontrollers", c.rc("web", 4));
  c.wait_for([&] { return c.pods_of("web").size() == 4u; }, "4 web pods created");
  auto manager = c.manager_status();
  const controllers::ControllerStatus* rc = nullptr;
  for (const auto& st : manager.controllers())
    if (st.name() == "replicationcontroller")
      rc = &st;
  BOOST_REQUIRE(rc != nullptr);
  BOOST_TEST(rc->syncs() > 0);
  // Syncs of the last 10 s of virtual time, over a span of >= 1 s.
  BOOST_TEST(rc->syncs_per_second() > 0.0);
  BOOST_TEST(rc->syncs_per_second() <= static_cast<double>(rc->syncs()));
}

BOOST_AUTO_TEST_CASE(deleted_pods_are_replaced_and_scale_works_both_ways) {
  test::controllers_cluster c{test::test_seed(62)};
  boot(c, 2);
  c.create("replicationcontrollers", c.rc("web", 4));
  c.wait_for([&] { return c.running_of("web") == 4; }, "4 running web pods");
  auto victim = c.pods_of("web").begin()->first;
  apiserver::DeleteRequest del;
  del.set_resource("pods");
  del.set_namespace_("default");
  del.set_name(victim);
  BOOST_REQUIRE(!api_failed(c.call(del)));
  c.wait_for(
    [&] {
      auto pods = c.pods_of("web");
      return pods.count(victim) == 0 && c.running_of("web") == 4;
    },
    "a replacement for the deleted pod");
  scale(c, "web", 7);
  c.wait_for([&] { return c.running_of("web") == 7; }, "7 running after scaling up");
  scale(c, "web", 2);
  c.wait_for([&] { return c.pods_of("web").size() == 2; }, "2 pods after scaling down");
  size_t deleted = 0;
  for (const auto& ev : c.events())
    deleted += ev.reason() == "SuccessfulDelete" ? 1 : 0;
  BOOST_TEST(deleted == 5u); // 7 -> 2
}

BOOST_AUTO_TEST_CASE(orphans_are_adopted_and_relabelled_pods_released) {
  test::controllers_cluster c{test::test_seed(63)};
  boot(c, 2);
  auto orphan = c.pod("orphan", "100m");
  (*orphan.mutable_metadata()->mutable_labels())["app"] = "web";
  c.create_pod(orphan);
  c.create("replicationcontrollers", c.rc("web", 3));
  c.wait_for([&] { return c.running_of("web") == 3; }, "3 running web pods");
  auto pods = c.pods_of("web");
  BOOST_REQUIRE(pods.count("orphan") == 1); // adopted, so only 2 were created
  BOOST_TEST(pods.at("orphan").metadata().owner_references_size() == 1);
  // Relabelled: released, and a new pod takes its place.
  auto released = pods.at("orphan");
  (*released.mutable_metadata()->mutable_labels())["app"] = "other";
  apiserver::UpdateRequest up;
  up.set_resource("pods");
  up.set_namespace_("default");
  up.set_name("orphan");
  up.mutable_object()->PackFrom(released);
  BOOST_REQUIRE(!api_failed(c.call(up)));
  c.wait_for(
    [&] {
      auto p = c.get<api::Pod>("pods", "default", "orphan");
      return p && p->metadata().owner_references_size() == 0 && c.running_of("web") == 3;
    },
    "the relabelled pod released and replaced");
}

BOOST_AUTO_TEST_CASE(only_the_leading_manager_acts_and_a_standby_takes_over) {
  test::controllers_cluster c{test::test_seed(64)};
  for (int i = 1; i <= 2; ++i)
    c.start_kubelet("n" + std::to_string(i));
  c.start_scheduler();
  auto first = c.start_controller_manager();
  c.wait_for([&] { return c.manager_status(first).leader(); }, "the first manager to lead");
  auto second = c.start_controller_manager();
  c.net.run_until([] { return false; }, 5s);
  BOOST_TEST(!c.manager_status(second).leader());
  BOOST_TEST(c.manager_status(second).controllers_size() == 0);
  BOOST_TEST(c.manager_status(first).controllers_size() > 0);
  c.create("replicationcontrollers", c.rc("web", 3));
  c.wait_for([&] { return c.running_of("web") == 3; }, "3 running web pods");
  auto killed_at = c.net.now();
  caf::anon_send_exit(first, caf::exit_reason::kill);
  c.wait_for([&] { return c.manager_status(second).leader(); }, "the standby to take over");
  // The standby saw the last renewal (made at most one 2 s retry period
  // before the kill) at most one jittered retry (< 4.4 s) after it was
  // made, waits the 15 s lease duration from then, and notices at its next
  // retry: between 13 s and 15 + 2 * 4.4 s (+ the 200 ms poll).
  auto took = c.net.now() - killed_at;
  BOOST_TEST_MESSAGE("takeover after " << std::chrono::duration<double>(took).count() << " s");
  BOOST_TEST((took <= 15s + 8800ms + 200ms));
  BOOST_TEST((took >= 13s)); // never before the old leader's lease could expire
  scale(c, "web", 5);
  c.wait_for([&] { return c.running_of("web") == 5; }, "the new leader to scale up");
  BOOST_TEST(c.pods_of("web").size() == 5u);
}

BOOST_AUTO_TEST_CASE(rc_survives_a_kubelet_crash_with_exactly_its_replicas_running) {
  test::controllers_cluster c{test::test_seed(65)};
  boot(c, 3);
  c.create("replicationcontrollers", c.rc("web", 10));
  c.wait_for([&] { return c.running_of("web") == 10; }, "10 running web pods");
  size_t on_n1 = 0;
  for (const auto& [name, p] : c.pods_of("web"))
    on_n1 += p.spec().node_name() == "n1" ? 1 : 0;
  BOOST_REQUIRE(on_n1 > 0);
  auto killed_at = c.net.now();
  c.kill_kubelet("n1");
  // Its pods stop being Ready once the node is Unknown (MarkPodsNotReady).
  c.wait_for(
    [&] {
      for (const auto& [name, p] : c.pods_of("web")) {
        const auto* ready = pod_condition(p, "Ready");
        if (p.spec().node_name() == "n1" && ready != nullptr && ready->status() == "True")
          return false;
      }
      return true;
    },
    "n1's pods marked not ready");
  BOOST_TEST((c.net.now() - killed_at >= 40s));
  // Unknown after the 40 s grace, tainted, evicted after the default 300 s
  // toleration, replaced on n2/n3: about 350 s of virtual time.
  for (int i = 0; i < 20; ++i) {
    c.net.run_until([] { return false; }, 30s);
    if (c.running_of("web") == 10) {
      bool all_elsewhere = true;
      for (const auto& [name, p] : c.pods_of("web"))
        if (!p.metadata().has_deletion_timestamp())
          all_elsewhere = all_elsewhere && p.spec().node_name() != "n1";
      if (all_elsewhere)
        break;
    }
  }
  auto recovered = c.net.now() - killed_at;
  BOOST_TEST((recovered >= 340s)); // not before grace + toleration
  BOOST_TEST((recovered <= 400s));
  size_t live = 0;
  for (const auto& [name, p] : c.pods_of("web")) {
    if (p.metadata().has_deletion_timestamp()) {
      BOOST_TEST(p.spec().node_name() == "n1"); // evicted, waiting for n1's kubelet
      continue;
    }
    ++live;
    BOOST_TEST(p.spec().node_name() != "n1");
    BOOST_TEST(p.status().phase() == "Running");
  }
  BOOST_TEST(live == 10u); // exactly the replicas, no more
  // n1's kubelet returns: it finishes the evicted pods; still exactly 10.
  c.start_kubelet("n1");
  c.wait_for([&] { return c.pods_of("web").size() == 10; }, "the evicted pods gone");
  BOOST_TEST(c.running_of("web") == 10u);
}

BOOST_AUTO_TEST_CASE(most_nodes_silent_at_once_evicts_nothing) {
  // The controller manager cut off from 3 of 4 nodes of a zone (a partition
  // on its side, not 3 dead nodes): the zone is partially disrupted and
  // small, so nothing is tainted or evicted.
  test::controllers_cluster c{test::test_seed(66)};
  boot(c, 4);
  c.create("replicationcontrollers", c.rc("web", 8));
  c.wait_for([&] { return c.running_of("web") == 8; }, "8 running web pods");
  auto before = c.pods_of("web");
  for (const char* n : {"n1", "n2", "n3"})
    c.kill_kubelet(n);
  for (int i = 0; i < 20; ++i) {
    c.net.run_until([] { return false; }, 30s);
    for (const char* n : {"n1", "n2", "n3"}) {
      auto node = c.get<api::Node>("nodes", "", n);
      BOOST_REQUIRE(node);
      for (const auto& t : node->spec().taints())
        BOOST_TEST(t.effect() != "NoExecute", n << " got a NoExecute taint");
    }
  }
  auto after = c.pods_of("web");
  BOOST_TEST(after.size() == before.size());
  for (const auto& [name, p] : after)
    BOOST_TEST(!p.metadata().has_deletion_timestamp(), name << " was evicted");
}

BOOST_AUTO_TEST_SUITE_END()
