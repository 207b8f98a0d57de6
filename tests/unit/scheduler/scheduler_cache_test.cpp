// Tests for cache/scheduler_cache: kube-scheduler's cache (cache_test.go):
// assumed pods and their expiry, confirmation by the pod watch, node
// removal with pods still on it, and the incremental node snapshot.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "actors/scheduler/cache/scheduler_cache.hpp"
#include "builders.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<const convoy::api::Node> node(const std::string& name, const std::string& cpu = "4") {
  return std::make_shared<const convoy::api::Node>(node_builder(name).allocatable(cpu, "8Gi").node);
}

pod_info_ptr pod(const std::string& name, const std::string& cpu = "1",
                 const std::string& memory = "1Gi") {
  return pod_builder(name).container(cpu, memory).info();
}

std::string key(const std::string& name) {
  return "default/" + name;
}

/// Millicores requested on `name` (-1 if the cache has no such node).
int64_t cpu_on(const scheduler_cache& c, const std::string& name) {
  const auto* n = c.node(name);
  return n ? n->requested().milli_cpu : -1;
}

/// Names of the pods on `name`.
std::vector<std::string> pods_on(const scheduler_cache& c, const std::string& name) {
  std::vector<std::string> out;
  if (const auto* n = c.node(name))
    for (const auto& p : n->pods())
      out.push_back(p->meta().name());
  return out;
}

std::vector<std::string> snapshot_names(scheduler_cache& c) {
  std::vector<std::string> out;
  for (const auto* n : c.snapshot().nodes())
    out.push_back(n->name());
  return out;
}

using names = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(scheduler_cache_test)

// ------------------------------------------------------------------ assume

BOOST_AUTO_TEST_CASE(assume_places_the_pod) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.add_or_update_node(node("n2"));
  BOOST_TEST(c.assume(pod("a", "1500m", "1Gi"), "n1"));
  BOOST_TEST(cpu_on(c, "n1") == 1500);
  BOOST_TEST(c.node("n1")->requested().memory == 1024 * 1024 * 1024);
  BOOST_TEST(pods_on(c, "n1") == names{"a"}, boost::test_tools::per_element());
  BOOST_TEST(c.is_assumed(key("a")));
  BOOST_TEST(c.contains_pod(key("a")));
  BOOST_TEST(c.assumed_count() == 1u);
  BOOST_TEST(c.pod_count() == 1u);
  // The cycle's snapshot sees the node taken at once.
  BOOST_TEST(c.snapshot().find("n1")->requested().milli_cpu == 1500);
}

BOOST_AUTO_TEST_CASE(second_assume_of_a_pod_is_refused) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.add_or_update_node(node("n2"));
  BOOST_TEST(c.assume(pod("a"), "n1"));
  BOOST_TEST(!c.assume(pod("a"), "n1"));
  BOOST_TEST(!c.assume(pod("a"), "n2"));
  BOOST_TEST(cpu_on(c, "n1") == 1000);
  BOOST_TEST(cpu_on(c, "n2") == 0);
  BOOST_TEST(c.assumed_count() == 1u);
  BOOST_TEST(c.pod_count() == 1u);

  // A bound pod is not assumed either.
  c.add_or_update_pod(pod("b"), "n2");
  BOOST_TEST(!c.assume(pod("b"), "n1"));
  BOOST_TEST(cpu_on(c, "n1") == 1000);
  BOOST_TEST(!c.is_assumed(key("b")));
}

BOOST_AUTO_TEST_CASE(forget_undoes_assume) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.add_or_update_pod(pod("bound", "500m"), "n1");
  BOOST_TEST(c.assume(pod("a"), "n1"));
  BOOST_TEST(cpu_on(c, "n1") == 1500);
  c.forget(key("a"));
  BOOST_TEST(cpu_on(c, "n1") == 500);
  BOOST_TEST(pods_on(c, "n1") == names{"bound"}, boost::test_tools::per_element());
  BOOST_TEST(!c.contains_pod(key("a")));
  BOOST_TEST(!c.is_assumed(key("a")));
  BOOST_TEST(c.assumed_count() == 0u);
  BOOST_TEST(c.pod_count() == 1u);
  // It can be assumed again.
  BOOST_TEST(c.assume(pod("a"), "n1"));
  BOOST_TEST(cpu_on(c, "n1") == 1500);
}

