#include <boost/test/unit_test.hpp>

#include <random>

#include "actors/common/backoff.hpp"
#include "net/address/host_port.hpp"
#include "runtime/cli/table.hpp"

using convoy::net::host_port;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(addresses)

BOOST_AUTO_TEST_CASE(host_port_parses_names_ipv4_and_bracketed_ipv6) {
  std::string error;
  auto a = host_port::parse("127.0.0.1:7000", error);
  BOOST_REQUIRE(a);
  BOOST_CHECK_EQUAL(a->host, "127.0.0.1");
  BOOST_CHECK_EQUAL(a->port, 7000);
  BOOST_CHECK(a->is_loopback());
  auto b = host_port::parse("[::1]:6443", error);
  BOOST_REQUIRE(b);
  BOOST_CHECK_EQUAL(b->host, "::1");
  BOOST_CHECK_EQUAL(b->to_string(), "[::1]:6443");
  auto c = host_port::parse("node-1.example:0", error);
  BOOST_REQUIRE(c);
  BOOST_CHECK(!c->is_loopback());
}

BOOST_AUTO_TEST_CASE(malformed_addresses_say_what_is_wrong) {
  struct row {
    std::string text;
    std::string error;
  };
  std::vector<row> table{
    {"foo", "malformed address 'foo': expected HOST:PORT"},
    {":7000", "malformed address ':7000': empty host"},
    {"h:", "malformed address 'h:': port '' is not a number"},
    {"h:70000", "malformed address 'h:70000': port 70000 is out of range 0-65535"},
    {"h:7x", "malformed address 'h:7x': port '7x' is not a number"},
    {"::1:7000", "malformed address '::1:7000': IPv6 hosts need brackets, as in [::1]:7000"},
    {"[::1]7000", "malformed address '[::1]7000': expected [IPV6]:PORT"},
    {"a b:1", "malformed address 'a b:1': invalid character in host 'a b'"},
  };
  for (const auto& r : table) {
    std::string error;
    BOOST_CHECK(!host_port::parse(r.text, error));
    BOOST_CHECK_EQUAL(error, r.error);
  }
}

BOOST_AUTO_TEST_CASE(address_lists_split_on_commas) {
  std::string error;
  auto xs = host_port::parse_list("a:1,b:2,[::1]:3", error);
  BOOST_REQUIRE(xs);
  BOOST_CHECK_EQUAL(xs->size(), 3u);
  BOOST_CHECK_EQUAL(xs->at(2).host, "::1");
  BOOST_CHECK(!host_port::parse_list("a:1,,b:2", error));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(backoff_policy)

BOOST_AUTO_TEST_CASE(delays_grow_to_the_cap_and_reset) {
  convoy::backoff b{100ms, 1s, 2.0, 0.0};
  std::mt19937_64 rng{1};
  std::vector<int64_t> ms;
  for (int i = 0; i < 6; ++i)
    ms.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(b.next(rng)).count());
  BOOST_CHECK((ms == std::vector<int64_t>{100, 200, 400, 800, 1000, 1000}));
  BOOST_CHECK_EQUAL(b.attempts(), 6u);
  b.reset();
  BOOST_CHECK(b.peek() == 100ms);
}

BOOST_AUTO_TEST_CASE(jitter_stays_within_bounds_and_is_seeded) {
  convoy::backoff a{1s, 1s, 2.0, 0.1};
  convoy::backoff b{1s, 1s, 2.0, 0.1};
  std::mt19937_64 r1{9};
  std::mt19937_64 r2{9};
  for (int i = 0; i < 100; ++i) {
    auto x = a.next(r1);
    BOOST_CHECK(x >= 900ms && x <= 1100ms);
    BOOST_CHECK(x == b.next(r2));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cli_tables)

BOOST_AUTO_TEST_CASE(columns_align_like_kubectl) {
  convoy::cli::table t{{"NAME", "STATUS"}};
  t.add_row({"web-1", "Running"});
  t.add_row({"db", "Pending"});
  std::ostringstream out;
  t.print(out);
  BOOST_CHECK_EQUAL(out.str(), "NAME    STATUS\nweb-1   Running\ndb      Pending\n");
}

BOOST_AUTO_TEST_CASE(ages_use_kubectl_units) {
  using convoy::cli::format_age;
  BOOST_CHECK_EQUAL(format_age(45s), "45s");
  BOOST_CHECK_EQUAL(format_age(10min), "10m");
  BOOST_CHECK_EQUAL(format_age(5h), "5h");
  BOOST_CHECK_EQUAL(format_age(72h), "3d");
}

BOOST_AUTO_TEST_SUITE_END()
