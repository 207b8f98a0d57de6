// Service and Endpoints validation tables.

#include <boost/test/unit_test.hpp>

#include "actors/apiserver/validation/service_validation.hpp"
#include "test_support.hpp"

using namespace convoy;
using namespace convoy::apiserver;
using svc_case = test::validation_case<api::Service>;
using ep_case = test::validation_case<api::Endpoints>;

namespace {

api::ServicePort& port(api::Service& s, int i = 0) {
  return *s.mutable_spec()->mutable_ports(i);
}

api::ServicePort& add_port(api::Service& s, const char* name, int32_t number) {
  auto& p = *s.mutable_spec()->add_ports();
  p.set_name(name);
  p.set_port(number);
  p.set_protocol("TCP");
  p.mutable_target_port()->set_int_val(number);
  return p;
}

void node_port_type(api::Service& s) {
  s.mutable_spec()->set_type("NodePort");
  s.mutable_spec()->set_external_traffic_policy("Cluster");
}

api::Endpoints valid_endpoints() {
  api::Endpoints ep;
  ep.mutable_metadata()->set_name("web");
  ep.mutable_metadata()->set_namespace_("default");
  auto* subset = ep.add_subsets();
  subset->add_addresses()->set_ip("10.244.0.5");
  subset->add_ports()->set_port(8080);
  apply_defaults(ep);
  return ep;
}

const char* dns1035_msg
  = R"(a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?'))";

} // namespace

BOOST_AUTO_TEST_SUITE(service_validation_tests)