BOOST_AUTO_TEST_CASE(forget_leaves_bound_and_unknown_pods_alone) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.add_or_update_pod(pod("bound"), "n1");
  c.forget(key("bound"));
  c.forget(key("nobody"));
  BOOST_TEST(c.contains_pod(key("bound")));
  BOOST_TEST(cpu_on(c, "n1") == 1000);
}

// ------------------------------------------------------------------ expiry

BOOST_AUTO_TEST_CASE(unconfirmed_pod_expires_after_the_ttl) {
  scheduler_cache c; // ttl 30s
  c.add_or_update_node(node("n1"));
  c.assume(pod("a"), "n1");
  c.assume(pod("b", "2"), "n1");
  c.finish_binding(key("a"), 10s);
  c.finish_binding(key("b"), 20s);
  BOOST_TEST(c.cleanup_expired(10s).empty());
  BOOST_TEST(c.cleanup_expired(39s).empty());
  BOOST_TEST(c.cleanup_expired(40s - 1ns).empty());
  BOOST_TEST(c.is_assumed(key("a")));
  BOOST_TEST(cpu_on(c, "n1") == 3000);

  BOOST_TEST(c.cleanup_expired(40s) == names{key("a")}, boost::test_tools::per_element());
  BOOST_TEST(!c.contains_pod(key("a")));
  BOOST_TEST(cpu_on(c, "n1") == 2000);
  BOOST_TEST(c.assumed_count() == 1u);

  BOOST_TEST(c.cleanup_expired(50s) == names{key("b")}, boost::test_tools::per_element());
  BOOST_TEST(cpu_on(c, "n1") == 0);
  BOOST_TEST(c.assumed_count() == 0u);
  BOOST_TEST(c.pod_count() == 0u);
  BOOST_TEST(c.cleanup_expired(1h).empty());
}

BOOST_AUTO_TEST_CASE(custom_ttl) {
  cache_options o;
  o.assumed_ttl = 2s;
  scheduler_cache c(o);
  c.add_or_update_node(node("n1"));
  c.assume(pod("a"), "n1");
  c.finish_binding(key("a"), 1s);
  BOOST_TEST(c.cleanup_expired(2s).empty());
  BOOST_TEST(c.cleanup_expired(3s) == names{key("a")}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(pod_still_binding_never_expires) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.assume(pod("a"), "n1");
  BOOST_TEST(c.cleanup_expired(24h).empty());
  BOOST_TEST(c.is_assumed(key("a")));
  BOOST_TEST(cpu_on(c, "n1") == 1000);
  // finish_binding of a bound or unknown pod does nothing.
  c.add_or_update_pod(pod("b"), "n1");
  c.finish_binding(key("b"), 0s);
  c.finish_binding(key("nobody"), 0s);
  BOOST_TEST(c.cleanup_expired(48h).empty());
  BOOST_TEST(c.contains_pod(key("b")));
}

// ------------------------------------------------------------ confirmation

BOOST_AUTO_TEST_CASE(watch_confirms_an_assumed_pod) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  auto info = pod("a");
  c.assume(info, "n1");
  c.finish_binding(key("a"), 0s);
  c.add_or_update_pod(info, "n1");
  BOOST_TEST(!c.is_assumed(key("a")));
  BOOST_TEST(c.contains_pod(key("a")));
  BOOST_TEST(c.assumed_count() == 0u);
  BOOST_TEST(c.pod_count() == 1u);
  // Counted once, not twice.
  BOOST_TEST(cpu_on(c, "n1") == 1000);
  BOOST_TEST(pods_on(c, "n1") == names{"a"}, boost::test_tools::per_element());
  // No longer expires.
  BOOST_TEST(c.cleanup_expired(1h).empty());
  BOOST_TEST(c.contains_pod(key("a")));
  BOOST_TEST(cpu_on(c, "n1") == 1000);
}

BOOST_AUTO_TEST_CASE(watch_confirms_before_binding_finishes) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.assume(pod("a"), "n1");
  c.add_or_update_pod(pod("a"), "n1");
  // The binding answer comes after the watch: nothing left to expire.
  c.finish_binding(key("a"), 0s);
  BOOST_TEST(!c.is_assumed(key("a")));
  BOOST_TEST(c.cleanup_expired(1h).empty());
  BOOST_TEST(cpu_on(c, "n1") == 1000);
}

