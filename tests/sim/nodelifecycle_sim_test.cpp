// The node lifecycle controller alone against the real apiserver and store
// under simulation, fake kubelets as the nodes: a node whose kubelet dies is
// marked Unknown after the grace period, tainted unreachable:NoExecute, and
// its pods are deleted as their tolerations run out; a restarted kubelet
// clears the taints; with every kubelet gone (the control plane cut off)
// nothing is tainted or evicted.

#include <boost/test/unit_test.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "caf/all.hpp"

#include "actors/common/wall_clock.hpp"
#include "actors/controllers/nodelifecycle/nodelifecycle_controller.hpp"
#include "controllers_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

constexpr int64_t sim_epoch_s = wall_clock::sim_epoch_ms / 1000;

controller_actor start(test::controllers_cluster& c) {
  auto ctl = c.run_controller([](caf::actor_system& sys, controllers::controller_config cfg) {
    return controllers::spawn_node_lifecycle_controller(sys, cfg, {});
  });
  c.wait_for([&] { return c.controller_status(ctl).synced(); }, "the controller to sync");
  return ctl;
}

/// A wall-clock timestamp (seconds) as virtual time since the start.
caf::timespan virtual_time(int64_t wall_seconds) {
  return std::chrono::seconds{wall_seconds - sim_epoch_s};
}

/// Virtual time in seconds, for messages.
double secs(caf::timespan t) {
  return std::chrono::duration<double>(t).count();
}

/// The status of `node`'s Ready condition ("" if none or no node).
std::string ready_of(test::controllers_cluster& c, const std::string& node) {
  auto n = c.get<api::Node>("nodes", "", node);
  if (!n)
    return "";
  for (const auto& cond : n->status().conditions())
    if (cond.type() == "Ready")
      return cond.status();
  return "";
}

/// The NoExecute taints of `node`.
std::vector<api::Taint> no_execute_taints(test::controllers_cluster& c, const std::string& node) {
  std::vector<api::Taint> out;
  if (auto n = c.get<api::Node>("nodes", "", node))
    for (const auto& t : n->spec().taints())
      if (t.effect() == "NoExecute")
        out.push_back(t);
  return out;
}

/// Taints of `node` the controller owns (not-ready / unreachable, any effect).
size_t health_taints(test::controllers_cluster& c, const std::string& node) {
  size_t n = 0;
  if (auto got = c.get<api::Node>("nodes", "", node))
    for (const auto& t : got->spec().taints())
      n += t.key() == "node.kubernetes.io/unreachable" || t.key() == "node.kubernetes.io/not-ready";
  return n;
}

api::Toleration tolerate_unreachable(std::optional<int64_t> seconds) {
  api::Toleration t;
  t.set_key("node.kubernetes.io/unreachable");
  t.set_operator_("Exists");
  t.set_effect("NoExecute");
  if (seconds)
    t.set_toleration_seconds(*seconds);
  return t;
}

/// A pod bound to `node` directly (no scheduler), with `tolerations`.
void bound_pod(test::controllers_cluster& c, const std::string& name, const std::string& node,
               const std::vector<api::Toleration>& tolerations = {}) {
  auto p = c.pod(name, "100m");
  p.mutable_spec()->set_node_name(node);
  for (const auto& t : tolerations)
    *p.mutable_spec()->add_tolerations() = t;
  c.create_pod(p);
}

/// Exists and is not being deleted.
bool alive(test::controllers_cluster& c, const std::string& pod) {
  auto p = c.get<api::Pod>("pods", "default", pod);
  return p && !p->metadata().has_deletion_timestamp();
}

void wait_running(test::controllers_cluster& c, size_t n) {
  c.wait_for(
    [&] {
      size_t running = 0;
      for (const auto& [name, p] : c.pods())
        running += p.status().phase() == "Running" ? 1 : 0;
      return running == n;
    },
    std::to_string(n) + " running pods");
}

} // namespace

BOOST_AUTO_TEST_SUITE(nodelifecycle_sim)

