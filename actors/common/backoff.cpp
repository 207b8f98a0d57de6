#include "actors/common/backoff.hpp"

#include <algorithm>

namespace convoy {

backoff::backoff(duration initial, duration max, double factor, double jitter)
  : initial_(initial), max_(max), factor_(factor), jitter_(jitter), current_(initial) {
  // nop
}

backoff::duration backoff::next(std::mt19937_64& rng) {
  auto base = current_;
  auto grown = static_cast<double>(current_.count()) * factor_;
  current_ = std::min(max_, duration{static_cast<int64_t>(grown)});
  ++attempts_;
  if (jitter_ <= 0)
    return base;
  std::uniform_real_distribution<double> spread{1.0 - jitter_, 1.0 + jitter_};
  return duration{static_cast<int64_t>(static_cast<double>(base.count()) * spread(rng))};
}

void backoff::reset() {
  current_ = initial_;
  attempts_ = 0;
}

} // namespace convoy
