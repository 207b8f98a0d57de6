// cidr_set (Kubernetes' cidrset): parsing the flags, next-fit allocation,
// occupying and releasing, exhaustion; and the IPv4 CIDR parser under it.

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

#include "actors/controllers/nodeipam/core/cidr_set.hpp"
#include "actors/controllers/nodeipam/core/nodeipam_options.hpp"

using namespace convoy::controllers::nodeipam;

namespace {

cidr_set make_set(const std::string& cluster, int mask) {
  std::string error;
  auto set = cidr_set::make(cluster, mask, error);
  BOOST_REQUIRE_MESSAGE(set, error);
  return *set;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ipv4_cidr_parsing)

BOOST_AUTO_TEST_CASE(parses_valid_and_rejects_invalid) {
  struct row {
    std::string text;
    bool ok;
    std::string canonical;
  };
  std::vector<row> rows{
    {"10.0.0.0/8", true, "10.0.0.0/8"},
    {"127.16.3.7/24", true, "127.16.3.0/24"},
    {"0.0.0.0/0", true, "0.0.0.0/0"},
    {"255.255.255.255/32", true, "255.255.255.255/32"},
    {"10.0.0.0", false, ""},
    {"10.0.0/8", false, ""},
    {"10.0.0.256/24", false, ""},
    {"10.0.0.0/33", false, ""},
    {"10.0.0.01/24", false, ""},
    {"10.0.0.0/24 ", false, ""},
    {"fd00::/64", false, ""},
    {"", false, ""},
  };
  for (const auto& r : rows) {
    auto parsed = parse_ipv4_cidr(r.text);
    BOOST_TEST(parsed.has_value() == r.ok, r.text);
    if (parsed && r.ok)
      BOOST_TEST(parsed->canonical() == r.canonical, r.text);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cidr_set_tests)

BOOST_AUTO_TEST_CASE(make_validates_the_flags) {
  struct row {
    std::string cluster;
    int mask;
    bool ok;
    std::string error_part;
  };
  std::vector<row> rows{
    {"127.16.0.0/12", 24, true, ""},
    {"10.0.0.0/16", 16, true, ""},
    {"10.0.0.0/16", 32, true, ""},
    {"10.0.0.0/8", 24, true, ""},
    {"10.0.0.0/8", 25, false, "more than 16 bits"},
    {"10.0.0.0/24", 16, false, "between"},
    {"10.0.0.0/24", 33, false, "between"},
    {"10.0.0.0", 24, false, "invalid cluster CIDR"},
    {"fd00::/48", 64, false, "invalid cluster CIDR"},
  };
  for (const auto& r : rows) {
    std::string error;
    auto set = cidr_set::make(r.cluster, r.mask, error);
    BOOST_TEST(set.has_value() == r.ok, r.cluster << " /" << r.mask);
    if (!r.ok)
      BOOST_TEST(error.find(r.error_part) != std::string::npos, error);
    nodeipam_options opts;
    opts.cluster_cidr = r.cluster;
    opts.node_cidr_mask_size = r.mask;
    BOOST_TEST(opts.validate().has_value() == !r.ok, r.cluster);
  }
  BOOST_TEST(!nodeipam_options{}.validate().has_value());
}

BOOST_AUTO_TEST_CASE(capacity_is_two_to_the_subnet_bits) {
  BOOST_TEST(make_set("127.16.0.0/12", 24).capacity() == 4096u);
  BOOST_TEST(make_set("10.0.0.0/23", 24).capacity() == 2u);
  BOOST_TEST(make_set("10.0.0.0/24", 24).capacity() == 1u);
  // Host bits of the cluster CIDR do not shift the range.
  auto s = make_set("10.0.5.9/16", 24);
  BOOST_TEST(s.cluster_cidr() == "10.0.0.0/16");
  BOOST_TEST(*s.allocate_next() == "10.0.0.0/24");
}

BOOST_AUTO_TEST_CASE(allocates_in_order_then_exhausts) {
  auto s = make_set("10.0.0.0/22", 24);
  std::vector<std::string> got;
  while (auto c = s.allocate_next())
    got.push_back(*c);
  BOOST_TEST(got == (std::vector<std::string>{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24",
                                              "10.0.3.0/24"}),
             boost::test_tools::per_element());
  BOOST_TEST(s.allocated() == 4u);
  BOOST_TEST(!s.allocate_next().has_value());
}

BOOST_AUTO_TEST_CASE(next_fit_skips_occupied_and_does_not_reuse_a_release_at_once) {
  auto s = make_set("10.0.0.0/22", 24);
  BOOST_TEST(s.occupy("10.0.1.0/24").ok());
  BOOST_TEST(*s.allocate_next() == "10.0.0.0/24");
  BOOST_TEST(*s.allocate_next() == "10.0.2.0/24"); // 1 is taken
  BOOST_TEST(s.release("10.0.0.0/24").ok());
  // Next fit: continues after the last handed out, 0 comes back on wrap.
  BOOST_TEST(*s.allocate_next() == "10.0.3.0/24");
  BOOST_TEST(*s.allocate_next() == "10.0.0.0/24");
  BOOST_TEST(!s.allocate_next().has_value());
}

BOOST_AUTO_TEST_CASE(occupy_errors_are_clear_and_all_or_nothing) {
  struct row {
    std::string cidr;
    cidr_error code;
    std::string message_part;
  };
  std::vector<row> rows{
    {"10.0.2.0/24", cidr_error::none, ""},
    {"10.0.3.128/25", cidr_error::none, ""}, // smaller: takes the /24 holding it
    {"10.0.3.0/24", cidr_error::occupied, "overlaps node CIDR 10.0.3.0/24"},
    {"10.0.0.0/22", cidr_error::occupied, "allocated already"},
    {"10.1.0.0/24", cidr_error::out_of_range, "out of the range of the cluster CIDR 10.0.0.0/22"},
    {"nonsense", cidr_error::invalid, "invalid CIDR"},
    {"10.0.0.0/23", cidr_error::none, ""}, // bigger: takes 0 and 1
  };
  auto s = make_set("10.0.0.0/22", 24);
  for (const auto& r : rows) {
    auto before = s.allocated();
    auto st = s.occupy(r.cidr);
    BOOST_TEST(static_cast<int>(st.code) == static_cast<int>(r.code), r.cidr);
    BOOST_TEST(st.message.find(r.message_part) != std::string::npos, st.message);
    if (!st.ok())
      BOOST_TEST(s.allocated() == before, r.cidr);
  }
  BOOST_TEST(s.allocated() == 4u);
  BOOST_TEST(!s.allocate_next().has_value());
}

BOOST_AUTO_TEST_CASE(a_cidr_containing_the_cluster_takes_all_of_it) {
  auto s = make_set("10.0.4.0/22", 24);
  BOOST_TEST(s.occupy("10.0.0.0/16").ok());
  BOOST_TEST(s.allocated() == 4u);
  BOOST_TEST(s.release("10.0.0.0/8").ok());
  BOOST_TEST(s.allocated() == 0u);
}

BOOST_AUTO_TEST_CASE(release_frees_and_is_idempotent) {
  auto s = make_set("10.0.0.0/23", 24);
  BOOST_TEST(*s.allocate_next() == "10.0.0.0/24");
  BOOST_TEST(*s.allocate_next() == "10.0.1.0/24");
  BOOST_TEST(s.is_occupied("10.0.1.0/24"));
  BOOST_TEST(s.release("10.0.1.0/24").ok());
  BOOST_TEST(!s.is_occupied("10.0.1.0/24"));
  BOOST_TEST(s.release("10.0.1.0/24").ok());
  BOOST_TEST(s.allocated() == 1u);
  BOOST_TEST(static_cast<int>(s.release("192.168.0.0/24").code)
             == static_cast<int>(cidr_error::out_of_range));
  BOOST_TEST(static_cast<int>(s.release("x").code) == static_cast<int>(cidr_error::invalid));
  BOOST_TEST(*s.allocate_next() == "10.0.1.0/24");
}

BOOST_AUTO_TEST_CASE(default_range_hands_out_distinct_cidrs) {
  auto s = make_set("127.16.0.0/12", 24);
  std::set<std::string> seen;
  for (int i = 0; i < 4096; ++i) {
    auto c = s.allocate_next();
    BOOST_REQUIRE(c);
    BOOST_REQUIRE(seen.insert(*c).second);
  }
  BOOST_TEST(seen.count("127.16.0.0/24") == 1u);
  BOOST_TEST(seen.count("127.31.255.0/24") == 1u);
  BOOST_TEST(!s.allocate_next().has_value());
}

BOOST_AUTO_TEST_CASE(host_sized_node_cidrs) {
  auto s = make_set("10.0.0.0/31", 32);
  BOOST_TEST(*s.allocate_next() == "10.0.0.0/32");
  BOOST_TEST(*s.allocate_next() == "10.0.0.1/32");
  BOOST_TEST(!s.allocate_next().has_value());
}

BOOST_AUTO_TEST_SUITE_END()
