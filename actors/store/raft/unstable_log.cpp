#include "actors/store/raft/unstable_log.hpp"

namespace convoy::raft {

std::optional<uint64_t> unstable_log::maybe_first_index() const {
  if (snapshot_)
    return snapshot_->metadata().index() + 1;
  return std::nullopt;
}

std::optional<uint64_t> unstable_log::maybe_last_index() const {
  if (!entries_.empty())
    return offset_ + entries_.size() - 1;
  if (snapshot_)
    return snapshot_->metadata().index();
  return std::nullopt;
}

std::optional<uint64_t> unstable_log::maybe_term(uint64_t i) const {
  if (i < offset_) {
    if (snapshot_ && snapshot_->metadata().index() == i)
      return snapshot_->metadata().term();
    return std::nullopt;
  }
  auto last = maybe_last_index();
  if (!last || i > *last)
    return std::nullopt;
  return entries_[i - offset_].term();
}

void unstable_log::stable_to(uint64_t i, uint64_t t) {
  auto gt = maybe_term(i);
  if (!gt || *gt != t || i < offset_)
    return;
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(i + 1 - offset_));
  offset_ = i + 1;
}

void unstable_log::stable_snap_to(uint64_t i) {
  if (snapshot_ && snapshot_->metadata().index() == i)
    snapshot_.reset();
}

void unstable_log::restore(Snapshot snap) {
  offset_ = snap.metadata().index() + 1;
  entries_.clear();
  snapshot_ = std::move(snap);
}

void unstable_log::truncate_and_append(std::vector<Entry> ents) {
  if (ents.empty())
    return;
  auto after = ents.front().index();
  if (after <= offset_) {
    // The new entries replace everything held here (and possibly part of
    // the stable log, which the application overwrites when persisting).
    offset_ = after;
    entries_.clear();
  } else {
    require(after <= offset_ + entries_.size(), "unstable_log: append leaves a gap");
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(after - offset_),
                   entries_.end());
  }
  for (auto& e : ents)
    entries_.push_back(std::move(e));
}

void unstable_log::slice(uint64_t lo, uint64_t hi, std::vector<Entry>& out) const {
  require(lo >= offset_ && lo <= hi && hi <= offset_ + entries_.size(),
          "unstable_log: slice out of bounds");
  for (auto i = lo; i < hi; ++i)
    out.push_back(entries_[i - offset_]);
}

} // namespace convoy::raft
