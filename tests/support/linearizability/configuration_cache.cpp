#include "linearizability/configuration_cache.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace convoy::checkers {

namespace {

constexpr uint32_t none = std::numeric_limits<uint32_t>::max();

uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

} // namespace

configuration_cache::configuration_cache(size_t returned_ops, size_t pending_ops)
  : returned_words_((returned_ops + 63) / 64),
    pending_words_((pending_ops + 63) / 64),
    returned_(returned_words_, 0),
    pending_(pending_words_, 0) {
  // A fixed seed: the hashes only need to be well spread, and a fixed one
  // keeps every run of a search identical.
  uint64_t seed = 0x636f6e766f79ULL;
  zobrist_.resize(returned_ops);
  for (auto& word : zobrist_)
    word = splitmix64(seed);
}

void configuration_cache::toggle_returned(uint32_t bit) {
  returned_[bit / 64] ^= uint64_t{1} << (bit % 64);
  set_hash_ ^= zobrist_[bit];
}

void configuration_cache::toggle_pending(uint32_t bit) {
  pending_[bit / 64] ^= uint64_t{1} << (bit % 64);
}

bool configuration_cache::dominated(uint32_t first, uint32_t state) const {
  for (auto index = first; index != none; index = entries_[index].next) {
    if (entries_[index].state != state)
      continue;
    const auto* row = returned_rows_.data() + index * returned_words_;
    if (std::memcmp(row, returned_.data(), returned_words_ * sizeof(uint64_t)) != 0)
      continue;
    const auto* seen = pending_rows_.data() + index * pending_words_;
    bool subset = true;
    for (size_t w = 0; w < pending_words_ && subset; ++w)
      subset = (seen[w] & ~pending_[w]) == 0;
    if (subset)
      return true;
  }
  return false;
}

bool configuration_cache::remember(uint32_t state) {
  if (entries_.size() * 2 >= table_.size())
    grow_table();
  uint64_t x = state;
  auto hash = set_hash_ ^ splitmix64(x);
  auto mask = table_.size() - 1;
  auto slot = hash & mask;
  while (table_[slot] != none && entries_[table_[slot]].hash != hash)
    slot = (slot + 1) & mask;
  if (table_[slot] != none && dominated(table_[slot], state))
    return false;
  entries_.push_back({hash, state, table_[slot]});
  table_[slot] = static_cast<uint32_t>(entries_.size() - 1);
  returned_rows_.insert(returned_rows_.end(), returned_.begin(), returned_.end());
  pending_rows_.insert(pending_rows_.end(), pending_.begin(), pending_.end());
  return true;
}

void configuration_cache::grow_table() {
  std::vector<uint32_t> table(std::max<size_t>(1024, table_.size() * 2), none);
  auto mask = table.size() - 1;
  // Chains stay intact: only their heads move. The head of a chain is its
  // latest entry, so walk entries newest first and place each hash once.
  for (auto index = static_cast<uint32_t>(entries_.size()); index-- > 0;) {
    auto slot = entries_[index].hash & mask;
    while (table[slot] != none && entries_[table[slot]].hash != entries_[index].hash)
      slot = (slot + 1) & mask;
    if (table[slot] == none)
      table[slot] = index;
  }
  table_ = std::move(table);
}

} // namespace convoy::checkers
