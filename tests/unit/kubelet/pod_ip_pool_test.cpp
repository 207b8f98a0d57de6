#include <boost/test/unit_test.hpp>

#include <set>

#include "actors/kubelet/core/pod_ip_pool.hpp"

using namespace convoy::kubelet;

BOOST_AUTO_TEST_SUITE(pod_ip_pool_suite)

BOOST_AUTO_TEST_CASE(bad_cidrs_name_the_value) {
  const std::pair<const char*, const char*> rows[] = {
    {"127.16.3.0", "expected an IPv4 CIDR"},
    {"127.16.300.0/24", "invalid IPv4 address \"127.16.300.0\""},
    {"127.16.3.0/x", "invalid prefix length \"x\""},
    {"127.16.3.0/31", "prefix length must be between 8 and 30"},
    {"1.2.3/24", "invalid IPv4 address"},
    {"", "expected an IPv4 CIDR"},
  };
  for (const auto& [cidr, why] : rows) {
    BOOST_TEST_CONTEXT(cidr) {
      auto res = pod_ip_pool::parse(cidr);
      BOOST_TEST(!res);
      BOOST_TEST(res.error.find("pod CIDR \"" + std::string{cidr} + "\"") == 0u);
      BOOST_TEST(res.error.find(why) != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(allocates_skipping_network_gateway_and_broadcast) {
  auto res = pod_ip_pool::parse("127.16.3.0/29"); // .0 net, .1 gw, .7 broadcast
  BOOST_REQUIRE(res);
  auto& pool = *res.pool;
  BOOST_TEST(pool.capacity() == 5u);
  std::set<std::string> got;
  for (int i = 0; i < 5; ++i)
    got.insert(pool.allocate("pod-" + std::to_string(i)).value_or(""));
  const std::set<std::string> want = {"127.16.3.2", "127.16.3.3", "127.16.3.4", "127.16.3.5",
                                      "127.16.3.6"};
  BOOST_TEST(got == want, boost::test_tools::per_element());
  BOOST_TEST(!pool.allocate("pod-5").has_value()); // exhausted
  BOOST_TEST(pool.allocate("pod-2").value_or("") == "127.16.3.4"); // same uid, same IP
  pool.release("pod-2");
  BOOST_TEST(pool.allocate("pod-5").value_or("") == "127.16.3.4");
  BOOST_TEST(pool.allocated() == 5u);
}

BOOST_AUTO_TEST_CASE(released_addresses_are_not_reused_at_once) {
  auto pool = *pod_ip_pool::parse("10.1.0.0/24").pool;
  BOOST_TEST(pool.allocate("a").value_or("") == "10.1.0.2");
  pool.release("a");
  BOOST_TEST(pool.allocate("b").value_or("") == "10.1.0.3");
  BOOST_TEST(!pool.lookup("a").has_value());
}

BOOST_AUTO_TEST_CASE(restore_after_restart) {
  auto pool = *pod_ip_pool::parse("10.1.0.0/24").pool;
  BOOST_TEST(pool.restore("a", "10.1.0.2").empty());
  BOOST_TEST(pool.lookup("a").value_or("") == "10.1.0.2");
  BOOST_TEST(pool.allocate("b").value_or("") == "10.1.0.3");
  BOOST_TEST(pool.restore("c", "10.1.0.2") == "pod IP 10.1.0.2 is already held by pod a");
  BOOST_TEST(pool.restore("c", "10.2.0.9") == "pod IP 10.2.0.9 is outside the pod CIDR 10.1.0.0/24");
  BOOST_TEST(pool.restore("c", "10.1.0.255").find("outside") != std::string::npos);
  BOOST_TEST(pool.restore("c", "nonsense") == "pod IP \"nonsense\" is not an IPv4 address");
  BOOST_TEST(pool.restore("a", "10.1.0.2").empty()); // idempotent
}

BOOST_AUTO_TEST_SUITE_END()
