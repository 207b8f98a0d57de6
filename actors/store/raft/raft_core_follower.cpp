// The follower and (pre-)candidate half of convoy::raft: accepting appends,
// heartbeats and snapshots, counting votes, forwarding to the leader.

#include "actors/store/raft/raft_core.hpp"

#include <algorithm>

namespace convoy::raft {

namespace {

/// Whether m's entries can follow entry (m.index(), m.log_term()) in a log
/// written by a leader of m.term(): contiguous indexes, terms that never
/// decrease nor exceed the sender's. Anything else would corrupt our log.
bool well_formed_append(const Message& m) {
  auto index = m.index();
  auto term = m.log_term();
  for (const auto& e : m.entries()) {
    if (e.index() != ++index || e.term() < term || e.term() > m.term())
      return false;
    term = e.term();
  }
  return true;
}

/// A forwarded request starts over as a local message of the forwarder.
Message forward(Message m, uint64_t to) {
  m.set_to(to);
  m.set_term(0);
  return m;
}

} // namespace

raft_errc raft_core::step_candidate(Message& m) {
  auto my_vote_resp = state_ == role::pre_candidate ? MSG_PRE_VOTE_RESP : MSG_VOTE_RESP;
  switch (m.type()) {
    case MSG_PROP:
    case MSG_READ_INDEX:
    case MSG_TRANSFER_LEADER:
      return raft_errc::proposal_dropped; // no leader to forward to
    case MSG_APP:
      // A leader of our term (or a newer one, see step_term) exists.
      become_follower(m.term(), m.from());
      handle_append_entries(m);
      return raft_errc::ok;
    case MSG_HEARTBEAT:
      become_follower(m.term(), m.from());
      handle_heartbeat(m);
      return raft_errc::ok;
    case MSG_SNAP:
      become_follower(m.term(), m.from());
      handle_snapshot(m);
      return raft_errc::ok;
    default:
      break;
  }
  if (m.type() != my_vote_resp)
    return raft_errc::ok;
  switch (poll(m.from(), m.type(), !m.reject())) {
    case vote_result::won:
      if (state_ == role::pre_candidate)
        campaign(campaign_type::election);
      else
        become_leader();
      break;
    case vote_result::lost:
      // A pre-vote response carries a future term; keep ours.
      become_follower(term_, none);
      break;
    case vote_result::pending:
      break;
  }
  return raft_errc::ok;
}

raft_errc raft_core::step_follower(Message& m) {
  switch (m.type()) {
    case MSG_PROP:
      if (lead_ == none || disable_proposal_forwarding_)
        return raft_errc::proposal_dropped;
      send(forward(std::move(m), lead_));
      return raft_errc::ok;
    case MSG_APP:
      election_elapsed_ = 0;
      lead_ = m.from();
      handle_append_entries(m);
      return raft_errc::ok;
    case MSG_HEARTBEAT:
      election_elapsed_ = 0;
      lead_ = m.from();
      handle_heartbeat(m);
      return raft_errc::ok;
    case MSG_SNAP:
      election_elapsed_ = 0;
      lead_ = m.from();
      handle_snapshot(m);
      return raft_errc::ok;
    case MSG_TRANSFER_LEADER:
    case MSG_READ_INDEX:
      if (lead_ == none)
        return raft_errc::proposal_dropped;
      send(forward(std::move(m), lead_));
      return raft_errc::ok;
    case MSG_TIMEOUT_NOW:
      // The leader hands over: campaign now, bypassing pre-vote and leases.
      hup(campaign_type::transfer);
      return raft_errc::ok;
    case MSG_READ_INDEX_RESP:
      read_states_.push_back({m.index(), m.context()});
      return raft_errc::ok;
    default:
      return raft_errc::ok;
  }
}

void raft_core::handle_append_entries(Message& m) {
  if (!well_formed_append(m))
    return;
  Message resp;
  resp.set_to(m.from());
  resp.set_type(MSG_APP_RESP);
  if (m.index() < log_.committed()) {
    // Stale (duplicated or delayed): tell the leader where we are.
    resp.set_index(log_.committed());
    send(std::move(resp));
    return;
  }
  std::vector<Entry> ents;
  ents.reserve(static_cast<size_t>(m.entries_size()));
  for (auto& e : *m.mutable_entries())
    ents.push_back(std::move(e));
  if (auto last_new = log_.maybe_append(m.index(), m.log_term(), m.commit(), std::move(ents))) {
    resp.set_index(*last_new);
    send(std::move(resp));
    return;
  }
  // Consistency check failed (paper 5.3). Hint the leader at the largest
  // index whose term is <= the probed term, so it skips whole terms.
  auto hint = log_.find_conflict_by_term(std::min(m.index(), log_.last_index()), m.log_term());
  resp.set_index(m.index());
  resp.set_reject(true);
  resp.set_reject_hint(hint);
  resp.set_log_term(log_.term_or_zero(hint));
  send(std::move(resp));
}

void raft_core::handle_heartbeat(const Message& m) {
  log_.commit_to(m.commit());
  Message resp;
  resp.set_to(m.from());
  resp.set_type(MSG_HEARTBEAT_RESP);
  resp.set_context(m.context());
  send(std::move(resp));
}

void raft_core::handle_snapshot(Message& m) {
  Message resp;
  resp.set_to(m.from());
  resp.set_type(MSG_APP_RESP);
  if (restore(std::move(*m.mutable_snapshot())))
    resp.set_index(log_.last_index());
  else
    resp.set_index(log_.committed());
  send(std::move(resp));
}

bool raft_core::restore(Snapshot snap) {
  const auto& md = snap.metadata();
  if (md.index() <= log_.committed())
    return false; // nothing new in it
  if (state_ != role::follower) {
    // Defense in depth: only a follower installs snapshots.
    become_follower(term_ + 1, none);
    return false;
  }
  if (log_.match_term(md.index(), md.term())) {
    // We already hold the snapshot's last entry: just commit up to it.
    log_.commit_to(md.index());
    return false;
  }
  // Installed even when we are not (yet) in its membership: a replica being
  // added receives a snapshot taken before its own addition, and the entries
  // after it bring the change that adds it.
  auto cs = md.conf_state();
  log_.restore(std::move(snap));
  trk_.restore(cs, log_.last_index());
  on_membership_changed();
  if (auto* self = trk_.find(id_))
    self->maybe_update(self->next - 1);
  return true;
}

} // namespace convoy::raft
