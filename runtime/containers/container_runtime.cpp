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

} // namespace convoy::containers
