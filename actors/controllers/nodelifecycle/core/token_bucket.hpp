#pragma once

#include <chrono>

namespace convoy::controllers::nodelifecycle {

/// client-go's token bucket as the node lifecycle controller uses it per
/// zone (burst 1), pure: time is a parameter. A rate <= 0 never accepts,
/// which is how a disrupted zone stops tainting.
class token_bucket {
public:
  using duration = std::chrono::nanoseconds;

  /// Starts full: the first request is accepted at once.
  explicit token_bucket(double qps, double burst = 1);

  /// Takes a token at monotonic time `now` if one is available.
  bool try_accept(duration now);

  double qps() const { return qps_; }

  /// Kubernetes' SwapLimiter: a new rate replaces the bucket (same rate: no
  /// change); the new bucket starts drained if the old one was empty, so a
  /// rate change cannot hand out a free token.
  void set_qps(double qps, duration now);

private:
  void refill(duration now);

  double qps_;
  double burst_;
  double tokens_;
  duration last_{0};
  bool started_ = false;
};

} // namespace convoy::controllers::nodelifecycle
