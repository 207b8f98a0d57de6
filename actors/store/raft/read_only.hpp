#pragma once

#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/store/raft/util.hpp"

namespace convoy::raft {

/// The leader's pending ReadIndex requests (Raft thesis 6.4): each remembers
/// the commit index at the time it arrived and waits until a quorum answered
/// a heartbeat sent after it, proving that no newer leader existed then.
class read_only {
public:
  struct pending {
    Message request;             // the MsgReadIndex (from = none: local)
    uint64_t index = 0;          // commit index when the request arrived
    std::vector<uint64_t> acks;  // who answered the heartbeat carrying it
  };

  /// Queues a request identified by its context (ignored if that context is
  /// already pending: contexts must be unique per request).
  void add_request(uint64_t index, Message request);

  /// Records that `id` answered a heartbeat carrying `context`; returns the
  /// acks so far, or nullptr if the context is unknown.
  const std::vector<uint64_t>* recv_ack(uint64_t id, const std::string& context);

  /// Removes and returns the request with `context` and all queued before it
  /// (a quorum ack of a later heartbeat also confirms earlier requests).
  std::vector<pending> advance(const std::string& context);

  /// Context of the newest request ("" if none): heartbeats carry it.
  const std::string& last_pending_context() const;

  size_t size() const noexcept {
    return queue_.size();
  }

  void clear() {
    pending_.clear();
    queue_.clear();
  }

private:
  std::unordered_map<std::string, pending> pending_;
  std::deque<std::string> queue_;
};

} // namespace convoy::raft
