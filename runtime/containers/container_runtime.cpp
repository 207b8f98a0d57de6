#include "runtime/containers/container_runtime.hpp"

namespace convoy::containers {

const char* to_string(container_state s) {
  switch (s) {
    case container_state::created:
      return "created";
    case container_state::running:
      return "running";
    case container_state::exited:
      return "exited";
    case container_state::unknown:
      break;
  }
  return "unknown";
}

container_status created_status(const container_spec& spec, std::string id, wall_ms created_at) {
  container_status s;
  s.id = std::move(id);
  s.pod_uid = spec.pod_uid;
  s.pod_namespace = spec.pod_namespace;
  s.pod_name = spec.pod_name;
  s.container_name = spec.container_name;
  s.attempt = spec.attempt;
  s.init = spec.init;
  s.image = spec.image;
  s.pod_ip = spec.pod_ip;
  s.state = container_state::created;
  s.created_at = created_at;
  return s;
}

} // namespace convoy::containers
