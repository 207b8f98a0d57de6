// Tests for plugins/node_resources/node_resources_fit: Kubernetes'
// NodeResourcesFit filter and its LeastAllocated score (fit_test.go,
// least_allocated_test.go), and the pod requests they read
// (framework/resources.cpp, Kubernetes' resource helper PodRequests).

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "actors/scheduler/plugins/node_resources/node_resources_fit.hpp"
#include "builders.hpp"
#include "plugin_checks.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;

namespace {

constexpr int64_t mi = 1024 * 1024;
constexpr int64_t gi = 1024 * mi;

/// A node of 4 cpu, 8Gi memory, 10Gi ephemeral storage and 2 example.com/gpu.
node_builder big_node(const std::string& pods = "110") {
  return node_builder("n1")
    .allocatable("4", "8Gi", pods)
    .resource("ephemeral-storage", "10Gi")
    .resource("example.com/gpu", "2");
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_resources_fit_test)

BOOST_AUTO_TEST_CASE(filter_reports_every_shortfall) {
  struct row {
    const char* name;
    node_builder node;
    std::vector<pod_info_ptr> existing;
    pod_info_ptr pod;
    code want;
    std::vector<std::string> reasons;
  };
  const std::vector<row> rows = {
    {"exactly the free amount fits", big_node(), {requesting("1", "2Gi")},
     pod_builder("p").container("3", "6Gi").info(), code::success, {}},
    {"one millicore too many", big_node(), {requesting("1", "2Gi")},
     pod_builder("p").container("3001m", "1Gi").info(), code::unschedulable,
     {"Insufficient cpu"}},
    {"one byte too many", big_node(), {requesting("1", "2Gi")},
     pod_builder("p").container("1", "6442450945").info(), code::unschedulable,
     {"Insufficient memory"}},
    {"cpu and memory both reported", big_node(), {requesting("3", "7Gi")},
     pod_builder("p").container("2", "2Gi").info(), code::unschedulable,
     {"Insufficient cpu", "Insufficient memory"}},
    {"ephemeral storage", big_node(), {},
     pod_builder("p").container("1").request("ephemeral-storage", "11Gi").info(),
     code::unschedulable, {"Insufficient ephemeral-storage"}},
    {"extended resource that fits", big_node(),
     {pod_builder("gpu").request("example.com/gpu", "1").info()},
     pod_builder("p").request("example.com/gpu", "1").info(), code::success, {}},
    {"extended resource short", big_node(),
     {pod_builder("gpu").request("example.com/gpu", "1").info()},
     pod_builder("p").request("example.com/gpu", "2").info(), code::unschedulable,
     {"Insufficient example.com/gpu"}},
    {"extended resource the node lacks", big_node(), {},
     pod_builder("p").request("example.com/fpga", "1").info(), code::unschedulable,
     {"Insufficient example.com/fpga"}},
    {"zero extended request always fits", big_node(), {},
     pod_builder("p").request("example.com/fpga", "0").info(), code::success, {}},
    {"too many pods for a request-less pod", big_node("1"), {requesting("", "")},
     pod_builder("p").container("").info(), code::unschedulable, {"Too many pods"}},
    {"a node allowing no pods", node_builder("n1").resource("cpu", "4"), {},
     pod_builder("p").container("").info(), code::unschedulable, {"Too many pods"}},
    {"last free pod slot fits", big_node("2"), {requesting("", "")},
     pod_builder("p").container("").info(), code::success, {}},
    {"a request-less pod fits an overcommitted node", big_node(), {requesting("5", "9Gi")},
     pod_builder("p").container("").info(), code::success, {}},
    {"everything at once, in order", big_node("1"),
     {pod_builder("gpu").container("4", "8Gi").request("example.com/gpu", "2").info()},
     pod_builder("p")
       .container("1", "1Gi")
       .request("ephemeral-storage", "11Gi")
       .request("example.com/gpu", "1")
       .request("example.com/fpga", "1")
       .info(),
     code::unschedulable,
     {"Too many pods", "Insufficient cpu", "Insufficient memory",
      "Insufficient ephemeral-storage", "Insufficient example.com/fpga",
      "Insufficient example.com/gpu"}},
    // Init containers run one at a time before the others: the pod needs
    // the larger of the biggest init container and the containers' sum.
    {"init container max, not sum, fits", node_builder("n1").allocatable("2", "1Gi"), {},
     pod_builder("p").container("500m").container("500m").init_container("1500m").info(),
     code::success, {}},
    {"init container max counts", node_builder("n1").allocatable("2", "1Gi"),
     {requesting("600m", "")},
     pod_builder("p").container("500m").container("500m").init_container("1500m").info(),
     code::unschedulable, {"Insufficient cpu"}},
  };
  plugins::node_resources_fit pl;
  cycle_state state(1);
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto node = r.node.info();
      for (const auto& p : r.existing)
        node->add_pod(p);
      check_status(pl.filter(state, *r.pod, *node), r.want, r.reasons);
    }
  }
}

