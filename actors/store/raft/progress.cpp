#include "actors/store/raft/progress.hpp"

#include <algorithm>

namespace convoy::raft {

const char* to_string(progress_state x) {
  switch (x) {
    case progress_state::probe:
      return "probe";
    case progress_state::replicate:
      return "replicate";
    case progress_state::snapshot:
      return "snapshot";
  }
  return "?";
}

progress::progress(uint64_t next_index, size_t max_inflight, bool learner)
  : next(next_index), is_learner(learner), flight(max_inflight) {
  // nop
}

void progress::reset_state(progress_state s) {
  probe_sent = false;
  pending_snapshot = 0;
  state = s;
  flight.reset();
}

void progress::become_probe() {
  // After a snapshot, the follower holds at least the snapshot's entries.
  if (state == progress_state::snapshot) {
    auto pending = pending_snapshot;
    reset_state(progress_state::probe);
    next = std::max(match + 1, pending + 1);
  } else {
    reset_state(progress_state::probe);
    next = match + 1;
  }
}

void progress::become_replicate() {
  reset_state(progress_state::replicate);
  next = match + 1;
}

void progress::become_snapshot(uint64_t snapshot_index) {
  reset_state(progress_state::snapshot);
  pending_snapshot = snapshot_index;
}

bool progress::maybe_update(uint64_t n) {
  bool updated = false;
  if (match < n) {
    match = n;
    updated = true;
    probe_sent = false;
  }
  next = std::max(next, n + 1);
  return updated;
}

bool progress::maybe_decr_to(uint64_t rejected, uint64_t match_hint) {
  if (state == progress_state::replicate) {
    // A rejection at or below match is stale (duplicated or reordered).
    if (rejected <= match)
      return false;
    next = match + 1;
    return true;
  }
  // In probe state only the answer to the outstanding probe counts.
  if (next - 1 != rejected)
    return false;
  next = std::max(std::min(rejected, match_hint + 1), match + 1);
  probe_sent = false;
  return true;
}

bool progress::is_paused() const {
  switch (state) {
    case progress_state::probe:
      return probe_sent;
    case progress_state::replicate:
      return flight.full();
    case progress_state::snapshot:
      return true;
  }
  return true;
}

std::string progress::to_string() const {
  auto s = std::string(raft::to_string(state)) + " match=" + std::to_string(match)
           + " next=" + std::to_string(next);
  if (is_learner)
    s += " learner";
  if (state == progress_state::snapshot)
    s += " pending_snap=" + std::to_string(pending_snapshot);
  if (probe_sent)
    s += " paused";
  if (flight.count() > 0)
    s += " inflight=" + std::to_string(flight.count());
  return s;
}

} // namespace convoy::raft
