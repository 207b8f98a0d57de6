#pragma once

// Small builders for the kubelet core tests: pods, containers, attempts.

#include <ostream>
#include <string>
#include <vector>

#include "api/pod.pb.h"
#include "actors/kubelet/core/probe_tracker.hpp"
#include "runtime/containers/container_runtime.hpp"

namespace convoy::kubelet {

inline std::ostream& operator<<(std::ostream& out, probe_kind k) {
  return out << to_string(k);
}

inline std::ostream& operator<<(std::ostream& out, probe_action a) {
  return out << static_cast<int>(a);
}

} // namespace convoy::kubelet

namespace convoy::kubelet::test {

inline constexpr containers::wall_ms sec = 1000;

inline api::Container container(const std::string& name, const std::string& image = "img") {
  api::Container c;
  c.set_name(name);
  c.set_image(image);
  return c;
}

inline api::Pod pod(std::vector<api::Container> containers, const std::string& policy = "Always",
                    std::vector<api::Container> init = {}) {
  api::Pod p;
  p.mutable_metadata()->set_name("web");
  p.mutable_metadata()->set_namespace_("prod");
  p.mutable_metadata()->set_uid("u1");
  p.mutable_spec()->set_restart_policy(policy);
  p.mutable_spec()->set_node_name("node-a");
  for (auto& c : init)
    *p.mutable_spec()->add_init_containers() = std::move(c);
  for (auto& c : containers)
    *p.mutable_spec()->add_containers() = std::move(c);
  return p;
}

inline containers::container_status running(const std::string& name, int attempt,
                                            containers::wall_ms started_at, bool init = false) {
  containers::container_status st;
  st.id = name + "-" + std::to_string(attempt);
  st.pod_uid = "u1";
  st.container_name = name;
  st.attempt = attempt;
  st.init = init;
  st.image = "img";
  st.pod_ip = "10.0.0.5";
  st.state = containers::container_state::running;
  st.created_at = started_at;
  st.started_at = started_at;
  return st;
}

inline containers::container_status exited(const std::string& name, int attempt,
                                           containers::wall_ms started_at,
                                           containers::wall_ms finished_at, int code,
                                           bool init = false) {
  auto st = running(name, attempt, started_at, init);
  st.state = containers::container_state::exited;
  st.finished_at = finished_at;
  st.exit_code = code;
  return st;
}

inline api::Probe exec_probe(int period = 0, int success = 0, int failure = 0, int delay = 0) {
  api::Probe p;
  p.mutable_exec()->add_command("true");
  p.set_period_seconds(period);
  p.set_success_threshold(success);
  p.set_failure_threshold(failure);
  p.set_initial_delay_seconds(delay);
  return p;
}

} // namespace convoy::kubelet::test
