#pragma once

#include <vector>

#include "actors/store/raft/config.hpp"
#include "actors/store/raft/jitter.hpp"
#include "actors/store/raft/progress_tracker.hpp"
#include "actors/store/raft/raft_log.hpp"
#include "actors/store/raft/read_only.hpp"
#include "actors/store/raft/ready.hpp"

namespace convoy::raft {

/// The Raft protocol of one replica as a deterministic state machine: inputs
/// are tick() and step(message), outputs accumulate in messages(), the log and
/// the read states until raw_node turns them into a ready. raw_node is the
/// API; this class is the protocol (split over raft_core.cpp: terms, roles, ticks
/// and membership; raft_core_leader.cpp: replication; raft_core_follower.cpp: follower
/// and candidate handling).
class raft_core {
public:
  enum class campaign_type { pre_election, election, transfer };

  raft_core(const config& cfg, const log_storage& storage);

  // -- inputs -------------------------------------------------------------------

  /// Advances the logical clock by one tick.
  void tick();

  /// Feeds one message (from a peer, or local: hup, prop, read_index, ...).
  raft_errc step(Message m);

  /// Applies a committed membership change; returns the new membership.
  ConfState apply_conf_change(const ConfChange& cc);

  /// Appends the founding membership as committed conf-change entries at
  /// term 1 (see raw_node::bootstrap).
  raft_errc bootstrap(std::vector<uint64_t> voters);

  /// Sends what was deferred to batch it (appends after proposals and
  /// commit advances): called before a ready is assembled.
  void flush();

  /// The application applied up to `applied`, persisted entries up to
  /// (stable_index, stable_term) and the snapshot at `snap_index` (0 = none).
  void advance(uint64_t applied, uint64_t stable_index, uint64_t stable_term,
               uint64_t snap_index, uint64_t applied_payload_bytes);

  // -- outputs ----------------------------------------------------------------

  std::vector<Message>& messages() noexcept {
    return msgs_;
  }

  std::vector<read_state>& read_states() noexcept {
    return read_states_;
  }

  raft_log& log() noexcept {
    return log_;
  }

  const raft_log& log() const noexcept {
    return log_;
  }

  /// True when flush() will produce messages.
  bool has_deferred_sends() const noexcept {
    return bcast_pending_ && state_ == role::leader;
  }

  // -- state ------------------------------------------------------------------

  soft_state soft() const {
    return {lead_, state_};
  }

  HardState hard() const;

  uint64_t id() const noexcept {
    return id_;
  }

  uint64_t term() const noexcept {
    return term_;
  }

  uint64_t lead() const noexcept {
    return lead_;
  }

  role state() const noexcept {
    return state_;
  }

  uint64_t lead_transferee() const noexcept {
    return lead_transferee_;
  }

  const progress_tracker& tracker() const noexcept {
    return trk_;
  }

  /// Whether this replica may become leader (a voter, no snapshot pending).
  bool promotable() const;

private:
  // -- roles and terms (raft.cpp) ---------------------------------------------

  void reset(uint64_t term);
  void become_follower(uint64_t term, uint64_t lead);
  void become_pre_candidate();
  void become_candidate();
  void become_leader();
  void load_state(const HardState& hs);
  void reset_randomized_election_timeout();
  bool past_election_timeout() const;
  void tick_election();
  void tick_heartbeat();
  bool step_term(const Message& m);
  void handle_vote_request(const Message& m);
  void hup(campaign_type t);
  void campaign(campaign_type t);
  vote_result poll(uint64_t id, MessageType t, bool granted);
  void on_membership_changed();
  void send(Message m);

  // -- leader (raft_leader.cpp) ------------------------------------------------

  raft_errc step_leader(Message& m);
  raft_errc propose(Message& m);
  void step_leader_from_peer(Message& m, progress& pr);
  void handle_append_response(const Message& m, progress& pr);
  void handle_heartbeat_response(const Message& m, progress& pr);
  void handle_transfer_leader(const Message& m, progress& pr);
  bool append_entries(std::vector<Entry>& ents);
  bool maybe_send_append(uint64_t to, bool send_if_empty);
  void send_snapshot(uint64_t to, progress& pr);
  void send_heartbeat(uint64_t to, const std::string& ctx);
  void bcast_append();
  void bcast_heartbeat();
  bool maybe_commit();
  void send_timeout_now(uint64_t to);
  void abort_leader_transfer();
  bool committed_entry_in_current_term() const;
  void serve_read_index(Message m);
  void answer_read_index(Message req, uint64_t index);
  void release_pending_read_index_messages();
  bool increase_uncommitted_size(const std::vector<Entry>& ents);
  void reduce_uncommitted_size(uint64_t bytes);

  // -- follower and candidate (raft_follower.cpp) -----------------------------

  raft_errc step_candidate(Message& m);
  raft_errc step_follower(Message& m);
  void handle_append_entries(Message& m);
  void handle_heartbeat(const Message& m);
  void handle_snapshot(Message& m);
  bool restore(Snapshot snap);

  // -- state ------------------------------------------------------------------

  uint64_t id_;
  uint64_t term_ = 0;
  uint64_t vote_ = none;
  uint64_t lead_ = none;
  role state_ = role::follower;
  raft_log log_;
  progress_tracker trk_;
  std::vector<Message> msgs_;
  std::vector<read_state> read_states_;
  read_only read_only_;
  /// ReadIndex requests that arrived before this leader committed an entry
  /// of its own term (until then its commit index may be stale).
  std::vector<Message> pending_read_index_;

  uint64_t max_msg_size_;
  uint64_t max_uncommitted_size_;
  uint64_t uncommitted_size_ = 0;
  uint64_t lead_transferee_ = none;
  /// Index of the latest conf change appended by this leader; no new one
  /// may be proposed until it is applied (one change at a time).
  uint64_t pending_conf_index_ = 0;
  /// A broadcast of appends is due at the next flush().
  bool bcast_pending_ = false;

  bool check_quorum_;
  bool pre_vote_;
  bool disable_proposal_forwarding_;
  int election_elapsed_ = 0;
  int heartbeat_elapsed_ = 0;
  int heartbeat_timeout_;
  int election_timeout_;
  int randomized_election_timeout_ = 0;
  jitter jitter_;
};

} // namespace convoy::raft
