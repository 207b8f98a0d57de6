// convoy_bench_node_failure: 100 nodes run 30 pods each (one
// ReplicationController of 3,000); 10 nodes lose their kubelets at once.
// Measured in VIRTUAL time under the deterministic simulation (the real
// store replicas, apiserver, scheduler and controller manager; fake
// kubelets): from the failure until 3,000 pods run again, none on a failed
// node. Prints figures; never passes or fails on them.
//
//   convoy_bench_node_failure [-- --nodes N --failed F --seed S]
//
// Two settings:
// - default (Kubernetes' defaults): Lease renewed every 10 s,
//   --node-monitor-grace-period 40s, --node-monitor-period 5s, eviction
//   0.1 node/s, tolerationSeconds 300 for unreachable;
// - aggressive: Lease every 500 ms, grace 2s, monitor every 250 ms, eviction
//   100 nodes/s, pods tolerate unreachable/not-ready for 0 s. Target:
//   detection + rescheduling <= 5 s.
// It reuses the simulation harness of tests/sim, which reports through
// Boost.Test, so this program is a Boost.Test module with one case (not
// registered with ctest).

#define BOOST_TEST_MODULE convoy_bench_node_failure
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <set>

#include "controllers_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

struct settings {
  const char* name;
  std::chrono::milliseconds renew;
  std::chrono::milliseconds grace;
  std::chrono::milliseconds monitor;
  double eviction_rate;
  /// tolerationSeconds for unreachable/not-ready in the pods (nothing:
  /// the apiserver's default, 300 s).
  std::optional<int64_t> toleration;
};

int arg(const char* name, int fallback) {
  auto& master = boost::unit_test::framework::master_test_suite();
  for (int i = 1; i + 1 < master.argc; ++i)
    if (std::string{master.argv[i]} == name)
      return std::atoi(master.argv[i + 1]);
  return fallback;
}

api::ReplicationController workload(int replicas, const settings& s) {
  auto rc = test::controllers_cluster::rc("web", replicas);
  auto* spec = rc.mutable_spec()->mutable_template_()->mutable_spec();
  if (s.toleration)
    for (const char* key : {"node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready"}) {
      auto* t = spec->add_tolerations();
      t->set_key(key);
      t->set_operator_("Exists");
      t->set_effect("NoExecute");
      t->set_toleration_seconds(*s.toleration);
    }
  return rc;
}

/// Running, not being deleted, not on a failed node.
size_t healthy(test::controllers_cluster& c, const std::set<std::string>& failed) {
  size_t n = 0;
  for (const auto& [name, p] : c.pods_of("web"))
    n += p.status().phase() == "Running" && !p.metadata().has_deletion_timestamp()
             && failed.count(p.spec().node_name()) == 0
           ? 1
           : 0;
  return n;
}

void run(const settings& s, int nodes, int failed_count, uint64_t seed) {
  test::controllers_cluster c{seed};
  c.kubelet_renew_interval = s.renew;
  for (int i = 1; i <= nodes; ++i)
    c.start_kubelet("n" + std::to_string(i));
  c.start_scheduler();
  c.start_controller_manager([&](controllers::controller_manager_config& cfg) {
    cfg.node_lifecycle.node_monitor_grace_period = s.grace;
    cfg.node_lifecycle.node_monitor_period = s.monitor;
    cfg.node_lifecycle.node_eviction_rate = s.eviction_rate;
  });
  int replicas = 30 * nodes;
  c.create("replicationcontrollers", workload(replicas, s));
  std::set<std::string> none;
  for (int i = 0; i < 600 && healthy(c, none) < static_cast<size_t>(replicas); ++i)
    c.net.run_until([] { return false; }, 1s);
  BOOST_REQUIRE_EQUAL(healthy(c, none), static_cast<size_t>(replicas));
  std::set<std::string> failed;
  for (int i = 1; i <= failed_count; ++i) {
    failed.insert("n" + std::to_string(i));
    c.kill_kubelet("n" + std::to_string(i));
  }
  auto t0 = c.net.now();
  auto step = s.toleration ? 100ms : 1s;
  for (int i = 0; i < 3000 && healthy(c, failed) < static_cast<size_t>(replicas); ++i)
    c.net.run_until([] { return false; }, step);
  auto took = std::chrono::duration<double>(c.net.now() - t0).count();
  BOOST_REQUIRE_EQUAL(healthy(c, failed), static_cast<size_t>(replicas));
  std::printf("%-10s %d nodes x 30 pods, %d kubelets lost: all %d pods running elsewhere "
              "%.1f s (virtual) after the failure\n",
              s.name, nodes, failed_count, replicas, took);
  std::fflush(stdout);
}

} // namespace

BOOST_AUTO_TEST_CASE(node_failure_recovery) {
  int nodes = arg("--nodes", 100);
  int failed = arg("--failed", 10);
  auto seed = static_cast<uint64_t>(arg("--seed", 7));
  run({"aggressive", 500ms, 2000ms, 250ms, 100.0, 0}, nodes, failed, seed);
  run({"default", 10000ms, 40000ms, 5000ms, 0.1, std::nullopt}, nodes, failed, seed);
}
