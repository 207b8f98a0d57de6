// node_cidrs: which node holds which CIDR, collisions, out-of-range CIDRs,
// reservations that survive a failed write, and frees on deletion.

#include <boost/test/unit_test.hpp>

#include <string>

#include "actors/controllers/nodeipam/core/node_cidrs.hpp"

using namespace convoy::controllers::nodeipam;
using verdict = node_cidrs::verdict;

namespace {

node_cidrs make(const std::string& cluster, int mask) {
  std::string error;
  auto set = cidr_set::make(cluster, mask, error);
  BOOST_REQUIRE_MESSAGE(set, error);
  return node_cidrs{std::move(*set)};
}

bool is(const node_cidrs::observation& o, verdict v) {
  return o.what == v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_cidrs_tests)

BOOST_AUTO_TEST_CASE(observe_verdicts) {
  struct row {
    std::string node;
    std::string cidr;
    verdict expected;
    std::string message_part;
  };
  std::vector<row> rows{
    {"a", "10.0.1.0/24", verdict::claimed, ""},
    {"a", "10.0.1.0/24", verdict::unchanged, ""},
    {"a", "10.0.1.9/24", verdict::unchanged, ""}, // same network
    {"b", "10.0.1.0/24", verdict::collision, "allocated to node a"},
    {"b", "10.0.1.0/24", verdict::unchanged, ""}, // reported once
    {"c", "192.168.0.0/24", verdict::out_of_range, "out of the range"},
    {"c", "192.168.0.0/24", verdict::unchanged, ""},
    {"d", "bogus", verdict::invalid, "invalid CIDR"},
    {"e", "10.0.1.0/25", verdict::collision, "allocated already"}, // partial overlap
  };
  auto n = make("10.0.0.0/22", 24);
  for (const auto& r : rows) {
    auto o = n.observe(r.node, r.cidr);
    BOOST_TEST(is(o, r.expected), r.node << " " << r.cidr);
    BOOST_TEST(o.message.find(r.message_part) != std::string::npos, o.message);
  }
  BOOST_TEST(*n.cidr_of("a") == "10.0.1.0/24");
  BOOST_TEST(!n.cidr_of("b").has_value());
  BOOST_TEST(n.conflicts() == 4u);
  BOOST_TEST(n.set().allocated() == 1u);
}

BOOST_AUTO_TEST_CASE(reserve_never_hands_out_an_observed_cidr) {
  auto n = make("10.0.0.0/22", 24);
  BOOST_TEST(is(n.observe("old", "10.0.0.0/24"), verdict::claimed));
  BOOST_TEST(*n.reserve("x") == "10.0.1.0/24");
  BOOST_TEST(*n.reserve("y") == "10.0.2.0/24");
  // A failed write retries with the same reservation.
  BOOST_TEST(*n.reserve("x") == "10.0.1.0/24");
  BOOST_TEST(*n.reserve("z") == "10.0.3.0/24");
  BOOST_TEST(!n.reserve("w").has_value());
  // The write lands: observing it changes nothing.
  BOOST_TEST(is(n.observe("x", "10.0.1.0/24"), verdict::unchanged));
}

BOOST_AUTO_TEST_CASE(forget_frees_for_the_next_node) {
  auto n = make("10.0.0.0/23", 24);
  BOOST_TEST(*n.reserve("a") == "10.0.0.0/24");
  BOOST_TEST(*n.reserve("b") == "10.0.1.0/24");
  BOOST_TEST(!n.reserve("c").has_value());
  BOOST_TEST(n.forget("a"));
  BOOST_TEST(!n.cidr_of("a").has_value());
  BOOST_TEST(*n.reserve("c") == "10.0.0.0/24");
  BOOST_TEST(!n.forget("a")); // twice: nothing
  BOOST_TEST(!n.forget("never"));
}

BOOST_AUTO_TEST_CASE(a_colliding_node_inherits_the_cidr_instead_of_it_going_free) {
  auto n = make("10.0.0.0/23", 24);
  BOOST_TEST(is(n.observe("a", "10.0.0.0/24"), verdict::claimed));
  BOOST_TEST(is(n.observe("b", "10.0.0.0/24"), verdict::collision));
  BOOST_TEST(!n.forget("a")); // b still uses it
  BOOST_TEST(*n.cidr_of("b") == "10.0.0.0/24");
  BOOST_TEST(*n.reserve("c") == "10.0.1.0/24");
  BOOST_TEST(!n.reserve("d").has_value());
  BOOST_TEST(n.forget("b"));
  BOOST_TEST(*n.reserve("d") == "10.0.0.0/24");
}

BOOST_AUTO_TEST_CASE(forgetting_a_conflicting_node_frees_nothing) {
  auto n = make("10.0.0.0/24", 24);
  BOOST_TEST(is(n.observe("a", "10.0.0.0/24"), verdict::claimed));
  BOOST_TEST(is(n.observe("b", "10.0.0.0/24"), verdict::collision));
  BOOST_TEST(is(n.observe("c", "10.9.0.0/24"), verdict::out_of_range));
  BOOST_TEST(!n.forget("b"));
  BOOST_TEST(!n.forget("c"));
  BOOST_TEST(n.conflicts() == 0u);
  BOOST_TEST(*n.cidr_of("a") == "10.0.0.0/24");
  BOOST_TEST(n.forget("a"));
  BOOST_TEST(n.set().allocated() == 0u);
}

BOOST_AUTO_TEST_CASE(a_node_showing_another_cidr_than_reserved_gives_the_reservation_back) {
  auto n = make("10.0.0.0/23", 24);
  BOOST_TEST(*n.reserve("a") == "10.0.0.0/24");
  // Someone else set a's podCIDR first (our write lost the race).
  BOOST_TEST(is(n.observe("a", "10.0.1.0/24"), verdict::claimed));
  BOOST_TEST(*n.cidr_of("a") == "10.0.1.0/24");
  BOOST_TEST(*n.reserve("b") == "10.0.0.0/24");
}

BOOST_AUTO_TEST_SUITE_END()
