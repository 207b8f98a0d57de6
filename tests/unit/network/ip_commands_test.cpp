// Names (deterministic, <= 15 characters) and the `ip` argv vectors.

#include <boost/test/unit_test.hpp>

#include <set>

#include "runtime/network/ip_commands.hpp"
#include "runtime/network/ipv4.hpp"

using namespace convoy::network;

BOOST_AUTO_TEST_SUITE(ip_commands)

BOOST_AUTO_TEST_CASE(names_fit_the_interface_limit_and_are_deterministic) {
  const char* uids[] = {"3f2a9c1e-77b0-4d1e-9a55-0123456789ab", "x", "", "ABCDEF-ghijkl-MNOP",
                        "--------------", "a/b c"};
  for (const char* uid : uids) {
    BOOST_TEST_CONTEXT(uid) {
      for (const auto& name : {netns_name(uid), veth_host_name(uid), veth_pod_name(uid)}) {
        BOOST_TEST(name.size() == 15u);
        for (char c : name)
          BOOST_TEST(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'));
      }
      BOOST_TEST(netns_name(uid) == netns_name(uid));
    }
  }
  BOOST_TEST(netns_name("3f2a9c1e-77b0-4d1e-9a55-0123456789ab") == "cv-3f2a9c1e77b0");
  BOOST_TEST(veth_host_name("3f2a9c1e-77b0-4d1e") == "cvh3f2a9c1e77b0");
  BOOST_TEST(veth_pod_name("ABCDEF-ghijkl-MNOP") == "cvpabcdefghijkl");
  BOOST_TEST(pod_tag("x") != pod_tag("y"));
  BOOST_TEST(pod_tag("ab") != pod_tag("ba"));
}

BOOST_AUTO_TEST_CASE(bridge_names_differ_per_node) {
  std::set<std::string> names;
  for (int i = 1; i <= 50; ++i) {
    auto n = bridge_name("worker-" + std::to_string(i));
    BOOST_TEST(n.size() == 12u);
    BOOST_TEST(n.rfind("cvb-", 0) == 0u);
    names.insert(n);
  }
  BOOST_TEST(names.size() == 50u);
  BOOST_TEST(bridge_name("worker-1") == bridge_name("worker-1"));
  BOOST_TEST(fnv1a("") == 2166136261u);
  BOOST_TEST(fnv1a("a") == 0xe40c292cu);
}

BOOST_AUTO_TEST_CASE(pod_plan_and_commands) {
  auto plan = make_pod_plan("worker-1", "0123456789abcdef", *parse_ipv4("10.213.1.5"), 24);
  BOOST_TEST(plan.netns == "cv-0123456789ab");
  BOOST_TEST(plan.address == "10.213.1.5/24");
  BOOST_TEST(plan.gateway == "10.213.1.1");
  BOOST_TEST(plan.bridge == bridge_name("worker-1"));
  auto cmds = pod_commands(plan);
  BOOST_REQUIRE(cmds.size() == 9u);
  BOOST_TEST(join(cmds[0]) == "ip netns add cv-0123456789ab");
  BOOST_TEST(join(cmds[1])
             == "ip link add cvh0123456789ab type veth peer name cvp0123456789ab netns "
                "cv-0123456789ab");
  BOOST_TEST(join(cmds[2]) == "ip link set cvh0123456789ab master " + plan.bridge);
  BOOST_TEST(join(cmds[4]) == "ip -n cv-0123456789ab link set cvp0123456789ab name eth0");
  BOOST_TEST(join(cmds[5]) == "ip -n cv-0123456789ab addr add 10.213.1.5/24 dev eth0");
  BOOST_TEST(join(cmds[8]) == "ip -n cv-0123456789ab route replace default via 10.213.1.1");
  for (const auto& c : cmds)
    BOOST_TEST(c.front() == "ip");
}

BOOST_AUTO_TEST_CASE(bridge_teardown_and_route_commands) {
  auto b = bridge_commands("cvb-12345678", "10.213.1.1/24");
  BOOST_REQUIRE(b.size() == 3u);
  BOOST_TEST(join(b[0]) == "ip link add cvb-12345678 type bridge");
  BOOST_TEST(join(b[1]) == "ip addr replace 10.213.1.1/24 dev cvb-12345678");
  BOOST_TEST(join(b[2]) == "ip link set cvb-12345678 up");
  auto t = pod_teardown_commands("cv-a", "cvha");
  BOOST_REQUIRE(t.size() == 2u);
  BOOST_TEST(join(t[0]) == "ip link del cvha");
  BOOST_TEST(join(t[1]) == "ip netns del cv-a");
  BOOST_TEST(join(route_replace_command("10.213.2.0/24", "192.168.0.2"))
             == "ip route replace 10.213.2.0/24 via 192.168.0.2 proto 77");
  BOOST_TEST(join(route_delete_command("10.213.2.0/24")) == "ip route del 10.213.2.0/24 proto 77");
  BOOST_TEST(join(route_list_command()) == "ip -4 route show proto 77");
}

BOOST_AUTO_TEST_SUITE_END()
