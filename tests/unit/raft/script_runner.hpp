#pragma once

// A small interpreter for Raft transcripts (tests/unit/raft/testdata/*.txt),
// in the spirit of etcd-io/raft's interaction tests. One command per line,
// `#` starts a comment. Commands:
//
//   options pre-vote=B check-quorum=B election=N heartbeat=N max-msg-size=N max-inflight=N
//   add-nodes N                  founding members 1..N
//   add-node ID | add-learner ID start an empty replica ID, propose adding it via the leader
//   remove-node ID               propose removing ID via the leader
//   campaign ID | propose ID DATA | read-index ID CTX | transfer-leader FROM TO
//   tick ID [N] | tick-election ID | tick-heartbeat ID | tick-all [N]
//   run-ticks N                  N times: tick every node, then stabilize
//   stabilize                    process readies and deliver messages until quiet
//   partition 1 / 2 3 | isolate ID | heal | crash ID | restart ID
//   compact ID INDEX             snapshot at the applied index, drop entries <= INDEX
//   expect-leader ID|none|any       expect-role ID ROLE          expect-term ID|all T
//   expect-commit ID|all INDEX   expect-applied ID|all DATA...
//   expect-log ID ENTRY...       (ENTRY: t2, t2:foo, t1:add(4); the stored log)
//   expect-first-index ID I      expect-voters ID|all IDS...  expect-learners ID|all IDS...
//   expect-read ID CTX INDEX|none
//   expect-dropped COMMAND...    the command's request must be dropped
//   status                       print every node's state (with --verbose runs)

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "test_cluster.hpp"

namespace convoy::raft::testing {

class script_runner {
public:
  /// `log` (optional) receives the transcript with each event.
  explicit script_runner(std::ostream* log = nullptr);

  ~script_runner();

  /// Runs a whole file; returns "" or "<file>:<line>: <what failed>".
  std::string run_file(const std::string& path);

  /// Runs one command; throws std::runtime_error naming what failed.
  void run(const std::vector<std::string>& args);

private:
  test_cluster& cluster();
  std::vector<uint64_t> targets(const std::string& who);
  void set_options(const std::vector<std::string>& args);
  bool drive(const std::vector<std::string>& args);
  raft_errc request(const std::vector<std::string>& args);
  void change_membership(ConfChangeType type, uint64_t id);
  void expect(const std::vector<std::string>& args);
  void expect_on(uint64_t id, const std::vector<std::string>& args);
  void expect_node_lists(const std::vector<std::string>& args);
  void print_status();

  std::ostream* log_;
  node_options opts_;
  std::unique_ptr<test_cluster> cluster_;
};

/// Splits a line into whitespace-separated words (comments removed).
std::vector<std::string> split_words(const std::string& line);

} // namespace convoy::raft::testing
