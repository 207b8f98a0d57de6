#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "linearizability/kv_operation.hpp"

namespace convoy::checkers {

struct kv_entry {
  std::string key;
  std::string value;
  int64_t mod_revision = 0;

  bool operator==(const kv_entry& other) const {
    return mod_revision == other.mod_revision && key == other.key && value == other.value;
  }
};

/// The whole store: its revision and every key (sorted by key).
struct kv_state {
  int64_t revision = 0;
  std::vector<kv_entry> entries;

  bool operator==(const kv_state& other) const {
    return revision == other.revision && entries == other.entries;
  }
};

/// The global model of the store, exactly as etcd behaves: every successful
/// write bumps the one store revision by 1 and becomes the key's
/// mod_revision; reads see the latest value; compare_* compare mod_revision;
/// every reported revision must match (kv_model_options::check_revisions).
///
/// Cost: the revision couples all keys, so the history is searched as a
/// whole and each step copies and hashes the whole store (O(keys)). Reported
/// revisions are what keeps it fast: they pin every write to its place and
/// prune dead ends at once (progress_limit). Without them, concurrent writes
/// to different keys leave different mod_revisions behind depending on their
/// order, and a compare_* far later may be the first to tell which order was
/// right: exponential. Operations that never returned cost too: each gap in
/// the revision sequence may be filled by any of them (5,000 operations with
/// 1% unreturned: ~10 ms; with 10%: may exhaust the budget). Prefer
/// kv_key_model (partitioned per key, robust to both) and add this one where
/// the cross-key order matters: revisions unique and increasing across keys,
/// a read's header revision.
class kv_model {
public:
  using input = kv_input;
  using output = kv_output;
  using state = kv_state;

  explicit kv_model(kv_model_options options = {});

  state init() const;

  std::optional<state> step(const state& s, const input& in, const output* out) const;

  size_t hash(const state& s) const;

  /// Prunes the search (see step_oracle::progress_limit): the store
  /// revision never decreases.
  int64_t progress(const state& s) const {
    return s.revision;
  }

  int64_t progress_limit(const input& in, const output& out) const {
    return options_.check_revisions ? revision_limit(in, out) : std::numeric_limits<int64_t>::max();
  }

  bool read_only(const input& in) const {
    return in.op == kv_op::get;
  }

  std::string describe_operation(const input& in, const output* out) const {
    return describe(in, out);
  }

  std::string describe_state(const state& s) const;

private:
  /// Empty or the reported header revision, whichever the options check.
  bool revision_matches(const output* out, int64_t expected) const;

  std::optional<state> get(const state& s, const input& in, const output* out) const;
  std::optional<state> write(const state& s, const input& in, const output* out) const;
  std::optional<state> erase(const state& s, const input& in, const output* out) const;
  std::optional<state> compare(const state& s, const input& in, const output* out) const;

  kv_model_options options_;
};

} // namespace convoy::checkers
