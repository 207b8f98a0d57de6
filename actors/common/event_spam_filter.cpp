#include "actors/common/event_spam_filter.hpp"

#include <algorithm>

namespace convoy {

bool event_spam_filter::allow(const std::string& key, duration now) {
  if (buckets_.size() >= opts_.max_keys && buckets_.count(key) == 0)
    buckets_.clear();
  auto [it, fresh] = buckets_.try_emplace(key, bucket{opts_.burst, now});
  auto& b = it->second;
  if (!fresh && now > b.last) {
    double refill = static_cast<double>((now - b.last).count())
                    / static_cast<double>(opts_.refill_every.count());
    b.tokens = std::min(opts_.burst, b.tokens + refill);
  }
  b.last = std::max(b.last, now);
  if (b.tokens < 1)
    return false;
  b.tokens -= 1;
  return true;
}

} // namespace convoy
