#pragma once

// Concurrent KV histories that are linearizable by construction: clients run
// against a sequential reference store (std::map + revision, written here
// independently of the models) and every operation takes effect at one
// random instant between its invocation and its return.

#include <cstddef>
#include <cstdint>

#include "linearizability/history.hpp"
#include "linearizability/kv_operation.hpp"

namespace convoy::checkers::testing {

using kv_history = history<kv_input, kv_output>;

struct kv_generator_options {
  uint64_t seed = 1;
  int clients = 8;
  size_t operations = 1000;
  int keys = 5;
  /// Chance that an operation never returns (its client crashed or timed
  /// out); such an operation takes effect or not, at random.
  double pending_probability = 0.0;
  /// Report revisions in outputs (false: every revision field is 0).
  bool report_revisions = true;
};

kv_history generate_kv_history(const kv_generator_options& options);

/// $CONVOY_SEED if set (to replay one failing seed), else `fallback`.
uint64_t seed_from_env(uint64_t fallback);

/// True if $CONVOY_SEED is set: loops over many seeds run only that one.
bool seed_pinned();

} // namespace convoy::checkers::testing
