#include "actors/store/raft/log_storage.hpp"

namespace convoy::raft {

log_storage::~log_storage() = default;

const char* to_string(storage_error x) {
  switch (x) {
    case storage_error::none:
      return "none";
    case storage_error::compacted:
      return "requested index is unavailable due to compaction";
    case storage_error::unavailable:
      return "requested entry at index is unavailable";
    case storage_error::snapshot_out_of_date:
      return "requested index is older than the existing snapshot";
    case storage_error::snapshot_temporarily_unavailable:
      return "snapshot is temporarily unavailable";
  }
  return "?";
}

} // namespace convoy::raft
