// The proxy's pure core: which Services and ports become rules, which
// endpoint addresses become backends, and the diff between rule sets.

#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <optional>

#include "actors/proxy/core/rules.hpp"

using namespace convoy;
using namespace convoy::proxy;

namespace {

struct port_spec {
  std::string name;
  int port;
  std::string protocol = "TCP";
  int node_port = 0;
};

api::Service service(const std::string& name, const std::string& type,
                     const std::string& cluster_ip, std::initializer_list<port_spec> ports) {
  api::Service svc;
  svc.mutable_metadata()->set_name(name);
  svc.mutable_metadata()->set_namespace_("default");
  svc.mutable_spec()->set_type(type);
  svc.mutable_spec()->set_cluster_ip(cluster_ip);
  for (const auto& p : ports) {
    auto* sp = svc.mutable_spec()->add_ports();
    sp->set_name(p.name);
    sp->set_port(p.port);
    sp->set_protocol(p.protocol);
    sp->set_node_port(p.node_port);
  }
  return svc;
}

struct subset_spec {
  std::vector<std::string> ready;
  std::vector<std::string> not_ready;
  std::vector<std::pair<std::string, int>> ports;
};

api::Endpoints endpoints(const std::string& name, std::initializer_list<subset_spec> subsets) {
  api::Endpoints ep;
  ep.mutable_metadata()->set_name(name);
  ep.mutable_metadata()->set_namespace_("default");
  for (const auto& s : subsets) {
    auto* sub = ep.add_subsets();
    for (const auto& ip : s.ready)
      sub->add_addresses()->set_ip(ip);
    for (const auto& ip : s.not_ready)
      sub->add_not_ready_addresses()->set_ip(ip);
    for (const auto& [pname, port] : s.ports) {
      auto* p = sub->add_ports();
      p->set_name(pname);
      p->set_port(port);
      p->set_protocol("TCP");
    }
  }
  return ep;
}

/// "key listen_ip:port -> ip:port,ip:port" per rule, for readable checks.
std::vector<std::string> render(const std::vector<rule>& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules) {
    auto line = r.service_key + " " + listen_key(r) + " ->";
    for (const auto& b : r.backends)
      line += " " + b.ip + ":" + std::to_string(b.port);
    out.push_back(line);
  }
  return out;
}

using lines = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_SUITE(proxy_rules)

