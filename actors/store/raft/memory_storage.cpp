#include "actors/store/raft/memory_storage.hpp"

namespace convoy::raft {

memory_storage::memory_storage(ConfState initial) {
  *snapshot_.mutable_metadata()->mutable_conf_state() = std::move(initial);
  ents_.emplace_back(); // dummy at index 0, term 0
}

raft::initial_state memory_storage::initial_state() const {
  return {hard_state_, snapshot_.metadata().conf_state()};
}

storage_error memory_storage::entries(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                                      std::vector<Entry>& out) const {
  if (lo <= offset())
    return storage_error::compacted;
  if (hi > last_index() + 1)
    return storage_error::unavailable;
  uint64_t bytes = 0;
  for (uint64_t i = lo; i < hi; ++i) {
    const auto& e = ents_[i - offset()];
    bytes += entry_size(e);
    if (i > lo && bytes > max_bytes)
      break;
    out.push_back(e);
  }
  return storage_error::none;
}

storage_result<uint64_t> memory_storage::term(uint64_t i) const {
  if (i < offset())
    return storage_error::compacted;
  if (i - offset() >= ents_.size())
    return storage_error::unavailable;
  return ents_[i - offset()].term();
}

uint64_t memory_storage::first_index() const {
  return offset() + 1;
}

uint64_t memory_storage::last_index() const {
  return offset() + ents_.size() - 1;
}

storage_result<Snapshot> memory_storage::snapshot() const {
  return snapshot_;
}

void memory_storage::set_hard_state(const HardState& hs) {
  hard_state_ = hs;
}

void memory_storage::append(std::vector<Entry> entries) {
  if (entries.empty())
    return;
  auto first = first_index();
  auto last = entries.front().index() + entries.size() - 1;
  if (last < first)
    return; // everything is already compacted
  size_t skip = first > entries.front().index() ? first - entries.front().index() : 0;
  auto at = entries[skip].index() - offset(); // position of the first new entry
  require(at <= ents_.size(), "memory_storage::append leaves a gap after the last index");
  ents_.erase(ents_.begin() + static_cast<std::ptrdiff_t>(at), ents_.end());
  for (size_t i = skip; i < entries.size(); ++i)
    ents_.push_back(std::move(entries[i]));
}

storage_error memory_storage::apply_snapshot(Snapshot snap) {
  if (snapshot_.metadata().index() >= snap.metadata().index())
    return storage_error::snapshot_out_of_date;
  Entry dummy;
  dummy.set_index(snap.metadata().index());
  dummy.set_term(snap.metadata().term());
  snapshot_ = std::move(snap);
  ents_.clear();
  ents_.push_back(std::move(dummy));
  return storage_error::none;
}

storage_result<Snapshot> memory_storage::create_snapshot(uint64_t i, const ConfState& cs,
                                                         std::string data) {
  if (i <= snapshot_.metadata().index())
    return storage_error::snapshot_out_of_date;
  require(i <= last_index(), "memory_storage::create_snapshot beyond the last index");
  require(i >= offset(), "memory_storage::create_snapshot inside the compacted prefix");
  auto* md = snapshot_.mutable_metadata();
  md->set_index(i);
  md->set_term(ents_[i - offset()].term());
  *md->mutable_conf_state() = cs;
  snapshot_.set_data(std::move(data));
  return snapshot_;
}

storage_error memory_storage::compact(uint64_t compact_index) {
  if (compact_index <= offset())
    return storage_error::compacted;
  require(compact_index <= last_index(), "memory_storage::compact beyond the last index");
  auto n = compact_index - offset();
  ents_.erase(ents_.begin(), ents_.begin() + static_cast<std::ptrdiff_t>(n));
  ents_.front().clear_data(); // now the dummy: keeps only index and term
  ents_.front().clear_type();
  return storage_error::none;
}

} // namespace convoy::raft
