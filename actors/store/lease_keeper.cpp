#include "actors/store/lease_keeper.hpp"

namespace convoy::store {

namespace {

std::chrono::nanoseconds seconds(int64_t s) {
  return std::chrono::seconds{s};
}

} // namespace

void lease_keeper::promote(time_point now, const std::map<int64_t, int64_t>& leases) {
  leading_ = true;
  leases_.clear();
  for (const auto& [id, ttl] : leases)
    leases_[id] = lease{ttl, now + seconds(ttl)};
}

void lease_keeper::demote() {
  leading_ = false;
  leases_.clear();
}

void lease_keeper::granted(int64_t id, int64_t ttl_seconds, time_point now) {
  if (leading_)
    leases_[id] = lease{ttl_seconds, now + seconds(ttl_seconds)};
}

void lease_keeper::revoked(int64_t id) {
  leases_.erase(id);
}

std::optional<int64_t> lease_keeper::keep_alive(int64_t id, time_point now) {
  auto i = leases_.find(id);
  if (i == leases_.end() || i->second.deadline <= now)
    return std::nullopt;
  i->second.deadline = now + seconds(i->second.ttl_seconds);
  return i->second.ttl_seconds;
}

std::optional<int64_t> lease_keeper::remaining(int64_t id, time_point now) const {
  auto i = leases_.find(id);
  if (i == leases_.end())
    return std::nullopt;
  auto left = i->second.deadline - now;
  if (left <= time_point{0})
    return int64_t{0};
  return std::chrono::ceil<std::chrono::seconds>(left).count();
}

std::vector<int64_t> lease_keeper::expired(time_point now) {
  std::vector<int64_t> out;
  for (auto& [id, l] : leases_) {
    if (l.deadline > now)
      continue;
    if (l.revoke_asked >= time_point{0} && now - l.revoke_asked < retry_)
      continue;
    l.revoke_asked = now;
    out.push_back(id);
  }
  return out;
}

} // namespace convoy::store