BOOST_AUTO_TEST_CASE(services) {
  const std::vector<svc_case> cases = {
    {"valid", [](api::Service&) {}, {}},
    {"name not DNS-1035", [](api::Service& s) { s.mutable_metadata()->set_name("1web"); },
     {std::string{"metadata.name: Invalid value: \"1web\": "} + dns1035_msg}},
    {"no ports", [](api::Service& s) { s.mutable_spec()->clear_ports(); },
     {"spec.ports: Required value"}},
    {"headless without ports",
     [](api::Service& s) {
       s.mutable_spec()->clear_ports();
       s.mutable_spec()->set_cluster_ip("None");
     },
     {}},
    {"port out of range", [](api::Service& s) { port(s).set_port(70000); },
     {"spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive"}},
    {"bad protocol", [](api::Service& s) { port(s).set_protocol("HTTP"); },
     {R"(spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP")"}},
    {"names required when several", [](api::Service& s) { add_port(s, "", 443); },
     {"spec.ports[0].name: Required value", "spec.ports[1].name: Required value"}},
    {"duplicate names",
     [](api::Service& s) {
       port(s).set_name("http");
       add_port(s, "http", 8080);
     },
     {"spec.ports[1].name: Duplicate value: \"http\""}},
    {"duplicate port",
     [](api::Service& s) {
       port(s).set_name("a");
       add_port(s, "b", 80);
     },
     {R"(spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0})"}},
    {"same port other protocol",
     [](api::Service& s) {
       port(s).set_name("a");
       add_port(s, "b", 80).set_protocol("UDP");
     },
     {}},
    {"target port name",
     [](api::Service& s) {
       port(s).mutable_target_port()->set_type(1);
       port(s).mutable_target_port()->set_str_val("http");
     },
     {}},
    {"bad target port name",
     [](api::Service& s) {
       port(s).mutable_target_port()->set_type(1);
       port(s).mutable_target_port()->set_str_val("HTTP");
     },
     {"spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain only alpha-numeric "
      "characters (a-z, 0-9), and hyphens (-)",
      "spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain at least one letter (a-z)"}},
    {"bad target port number", [](api::Service& s) { port(s).mutable_target_port()->set_int_val(70000); },
     {"spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive"}},
    {"nodePort on ClusterIP", [](api::Service& s) { port(s).set_node_port(30080); },
     {"spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"}},
    {"NodePort service",
     [](api::Service& s) {
       node_port_type(s);
       port(s).set_node_port(30080);
     },
     {}},
    {"nodePort out of range",
     [](api::Service& s) {
       node_port_type(s);
       port(s).set_node_port(80);
     },
     {"spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The "
      "range of valid ports is 30000-32767"}},
    {"duplicate nodePort",
     [](api::Service& s) {
       node_port_type(s);
       port(s).set_name("a");
       port(s).set_node_port(30080);
       add_port(s, "b", 81).set_node_port(30080);
     },
     {"spec.ports[1].nodePort: Duplicate value: 30080"}},
    {"NodePort needs traffic policy",
     [](api::Service& s) {
       node_port_type(s);
       s.mutable_spec()->clear_external_traffic_policy();
     },
     {"spec.externalTrafficPolicy: Required value"}},
    {"external policy on ClusterIP",
     [](api::Service& s) { s.mutable_spec()->set_external_traffic_policy("Local"); },
     {"spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for "
      "externally-accessible services"}},
    {"unsupported type", [](api::Service& s) { s.mutable_spec()->set_type("LoadBalancer"); },
     {R"(spec.type: Unsupported value: "LoadBalancer": supported values: "ClusterIP", "NodePort")"}},
    {"no type", [](api::Service& s) { s.mutable_spec()->clear_type(); },
     {"spec.type: Required value"}},
    {"session affinity", [](api::Service& s) { s.mutable_spec()->set_session_affinity("Sticky"); },
     {R"(spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None")"}},
    {"ClientIP without config",
     [](api::Service& s) { s.mutable_spec()->set_session_affinity("ClientIP"); },
     {"spec.sessionAffinityConfig: Required value: when session affinity type is ClientIP"}},
    {"ClientIP timeout",
     [](api::Service& s) {
       s.mutable_spec()->set_session_affinity("ClientIP");
       s.mutable_spec()->mutable_session_affinity_config()->mutable_client_ip()->set_timeout_seconds(0);
     },
     {"spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than "
      "0 and less than 86400"}},
    {"config with None",
     [](api::Service& s) { s.mutable_spec()->mutable_session_affinity_config(); },
     {"spec.sessionAffinityConfig: Forbidden: must not be set when session affinity is None"}},
    {"bad clusterIP", [](api::Service& s) { s.mutable_spec()->set_cluster_ip("10.0.0.300"); },
     {"spec.clusterIP: Invalid value: \"10.0.0.300\": must be a valid IP address, (e.g. 10.9.8.7 "
      "or 2001:db8::ffff)"}},
    {"clusterIPs disagree",
     [](api::Service& s) {
       s.mutable_spec()->set_cluster_ip("10.0.0.10");
       s.mutable_spec()->add_cluster_ips("10.0.0.11");
     },
     {R"(spec.clusterIPs: Invalid value: []string{"10.0.0.11"}: first value must match `clusterIP`)"}},
    {"headless NodePort",
     [](api::Service& s) {
       node_port_type(s);
       s.mutable_spec()->set_cluster_ip("None");
     },
     {"spec.clusterIP: Invalid value: \"None\": may not be set to 'None' for NodePort services"}},
    {"selector label", [](api::Service& s) { (*s.mutable_spec()->mutable_selector())["app"] = "-x"; },
     {R"(spec.selector: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'))"}},
    {"internal traffic policy",
     [](api::Service& s) { s.mutable_spec()->clear_internal_traffic_policy(); },
     {"spec.internalTrafficPolicy: Required value: must be specified when `type` is 'ClusterIP'"}},
  };
  test::run_cases(test::valid_service(), cases,
                  [](const api::Service& s) { return validate_service(s); });
}

BOOST_AUTO_TEST_CASE(node_port_range_is_configurable) {
  auto svc = test::valid_service();
  svc.mutable_spec()->set_type("NodePort");
  svc.mutable_spec()->set_external_traffic_policy("Cluster");
  svc.mutable_spec()->mutable_ports(0)->set_node_port(8080);
  service_options opts;
  opts.node_port_min = 8000;
  opts.node_port_max = 9000;
  BOOST_TEST(validate_service(svc, opts).empty());
  BOOST_TEST(validate_service(svc).size() == 1u);
}

BOOST_AUTO_TEST_CASE(service_updates) {
  auto old = test::valid_service();
  old.mutable_metadata()->set_resource_version("4");
  old.mutable_spec()->set_cluster_ip("10.96.0.10");
  old.mutable_spec()->add_cluster_ips("10.96.0.10");
  const std::vector<svc_case> cases = {
    {"ports change", [](api::Service& s) { port(s).set_port(8080); }, {}},
    {"clusterIP change",
     [](api::Service& s) {
       s.mutable_spec()->set_cluster_ip("10.96.0.11");
       s.mutable_spec()->set_cluster_ips(0, "10.96.0.11");
     },
     {"spec.clusterIP: Invalid value: \"10.96.0.11\": field is immutable"}},
    {"type to NodePort", [](api::Service& s) { node_port_type(s); }, {}},
  };
  test::run_cases(old, cases,
                  [&](const api::Service& s) { return validate_service_update(s, old); });
  // An unallocated clusterIP may be set by the allocator's update.
  auto fresh = test::valid_service();
  fresh.mutable_metadata()->set_resource_version("1");
  auto allocated = fresh;
  allocated.mutable_spec()->set_cluster_ip("10.96.0.12");
  BOOST_TEST(validate_service_update(allocated, fresh).empty());
}

BOOST_AUTO_TEST_CASE(endpoints) {
  auto address = [](api::Endpoints& ep) { return ep.mutable_subsets(0)->mutable_addresses(0); };
  const std::vector<ep_case> cases = {
    {"valid", [](api::Endpoints&) {}, {}},
    {"loopback allowed by default", [&](api::Endpoints& ep) { address(ep)->set_ip("127.0.0.1"); },
     {}},
    {"no addresses", [](api::Endpoints& ep) { ep.mutable_subsets(0)->clear_addresses(); },
     {"subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"}},
    {"not ready only",
     [](api::Endpoints& ep) {
       ep.mutable_subsets(0)->clear_addresses();
       ep.mutable_subsets(0)->add_not_ready_addresses()->set_ip("10.244.0.6");
     },
     {}},
    {"bad ip", [&](api::Endpoints& ep) { address(ep)->set_ip("abc"); },
     {"subsets[0].addresses[0].ip: Invalid value: \"abc\": must be a valid IP address, (e.g. "
      "10.9.8.7 or 2001:db8::ffff)"}},
    {"unspecified ip", [&](api::Endpoints& ep) { address(ep)->set_ip("0.0.0.0"); },
     {"subsets[0].addresses[0].ip: Invalid value: \"0.0.0.0\": may not be unspecified (0.0.0.0)"}},
    {"link-local ip", [&](api::Endpoints& ep) { address(ep)->set_ip("169.254.1.1"); },
     {"subsets[0].addresses[0].ip: Invalid value: \"169.254.1.1\": may not be in the link-local "
      "range (169.254.0.0/16, fe80::/10)"}},
    {"hostname and node",
     [&](api::Endpoints& ep) {
       address(ep)->set_hostname("Web");
       address(ep)->set_node_name("n1");
     },
     {"subsets[0].addresses[0].hostname: Invalid value: \"Web\": " + test::label_msg()}},
    {"port names when several",
     [](api::Endpoints& ep) {
       auto* p = ep.mutable_subsets(0)->add_ports();
       p->set_port(9090);
       p->set_protocol("TCP");
     },
     {"subsets[0].ports[0].name: Required value", "subsets[0].ports[1].name: Required value"}},
    {"port zero", [](api::Endpoints& ep) { ep.mutable_subsets(0)->mutable_ports(0)->set_port(0); },
     {"subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"}},
    {"port protocol",
     [](api::Endpoints& ep) { ep.mutable_subsets(0)->mutable_ports(0)->set_protocol("ICMP"); },
     {R"(subsets[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP")"}},
  };
  test::run_cases(valid_endpoints(), cases,
                  [](const api::Endpoints& ep) { return validate_endpoints(ep); });

  auto loopback = valid_endpoints();
  loopback.mutable_subsets(0)->mutable_addresses(0)->set_ip("127.0.0.1");
  endpoints_options strict;
  strict.allow_loopback = false;
  auto got = test::render(validate_endpoints(loopback, strict));
  std::vector<std::string> expected = {
    "subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range "
    "(127.0.0.0/8, ::1/128)"};
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
