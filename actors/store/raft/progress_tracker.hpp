#pragma once

#include <map>
#include <vector>

#include "actors/store/raft/progress.hpp"
#include "actors/store/raft/util.hpp"

namespace convoy::raft {

enum class vote_result { pending, lost, won };

/// The membership (voters, learners) with one progress per member, the votes
/// of the current election and the quorum arithmetic on top of them.
///
/// Maps are ordered so that iteration (and thus the order of outgoing
/// messages) is deterministic.
class progress_tracker {
public:
  explicit progress_tracker(size_t max_inflight);

  // -- membership ---------------------------------------------------------------

  /// Replaces the membership with `cs`; every member starts in probe state at
  /// next = last_index.
  void restore(const ConfState& cs, uint64_t last_index);

  /// Applies one membership change. Invalid changes (removing the last voter)
  /// leave the membership as is and return false: every replica applies the
  /// same entries to the same membership, so all ignore them alike.
  bool apply(const ConfChange& cc, uint64_t last_index);

  /// Whether applying `cc` would change the membership validly.
  bool is_valid_change(const ConfChange& cc) const;

  ConfState conf_state() const;

  const std::vector<uint64_t>& voters() const noexcept {
    return voters_;
  }

  const std::vector<uint64_t>& learners() const noexcept {
    return learners_;
  }

  bool is_voter(uint64_t id) const;

  bool is_singleton() const noexcept {
    return voters_.size() == 1;
  }

  size_t quorum() const noexcept {
    return voters_.size() / 2 + 1;
  }

  // -- progress -----------------------------------------------------------------

  progress* find(uint64_t id);
  const progress* find(uint64_t id) const;

  std::map<uint64_t, progress>& all() noexcept {
    return progress_;
  }

  const std::map<uint64_t, progress>& all() const noexcept {
    return progress_;
  }

  /// The largest index replicated on a quorum of voters (UINT64_MAX when
  /// there are no voters).
  uint64_t committed() const;

  /// Whether a quorum of voters was recently active (check quorum).
  bool quorum_active() const;

  // -- elections ------------------------------------------------------------------

  void reset_votes() {
    votes_.clear();
  }

  /// Records `id`'s answer (the first answer of each voter counts).
  void record_vote(uint64_t id, bool granted);

  vote_result tally_votes(size_t* granted = nullptr, size_t* rejected = nullptr) const;

  /// Whether the ids in `acks` form a quorum of voters.
  bool has_quorum(const std::vector<uint64_t>& acks) const;

private:
  void add_member(uint64_t id, bool learner, uint64_t last_index);

  size_t max_inflight_;
  std::vector<uint64_t> voters_;   // sorted
  std::vector<uint64_t> learners_; // sorted
  std::map<uint64_t, progress> progress_;
  std::map<uint64_t, bool> votes_;
  /// Scratch space of committed(): no allocation per acknowledgement.
  mutable std::vector<uint64_t> matches_;
};

} // namespace convoy::raft
