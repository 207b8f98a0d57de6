#pragma once

// Operations on convoy's replicated key-value store (the etcd role) as the
// linearizability models see them: what a client asked and what it was told.

#include <cstdint>
#include <string>

namespace convoy::checkers {

enum class kv_op : uint8_t {
  get,
  put,
  erase,
  /// Txn: if mod_revision(key) == expected then put(key, value). etcd's
  /// mod_revision of a missing key is 0, so expected 0 means "create".
  compare_and_put,
  /// Txn: if mod_revision(key) == expected then delete(key).
  compare_and_erase,
};

const char* to_string(kv_op op);

/// What a client asked.
struct kv_input {
  kv_op op = kv_op::get;
  std::string key;
  /// put, compare_and_put.
  std::string value;
  /// compare_*.
  int64_t expected_mod_revision = 0;

  static kv_input get(std::string key);
  static kv_input put(std::string key, std::string value);
  static kv_input erase(std::string key);
  static kv_input compare_and_put(std::string key, int64_t expected_mod_revision,
                                  std::string value);
  static kv_input compare_and_erase(std::string key, int64_t expected_mod_revision);
};

/// What a client was told. Revisions are etcd's: the store revision counts
/// successful writes (each bumps it by one); 0 means "not reported" and is
/// never checked (etcd revisions start at 1).
struct kv_output {
  /// get: the key was found; erase: one key was deleted (deleted count 1, not
  /// 0); compare_*: the comparison succeeded; put: always true.
  bool ok = true;

  /// get: the value found.
  std::string value;

  /// get: the key's mod_revision (the revision of its last write).
  int64_t mod_revision = 0;

  /// The response header's revision: the store revision after the operation
  /// (for a successful write, the write's own revision).
  int64_t revision = 0;

  static kv_output found(std::string value, int64_t mod_revision = 0, int64_t revision = 0);
  static kv_output absent(int64_t revision = 0);
  static kv_output put(int64_t revision = 0);
  static kv_output erased(bool deleted, int64_t revision = 0);
  static kv_output compared(bool succeeded, int64_t revision = 0);
};

/// `put("a", "x") -> rev 4`; `-> ?` when `out` is null (no return).
std::string describe(const kv_input& in, const kv_output* out);

/// The highest store revision at which `in` could have answered `out` (its
/// reported revisions say so: a write reporting r needs a store revision
/// below r, a read reporting header h one of at most h); INT64_MAX if
/// nothing was reported. The KV models' progress_limit().
int64_t revision_limit(const kv_input& in, const kv_output& out);

/// What the KV models take as given.
struct kv_model_options {
  /// The store revision when the history starts (etcd: 1 for an empty store,
  /// so the first write gets revision 2).
  int64_t initial_revision = 1;

  /// Check the revisions reported in outputs. Off: revisions are ignored
  /// (compare_* outcomes are then only checked when the model can tell).
  bool check_revisions = true;
};

} // namespace convoy::checkers
