// The garbage collector with the ReplicationController controller, the real
// apiserver, store and scheduler under simulation and fake kubelets as the
// nodes: deleting an owner cascades in background or foreground, or orphans
// its pods; dangling references are collected, unknown kinds left alone.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "caf/all.hpp"

#include "actors/controllers/garbagecollector/garbagecollector_controller.hpp"
#include "actors/controllers/replication/replication_controller.hpp"
#include "controllers_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

/// A cluster with a scheduler, `nodes` kubelets, the RC controller and the
/// garbage collector (synced). Returns the collector.
controller_actor boot(test::controllers_cluster& c, int nodes) {
  for (int i = 1; i <= nodes; ++i)
    c.start_kubelet("n" + std::to_string(i));
  c.start_scheduler();
  c.run_controller([](caf::actor_system& sys, controllers::controller_config cfg) {
    return controllers::spawn_replication_controller(sys, cfg);
  });
  auto gc = c.run_controller([](caf::actor_system& sys, controllers::controller_config cfg) {
    return controllers::spawn_garbage_collector(sys, cfg);
  });
  c.wait_for([&] { return c.controller_status(gc).synced(); }, "the garbage collector to sync");
  return gc;
}

void delete_rc(test::controllers_cluster& c, const std::string& name, const std::string& policy) {
  apiserver::DeleteRequest del;
  del.set_resource("replicationcontrollers");
  del.set_namespace_("default");
  del.set_name(name);
  del.mutable_options()->set_propagation_policy(policy);
  auto resp = c.call(del);
  BOOST_REQUIRE_MESSAGE(!api_failed(resp), resp.status().message());
}

std::optional<api::ReplicationController> get_rc(test::controllers_cluster& c,
                                                 const std::string& name) {
  return c.get<api::ReplicationController>("replicationcontrollers", "default", name);
}

std::set<std::string> names_of(const std::map<std::string, api::Pod>& pods) {
  std::set<std::string> out;
  for (const auto& [name, p] : pods)
    out.insert(name);
  return out;
}

bool has_finalizer(const api::ObjectMeta& meta, const std::string& name) {
  for (const auto& f : meta.finalizers())
    if (f == name)
      return true;
  return false;
}

/// An RC `name` of 3 running pods; returns their names.
std::set<std::string> running_rc(test::controllers_cluster& c, const std::string& name) {
  c.create("replicationcontrollers", c.rc(name, 3));
  c.wait_for([&] { return c.running_of(name) == 3; }, "3 running pods of " + name);
  return names_of(c.pods_of(name));
}

