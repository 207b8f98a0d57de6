#include "actors/store/raft/raft_core.hpp"

#include <algorithm>
#include <stdexcept>

namespace convoy::raft {

// -- construction -------------------------------------------------------------

raft_core::raft_core(const config& cfg, const log_storage& storage)
  : id_(cfg.id),
    log_(storage, cfg.max_committed_size_per_ready),
    trk_(cfg.max_inflight_msgs),
    max_msg_size_(cfg.max_size_per_msg),
    max_uncommitted_size_(cfg.max_uncommitted_entries_size),
    check_quorum_(cfg.check_quorum),
    pre_vote_(cfg.pre_vote),
    disable_proposal_forwarding_(cfg.disable_proposal_forwarding),
    heartbeat_timeout_(cfg.heartbeat_tick),
    election_timeout_(cfg.election_tick),
    jitter_(cfg.seed ^ (cfg.id * 0x9e3779b97f4a7c15ULL)) {
  if (auto err = cfg.validate(); !err.empty())
    throw std::invalid_argument(err);
  auto st = storage.initial_state();
  trk_.restore(st.conf_state, log_.last_index());
  on_membership_changed();
  if (!is_empty(st.hard_state))
    load_state(st.hard_state);
  if (cfg.applied > 0) {
    // Whatever the application applied was committed, even if its lazily
    // written hard state has not caught up.
    log_.commit_to(cfg.applied);
    log_.applied_to(cfg.applied);
  }
  become_follower(term_, none);
}

void raft_core::load_state(const HardState& hs) {
  require(hs.commit() <= log_.last_index(),
          "hard state commit index beyond the last stored entry (storage lost entries?)");
  log_.commit_to(hs.commit());
  term_ = hs.term();
  vote_ = hs.vote();
}

HardState raft_core::hard() const {
  HardState hs;
  hs.set_term(term_);
  hs.set_vote(vote_);
  hs.set_commit(log_.committed());
  return hs;
}

bool raft_core::promotable() const {
  auto* pr = trk_.find(id_);
  return pr != nullptr && !pr->is_learner && !log_.pending_snapshot();
}

// -- roles and terms ------------------------------------------------------------

void raft_core::reset(uint64_t term) {
  if (term_ != term) {
    term_ = term;
    vote_ = none;
  }
  lead_ = none;
  election_elapsed_ = 0;
  heartbeat_elapsed_ = 0;
  reset_randomized_election_timeout();
  abort_leader_transfer();
  trk_.reset_votes();
  auto last = log_.last_index();
  for (auto& [id, pr] : trk_.all()) {
    pr = progress(last + 1, pr.flight.capacity(), pr.is_learner);
    if (id == id_)
      pr.match = last;
  }
  pending_conf_index_ = 0;
  uncommitted_size_ = 0;
  read_only_.clear();
  pending_read_index_.clear();
  bcast_pending_ = false;
}

void raft_core::become_follower(uint64_t term, uint64_t lead) {
  reset(term);
  lead_ = lead;
  state_ = role::follower;
}

void raft_core::become_pre_candidate() {
  require(state_ != role::leader, "invalid transition [leader -> pre-candidate]");
  // Neither the term nor the vote change: a pre-vote round is advisory, so
  // a replica that cannot win does not disturb anyone with a higher term.
  trk_.reset_votes();
  lead_ = none;
  state_ = role::pre_candidate;
}

void raft_core::become_candidate() {
  require(state_ != role::leader, "invalid transition [leader -> candidate]");
  reset(term_ + 1);
  vote_ = id_;
  state_ = role::candidate;
}

void raft_core::become_leader() {
  require(state_ != role::follower, "invalid transition [follower -> leader]");
  reset(term_);
  lead_ = id_;
  state_ = role::leader;
  // The leader trivially matches its own log.
  trk_.find(id_)->become_replicate();
  // Any entry in the log may be an unapplied conf change: conservatively
  // wait until all of it is applied before accepting a new one.
  pending_conf_index_ = log_.last_index();
  // An entry of its own term lets the leader commit (and thus learn) everything
  // before it (paper 5.4.2, 8): needed before serving reads or conf changes.
  std::vector<Entry> noop(1);
  require(append_entries(noop), "a new leader failed to append its empty entry");
  bcast_append();
}

void raft_core::reset_randomized_election_timeout() {
  randomized_election_timeout_ =
    election_timeout_ + static_cast<int>(jitter_.below(static_cast<uint64_t>(election_timeout_)));
}

bool raft_core::past_election_timeout() const {
  return election_elapsed_ >= randomized_election_timeout_;
}

// -- ticks ------------------------------------------------------------------------

void raft_core::tick() {
  if (state_ == role::leader)
    tick_heartbeat();
  else
    tick_election();
}

void raft_core::tick_election() {
  ++election_elapsed_;
  if (promotable() && past_election_timeout()) {
    election_elapsed_ = 0;
    Message m;
    m.set_type(MSG_HUP);
    m.set_from(id_);
    step(std::move(m));
  }
}

void raft_core::tick_heartbeat() {
  ++heartbeat_elapsed_;
  ++election_elapsed_;
  if (election_elapsed_ >= election_timeout_) {
    election_elapsed_ = 0;
    if (check_quorum_) {
      Message m;
      m.set_type(MSG_CHECK_QUORUM);
      m.set_from(id_);
      step(std::move(m));
    }
    // A transfer that did not finish within an election timeout is abandoned.
    if (state_ == role::leader && lead_transferee_ != none)
      abort_leader_transfer();
  }
  if (state_ != role::leader)
    return;
  if (heartbeat_elapsed_ >= heartbeat_timeout_) {
    heartbeat_elapsed_ = 0;
    Message m;
    m.set_type(MSG_BEAT);
    m.set_from(id_);
    step(std::move(m));
  }
}

// -- step ---------------------------------------------------------------------------

raft_errc raft_core::step(Message m) {
  if (!step_term(m))
    return raft_errc::ok;
  switch (m.type()) {
    case MSG_HUP:
      hup(pre_vote_ ? campaign_type::pre_election : campaign_type::election);
      return raft_errc::ok;
    case MSG_VOTE:
    case MSG_PRE_VOTE:
      handle_vote_request(m);
      return raft_errc::ok;
    default:
      break;
  }
  switch (state_) {
    case role::leader:
      return step_leader(m);
    case role::candidate:
    case role::pre_candidate:
      return step_candidate(m);
    case role::follower:
      return step_follower(m);
  }
  return raft_errc::ok;
}

/// Applies the term rules every message is subject to (paper 5.1); returns
/// false when the message must go no further.
bool raft_core::step_term(const Message& m) {
  if (m.term() == 0)
    return true; // local message (or a forwarded proposal / read)
  if (m.term() > term_) {
    if (m.type() == MSG_VOTE || m.type() == MSG_PRE_VOTE) {
      bool force = m.context() == campaign_transfer_context;
      bool in_lease = check_quorum_ && lead_ != none && election_elapsed_ < election_timeout_;
      // We heard from a leader within the minimum election timeout: this
      // candidate is disruptive (e.g. just rejoined from a partition).
      if (!force && in_lease)
        return false;
    }
    if (m.type() == MSG_PRE_VOTE) {
      // Never change the term because of a pre-vote request.
    } else if (m.type() == MSG_PRE_VOTE_RESP && !m.reject()) {
      // Carries the future term of our own pre-vote: adopt it only on winning.
    } else if (m.type() == MSG_APP || m.type() == MSG_HEARTBEAT || m.type() == MSG_SNAP) {
      become_follower(m.term(), m.from());
    } else {
      become_follower(m.term(), none);
    }
    return true;
  }
  if (m.term() < term_) {
    if ((check_quorum_ || pre_vote_) && (m.type() == MSG_HEARTBEAT || m.type() == MSG_APP)) {
      // A leader of an older term: tell it our term so it steps down. With
      // check quorum we may ignore its candidates' votes, so this reply is
      // what frees a stale leader (and an isolated replica with a high term).
      Message resp;
      resp.set_to(m.from());
      resp.set_type(MSG_APP_RESP);
      send(std::move(resp));
    } else if (m.type() == MSG_PRE_VOTE) {
      Message resp;
      resp.set_to(m.from());
      resp.set_term(term_);
      resp.set_type(MSG_PRE_VOTE_RESP);
      resp.set_reject(true);
      send(std::move(resp));
    }
    return false;
  }
  return true;
}

void raft_core::handle_vote_request(const Message& m) {
  // We can vote if this repeats our vote, if we have not voted and know no
  // leader in this term, or if it is a pre-vote for a future term...
  bool can_vote = vote_ == m.from() || (vote_ == none && lead_ == none)
                  || (m.type() == MSG_PRE_VOTE && m.term() > term_);
  Message resp;
  resp.set_to(m.from());
  resp.set_type(vote_response_type(m.type()));
  // ...and the candidate's log is at least as up to date as ours (5.4.1).
  if (can_vote && log_.is_up_to_date(m.index(), m.log_term())) {
    resp.set_term(m.term());
    if (m.type() == MSG_VOTE) {
      election_elapsed_ = 0;
      vote_ = m.from();
    }
  } else {
    resp.set_term(term_);
    resp.set_reject(true);
  }
  send(std::move(resp));
}

void raft_core::hup(campaign_type t) {
  if (state_ == role::leader || !promotable())
    return;
  // A committed but unapplied conf change may change who votes: campaign
  // only once the membership is current.
  if (log_.committed() > log_.applied()) {
    std::vector<Entry> unapplied;
    auto err = log_.slice(log_.applied() + 1, log_.committed() + 1, no_limit, unapplied);
    require(err == storage_error::none, "unapplied committed entries are unavailable");
    for (const auto& e : unapplied)
      if (e.type() == ENTRY_CONF_CHANGE)
        return;
  }
  campaign(t);
}

void raft_core::campaign(campaign_type t) {
  MessageType vote_msg;
  uint64_t term;
  if (t == campaign_type::pre_election) {
    become_pre_candidate();
    vote_msg = MSG_PRE_VOTE;
    term = term_ + 1; // the term we would run for
  } else {
    become_candidate();
    vote_msg = MSG_VOTE;
    term = term_;
  }
  if (poll(id_, vote_response_type(vote_msg), true) == vote_result::won) {
    // A single voter wins on its own vote.
    if (t == campaign_type::pre_election)
      campaign(campaign_type::election);
    else
      become_leader();
    return;
  }
  for (auto id : trk_.voters()) {
    if (id == id_)
      continue;
    Message m;
    m.set_to(id);
    m.set_term(term);
    m.set_type(vote_msg);
    m.set_index(log_.last_index());
    m.set_log_term(log_.last_term());
    if (t == campaign_type::transfer)
      m.set_context(campaign_transfer_context);
    send(std::move(m));
  }
}

vote_result raft_core::poll(uint64_t id, MessageType, bool granted) {
  trk_.record_vote(id, granted);
  return trk_.tally_votes();
}

// -- membership ---------------------------------------------------------------------

ConfState raft_core::apply_conf_change(const ConfChange& cc) {
  trk_.apply(cc, log_.last_index());
  on_membership_changed();
  return trk_.conf_state();
}

void raft_core::on_membership_changed() {
  auto* self = trk_.find(id_);
  if ((self == nullptr || self->is_learner) && state_ == role::leader) {
    // Removed (or demoted): a leader must be a voter. The commit index of
    // the change already went out, so the others can elect a successor.
    become_follower(term_, none);
    return;
  }
  if (state_ != role::leader || trk_.voters().empty())
    return;
  // A smaller quorum may commit more; newcomers get probed right away.
  if (maybe_commit())
    bcast_append();
  for (auto& [id, pr] : trk_.all())
    if (id != id_)
      maybe_send_append(id, false);
  if (lead_transferee_ != none && !trk_.is_voter(lead_transferee_))
    abort_leader_transfer();
}

raft_errc raft_core::bootstrap(std::vector<uint64_t> voters) {
  // Every founder must write byte-identical entries (same index and term
  // means same entry): the order of the list must not matter.
  std::sort(voters.begin(), voters.end());
  voters.erase(std::unique(voters.begin(), voters.end()), voters.end());
  voters.erase(std::remove(voters.begin(), voters.end(), none), voters.end());
  if (voters.empty())
    return raft_errc::no_peers;
  if (log_.last_index() != 0)
    return raft_errc::storage_not_empty;
  become_follower(1, none);
  std::vector<Entry> ents;
  for (size_t i = 0; i < voters.size(); ++i) {
    ConfChange cc;
    cc.set_type(CONF_CHANGE_ADD_NODE);
    cc.set_node_id(voters[i]);
    auto& e = ents.emplace_back();
    e.set_type(ENTRY_CONF_CHANGE);
    e.set_term(1);
    e.set_index(i + 1);
    e.set_data(cc.SerializeAsString());
  }
  log_.append(std::move(ents));
  // Every founder writes the same entries, so they are committed by
  // definition. They stay unapplied: the application sees (and persists) the
  // membership through committed_entries like any later change.
  log_.commit_to(voters.size());
  for (auto id : voters) {
    ConfChange cc;
    cc.set_type(CONF_CHANGE_ADD_NODE);
    cc.set_node_id(id);
    apply_conf_change(cc);
  }
  return raft_errc::ok;
}

// -- output plumbing --------------------------------------------------------------

void raft_core::send(Message m) {
  if (m.from() == none)
    m.set_from(id_);
  auto t = m.type();
  if (t == MSG_VOTE || t == MSG_VOTE_RESP || t == MSG_PRE_VOTE || t == MSG_PRE_VOTE_RESP) {
    require(m.term() != 0, "vote messages must carry a term");
  } else {
    require(m.term() == 0, "only vote messages set their term before send()");
    // Proposals and read requests forwarded to the leader travel without a
    // term: they are treated like local messages there.
    if (t != MSG_PROP && t != MSG_READ_INDEX)
      m.set_term(term_);
  }
  msgs_.push_back(std::move(m));
}

void raft_core::flush() {
  if (!bcast_pending_)
    return;
  bcast_pending_ = false;
  if (state_ != role::leader)
    return;
  for (auto& [id, pr] : trk_.all()) {
    if (id == id_)
      continue;
    // One message carries the commit index even if there is nothing new;
    // then pipeline as much as flow control allows.
    if (maybe_send_append(id, true))
      while (maybe_send_append(id, false)) {
      }
  }
}

void raft_core::advance(uint64_t applied, uint64_t stable_index, uint64_t stable_term,
                   uint64_t snap_index, uint64_t applied_payload_bytes) {
  if (state_ == role::leader)
    reduce_uncommitted_size(applied_payload_bytes);
  if (applied > 0)
    log_.applied_to(applied);
  if (stable_index > 0)
    log_.stable_to(stable_index, stable_term);
  if (snap_index > 0)
    log_.stable_snap_to(snap_index);
}

} // namespace convoy::raft
