#include "persistence/backend/backend_error.hpp"

namespace convoy::backend {

const char* to_string(backend_error_kind kind) noexcept {
  switch (kind) {
    case backend_error_kind::map_full:
      return "map full";
    case backend_error_kind::corrupted:
      return "corrupted";
    case backend_error_kind::commit_failed:
      return "commit failed";
    case backend_error_kind::other:
      return "other";
  }
  return "unknown";
}

} // namespace convoy::backend
