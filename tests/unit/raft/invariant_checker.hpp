#pragma once

// Raft's safety properties (paper Figure 3) checked on a running test cluster:
// election safety, log matching, leader completeness, state machine safety,
// plus linearizability of ReadIndex answers.

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/store/raft/ready.hpp"

namespace convoy::raft::testing {

class test_cluster;

class invariant_checker {
public:
  /// `prev_term` is the term of the entry before ents.front() in `node`'s log.
  void on_persist_entries(uint64_t node, uint64_t prev_term, const std::vector<Entry>& ents);

  void on_apply(uint64_t node, const Entry& e);

  /// `node` loaded `snap` into its state machine (received, or on restart).
  void on_snapshot_loaded(uint64_t node, const Snapshot& snap);

  void on_read_requested(uint64_t node, const std::string& ctx);

  void on_read_state(uint64_t node, const read_state& rs);

  /// After every event: election safety and leader completeness.
  void on_state(const test_cluster& c);

  bool ok() const {
    return failure_.empty();
  }

  const std::string& failure() const {
    return failure_;
  }

  /// Payloads some node applied: a client saw their commit.
  const std::vector<std::string>& applied_payloads() const {
    return payloads_;
  }

  uint64_t max_commit() const {
    return max_commit_;
  }

  uint64_t leader_of_term(uint64_t term) const;

private:
  struct entry_record {
    uint64_t term = 0;
    EntryType type = ENTRY_NORMAL;
    std::string data;
    bool known = false;
  };

  struct verified {
    uint64_t term = 0;
    uint64_t up_to = 0;
  };

  void fail(std::string what);
  void record_commits(const test_cluster& c);
  void check_completeness(const test_cluster& c);
  const entry_record* applied_at(uint64_t index) const;

  std::string failure_;
  std::map<uint64_t, uint64_t> leader_by_term_;
  /// (index, term) -> (data, prev_term): log matching.
  std::map<std::pair<uint64_t, uint64_t>, std::pair<std::string, uint64_t>> entries_;
  /// Index i - 1 -> the entry applied at i (state machine safety).
  std::vector<entry_record> applied_;
  std::vector<std::string> payloads_;
  std::map<uint64_t, uint64_t> last_applied_;
  /// Index i - 1 -> term of the entry committed at i (from leaders' logs).
  std::vector<uint64_t> committed_terms_;
  /// Term -> the highest commit index its leader reached.
  std::map<uint64_t, uint64_t> leader_commit_by_term_;
  std::map<uint64_t, verified> verified_;
  std::unordered_map<std::string, uint64_t> read_required_;
  uint64_t max_commit_ = 0;
};

} // namespace convoy::raft::testing
