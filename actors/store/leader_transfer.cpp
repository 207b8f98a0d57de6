#include "actors/store/leader_transfer.hpp"

#include <tuple>

namespace convoy::store {

namespace {

transfer_plan invalid(std::string why) {
  return transfer_plan{transfer_plan::verdict::invalid, 0, "targetID: " + std::move(why)};
}

/// The most up-to-date voting follower, or 0 if there is none.
uint64_t best_follower(uint64_t self, const std::map<uint64_t, raft::progress>& progress) {
  uint64_t best = 0;
  std::tuple<uint64_t, bool> best_key{0, false};
  for (const auto& [id, pr] : progress) {
    if (id == self || pr.is_learner)
      continue;
    std::tuple<uint64_t, bool> key{pr.match, pr.recent_active};
    // Strictly greater: among equals the first (lowest) id stays.
    if (best == 0 || key > best_key) {
      best = id;
      best_key = key;
    }
  }
  return best;
}

} // namespace

transfer_plan plan_transfer(uint64_t requested, uint64_t self,
                            const std::map<uint64_t, raft::progress>& progress) {
  if (requested == 0) {
    auto best = best_follower(self, progress);
    if (best == 0)
      return invalid("0 (any follower) but the cluster has no voting follower");
    return transfer_plan{transfer_plan::verdict::transfer, best, {}};
  }
  if (requested == self)
    return transfer_plan{transfer_plan::verdict::already_leader, self, {}};
  auto i = progress.find(requested);
  if (i == progress.end())
    return invalid(std::to_string(requested) + " is not a member of the cluster");
  if (i->second.is_learner)
    return invalid(std::to_string(requested) + " is a learner and cannot lead");
  return transfer_plan{transfer_plan::verdict::transfer, requested, {}};
}

transfer_outcome settle(const pending_transfer& p, uint64_t leader_now,
                        pending_transfer::time_point now) {
  if (leader_now != 0 && leader_now != p.old_leader)
    return transfer_outcome::moved;
  if (now >= p.deadline)
    return transfer_outcome::timed_out;
  return transfer_outcome::waiting;
}

std::chrono::nanoseconds transfer_bound(int election_tick, std::chrono::nanoseconds tick) {
  return 2 * election_tick * tick;
}

} // namespace convoy::store
