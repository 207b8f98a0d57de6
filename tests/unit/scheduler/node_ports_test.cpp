// Tests for plugins/node_ports: Kubernetes' NodePorts (node_ports_test.go):
// a wanted host port conflicts with a used one of the same protocol and
// port when the addresses overlap (equal, or either one 0.0.0.0 / empty).

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "actors/scheduler/plugins/node_ports/node_ports.hpp"
#include "builders.hpp"
#include "plugin_checks.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;

namespace {

const std::string no_free_ports = "node(s) didn't have free ports for the requested pod ports";

struct port {
  std::string protocol;
  std::string ip;
  int32_t number;
};

pod_builder with_ports(const std::string& name, const std::vector<port>& ports) {
  pod_builder pod(name);
  for (const auto& p : ports)
    pod.host_port(p.number, p.protocol, p.ip);
  return pod;
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_ports_test)

BOOST_AUTO_TEST_CASE(pre_filter_skips_pods_without_host_ports) {
  plugins::node_ports pl;
  node_snapshot nodes;
  cycle_state state(1);
  // A container port without a host port holds nothing on the node.
  auto pod = pod_builder("p").container("100m");
  pod.spec().mutable_containers(0)->add_ports()->set_container_port(80);
  check_status(pl.pre_filter(state, *pod.info(), nodes), code::skip);
  check_status(pl.pre_filter(state, *with_ports("p", {{"TCP", "", 80}}).info(), nodes),
               code::success);
}

BOOST_AUTO_TEST_CASE(filter_rejects_conflicting_ports) {
  struct row {
    const char* name;
    std::vector<port> wanted;
    std::vector<port> used;
    bool fits;
  };
  const std::vector<row> rows = {
    {"nothing running", {{"UDP", "127.0.0.1", 8080}}, {}, true},
    {"other port", {{"UDP", "127.0.0.1", 8080}}, {{"UDP", "127.0.0.1", 9090}}, true},
    {"same udp port", {{"UDP", "127.0.0.1", 8080}}, {{"UDP", "127.0.0.1", 8080}}, false},
    {"same tcp port", {{"TCP", "127.0.0.1", 8080}}, {{"TCP", "127.0.0.1", 8080}}, false},
    {"different host ip", {{"TCP", "127.0.0.1", 8080}}, {{"TCP", "127.0.0.2", 8080}}, true},
    {"different protocol", {{"TCP", "127.0.0.1", 8080}}, {{"UDP", "127.0.0.1", 8080}}, true},
    {"second udp port conflict",
     {{"TCP", "127.0.0.1", 8000}, {"UDP", "127.0.0.1", 8001}},
     {{"UDP", "127.0.0.1", 8001}},
     false},
    {"first tcp port conflict",
     {{"TCP", "127.0.0.1", 8001}, {"UDP", "127.0.0.1", 8001}},
     {{"TCP", "127.0.0.1", 8001}, {"UDP", "127.0.0.1", 8002}},
     false},
    {"used 0.0.0.0 holds every address",
     {{"TCP", "10.0.10.10", 8001}},
     {{"TCP", "0.0.0.0", 8001}},
     false},
    {"wanted 0.0.0.0 needs every address",
     {{"TCP", "0.0.0.0", 8001}},
     {{"TCP", "127.0.0.1", 8001}},
     false},
    {"second tcp port conflict with 0.0.0.0",
     {{"TCP", "10.0.10.10", 8001}, {"TCP", "10.0.10.10", 8002}},
     {{"TCP", "0.0.0.0", 8002}},
     false},
    {"0.0.0.0 on another protocol",
     {{"UDP", "127.0.0.1", 8001}},
     {{"TCP", "0.0.0.0", 8001}},
     true},
    {"0.0.0.0 on another port", {{"TCP", "0.0.0.0", 8001}}, {{"TCP", "0.0.0.0", 8002}}, true},
    {"empty host ip means 0.0.0.0", {{"TCP", "", 8001}}, {{"TCP", "127.0.0.1", 8001}}, false},
    {"used empty host ip", {{"TCP", "127.0.0.1", 8001}}, {{"TCP", "", 8001}}, false},
    {"empty protocol means TCP", {{"", "", 8001}}, {{"TCP", "", 8001}}, false},
    {"empty protocol is not UDP", {{"", "", 8001}}, {{"UDP", "", 8001}}, true},
    {"SCTP is its own protocol", {{"SCTP", "", 8001}}, {{"TCP", "", 8001}}, true},
  };
  plugins::node_ports pl;
  node_snapshot nodes;
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      cycle_state state(1);
      auto pod = with_ports("p", r.wanted).info();
      auto node = node_builder("n1").info({with_ports("held", r.used).info()});
      BOOST_TEST_REQUIRE(pl.pre_filter(state, *pod, nodes).is_success());
      if (r.fits)
        check_status(pl.filter(state, *pod, *node), code::success);
      else
        check_status(pl.filter(state, *pod, *node), code::unschedulable, {no_free_ports});
    }
  }
}

BOOST_AUTO_TEST_CASE(filter_sees_ports_of_every_pod_on_the_node) {
  plugins::node_ports pl;
  node_snapshot nodes;
  cycle_state state(1);
  auto pod = with_ports("p", {{"TCP", "", 443}}).info();
  auto node = node_builder("n1").info({with_ports("a", {{"TCP", "", 80}}).info(),
                                       with_ports("b", {{"TCP", "", 443}}).info()});
  BOOST_TEST_REQUIRE(pl.pre_filter(state, *pod, nodes).is_success());
  check_status(pl.filter(state, *pod, *node), code::unschedulable, {no_free_ports});

  // Once the holder leaves, the port is free again.
  node->remove_pod("default/b");
  check_status(pl.filter(state, *pod, *node), code::success);
}

BOOST_AUTO_TEST_CASE(state_lives_in_the_plugins_slot) {
  plugins::node_ports pl;
  pl.set_slot(2);
  node_snapshot nodes;
  cycle_state state(3);
  auto pod = with_ports("p", {{"TCP", "", 80}}).info();
  BOOST_TEST_REQUIRE(pl.pre_filter(state, *pod, nodes).is_success());
  BOOST_TEST(state.read<state_data>(0) == nullptr);
  BOOST_TEST(state.read<state_data>(2) != nullptr);
  auto node = node_builder("n1").info({with_ports("held", {{"TCP", "", 80}}).info()});
  check_status(pl.filter(state, *pod, *node), code::unschedulable, {no_free_ports});
}

BOOST_AUTO_TEST_CASE(filter_without_pre_filter_state_is_an_error) {
  plugins::node_ports pl;
  cycle_state state(1);
  auto pod = with_ports("p", {{"TCP", "", 80}}).info();
  auto s = pl.filter(state, *pod, *node_builder("n1").info());
  BOOST_TEST(code_name(s.get_code()) == "error");
}

BOOST_AUTO_TEST_CASE(name_is_kubernetes_plugin_name) {
  plugins::node_ports pl;
  BOOST_TEST(pl.name() == "NodePorts");
}

BOOST_AUTO_TEST_SUITE_END()
