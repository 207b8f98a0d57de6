// Address arithmetic of the bridge network: parsing, gateway, loopback.

#include <boost/test/unit_test.hpp>

#include "runtime/network/ipv4.hpp"

using namespace convoy::network;

BOOST_AUTO_TEST_SUITE(ipv4)

BOOST_AUTO_TEST_CASE(parses_and_formats_dotted_quads) {
  struct row {
    const char* text;
    bool ok;
    uint32_t value;
  };
  const row rows[] = {{"10.213.1.5", true, 0x0ad50105}, {"0.0.0.0", true, 0},
                      {"255.255.255.255", true, 0xffffffff}, {"256.1.1.1", false, 0},
                      {"1.2.3", false, 0},        {"1.2.3.4.5", false, 0},
                      {"1.2.3.4 ", false, 0},     {"", false, 0},
                      {"a.b.c.d", false, 0},      {"1..2.3", false, 0}};
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.text) {
      auto v = parse_ipv4(r.text);
      BOOST_TEST(v.has_value() == r.ok);
      if (r.ok) {
        BOOST_TEST(*v == r.value);
        BOOST_TEST(format_ipv4(*v) == r.text);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(cidr_errors_name_the_text) {
  std::string err;
  BOOST_TEST(!parse_cidr("10.0.0.0", err));
  BOOST_TEST(err.find("'10.0.0.0'") != std::string::npos);
  BOOST_TEST(!parse_cidr("10.0.0.0/33", err));
  BOOST_TEST(err.find("prefix length") != std::string::npos);
  BOOST_TEST(!parse_cidr("10.0.0.0/x", err));
  auto c = parse_cidr("10.213.4.0/24", err);
  BOOST_REQUIRE(c);
  BOOST_TEST(c->prefix == 24);
  BOOST_TEST(format_cidr(*c) == "10.213.4.0/24");
}

BOOST_AUTO_TEST_CASE(gateway_is_the_first_address_of_the_network) {
  struct row {
    const char* ip;
    int prefix;
    const char* network;
    const char* gateway;
  };
  const row rows[] = {{"10.213.1.5", 24, "10.213.1.0", "10.213.1.1"},
                      {"10.213.1.200", 25, "10.213.1.128", "10.213.1.129"},
                      {"10.213.7.9", 16, "10.213.0.0", "10.213.0.1"},
                      {"192.168.3.3", 30, "192.168.3.0", "192.168.3.1"}};
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.ip << "/" << r.prefix) {
      auto ip = *parse_ipv4(r.ip);
      BOOST_TEST(format_ipv4(network_of(ip, r.prefix)) == r.network);
      BOOST_TEST(format_ipv4(gateway_of(ip, r.prefix)) == r.gateway);
    }
  }
  BOOST_TEST(prefix_mask(0) == 0u);
  BOOST_TEST(prefix_mask(32) == 0xffffffffu);
  BOOST_TEST(prefix_mask(8) == 0xff000000u);
}

BOOST_AUTO_TEST_CASE(loopback_is_127_slash_8) {
  BOOST_TEST(is_loopback(*parse_ipv4("127.16.0.5")));
  BOOST_TEST(is_loopback(*parse_ipv4("127.255.255.255")));
  BOOST_TEST(!is_loopback(*parse_ipv4("128.0.0.1")));
  BOOST_TEST(!is_loopback(*parse_ipv4("10.213.0.1")));
}

BOOST_AUTO_TEST_SUITE_END()
