// The node IPAM controller alone against the real apiserver and store under
// simulation: new nodes get distinct CIDRs of the cluster CIDR, CIDRs of
// existing nodes are kept and never handed out again (also across a
// controller restart), a deleted node's CIDR is free again, and an
// exhausted range leaves a node waiting until a node goes away.

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

#include "caf/all.hpp"

#include "actors/controllers/nodeipam/core/ipv4_cidr.hpp"
#include "actors/controllers/nodeipam/nodeipam_controller.hpp"
#include "controllers_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;
using convoy::controllers::nodeipam::nodeipam_options;
using convoy::controllers::nodeipam::parse_ipv4_cidr;

namespace {

controller_actor start(test::controllers_cluster& c, nodeipam_options opts = {}) {
  auto ctl = c.run_controller([opts](caf::actor_system& sys, controllers::controller_config cfg) {
    return controllers::spawn_nodeipam_controller(sys, cfg, opts);
  });
  c.wait_for([&] { return c.controller_status(ctl).synced(); }, "the controller to sync");
  return ctl;
}

/// spec.podCIDR of `name` ("" if none or no node), checking podCIDRs agrees.
std::string cidr_of(test::controllers_cluster& c, const std::string& name) {
  auto n = c.get<api::Node>("nodes", "", name);
  if (!n || n->spec().pod_cidr().empty())
    return "";
  BOOST_TEST(n->spec().pod_cidrs_size() == 1);
  if (n->spec().pod_cidrs_size() == 1)
    BOOST_TEST(n->spec().pod_cidrs(0) == n->spec().pod_cidr());
  return n->spec().pod_cidr();
}

/// A node named `name`, with spec.podCIDR `cidr` if not empty.
void add_node(test::controllers_cluster& c, const std::string& name, const std::string& cidr = "") {
  auto n = c.node(name, "4", "8Gi");
  if (!cidr.empty()) {
    n.mutable_spec()->set_pod_cidr(cidr);
    n.mutable_spec()->add_pod_cidrs(cidr);
  }
  c.create_node(n);
}

void wait_for_cidrs(test::controllers_cluster& c, const std::vector<std::string>& nodes) {
  c.wait_for(
    [&] {
      for (const auto& n : nodes)
        if (cidr_of(c, n).empty())
          return false;
      return true;
    },
    "every node to get a pod CIDR");
}

/// Whether `cidr` is a /mask inside `cluster`.
bool inside(const std::string& cidr, const std::string& cluster, int mask) {
  auto a = parse_ipv4_cidr(cidr);
  auto b = parse_ipv4_cidr(cluster);
  return a && b && a->prefix == mask && a->address == a->first()
         && (a->address & b->mask()) == b->first();
}

size_t events_with(test::controllers_cluster& c, const std::string& reason,
                   const std::string& node) {
  size_t n = 0;
  for (const auto& ev : c.events())
    n += ev.reason() == reason && ev.involved_object().name() == node ? 1 : 0;
  return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(nodeipam_sim)

BOOST_AUTO_TEST_CASE(new_nodes_get_distinct_cidrs_of_the_cluster_cidr) {
  test::controllers_cluster c{test::test_seed(111)};
  auto ctl = start(c);
  std::vector<std::string> names{"n1", "n2", "n3", "n4", "n5"};
  c.start_kubelet("n1");
  c.start_kubelet("n2");
  for (size_t i = 2; i < names.size(); ++i)
    add_node(c, names[i]);
  wait_for_cidrs(c, names);
  std::set<std::string> seen;
  for (const auto& n : names) {
    auto cidr = cidr_of(c, n);
    BOOST_TEST(inside(cidr, "127.16.0.0/12", 24), n << " got " << cidr);
    BOOST_TEST(seen.insert(cidr).second, n << " got " << cidr << " twice");
  }
  // Kubelet heartbeats later change nothing.
  c.net.run_until([] { return false; }, 30s);
  for (const auto& n : names)
    BOOST_TEST(seen.count(cidr_of(c, n)) == 1u);
  BOOST_TEST(c.controller_status(ctl).writes() == 5);
}

BOOST_AUTO_TEST_CASE(existing_cidrs_are_kept_and_never_handed_out_again) {
  test::controllers_cluster c{test::test_seed(112)};
  // Before the controller starts: the first two CIDRs next-fit would pick,
  // a node colliding with one of them, and one outside the cluster CIDR.
  add_node(c, "old0", "127.16.0.0/24");
  add_node(c, "old1", "127.16.1.0/24");
  // Younger (creationTimestamp a second later, though its name sorts
  // first): on the collision the older old1 keeps the CIDR.
  c.net.run_until([] { return false; }, 2s);
  add_node(c, "dup", "127.16.1.0/24");
  add_node(c, "outside", "10.9.0.0/24");
  nodeipam_options opts;
  opts.cluster_cidr = "127.16.0.0/22"; // 4 CIDRs, two of them in use
  start(c, opts);
  std::vector<std::string> fresh{"a", "b"};
  for (const auto& n : fresh)
    add_node(c, n);
  wait_for_cidrs(c, fresh);
  std::set<std::string> seen{"127.16.0.0/24", "127.16.1.0/24"};
  for (const auto& n : fresh)
    BOOST_TEST(seen.insert(cidr_of(c, n)).second, n << " got " << cidr_of(c, n));
  BOOST_TEST(cidr_of(c, "old0") == "127.16.0.0/24");
  BOOST_TEST(cidr_of(c, "old1") == "127.16.1.0/24");
  BOOST_TEST(cidr_of(c, "dup") == "127.16.1.0/24");
  BOOST_TEST(cidr_of(c, "outside") == "10.9.0.0/24");
  c.wait_for([&] { return events_with(c, "CIDRNotAvailable", "outside") == 1u; },
             "a CIDRNotAvailable event about the node outside");
  BOOST_TEST(events_with(c, "CIDRNotAvailable", "dup") == 1u);
  BOOST_TEST(events_with(c, "CIDRNotAvailable", "old1") == 0u);
  // The range is full: w waits. When old1 goes away its CIDR stays with
  // the colliding node dup (still in use there), so w keeps waiting.
  add_node(c, "w");
  c.wait_for([&] { return events_with(c, "CIDRNotAvailable", "w") == 1u; },
             "a CIDRNotAvailable event about w");
  c.delete_node("old1");
  c.net.run_until([] { return false; }, 10s);
  BOOST_TEST(cidr_of(c, "w").empty(), "w got " << cidr_of(c, "w"));
  c.delete_node("old0");
  wait_for_cidrs(c, {"w"});
  BOOST_TEST(cidr_of(c, "w") == "127.16.0.0/24");
}

BOOST_AUTO_TEST_CASE(a_deleted_nodes_cidr_becomes_available_again) {
  test::controllers_cluster c{test::test_seed(113)};
  nodeipam_options opts;
  opts.cluster_cidr = "10.0.0.0/22";
  start(c, opts);
  std::vector<std::string> names{"n1", "n2", "n3", "n4"};
  for (const auto& n : names)
    add_node(c, n);
  wait_for_cidrs(c, names);
  auto freed = cidr_of(c, "n2");
  c.delete_node("n2");
  c.net.run_until([] { return false; }, 2s);
  add_node(c, "n5");
  wait_for_cidrs(c, {"n5"});
  BOOST_TEST(cidr_of(c, "n5") == freed);
}

BOOST_AUTO_TEST_CASE(an_exhausted_range_leaves_a_node_waiting_until_one_is_deleted) {
  test::controllers_cluster c{test::test_seed(114)};
  nodeipam_options opts;
  opts.cluster_cidr = "10.0.0.0/23";
  start(c, opts);
  add_node(c, "a");
  add_node(c, "b");
  wait_for_cidrs(c, {"a", "b"});
  BOOST_TEST(cidr_of(c, "a") != cidr_of(c, "b"));
  add_node(c, "c");
  c.wait_for([&] { return events_with(c, "CIDRNotAvailable", "c") == 1u; },
             "a CIDRNotAvailable event about c");
  c.net.run_until([] { return false; }, 20s);
  BOOST_TEST(cidr_of(c, "c").empty());
  auto freed = cidr_of(c, "b");
  c.delete_node("b");
  auto deleted_at = c.net.now();
  wait_for_cidrs(c, {"c"});
  BOOST_TEST(cidr_of(c, "c") == freed);
  // Woken by the release, not by a long back-off.
  BOOST_TEST((c.net.now() - deleted_at < caf::timespan{5s}));
}

BOOST_AUTO_TEST_CASE(a_restarted_controller_does_not_hand_out_cidrs_twice) {
  test::controllers_cluster c{test::test_seed(115)};
  auto first = start(c);
  add_node(c, "n1");
  add_node(c, "n2");
  wait_for_cidrs(c, {"n1", "n2"});
  caf::anon_send_exit(first, caf::exit_reason::kill);
  c.net.run();
  start(c);
  add_node(c, "n3");
  add_node(c, "n4");
  wait_for_cidrs(c, {"n3", "n4"});
  std::set<std::string> seen;
  for (const auto& n : {"n1", "n2", "n3", "n4"})
    BOOST_TEST(seen.insert(cidr_of(c, n)).second, n << " got " << cidr_of(c, n));
}

BOOST_AUTO_TEST_SUITE_END()
