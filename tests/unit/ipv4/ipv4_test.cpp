// The one IPv4 parser: strict addresses and CIDRs, error faults and
// messages, and the arithmetic at the edges (/0, /32, 255.255.255.255).

#include <boost/test/unit_test.hpp>

#include <string>

#include "net/address/ipv4.hpp"

using namespace convoy::net;

BOOST_AUTO_TEST_SUITE(ipv4_addresses)

BOOST_AUTO_TEST_CASE(parses_strict_dotted_quads) {
  struct row {
    const char* text;
    bool ok;
    uint32_t value;
  };
  const row rows[] = {
    {"10.213.1.5", true, 0x0ad50105},  {"0.0.0.0", true, 0},
    {"255.255.255.255", true, 0xffffffff}, {"127.0.0.1", true, 0x7f000001},
    {"1.0.10.100", true, 0x01000a64},  {"256.1.1.1", false, 0},
    {"1.2.3.999", false, 0},           {"1.2.3", false, 0},
    {"1.2.3.4.5", false, 0},           {"1.2.3.4.", false, 0},
    {".1.2.3", false, 0},              {"1..2.3", false, 0},
    {"1.2.3.4 ", false, 0},            {" 1.2.3.4", false, 0},
    {"", false, 0},                    {"a.b.c.d", false, 0},
    {"01.2.3.4", false, 0},            {"1.2.3.00", false, 0},
    {"1.2.3.0001", false, 0},          {"+1.2.3.4", false, 0},
    {"-1.2.3.4", false, 0},            {"1.2.3.4/24", false, 0},
    {"::1", false, 0},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.text) {
      auto v = parse_ipv4(r.text);
      BOOST_TEST(v.has_value() == r.ok);
      if (v && r.ok) {
        BOOST_TEST(*v == r.value);
        BOOST_TEST(format_ipv4(*v) == r.text);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(address_error_quotes_the_text) {
  ipv4_error error;
  BOOST_TEST(!parse_ipv4("10.0.0.01", error));
  BOOST_TEST(static_cast<int>(error.fault) == static_cast<int>(ipv4_fault::address));
  BOOST_TEST(error.message.find("\"10.0.0.01\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(loopback_is_127_slash_8) {
  BOOST_TEST(is_loopback(0x7f000000u));
  BOOST_TEST(is_loopback(0x7fffffffu));
  BOOST_TEST(!is_loopback(0x80000000u));
  BOOST_TEST(!is_loopback(0x7effffffu));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ipv4_cidrs)

BOOST_AUTO_TEST_CASE(parses_strict_cidrs_and_names_the_fault) {
  struct row {
    const char* text;
    ipv4_fault fault; // none = valid
    const char* canonical;
    const char* quoted; // what the message must quote
  };
  const row rows[] = {
    {"10.0.0.0/8", ipv4_fault::none, "10.0.0.0/8", ""},
    {"127.16.3.7/24", ipv4_fault::none, "127.16.3.0/24", ""},
    {"0.0.0.0/0", ipv4_fault::none, "0.0.0.0/0", ""},
    {"1.2.3.4/0", ipv4_fault::none, "0.0.0.0/0", ""},
    {"255.255.255.255/32", ipv4_fault::none, "255.255.255.255/32", ""},
    {"10.0.0.0", ipv4_fault::not_cidr, "", "\"10.0.0.0\""},
    {"", ipv4_fault::not_cidr, "", "\"\""},
    {"10.0.0/8", ipv4_fault::address, "", "\"10.0.0\""},
    {"10.0.0.256/24", ipv4_fault::address, "", "\"10.0.0.256\""},
    {"10.0.0.01/24", ipv4_fault::address, "", "\"10.0.0.01\""},
    {"fd00::/64", ipv4_fault::address, "", "\"fd00::\""},
    {"/24", ipv4_fault::address, "", "\"\""},
    {"10.0.0.0/33", ipv4_fault::prefix, "", "\"33\""},
    {"10.0.0.0/08", ipv4_fault::prefix, "", "\"08\""},
    {"10.0.0.0/+8", ipv4_fault::prefix, "", "\"+8\""},
    {"10.0.0.0/-1", ipv4_fault::prefix, "", "\"-1\""},
    {"10.0.0.0/", ipv4_fault::prefix, "", "\"\""},
    {"10.0.0.0/x", ipv4_fault::prefix, "", "\"x\""},
    {"10.0.0.0/24 ", ipv4_fault::prefix, "", "\"24 \""},
    {"10.0.0.0/24/8", ipv4_fault::prefix, "", "\"24/8\""},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.text) {
      ipv4_error error;
      auto cidr = parse_ipv4_cidr(r.text, error);
      BOOST_TEST(cidr.has_value() == (r.fault == ipv4_fault::none));
      BOOST_TEST(parse_ipv4_cidr(r.text).has_value() == cidr.has_value());
      BOOST_TEST(static_cast<int>(error.fault) == static_cast<int>(r.fault));
      if (cidr)
        BOOST_TEST(cidr->canonical() == r.canonical);
      else
        BOOST_TEST(error.message.find(r.quoted) != std::string::npos, error.message);
    }
  }
}

BOOST_AUTO_TEST_CASE(keeps_host_bits_as_written) {
  auto cidr = parse_ipv4_cidr("10.213.1.5/24");
  BOOST_REQUIRE(cidr);
  BOOST_TEST(cidr->address == 0x0ad50105u);
  BOOST_TEST(cidr->prefix == 24);
  BOOST_TEST(format_ipv4_cidr(*cidr) == "10.213.1.5/24");
  BOOST_TEST(cidr->canonical() == "10.213.1.0/24");
}

BOOST_AUTO_TEST_CASE(prefix_lengths_are_strict_decimal) {
  BOOST_TEST(parse_prefix_length("0").value_or(-1) == 0);
  BOOST_TEST(parse_prefix_length("32").value_or(-1) == 32);
  for (const char* bad : {"", "33", "100", "007", "01", "-0", "+1", "1 ", "x"})
    BOOST_TEST(!parse_prefix_length(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(arithmetic_at_the_edges) {
  struct row {
    const char* cidr;
    uint32_t mask;
    const char* first;
    const char* last;
    const char* gateway;
  };
  const row rows[] = {
    {"10.213.1.5/24", 0xffffff00u, "10.213.1.0", "10.213.1.255", "10.213.1.1"},
    {"10.213.1.200/25", 0xffffff80u, "10.213.1.128", "10.213.1.255", "10.213.1.129"},
    {"192.168.3.3/30", 0xfffffffcu, "192.168.3.0", "192.168.3.3", "192.168.3.1"},
    {"1.2.3.4/0", 0u, "0.0.0.0", "255.255.255.255", "0.0.0.1"},
    {"1.2.3.4/32", 0xffffffffu, "1.2.3.4", "1.2.3.4", "1.2.3.5"},
    {"255.255.255.255/32", 0xffffffffu, "255.255.255.255", "255.255.255.255", "0.0.0.0"},
    {"255.255.255.255/1", 0x80000000u, "128.0.0.0", "255.255.255.255", "128.0.0.1"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.cidr) {
      auto c = parse_ipv4_cidr(r.cidr);
      BOOST_REQUIRE(c);
      BOOST_TEST(c->mask() == r.mask);
      BOOST_TEST(prefix_mask(c->prefix) == r.mask);
      BOOST_TEST(format_ipv4(c->first()) == r.first);
      BOOST_TEST(format_ipv4(network_of(c->address, c->prefix)) == r.first);
      BOOST_TEST(format_ipv4(c->last()) == r.last);
      BOOST_TEST(format_ipv4(c->gateway()) == r.gateway);
      BOOST_TEST(format_ipv4(gateway_of(c->address, c->prefix)) == r.gateway);
    }
  }
  BOOST_TEST(prefix_mask(-3) == 0u);
  BOOST_TEST(prefix_mask(40) == 0xffffffffu);
}

BOOST_AUTO_TEST_CASE(contains_is_bounded_by_first_and_last) {
  struct row {
    const char* cidr;
    const char* addr;
    bool in;
  };
  const row rows[] = {
    {"10.1.0.0/24", "10.1.0.0", true},      {"10.1.0.0/24", "10.1.0.255", true},
    {"10.1.0.0/24", "10.1.1.0", false},     {"10.1.0.0/24", "10.0.255.255", false},
    {"0.0.0.0/0", "255.255.255.255", true}, {"0.0.0.0/0", "0.0.0.0", true},
    {"1.2.3.4/32", "1.2.3.4", true},        {"1.2.3.4/32", "1.2.3.5", false},
    {"255.255.255.255/32", "255.255.255.255", true},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.cidr << " " << r.addr) {
      BOOST_TEST(parse_ipv4_cidr(r.cidr)->contains(*parse_ipv4(r.addr)) == r.in);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