BOOST_AUTO_TEST_CASE(silent_node_is_tainted_and_its_pods_evicted_by_toleration) {
  test::controllers_cluster c{test::test_seed(71)};
  c.start_kubelet("n1");
  c.start_kubelet("n2");
  auto ctl = start(c);
  bound_pod(c, "short", "n1", {tolerate_unreachable(30)});
  bound_pod(c, "default", "n1");
  bound_pod(c, "forever", "n1", {tolerate_unreachable(std::nullopt)});
  bound_pod(c, "elsewhere", "n2");
  wait_running(c, 4);
  c.net.run_until([] { return false; }, 25s); // a few lease renewals

  auto killed_at = c.net.now();
  c.kill_kubelet("n1");
  c.wait_for([&] { return ready_of(c, "n1") == "Unknown"; }, "n1 to be Unknown");
  auto unknown_at = c.net.now();
  auto lease = c.get<api::Lease>("leases", "kube-node-lease", "n1");
  BOOST_REQUIRE(lease);
  auto renewed = virtual_time(lease->spec().renew_time().seconds());
  BOOST_TEST_MESSAGE("killed " << secs(killed_at) << ", last renewal "
                               << secs(renewed) << ", Unknown "
                               << secs(unknown_at));
  // Not before the 40 s grace period after the last heartbeat; within one
  // monitor period (5 s) after it (+1 s for renewTime's truncation).
  BOOST_TEST(secs(unknown_at - renewed) >= 40.0);
  BOOST_TEST(secs(unknown_at - renewed) <= 1 + 40 + 5 + 0.5);
  BOOST_TEST(secs(unknown_at - killed_at) >= 30.0); // renewals come every 10 s
  BOOST_TEST(ready_of(c, "n2") == "True");
  c.wait_for(
    [&] {
      for (const auto& ev : c.events())
        if (ev.reason() == "NodeNotReady" && ev.involved_object().name() == "n1")
          return true;
      return false;
    },
    "the NodeNotReady event about n1");

  c.wait_for([&] { return !no_execute_taints(c, "n1").empty(); }, "the NoExecute taint");
  auto taints = no_execute_taints(c, "n1");
  BOOST_REQUIRE_EQUAL(taints.size(), 1u);
  BOOST_TEST(taints[0].key() == "node.kubernetes.io/unreachable");
  auto tainted = virtual_time(taints[0].time_added().seconds());
  BOOST_TEST(secs(tainted - unknown_at) <= 1.0); // the same pass: the zone's bucket starts full
  BOOST_TEST(no_execute_taints(c, "n2").empty());

  c.wait_for([&] { return !alive(c, "short"); }, "the 30 s pod to be evicted");
  auto evicted_at = c.net.now();
  BOOST_TEST(secs(evicted_at - tainted) >= 30.0);
  BOOST_TEST(secs(evicted_at - tainted) <= 1 + 30 + 0.5);

  // The apiserver gave "default" 300 s; "forever" tolerates unreachable.
  c.net.run_until([] { return false; }, tainted + 60s - c.net.now());
  BOOST_TEST(alive(c, "default"));
  BOOST_TEST(alive(c, "forever"));
  BOOST_TEST(alive(c, "elsewhere"));
  auto dflt = c.get<api::Pod>("pods", "default", "default");
  BOOST_REQUIRE(dflt);
  bool defaulted = false;
  for (const auto& t : dflt->spec().tolerations())
    defaulted = defaulted
                || (t.key() == "node.kubernetes.io/unreachable" && t.toleration_seconds() == 300);
  BOOST_TEST(defaulted);

  c.start_kubelet("n1");
  c.wait_for([&] { return ready_of(c, "n1") == "True" && health_taints(c, "n1") == 0; },
             "n1 Ready again and untainted");
  c.net.run_until([] { return false; }, 30s);
  BOOST_TEST(ready_of(c, "n1") == "True");
  BOOST_TEST(health_taints(c, "n1") == 0u);
  BOOST_TEST(alive(c, "default"));
  BOOST_TEST(alive(c, "forever"));
  auto status = c.controller_status(ctl);
  BOOST_TEST(status.name() == "nodelifecycle");
  BOOST_TEST(status.writes() >= 4); // Unknown, taint, eviction, untaint
}

BOOST_AUTO_TEST_CASE(all_nodes_silent_means_no_taints_and_no_evictions) {
  test::controllers_cluster c{test::test_seed(72)};
  std::vector<std::pair<std::string, std::string>> nodes = {
    {"n1", "z1"}, {"n2", "z1"}, {"n3", "z2"}};
  for (const auto& [node, zone] : nodes)
    c.start_kubelet(node, {{"topology.kubernetes.io/zone", zone}});
  start(c);
  for (const auto& [node, zone] : nodes) {
    bound_pod(c, "quick-" + node, node, {tolerate_unreachable(10)});
    bound_pod(c, "default-" + node, node);
  }
  wait_running(c, 6);
  c.net.run_until([] { return false; }, 25s);
  for (const auto& [node, zone] : nodes)
    c.kill_kubelet(node);

  auto until = c.net.now() + 400s;
  while (c.net.now() < until) {
    c.net.run_until([] { return false; }, 5s);
    for (const auto& [node, zone] : nodes)
      BOOST_REQUIRE_MESSAGE(no_execute_taints(c, node).empty(),
                            node << " tainted at " << secs(c.net.now()));
    for (const auto& [name, p] : c.pods())
      BOOST_REQUIRE_MESSAGE(!p.metadata().has_deletion_timestamp(),
                            name << " deleted at " << secs(c.net.now()));
    BOOST_REQUIRE_EQUAL(c.pods().size(), 6u);
  }
  // The controller did notice: every node is Unknown (NoSchedule is fine).
  for (const auto& [node, zone] : nodes)
    BOOST_TEST(ready_of(c, node) == "Unknown");

  // Back from the partition: Ready again, untainted, nothing evicted.
  for (const auto& [node, zone] : nodes)
    c.start_kubelet(node, {{"topology.kubernetes.io/zone", zone}});
  c.wait_for(
    [&] {
      for (const auto& [node, zone] : nodes)
        if (ready_of(c, node) != "True" || health_taints(c, node) != 0)
          return false;
      return true;
    },
    "every node Ready and untainted");
  c.net.run_until([] { return false; }, 30s);
  for (const auto& [name, p] : c.pods())
    BOOST_CHECK_MESSAGE(!p.metadata().has_deletion_timestamp(), name << " deleted");
  BOOST_TEST(c.pods().size() == 6u);
}

BOOST_AUTO_TEST_SUITE_END()
