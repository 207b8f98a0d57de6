#include "actors/store/raft/raft_log.hpp"

#include <algorithm>

namespace convoy::raft {

raft_log::raft_log(const log_storage& storage, uint64_t max_committed_size_per_ready)
  : storage_(&storage), max_committed_size_per_ready_(max_committed_size_per_ready) {
  auto first = storage.first_index();
  unstable_.set_offset(storage.last_index() + 1);
  // Everything up to the snapshot is committed and applied by definition.
  committed_ = first - 1;
  applied_ = first - 1;
}

uint64_t raft_log::first_index() const {
  if (auto i = unstable_.maybe_first_index())
    return *i;
  return storage_->first_index();
}

uint64_t raft_log::last_index() const {
  if (auto i = unstable_.maybe_last_index())
    return *i;
  return storage_->last_index();
}

uint64_t raft_log::last_term() const {
  auto t = term(last_index());
  require(t.ok(), "raft_log: the term of the last entry is unknown");
  return t.value();
}

storage_result<uint64_t> raft_log::term(uint64_t i) const {
  // The valid range is [index of the dummy entry (snapshot), last index].
  if (i + 1 < first_index())
    return storage_error::compacted;
  if (i > last_index())
    return storage_error::unavailable;
  if (auto t = unstable_.maybe_term(i))
    return *t;
  return storage_->term(i);
}

uint64_t raft_log::term_or_zero(uint64_t i) const {
  return term(i).value_or(0);
}

bool raft_log::match_term(uint64_t i, uint64_t t) const {
  auto x = term(i);
  return x.ok() && x.value() == t;
}

bool raft_log::is_up_to_date(uint64_t last_index, uint64_t last_term) const {
  auto my_term = this->last_term();
  return last_term > my_term || (last_term == my_term && last_index >= this->last_index());
}

std::optional<uint64_t> raft_log::maybe_append(uint64_t index, uint64_t log_term,
                                               uint64_t committed, std::vector<Entry> ents) {
  if (!match_term(index, log_term))
    return std::nullopt;
  auto last_new = index + ents.size();
  auto conflict = find_conflict(ents);
  if (conflict != 0) {
    require(conflict > committed_, "raft_log: an appended entry conflicts with a committed one");
    ents.erase(ents.begin(), ents.begin() + static_cast<std::ptrdiff_t>(conflict - (index + 1)));
    append(std::move(ents));
  }
  commit_to(std::min(committed, last_new));
  return last_new;
}

uint64_t raft_log::append(std::vector<Entry> ents) {
  if (ents.empty())
    return last_index();
  require(ents.front().index() > committed_, "raft_log: append would overwrite committed entries");
  unstable_.truncate_and_append(std::move(ents));
  return last_index();
}

uint64_t raft_log::find_conflict(const std::vector<Entry>& ents) const {
  for (const auto& e : ents)
    if (!match_term(e.index(), e.term()))
      return e.index();
  return 0;
}

uint64_t raft_log::find_conflict_by_term(uint64_t index, uint64_t term) const {
  if (index > last_index())
    return index;
  for (;;) {
    auto t = this->term(index);
    if (!t.ok() || t.value() <= term || index == 0)
      return index;
    --index;
  }
}

storage_error raft_log::slice(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                              std::vector<Entry>& out) const {
  require(lo <= hi, "raft_log: slice with lo > hi");
  if (lo < first_index())
    return storage_error::compacted;
  require(hi <= last_index() + 1, "raft_log: slice beyond the last index");
  if (lo == hi)
    return storage_error::none;
  auto start = out.size();
  auto offset = unstable_.offset();
  if (lo < offset) {
    auto stable_hi = std::min(hi, offset);
    auto err = storage_->entries(lo, stable_hi, max_bytes, out);
    if (err == storage_error::compacted)
      return err;
    require(err == storage_error::none, "raft_log: storage lost entries below the unstable tail");
    if (out.size() - start < stable_hi - lo)
      return storage_error::none; // hit the size limit inside the stable part
  }
  if (hi > offset)
    unstable_.slice(std::max(lo, offset), hi, out);
  // Apply the size limit across both parts (at least one entry stays).
  uint64_t bytes = 0;
  for (auto i = start; i < out.size(); ++i) {
    bytes += entry_size(out[i]);
    if (i > start && bytes > max_bytes) {
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(i), out.end());
      break;
    }
  }
  return storage_error::none;
}

storage_error raft_log::entries_from(uint64_t i, uint64_t max_bytes,
                                     std::vector<Entry>& out) const {
  if (i > last_index())
    return storage_error::none;
  return slice(i, last_index() + 1, max_bytes, out);
}

bool raft_log::maybe_commit(uint64_t max_index, uint64_t term) {
  if (max_index > committed_ && term_or_zero(max_index) == term) {
    commit_to(max_index);
    return true;
  }
  return false;
}

void raft_log::commit_to(uint64_t to_commit) {
  if (to_commit <= committed_)
    return; // never decrease the commit index
  require(to_commit <= last_index(), "raft_log: commit index beyond the last index (log lost?)");
  committed_ = to_commit;
}

void raft_log::applied_to(uint64_t i) {
  if (i == 0)
    return;
  require(i <= committed_ && i >= applied_, "raft_log: applied index out of range");
  applied_ = i;
}

void raft_log::stable_to(uint64_t i, uint64_t t) {
  unstable_.stable_to(i, t);
}

void raft_log::stable_snap_to(uint64_t i) {
  unstable_.stable_snap_to(i);
}

void raft_log::restore(Snapshot snap) {
  committed_ = snap.metadata().index();
  unstable_.restore(std::move(snap));
}

bool raft_log::has_next_committed() const {
  auto off = std::max(applied_ + 1, first_index());
  return committed_ + 1 > off;
}

std::vector<Entry> raft_log::next_committed() const {
  std::vector<Entry> out;
  auto off = std::max(applied_ + 1, first_index());
  if (committed_ + 1 > off) {
    auto err = slice(off, committed_ + 1, max_committed_size_per_ready_, out);
    require(err == storage_error::none, "raft_log: committed entries are unavailable");
  }
  return out;
}

storage_result<Snapshot> raft_log::snapshot() const {
  if (unstable_.snapshot())
    return *unstable_.snapshot();
  return storage_->snapshot();
}

} // namespace convoy::raft
