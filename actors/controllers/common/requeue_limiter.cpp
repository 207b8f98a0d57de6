#include "actors/controllers/common/requeue_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace convoy::controllers {

requeue_limiter::requeue_limiter(options opts) : opts_(opts), tokens_(opts.bucket_burst) {}

requeue_limiter::duration requeue_limiter::when(const std::string& key, duration now) {
  int failures = failures_[key]++;
  // base * 2^failures, computed in double so large counts saturate at max.
  double exp = static_cast<double>(opts_.base_delay.count()) * std::pow(2.0, failures);
  auto per_key = exp >= static_cast<double>(opts_.max_delay.count())
                   ? opts_.max_delay
                   : duration{static_cast<duration::rep>(exp)};
  return std::max(per_key, bucket_delay(now));
}

requeue_limiter::duration requeue_limiter::bucket_delay(duration now) {
  if (!bucket_started_) {
    bucket_started_ = true;
    bucket_time_ = now;
  }
  if (now > bucket_time_) {
    double refill = std::chrono::duration<double>(now - bucket_time_).count() * opts_.bucket_qps;
    tokens_ = std::min(opts_.bucket_burst, tokens_ + refill);
    bucket_time_ = now;
  }
  tokens_ -= 1; // reserve one token, waiting for it if the bucket is empty
  if (tokens_ >= 0)
    return duration{0};
  return std::chrono::duration_cast<duration>(
    std::chrono::duration<double>(-tokens_ / opts_.bucket_qps));
}

void requeue_limiter::forget(const std::string& key) {
  failures_.erase(key);
}

int requeue_limiter::requeues(const std::string& key) const {
  auto it = failures_.find(key);
  return it == failures_.end() ? 0 : it->second;
}

} // namespace convoy::controllers
