#pragma once

#include <cstdint>

namespace convoy::raft {

/// Deterministic generator for the randomized election timeout (splitmix64):
/// the same seed gives the same sequence on every platform and compiler, so a
/// failing simulation replays exactly.
class jitter {
public:
  explicit jitter(uint64_t seed) : state_(seed) {
    // nop
  }

  /// A number in [0, n); n > 0.
  uint64_t below(uint64_t n) {
    return next() % n;
  }

private:
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  uint64_t state_;
};

} // namespace convoy::raft
