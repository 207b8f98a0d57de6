#include "actors/store/raft/config.hpp"

namespace convoy::raft {

std::string config::validate() const {
  if (id == 0)
    return "raft config: id must not be 0 (0 means none)";
  if (heartbeat_tick <= 0)
    return "raft config: heartbeat_tick must be greater than 0";
  if (election_tick <= heartbeat_tick)
    return "raft config: election_tick must be greater than heartbeat_tick";
  if (max_inflight_msgs == 0)
    return "raft config: max_inflight_msgs must be greater than 0";
  if (max_size_per_msg == 0)
    return "raft config: max_size_per_msg must be greater than 0";
  if (max_committed_size_per_ready == 0)
    return "raft config: max_committed_size_per_ready must be greater than 0";
  return {};
}

} // namespace convoy::raft
