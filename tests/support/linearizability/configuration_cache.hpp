#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace convoy::checkers {

/// The configurations wgl_search has explored: which returned operations are
/// linearized, which pending (never returned) operations are placed, and the
/// model state. A configuration is new unless one with the same returned set
/// and state and a subset of its pending operations was recorded: that one
/// dominates it (every continuation of the new one is a continuation of the
/// old one, since pending operations are never required and never block
/// anything), so it is either being explored or was explored to no avail.
/// Without pending operations this is plain equality, Lowe's memoization.
///
/// Sets are bitsets compared in full (exact); a Zobrist hash of the returned
/// set (one random word per operation, XORed in and out) finds candidates in
/// O(1).
class configuration_cache {
public:
  configuration_cache(size_t returned_ops, size_t pending_ops);

  void toggle_returned(uint32_t bit);
  void toggle_pending(uint32_t bit);

  /// Records the current sets with `state`; false if an equal or dominating
  /// configuration was recorded before.
  bool remember(uint32_t state);

  size_t size() const noexcept {
    return entries_.size();
  }

private:
  struct entry {
    uint64_t hash;
    uint32_t state;
    uint32_t next; // next entry with the same hash
  };

  bool dominated(uint32_t first, uint32_t state) const;
  void grow_table();

  size_t returned_words_;
  size_t pending_words_;
  std::vector<uint64_t> returned_;
  std::vector<uint64_t> pending_;
  std::vector<uint64_t> zobrist_;
  uint64_t set_hash_ = 0;

  // Open addressing over distinct hashes: each slot holds the first entry of
  // that hash's chain. Bitsets live in two arenas, one row per entry.
  std::vector<entry> entries_;
  std::vector<uint64_t> returned_rows_;
  std::vector<uint64_t> pending_rows_;
  std::vector<uint32_t> table_;
};

} // namespace convoy::checkers