BOOST_AUTO_TEST_CASE(service_rules_table) {
  auto two_ports = endpoints("web", {{{"10.0.0.2", "10.0.0.1"}, {"10.0.0.9"},
                                      {{"http", 8080}, {"metrics", 9090}}}});
  struct row {
    const char* what;
    api::Service svc;
    std::optional<api::Endpoints> eps;
    rule_options opts;
    lines want;
  };
  rule_options remote{"192.168.1.5", true};
  rule_options remote_no_lo{"192.168.1.5", false};
  std::vector<row> table{
    {"cluster ip, named ports, ready only, sorted",
     service("web", "ClusterIP", "10.96.0.10", {{"http", 80}, {"metrics", 9000}}), two_ports, {},
     {"default/web:http 10.96.0.10:80 -> 10.0.0.1:8080 10.0.0.2:8080",
      "default/web:metrics 10.96.0.10:9000 -> 10.0.0.1:9090 10.0.0.2:9090"}},
    {"empty type means ClusterIP; no endpoints: rule without backends",
     service("web", "", "10.96.0.10", {{"", 80}}), std::nullopt, {},
     {"default/web: 10.96.0.10:80 ->"}},
    {"single unnamed port matches unnamed endpoint port",
     service("db", "ClusterIP", "10.96.0.11", {{"", 5432}}),
     endpoints("db", {{{"10.0.1.1"}, {}, {{"", 5432}}}}), {},
     {"default/db: 10.96.0.11:5432 -> 10.0.1.1:5432"}},
    {"port name mismatch: no backends",
     service("db", "ClusterIP", "10.96.0.11", {{"pg", 5432}}),
     endpoints("db", {{{"10.0.1.1"}, {}, {{"other", 5432}}}}), {},
     {"default/db:pg 10.96.0.11:5432 ->"}},
    {"UDP and SCTP ports skipped",
     service("dns", "ClusterIP", "10.96.0.12", {{"dns", 53, "UDP"}, {"s", 9, "SCTP"},
                                               {"tcp", 53, "TCP"}}),
     endpoints("dns", {{{"10.0.2.1"}, {}, {{"dns", 53}, {"tcp", 53}}}}), {},
     {"default/dns:tcp 10.96.0.12:53 -> 10.0.2.1:53"}},
    {"headless (None) skipped", service("h", "ClusterIP", "None", {{"", 80}}), std::nullopt, {},
     {}},
    {"no cluster ip skipped", service("h", "ClusterIP", "", {{"", 80}}), std::nullopt, {}, {}},
    {"ExternalName skipped", service("x", "ExternalName", "10.96.0.13", {{"", 80}}),
     std::nullopt, {}, {}},
    {"NodePort on node ip and localhost",
     service("np", "NodePort", "10.96.0.14", {{"", 80, "TCP", 30080}}),
     endpoints("np", {{{"10.0.3.1"}, {}, {{"", 8080}}}}), remote,
     {"default/np: 10.96.0.14:80 -> 10.0.3.1:8080", "default/np: 192.168.1.5:30080 -> 10.0.3.1:8080",
      "default/np: 127.0.0.1:30080 -> 10.0.3.1:8080"}},
    {"NodePort without localhost flag",
     service("np", "NodePort", "10.96.0.14", {{"", 80, "TCP", 30080}}), std::nullopt,
     remote_no_lo, {"default/np: 10.96.0.14:80 ->", "default/np: 192.168.1.5:30080 ->"}},
    {"LoadBalancer serves node ports; node ip is localhost: once",
     service("lb", "LoadBalancer", "10.96.0.15", {{"", 80, "TCP", 30081}}), std::nullopt, {},
     {"default/lb: 10.96.0.15:80 ->", "default/lb: 127.0.0.1:30081 ->"}},
    {"ClusterIP ignores a node port", service("c", "ClusterIP", "10.96.0.16",
                                              {{"", 80, "TCP", 30082}}),
     std::nullopt, {}, {"default/c: 10.96.0.16:80 ->"}},
    {"not-ready addresses excluded entirely",
     service("nr", "ClusterIP", "10.96.0.17", {{"", 80}}),
     endpoints("nr", {{{}, {"10.0.4.1", "10.0.4.2"}, {{"", 80}}}}), {},
     {"default/nr: 10.96.0.17:80 ->"}},
    {"several subsets with different ports",
     service("m", "ClusterIP", "10.96.0.18", {{"http", 80}}),
     endpoints("m", {{{"10.0.5.1"}, {}, {{"http", 8080}}}, {{"10.0.5.2"}, {}, {{"http", 8081}}}}),
     {}, {"default/m:http 10.96.0.18:80 -> 10.0.5.1:8080 10.0.5.2:8081"}},
  };
  for (const auto& r : table) {
    BOOST_TEST_CONTEXT(r.what) {
      std::vector<std::string> errors;
      auto got = render(service_rules(r.svc, r.eps ? &*r.eps : nullptr, r.opts, &errors));
      BOOST_TEST(got == r.want, boost::test_tools::per_element());
      BOOST_TEST(errors.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(invalid_ports_are_errors_naming_the_field) {
  auto svc = service("bad", "NodePort", "10.96.0.20", {{"a", 0}, {"b", 80, "TCP", 70000}});
  std::vector<std::string> errors;
  auto got = render(service_rules(svc, nullptr, {}, &errors));
  BOOST_TEST(got == lines{"default/bad:b 10.96.0.20:80 ->"}, boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(errors.size(), 2u);
  BOOST_TEST(errors[0].find("spec.ports[0].port 0") != std::string::npos, errors[0]);
  BOOST_TEST(errors[1].find("spec.ports[1].nodePort 70000") != std::string::npos, errors[1]);
}

BOOST_AUTO_TEST_CASE(compute_rules_sorts_and_resolves_conflicts) {
  service_map services;
  endpoints_map eps;
  services["default/b"] = std::make_shared<api::Service>(
    service("b", "ClusterIP", "10.96.0.1", {{"", 80}}));
  services["default/a"] = std::make_shared<api::Service>(
    service("a", "ClusterIP", "10.96.0.1", {{"", 80}}));
  services["default/c"] = std::make_shared<api::Service>(
    service("c", "ClusterIP", "10.96.0.0", {{"", 81}}));
  eps["default/b"] = std::make_shared<api::Endpoints>(endpoints("b", {{{"10.0.0.2"}, {}, {{"", 1}}}}));
  eps["default/c"] = std::make_shared<api::Endpoints>(endpoints("c", {{{"10.0.0.3"}, {}, {{"", 2}}}}));
  std::vector<std::string> errors;
  auto got = render(compute_rules(services, eps, {}, &errors));
  BOOST_TEST(got == (lines{"default/c: 10.96.0.0:81 -> 10.0.0.3:2", "default/a: 10.96.0.1:80 ->"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(errors.size(), 1u);
  BOOST_TEST(errors[0].find("default/b") == 0);
  BOOST_TEST(errors[0].find("10.96.0.1:80") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(diff_table) {
  auto r = [](const std::string& ip, int port, std::vector<backend> b, std::string key = "s") {
    return rule{std::move(key), ip, port, std::move(b)};
  };
  backend b1{"10.0.0.1", 80}, b2{"10.0.0.2", 80};
  struct row {
    const char* what;
    std::vector<rule> current, desired;
    lines open, close, update;
  };
  std::vector<row> table{
    {"empty to empty", {}, {}, {}, {}, {}},
    {"open all", {}, {r("1.1.1.1", 80, {b1}), r("1.1.1.1", 81, {})}, {"1.1.1.1:80", "1.1.1.1:81"},
     {}, {}},
    {"close all", {r("1.1.1.1", 80, {b1})}, {}, {}, {"1.1.1.1:80"}, {}},
    {"unchanged", {r("1.1.1.1", 80, {b1, b2})}, {r("1.1.1.1", 80, {b1, b2})}, {}, {}, {}},
    {"backends changed", {r("1.1.1.1", 80, {b1})}, {r("1.1.1.1", 80, {b2})}, {}, {},
     {"1.1.1.1:80"}},
    {"service key changed", {r("1.1.1.1", 80, {b1}, "x")}, {r("1.1.1.1", 80, {b1}, "y")}, {}, {},
     {"1.1.1.1:80"}},
    {"mixed", {r("1.1.1.1", 80, {b1}), r("1.1.1.1", 81, {b1}), r("2.2.2.2", 80, {})},
     {r("1.1.1.1", 81, {b1}), r("2.2.2.2", 80, {b1}), r("3.3.3.3", 80, {})}, {"3.3.3.3:80"},
     {"1.1.1.1:80"}, {"2.2.2.2:80"}},
    {"duplicate listen address counts once", {},
     {r("1.1.1.1", 80, {b1}, "first"), r("1.1.1.1", 80, {b2}, "second")}, {"1.1.1.1:80"}, {}, {}},
  };
  for (const auto& t : table) {
    BOOST_TEST_CONTEXT(t.what) {
      auto d = diff(t.current, t.desired);
      lines open, update;
      for (const auto& x : d.open)
        open.push_back(listen_key(x));
      for (const auto& x : d.update)
        update.push_back(listen_key(x));
      BOOST_TEST(open == t.open, boost::test_tools::per_element());
      BOOST_TEST(d.close == t.close, boost::test_tools::per_element());
      BOOST_TEST(update == t.update, boost::test_tools::per_element());
      BOOST_TEST(d.empty() == (t.open.empty() && t.close.empty() && t.update.empty()));
    }
  }
  auto d = diff({}, {r("1.1.1.1", 80, {b1}, "first"), r("1.1.1.1", 80, {b2}, "second")});
  BOOST_REQUIRE_EQUAL(d.open.size(), 1u);
  BOOST_TEST(d.open[0].service_key == "first");
  BOOST_TEST(d.open[0].backends.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