BOOST_AUTO_TEST_CASE(confirmed_elsewhere_moves_the_pod) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.add_or_update_node(node("n2"));
  c.assume(pod("a"), "n1");
  c.add_or_update_pod(pod("a"), "n2");
  BOOST_TEST(cpu_on(c, "n1") == 0);
  BOOST_TEST(pods_on(c, "n1").empty());
  BOOST_TEST(cpu_on(c, "n2") == 1000);
  BOOST_TEST(pods_on(c, "n2") == names{"a"}, boost::test_tools::per_element());
  BOOST_TEST(c.assumed_count() == 0u);
}

BOOST_AUTO_TEST_CASE(pod_update_replaces_its_requests) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.add_or_update_pod(pod("a", "1"), "n1");
  c.add_or_update_pod(pod("a", "3"), "n1");
  BOOST_TEST(cpu_on(c, "n1") == 3000);
  BOOST_TEST(c.node("n1")->pods().size() == 1u);
  BOOST_TEST(c.pod_count() == 1u);
}

// --------------------------------------------------------- removing things

BOOST_AUTO_TEST_CASE(remove_pod_frees_its_resources) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.add_or_update_pod(pod("a", "1"), "n1");
  c.add_or_update_pod(pod("b", "2"), "n1");
  c.assume(pod("c", "500m"), "n1");
  BOOST_TEST(cpu_on(c, "n1") == 3500);
  c.remove_pod(key("a"));
  BOOST_TEST(cpu_on(c, "n1") == 2500);
  BOOST_TEST(pods_on(c, "n1") == (names{"b", "c"}), boost::test_tools::per_element());
  c.remove_pod(key("c")); // assumed: the count drops too
  BOOST_TEST(c.assumed_count() == 0u);
  BOOST_TEST(cpu_on(c, "n1") == 2000);
  c.remove_pod(key("nobody"));
  BOOST_TEST(c.pod_count() == 1u);
}

BOOST_AUTO_TEST_CASE(removed_node_with_pods_lingers_out_of_the_snapshot) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.add_or_update_node(node("n2"));
  c.add_or_update_pod(pod("a"), "n1");
  c.add_or_update_pod(pod("b"), "n1");
  BOOST_TEST(snapshot_names(c) == (names{"n1", "n2"}), boost::test_tools::per_element());

  c.remove_node("n1");
  BOOST_TEST(c.node_count() == 1u);
  BOOST_TEST(snapshot_names(c) == names{"n2"}, boost::test_tools::per_element());
  BOOST_TEST(c.snapshot().find("n1") == nullptr);
  // The info stays while pods name the node, without the Node.
  BOOST_REQUIRE(c.node("n1") != nullptr);
  BOOST_TEST(c.node("n1")->node() == nullptr);
  BOOST_TEST(cpu_on(c, "n1") == 2000);

  c.remove_pod(key("a"));
  BOOST_REQUIRE(c.node("n1") != nullptr);
  c.remove_pod(key("b"));
  BOOST_TEST(c.node("n1") == nullptr);
  BOOST_TEST(snapshot_names(c) == names{"n2"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(removed_node_without_pods_is_dropped) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.remove_node("n1");
  BOOST_TEST(c.node("n1") == nullptr);
  BOOST_TEST(c.node_count() == 0u);
  BOOST_TEST(c.snapshot().size() == 0u);
  c.remove_node("n1"); // twice: nothing
  c.remove_node("never");
  BOOST_TEST(c.node_count() == 0u);
}

BOOST_AUTO_TEST_CASE(forgetting_the_last_pod_of_a_removed_node_drops_it) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.assume(pod("a"), "n1");
  c.remove_node("n1");
  BOOST_TEST(c.node("n1") != nullptr);
  c.forget(key("a"));
  BOOST_TEST(c.node("n1") == nullptr);
}

BOOST_AUTO_TEST_CASE(pods_may_arrive_before_their_node) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.add_or_update_pod(pod("early", "2"), "n2");
  BOOST_TEST(c.node_count() == 1u);
  BOOST_TEST(snapshot_names(c) == names{"n1"}, boost::test_tools::per_element());
  BOOST_TEST(cpu_on(c, "n2") == 2000);

  c.add_or_update_node(node("n2"));
  BOOST_TEST(snapshot_names(c) == (names{"n1", "n2"}), boost::test_tools::per_element());
  const auto* n2 = c.snapshot().find("n2");
  BOOST_REQUIRE(n2 != nullptr);
  BOOST_TEST(n2->requested().milli_cpu == 2000);
  BOOST_TEST(n2->allocatable().milli_cpu == 4000);
}