BOOST_AUTO_TEST_CASE(score_prefers_the_least_allocated_node) {
  struct row {
    const char* name;
    node_builder node;
    std::vector<pod_info_ptr> existing;
    pod_info_ptr pod;
    int64_t want;
  };
  const std::vector<row> rows = {
    // cpu (4000-1000)*100/4000 = 75, memory (8-2)*100/8 = 75.
    {"empty node", big_node(), {}, pod_builder("p").container("1", "2Gi").info(), 75},
    // cpu (4000-3000)*100/4000 = 25, memory 3Gi*100/8Gi = 37; (25+37)/2.
    {"half full node", big_node(), {requesting("2", "4Gi")},
     pod_builder("p").container("1", "1Gi").info(), 31},
    // The pod counts as 100m and 200Mi: cpu 3900*100/4000 = 97, memory
    // 7992Mi*100/8192Mi = 97 (100 if its real zero requests were used).
    {"request-less pod counts the defaults", big_node(), {},
     pod_builder("p").container("").info(), 97},
    // cpu 2900*100/4000 = 72, memory (8192-2048-200)Mi*100/8192Mi = 72.
    {"request-less pod on the node counts the defaults", big_node(), {requesting("", "")},
     pod_builder("p").container("1", "2Gi").info(), 72},
    // cpu 5000m > 4000m scores 0; memory (8192-400)*100/8192 = 95.
    {"overcommitted cpu scores 0", big_node(), {requesting("4", "")},
     pod_builder("p").container("1").info(), 47},
    // Memory is left out of the average, not scored 0.
    {"a node without memory is ranked on cpu", node_builder("n1").resource("cpu", "4"), {},
     pod_builder("p").container("1", "2Gi").info(), 75},
    {"a node without allocatable", node_builder("n1"), {},
     pod_builder("p").container("1", "2Gi").info(), 0},
  };
  plugins::node_resources_fit pl;
  cycle_state state(1);
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto node = r.node.info();
      for (const auto& p : r.existing)
        node->add_pod(p);
      BOOST_TEST(pl.score(state, *r.pod, *node) == r.want);
    }
  }
}

BOOST_AUTO_TEST_CASE(pod_requests_take_the_init_container_max) {
  struct row {
    const char* name;
    pod_builder pod;
    int64_t milli_cpu;
    int64_t memory;
    int64_t non_zero_milli_cpu;
    int64_t non_zero_memory;
  };
  auto with_overhead = pod_builder("p").container("100m", "1Gi");
  (*with_overhead.spec().mutable_overhead())["cpu"] = "250m";
  const std::vector<row> rows = {
    {"containers add up", pod_builder("p").container("100m", "1Gi").container("200m", "1Gi"),
     300, 2 * gi, 300, 2 * gi},
    {"a bigger init container wins",
     pod_builder("p").container("100m").container("200m").init_container("500m"), 500, 0, 500,
     400 * mi},
    {"a smaller init container does not add",
     pod_builder("p").container("100m").container("200m").init_container("250m"), 300, 0, 300,
     400 * mi},
    {"the max is per resource",
     pod_builder("p").container("100m", "1Gi").init_container("1", "256Mi"), 1000, gi, 1000, gi},
    {"the largest of several init containers",
     pod_builder("p").container("100m").init_container("300m").init_container("700m"), 700, 0,
     700, 200 * mi},
    {"overhead is added", with_overhead, 350, gi, 350, gi},
    {"no requests: zero, or the scoring defaults", pod_builder("p").container("").container(""),
     0, 0, 200, 400 * mi},
    // The default fills only the missing resource.
    {"memory default only", pod_builder("p").container("300m"), 300, 0, 300, 200 * mi},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto info = r.pod.info();
      BOOST_TEST(info->requests.milli_cpu == r.milli_cpu);
      BOOST_TEST(info->requests.memory == r.memory);
      BOOST_TEST(info->non_zero_requests.milli_cpu == r.non_zero_milli_cpu);
      BOOST_TEST(info->non_zero_requests.memory == r.non_zero_memory);
    }
  }
}

// Kubernetes (KEP-753, PodRequests since 1.28): an init container uses its
// own requests plus those of the sidecars started before it, and sidecars
// add to the containers' sum; the pod needs max(containers + sidecars,
// max over init containers). Order matters: the first two rows differ
// only in where the sidecar sits (700m vs 500m).
BOOST_AUTO_TEST_CASE(pod_requests_count_sidecars_like_kubernetes) {
  struct row {
    const char* name;
    pod_builder pod;
    int64_t milli_cpu;
  };
  const std::vector<row> rows = {
    // containers + sidecar = 300m; the init container runs beside the
    // sidecar: 500m + 200m = 700m.
    {"init container after a sidecar",
     pod_builder("p").container("100m").sidecar("200m").init_container("500m"), 700},
    // The init container runs before the sidecar starts: max(300m, 500m).
    {"init container before a sidecar",
     pod_builder("p").container("100m").init_container("500m").sidecar("200m"), 500},
    {"sidecar only", pod_builder("p").container("100m").sidecar("200m"), 300},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      BOOST_TEST(r.pod.info()->requests.milli_cpu == r.milli_cpu);
    }
  }
}

BOOST_AUTO_TEST_CASE(name_is_kubernetes_plugin_name) {
  plugins::node_resources_fit pl;
  BOOST_TEST(pl.name() == "NodeResourcesFit");
}

BOOST_AUTO_TEST_SUITE_END()
