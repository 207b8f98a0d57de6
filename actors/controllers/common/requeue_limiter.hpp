#pragma once

#include <chrono>
#include <string>
#include <unordered_map>

namespace convoy::controllers {

/// client-go's DefaultControllerRateLimiter, pure: the delay before a failed
/// key is synced again is the larger of a per-key exponential back-off
/// (5 ms doubling to 1000 s) and an overall token bucket (10 per second,
/// burst 100), so one broken object backs off alone while a storm of
/// failures cannot hammer the apiserver. forget() after a success.
class requeue_limiter {
public:
  using duration = std::chrono::nanoseconds;

  struct options {
    duration base_delay = std::chrono::milliseconds{5};
    duration max_delay = std::chrono::seconds{1000};
    double bucket_qps = 10;
    double bucket_burst = 100;
  };

  requeue_limiter() : requeue_limiter(options{}) {}
  explicit requeue_limiter(options opts);

  /// The delay before `key` may be synced again, at monotonic time `now`.
  duration when(const std::string& key, duration now);

  /// Clears the key's failure count (it synced fine).
  void forget(const std::string& key);

  /// Failures of `key` since the last forget.
  int requeues(const std::string& key) const;

private:
  duration bucket_delay(duration now);

  options opts_;
  std::unordered_map<std::string, int> failures_;
  /// Tokens in the bucket at bucket_time_ (may go negative: reservations).
  double tokens_;
  duration bucket_time_{0};
  bool bucket_started_ = false;
};

} // namespace convoy::controllers
