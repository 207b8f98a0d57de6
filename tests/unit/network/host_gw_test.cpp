// host-gw: desired routes from the Node list, `ip route` parsing, the diff.

#include <boost/test/unit_test.hpp>

#include "runtime/network/host_gw.hpp"

using namespace convoy::network;
using convoy::api::Node;

namespace {

Node node(const std::string& name, const std::string& cidr, const std::string& ip) {
  Node n;
  n.mutable_metadata()->set_name(name);
  n.mutable_spec()->set_pod_cidr(cidr);
  if (!ip.empty()) {
    auto* a = n.mutable_status()->add_addresses();
    a->set_type("Hostname");
    a->set_address(name);
    a = n.mutable_status()->add_addresses();
    a->set_type("InternalIP");
    a->set_address(ip);
  }
  return n;
}

std::string show(const std::vector<pod_route>& routes) {
  std::string out;
  for (const auto& r : routes)
    out += r.cidr + ">" + r.via + " ";
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(host_gw)

BOOST_AUTO_TEST_CASE(routes_to_every_other_node_with_cidr_and_address) {
  std::vector<Node> nodes{node("c", "10.213.3.0/24", "192.168.0.3"),
                          node("a", "10.213.1.0/24", "192.168.0.1"),
                          node("b", "10.213.2.0/24", "192.168.0.2"),
                          node("d", "", "192.168.0.4"),          // no CIDR yet
                          node("e", "10.213.5.0/24", ""),        // no address yet
                          node("f", "10.213.6.7/24", "192.168.0.6"), // host bits set
                          node("g", "10.213.7.0/24", "127.0.0.7")};  // same host
  std::vector<std::string> errors;
  auto routes = desired_routes(nodes, "a", &errors);
  BOOST_TEST(show(routes)
             == "10.213.2.0/24>192.168.0.2 10.213.3.0/24>192.168.0.3 10.213.6.0/24>192.168.0.6 ");
  BOOST_TEST(errors.empty());
}

BOOST_AUTO_TEST_CASE(invalid_fields_are_reported_and_skipped) {
  std::vector<Node> nodes{node("x", "10.213.1.0", "192.168.0.1"),
                          node("y", "10.213.2.0/24", "not-an-ip"),
                          node("z1", "10.213.9.0/24", "192.168.0.8"),
                          node("z2", "10.213.9.0/24", "192.168.0.9")};
  std::vector<std::string> errors;
  auto routes = desired_routes(nodes, "me", &errors);
  BOOST_TEST(show(routes) == "10.213.9.0/24>192.168.0.8 ");
  BOOST_REQUIRE(errors.size() == 3u);
  BOOST_TEST(errors[0].find("node x: spec.podCIDR") == 0u);
  BOOST_TEST(errors[1].find("node y: status.addresses InternalIP") == 0u);
  BOOST_TEST(errors[2].find("node z2: spec.podCIDR 10.213.9.0/24 is already routed") == 0u);
}

BOOST_AUTO_TEST_CASE(parses_ip_route_output) {
  auto routes = parse_route_list("10.213.2.0/24 via 192.168.0.2 dev eth0 \n"
                                 "10.213.3.0/24 via 192.168.0.3 dev eth0 onlink\n"
                                 "\n"
                                 "10.213.4.0/24 dev cvb-1 scope link\n");
  BOOST_TEST(show(routes)
             == "10.213.2.0/24>192.168.0.2 10.213.3.0/24>192.168.0.3 10.213.4.0/24> ");
}

BOOST_AUTO_TEST_CASE(diff_replaces_changed_and_removes_stale) {
  struct row {
    const char* name;
    std::vector<pod_route> desired;
    std::vector<pod_route> current;
    std::string replace;
    std::vector<std::string> remove;
  };
  const std::vector<row> rows{
    {"nothing", {}, {}, "", {}},
    {"all new", {{"10.1.0.0/24", "1.1.1.1"}}, {}, "10.1.0.0/24>1.1.1.1 ", {}},
    {"unchanged", {{"10.1.0.0/24", "1.1.1.1"}}, {{"10.1.0.0/24", "1.1.1.1"}}, "", {}},
    {"moved", {{"10.1.0.0/24", "1.1.1.2"}}, {{"10.1.0.0/24", "1.1.1.1"}}, "10.1.0.0/24>1.1.1.2 ",
     {}},
    {"stale", {}, {{"10.1.0.0/24", "1.1.1.1"}}, "", {"10.1.0.0/24"}},
    {"mixed",
     {{"10.1.0.0/24", "1.1.1.1"}, {"10.2.0.0/24", "1.1.1.2"}},
     {{"10.1.0.0/24", "1.1.1.1"}, {"10.3.0.0/24", "1.1.1.3"}},
     "10.2.0.0/24>1.1.1.2 ",
     {"10.3.0.0/24"}}};
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto d = diff_routes(r.desired, r.current);
      BOOST_TEST(show(d.replace) == r.replace);
      BOOST_TEST(d.remove == r.remove);
      BOOST_TEST(d.empty() == (r.replace.empty() && r.remove.empty()));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
