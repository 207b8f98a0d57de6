#pragma once

// Small builders for the endpoints controller tests: a service in "ns" with
// selector app=web, and pods in "ns" that are Running with an IP.

#include <string>

#include "api/pod.pb.h"
#include "api/service.pb.h"

namespace convoy::controllers::endpoints::test {

inline api::ServicePort service_port(const std::string& name, int32_t port) {
  api::ServicePort p;
  p.set_name(name);
  p.set_port(port);
  p.set_protocol("TCP");
  return p;
}

inline api::ServicePort target_number(api::ServicePort p, int32_t target) {
  p.mutable_target_port()->set_type(0);
  p.mutable_target_port()->set_int_val(target);
  return p;
}

inline api::ServicePort target_name(api::ServicePort p, const std::string& target) {
  p.mutable_target_port()->set_type(1);
  p.mutable_target_port()->set_str_val(target);
  return p;
}

inline api::Service service(const std::string& name = "web") {
  api::Service s;
  s.mutable_metadata()->set_name(name);
  s.mutable_metadata()->set_namespace_("ns");
  (*s.mutable_metadata()->mutable_labels())["tier"] = "front";
  (*s.mutable_spec()->mutable_selector())["app"] = "web";
  s.mutable_spec()->set_cluster_ip("10.0.0.10");
  *s.mutable_spec()->add_ports() = service_port("http", 80);
  return s;
}

inline api::Pod pod(const std::string& name, const std::string& ip, bool ready = true) {
  api::Pod p;
  p.mutable_metadata()->set_name(name);
  p.mutable_metadata()->set_namespace_("ns");
  p.mutable_metadata()->set_uid("uid-" + name);
  (*p.mutable_metadata()->mutable_labels())["app"] = "web";
  p.mutable_spec()->set_node_name("node-1");
  auto& c = *p.mutable_spec()->add_containers();
  c.set_name("main");
  auto& port = *c.add_ports();
  port.set_name("web");
  port.set_container_port(8080);
  port.set_protocol("TCP");
  p.mutable_status()->set_phase("Running");
  p.mutable_status()->set_pod_ip(ip);
  auto& cond = *p.mutable_status()->add_conditions();
  cond.set_type("Ready");
  cond.set_status(ready ? "True" : "False");
  return p;
}

} // namespace convoy::controllers::endpoints::test