BOOST_AUTO_TEST_CASE(removed_node_coming_back_keeps_its_pods) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.add_or_update_node(node("n2"));
  c.add_or_update_pod(pod("a"), "n1");
  c.remove_node("n1");
  c.add_or_update_node(node("n1", "8"));
  BOOST_TEST(c.node_count() == 2u);
  // It comes back at the end of the order.
  BOOST_TEST(snapshot_names(c) == (names{"n2", "n1"}), boost::test_tools::per_element());
  BOOST_TEST(cpu_on(c, "n1") == 1000);
  BOOST_TEST(c.node("n1")->allocatable().milli_cpu == 8000);
}

// ---------------------------------------------------------------- snapshot

BOOST_AUTO_TEST_CASE(snapshot_lists_nodes_in_arrival_order) {
  scheduler_cache c;
  for (const char* n : {"c", "a", "d", "b"})
    c.add_or_update_node(node(n));
  BOOST_TEST(snapshot_names(c) == (names{"c", "a", "d", "b"}), boost::test_tools::per_element());
  c.add_or_update_node(node("a", "8")); // update: same place
  BOOST_TEST(snapshot_names(c) == (names{"c", "a", "d", "b"}), boost::test_tools::per_element());
  c.remove_node("d");
  BOOST_TEST(snapshot_names(c) == (names{"c", "a", "b"}), boost::test_tools::per_element());
  BOOST_TEST(c.snapshot().find("a") == c.node("a"));
  BOOST_TEST(c.snapshot().find("d") == nullptr);
}

BOOST_AUTO_TEST_CASE(snapshot_rebuilds_only_when_nodes_join_or_leave) {
  scheduler_cache c;
  c.add_or_update_node(node("n1"));
  c.add_or_update_node(node("n2"));
  const auto* list = c.snapshot().nodes().data();
  const auto* n1 = c.snapshot().find("n1");

  // Pod and node changes: the very same list, pointing at live infos.
  c.assume(pod("a"), "n1");
  c.add_or_update_pod(pod("b"), "n2");
  c.finish_binding(key("a"), 0s);
  c.add_or_update_pod(pod("a"), "n1");
  c.remove_pod(key("b"));
  c.add_or_update_node(node("n1", "16"));
  c.cleanup_expired(1h);
  BOOST_TEST(c.snapshot().nodes().data() == list);
  BOOST_TEST(c.snapshot().find("n1") == n1);
  BOOST_TEST(n1->requested().milli_cpu == 1000);
  BOOST_TEST(n1->allocatable().milli_cpu == 16000);

  // A node joins: rebuilt, existing infos unchanged.
  c.add_or_update_node(node("n3"));
  const auto* rebuilt = c.snapshot().nodes().data();
  BOOST_TEST(rebuilt != list);
  BOOST_TEST(c.snapshot().find("n1") == n1);
  BOOST_TEST(c.snapshot().size() == 3u);
  BOOST_TEST(c.snapshot().nodes().data() == rebuilt); // and only once

  // A node leaves: rebuilt.
  c.remove_node("n2");
  BOOST_TEST(c.snapshot().nodes().data() != rebuilt);
  BOOST_TEST(c.snapshot().size() == 2u);
}

BOOST_AUTO_TEST_CASE(node_update_replaces_allocatable) {
  scheduler_cache c;
  c.add_or_update_node(node("n1", "4"));
  c.add_or_update_pod(pod("a", "3"), "n1");
  const auto* before = c.node("n1");
  auto generation = before->generation();
  c.add_or_update_node(node("n1", "2"));
  BOOST_TEST(c.node("n1") == before);
  BOOST_TEST(c.node("n1")->allocatable().milli_cpu == 2000);
  BOOST_TEST(c.node("n1")->node()->status().allocatable().at("cpu") == "2");
  BOOST_TEST(c.node("n1")->generation() != generation);
  // Its pods stay.
  BOOST_TEST(cpu_on(c, "n1") == 3000);
  BOOST_TEST(c.node_count() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
