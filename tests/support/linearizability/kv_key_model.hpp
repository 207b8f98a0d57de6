#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "linearizability/kv_operation.hpp"

namespace convoy::checkers {

/// One key of the store, plus what this key's operations reveal about the
/// store revision.
struct kv_key_state {
  bool present = false;
  std::string value;

  /// The key's mod_revision while present; 0 = unknown (written by an
  /// operation whose revision was not reported, e.g. one without return).
  int64_t mod_revision = 0;

  /// A lower bound on the store revision at this point: the highest revision
  /// reported so far (the store revision never decreases). A write that did
  /// not report its revision leaves it alone rather than adding one: counting
  /// writes would keep apart states that differ only in whether a pending
  /// write (one that never returned) was placed before an overwrite, and
  /// memoization would no longer merge them.
  int64_t floor = 0;

  bool operator==(const kv_key_state& other) const {
    return present == other.present && mod_revision == other.mod_revision && floor == other.floor
           && value == other.value;
  }
};

/// The per-key model: the history is partitioned by key (P-compositionality)
/// and each key's operations are checked on their own against the key's
/// value and mod_revision. Revisions are checked as far as one key can tell:
/// this key's writes get increasing revisions, reads report the mod_revision
/// of the last write, header revisions never go back. What it cannot see is
/// the order across keys (two keys' writes with the same revision, a read
/// whose header revision is older than a write to another key that finished
/// before it started): kv_model checks those, at a much higher cost.
///
/// Cost: one search per key, each over that key's operations only; states
/// are a few words, so thousands of operations take milliseconds.
class kv_key_model {
public:
  using input = kv_input;
  using output = kv_output;
  using state = kv_key_state;

  explicit kv_key_model(kv_model_options options = {});

  state init() const;

  std::optional<state> step(const state& s, const input& in, const output* out) const;

  size_t hash(const state& s) const;

  /// Prunes the search (see step_oracle::progress_limit): the store
  /// revision never decreases.
  int64_t progress(const state& s) const {
    return s.floor;
  }

  int64_t progress_limit(const input& in, const output& out) const {
    return options_.check_revisions ? revision_limit(in, out) : std::numeric_limits<int64_t>::max();
  }

  bool read_only(const input& in) const {
    return in.op == kv_op::get;
  }

  const std::string& partition_key(const input& in) const {
    return in.key;
  }

  std::string describe_operation(const input& in, const output* out) const {
    return describe(in, out);
  }

  std::string describe_state(const state& s) const;

private:
  /// The revision `r` reported in an output, or 0 if not reported or not
  /// checked.
  int64_t reported(int64_t r) const {
    return options_.check_revisions ? r : 0;
  }

  std::optional<state> get(const state& s, const output* out) const;
  std::optional<state> write(const state& s, const input& in, const output* out) const;
  std::optional<state> erase(const state& s, const output* out) const;
  std::optional<state> compare(const state& s, const input& in, const output* out) const;
  std::optional<state> unchanged(const state& s, const output* out) const;

  kv_model_options options_;
};

} // namespace convoy::checkers
