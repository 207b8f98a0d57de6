#include "actors/controllers/nodelifecycle/core/token_bucket.hpp"

#include <algorithm>

namespace convoy::controllers::nodelifecycle {

token_bucket::token_bucket(double qps, double burst) : qps_(qps), burst_(burst), tokens_(burst) {}

void token_bucket::refill(duration now) {
  if (!started_) {
    started_ = true;
    last_ = now;
    return;
  }
  if (now <= last_)
    return;
  double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(burst_, tokens_ + elapsed * qps_);
  last_ = now;
}

bool token_bucket::try_accept(duration now) {
  if (qps_ <= 0)
    return false;
  refill(now);
  if (tokens_ < 1)
    return false;
  tokens_ -= 1;
  return true;
}

void token_bucket::set_qps(double qps, duration now) {
  if (qps == qps_)
    return;
  bool old_empty = true;
  if (qps_ > 0) {
    refill(now);
    old_empty = tokens_ < 1;
  }
  qps_ = qps;
  tokens_ = old_empty ? 0 : burst_;
  started_ = true;
  last_ = now;
}

} // namespace convoy::controllers::nodelifecycle
