#include "actors/store/raft/progress_tracker.hpp"

#include <algorithm>

namespace convoy::raft {

namespace {

bool contains(const std::vector<uint64_t>& xs, uint64_t x) {
  return std::binary_search(xs.begin(), xs.end(), x);
}

void insert_sorted(std::vector<uint64_t>& xs, uint64_t x) {
  auto i = std::lower_bound(xs.begin(), xs.end(), x);
  if (i == xs.end() || *i != x)
    xs.insert(i, x);
}

void erase_sorted(std::vector<uint64_t>& xs, uint64_t x) {
  auto i = std::lower_bound(xs.begin(), xs.end(), x);
  if (i != xs.end() && *i == x)
    xs.erase(i);
}

} // namespace

progress_tracker::progress_tracker(size_t max_inflight) : max_inflight_(max_inflight) {
  // nop
}

void progress_tracker::add_member(uint64_t id, bool learner, uint64_t last_index) {
  // next = last index (not last + 1): there is an entry to probe with right
  // away, so a new member hears from the leader without waiting for traffic.
  auto [i, added] = progress_.try_emplace(id, std::max<uint64_t>(last_index, 1), max_inflight_,
                                          learner);
  i->second.is_learner = learner;
  if (added) {
    // A new member counts as active: check quorum must not depose the
    // leader before it had a chance to hear from the newcomer.
    i->second.recent_active = true;
  }
}

void progress_tracker::restore(const ConfState& cs, uint64_t last_index) {
  voters_.clear();
  learners_.clear();
  progress_.clear();
  for (auto id : cs.voters()) {
    insert_sorted(voters_, id);
    add_member(id, false, last_index);
  }
  for (auto id : cs.learners()) {
    if (contains(voters_, id))
      continue; // a voter cannot also be a learner
    insert_sorted(learners_, id);
    add_member(id, true, last_index);
  }
}

bool progress_tracker::is_valid_change(const ConfChange& cc) const {
  if (cc.node_id() == none)
    return false;
  bool removes_voter = contains(voters_, cc.node_id())
                       && (cc.type() == CONF_CHANGE_REMOVE_NODE
                           || cc.type() == CONF_CHANGE_ADD_LEARNER);
  return !(removes_voter && voters_.size() == 1);
}

bool progress_tracker::apply(const ConfChange& cc, uint64_t last_index) {
  if (!is_valid_change(cc))
    return false;
  auto id = cc.node_id();
  switch (cc.type()) {
    case CONF_CHANGE_ADD_NODE:
      erase_sorted(learners_, id);
      insert_sorted(voters_, id);
      add_member(id, false, last_index);
      return true;
    case CONF_CHANGE_ADD_LEARNER:
      erase_sorted(voters_, id);
      insert_sorted(learners_, id);
      add_member(id, true, last_index);
      return true;
    case CONF_CHANGE_REMOVE_NODE:
      erase_sorted(voters_, id);
      erase_sorted(learners_, id);
      progress_.erase(id);
      votes_.erase(id);
      return true;
    default:
      return false;
  }
}

ConfState progress_tracker::conf_state() const {
  ConfState cs;
  cs.mutable_voters()->Add(voters_.begin(), voters_.end());
  cs.mutable_learners()->Add(learners_.begin(), learners_.end());
  return cs;
}

bool progress_tracker::is_voter(uint64_t id) const {
  return contains(voters_, id);
}

progress* progress_tracker::find(uint64_t id) {
  auto i = progress_.find(id);
  return i == progress_.end() ? nullptr : &i->second;
}

const progress* progress_tracker::find(uint64_t id) const {
  auto i = progress_.find(id);
  return i == progress_.end() ? nullptr : &i->second;
}

uint64_t progress_tracker::committed() const {
  if (voters_.empty())
    return UINT64_MAX;
  matches_.clear();
  for (auto id : voters_)
    matches_.push_back(progress_.at(id).match);
  // The quorum()-th largest match is replicated on a quorum.
  auto k = quorum() - 1;
  std::nth_element(matches_.begin(), matches_.begin() + static_cast<std::ptrdiff_t>(k),
                   matches_.end(), std::greater<>{});
  return matches_[k];
}

bool progress_tracker::quorum_active() const {
  size_t active = 0;
  for (auto id : voters_)
    if (progress_.at(id).recent_active)
      ++active;
  return active >= quorum();
}

void progress_tracker::record_vote(uint64_t id, bool granted) {
  votes_.try_emplace(id, granted);
}

vote_result progress_tracker::tally_votes(size_t* granted, size_t* rejected) const {
  size_t yes = 0;
  size_t no = 0;
  for (auto id : voters_) {
    auto i = votes_.find(id);
    if (i == votes_.end())
      continue;
    if (i->second)
      ++yes;
    else
      ++no;
  }
  if (granted)
    *granted = yes;
  if (rejected)
    *rejected = no;
  if (yes >= quorum())
    return vote_result::won;
  if (voters_.size() - no < quorum())
    return vote_result::lost;
  return vote_result::pending;
}

bool progress_tracker::has_quorum(const std::vector<uint64_t>& acks) const {
  size_t n = 0;
  for (auto id : acks)
    if (contains(voters_, id))
      ++n;
  return n >= quorum();
}

} // namespace convoy::raft
