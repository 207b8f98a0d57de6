#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

namespace convoy {

/// Kubernetes' EventSourceObjectSpamFilter, pure: each (source, object)
/// pair may record a burst of 25 events, then one per 5 minutes, so a
/// controller creating 10,000 pods for one ReplicaSet writes 25 events
/// about it, not 10,000. Remembers at most `max_keys` pairs (an LRU of 4096
/// in Kubernetes; here the table is simply cleared when it fills up).
class event_spam_filter {
public:
  using duration = std::chrono::nanoseconds;

  struct options {
    double burst = 25;
    duration refill_every = std::chrono::minutes{5};
    size_t max_keys = 4096;
  };

  event_spam_filter() : event_spam_filter(options{}) {}
  explicit event_spam_filter(options opts) : opts_(opts) {}

  /// Whether an event about `key` may be recorded at monotonic time `now`.
  bool allow(const std::string& key, duration now);

private:
  struct bucket {
    double tokens;
    duration last;
  };

  options opts_;
  std::unordered_map<std::string, bucket> buckets_;
};

} // namespace convoy