api::Pod owned_pod(test::controllers_cluster& c, const std::string& name,
                   const std::string& api_version, const std::string& kind,
                   const std::string& owner, const std::string& uid) {
  auto p = c.pod(name, "100m");
  auto* ref = p.mutable_metadata()->add_owner_references();
  ref->set_api_version(api_version);
  ref->set_kind(kind);
  ref->set_name(owner);
  ref->set_uid(uid);
  ref->set_controller(true);
  return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(garbagecollector_sim)

BOOST_AUTO_TEST_CASE(background_delete_removes_the_pods_of_a_deleted_rc) {
  test::controllers_cluster c{test::test_seed(91)};
  auto gc = boot(c, 2);
  auto pods = running_rc(c, "web");
  // Owners just created are never mistaken for gone: nothing is collected.
  c.net.run_until([] { return false; }, 3s);
  BOOST_TEST(names_of(c.pods_of("web")) == pods);
  delete_rc(c, "web", "");
  BOOST_TEST(!get_rc(c, "web")); // no finalizer: gone at once
  c.wait_for([&] { return c.pods_of("web").empty(); }, "the pods of the deleted rc to go");
  c.net.run_until([] { return false; }, 5s);
  BOOST_TEST(c.pods_of("web").empty()); // and nothing recreated them
  auto status = c.controller_status(gc);
  BOOST_TEST(status.name() == "garbagecollector");
  BOOST_TEST(status.writes() >= 3);
}

BOOST_AUTO_TEST_CASE(foreground_delete_keeps_the_rc_until_its_pods_are_gone) {
  test::controllers_cluster c{test::test_seed(92)};
  boot(c, 2);
  auto pods = running_rc(c, "web");
  // With the kubelets down, no graceful pod deletion can complete: the
  // window in which the rc must wait for its pods stays open.
  c.kill_kubelet("n1");
  c.kill_kubelet("n2");
  delete_rc(c, "web", "Foreground");
  c.wait_for(
    [&] {
      auto now = c.pods_of("web");
      return std::all_of(now.begin(), now.end(),
                         [](const auto& p) { return p.second.metadata().has_deletion_timestamp(); });
    },
    "the collector to delete the pods of the rc");
  c.net.run_until([] { return false; }, 5s);
  auto rc = get_rc(c, "web");
  BOOST_REQUIRE(rc);
  BOOST_TEST(rc->metadata().has_deletion_timestamp());
  BOOST_TEST(has_finalizer(rc->metadata(), "foregroundDeletion"));
  BOOST_TEST(names_of(c.pods_of("web")) == pods); // waiting, and no replacements
  c.start_kubelet("n1");
  c.start_kubelet("n2");
  bool rc_left_first = false;
  std::set<std::string> seen;
  c.wait_for(
    [&] {
      bool rc_there = get_rc(c, "web").has_value(); // read first: pods only go
      auto now = names_of(c.pods_of("web"));
      seen.insert(now.begin(), now.end());
      rc_left_first = rc_left_first || (!rc_there && !now.empty());
      return now.empty();
    },
    "the kubelets to finish deleting the pods");
  BOOST_TEST(!rc_left_first);
  BOOST_TEST(std::includes(pods.begin(), pods.end(), seen.begin(), seen.end()));
  c.wait_for([&] { return !get_rc(c, "web"); }, "the rc to go after its pods");
}

BOOST_AUTO_TEST_CASE(orphan_delete_keeps_the_pods_without_owner) {
  test::controllers_cluster c{test::test_seed(93)};
  boot(c, 2);
  auto pods = running_rc(c, "web");
  delete_rc(c, "web", "Orphan");
  c.wait_for([&] { return !get_rc(c, "web"); }, "the rc deleted with Orphan to go");
  c.net.run_until([] { return false; }, 5s);
  auto now = c.pods_of("web");
  BOOST_TEST(names_of(now) == pods);
  for (const auto& [name, p] : now) {
    BOOST_TEST(p.metadata().owner_references_size() == 0, name << " still has an owner");
    BOOST_TEST(!p.metadata().has_deletion_timestamp(), name << " is being deleted");
  }
}

BOOST_AUTO_TEST_CASE(dangling_references_are_collected_unknown_kinds_left_alone) {
  test::controllers_cluster c{test::test_seed(94)};
  boot(c, 1);
  c.create_pod(owned_pod(c, "dangling", "v1", "ReplicationController", "ghost",
                         "00000000-0000-0000-0000-00000000dead"));
  c.create_pod(owned_pod(c, "widget-child", "example.com/v1", "Widget", "w",
                         "00000000-0000-0000-0000-0000000000aa"));
  c.wait_for([&] { return c.pods().count("dangling") == 0; }, "the dangling pod to go");
  c.net.run_until([] { return false; }, 5s);
  auto child = c.get<api::Pod>("pods", "default", "widget-child");
  BOOST_REQUIRE(child);
  BOOST_TEST(!child->metadata().has_deletion_timestamp());
  BOOST_TEST(child->metadata().owner_references_size() == 1);
}

BOOST_AUTO_TEST_CASE(a_recreated_namesake_owner_keeps_only_its_own_pods) {
  test::controllers_cluster c{test::test_seed(95)};
  boot(c, 2);
  auto old_pods = running_rc(c, "web");
  delete_rc(c, "web", "");
  c.create("replicationcontrollers", c.rc("web", 3)); // same name, new uid
  auto rc = get_rc(c, "web");
  BOOST_REQUIRE(rc);
  c.wait_for(
    [&] {
      auto now = c.pods_of("web");
      for (const auto& name : old_pods)
        if (now.count(name) > 0)
          return false;
      return c.running_of("web") == 3;
    },
    "the old pods collected and 3 new ones running");
  c.net.run_until([] { return false; }, 5s);
  auto now = c.pods_of("web");
  BOOST_TEST(now.size() == 3u);
  for (const auto& [name, p] : now) {
    BOOST_REQUIRE_EQUAL(p.metadata().owner_references_size(), 1);
    BOOST_TEST(p.metadata().owner_references(0).uid() == rc->metadata().uid());
    BOOST_TEST(!p.metadata().has_deletion_timestamp());
  }
}

BOOST_AUTO_TEST_SUITE_END()
