// The leader half of convoy::raft: proposals, replication with flow control,
// commit by quorum, ReadIndex, leadership transfer.

#include "actors/store/raft/raft_core.hpp"

#include <algorithm>

namespace convoy::raft {

raft_errc raft_core::step_leader(Message& m) {
  switch (m.type()) {
    case MSG_BEAT:
      bcast_heartbeat();
      return raft_errc::ok;
    case MSG_CHECK_QUORUM: {
      if (auto* self = trk_.find(id_))
        self->recent_active = true;
      // A leader cut off from a quorum steps down instead of serving stale
      // state; its followers elect a new one meanwhile.
      if (!trk_.quorum_active())
        become_follower(term_, none);
      for (auto& [id, pr] : trk_.all())
        if (id != id_)
          pr.recent_active = false;
      return raft_errc::ok;
    }
    case MSG_PROP:
      return propose(m);
    case MSG_READ_INDEX:
      if (m.context().empty())
        return raft_errc::empty_read_context; // heartbeats could not carry it
      // Until an entry of this term is committed, our commit index may lag
      // behind what the previous leader committed (thesis 6.4, step 1).
      if (!committed_entry_in_current_term()) {
        pending_read_index_.push_back(std::move(m));
        return raft_errc::ok;
      }
      serve_read_index(std::move(m));
      return raft_errc::ok;
    default:
      break;
  }
  if (auto* pr = trk_.find(m.from()))
    step_leader_from_peer(m, *pr);
  return raft_errc::ok;
}

raft_errc raft_core::propose(Message& m) {
  if (m.entries_size() == 0)
    return raft_errc::proposal_dropped; // malformed: nothing to append
  if (trk_.find(id_) == nullptr || lead_transferee_ != none)
    return raft_errc::proposal_dropped; // removed, or handing over leadership
  std::vector<Entry> ents;
  ents.reserve(static_cast<size_t>(m.entries_size()));
  for (auto& e : *m.mutable_entries())
    ents.push_back(std::move(e));
  size_t refused = 0;
  for (size_t i = 0; i < ents.size(); ++i) {
    if (ents[i].type() != ENTRY_CONF_CHANGE)
      continue;
    // One membership change at a time: the next may only be proposed once
    // the previous one is applied, so no two differ by more than one node.
    ConfChange cc;
    bool ok = cc.ParseFromString(ents[i].data()) && pending_conf_index_ <= log_.applied()
              && trk_.is_valid_change(cc);
    if (ok) {
      pending_conf_index_ = log_.last_index() + i + 1;
    } else {
      ents[i] = Entry{}; // keep the batch's other entries
      ++refused;
    }
  }
  if (refused == ents.size() || !append_entries(ents))
    return raft_errc::proposal_dropped;
  bcast_append();
  return raft_errc::ok;
}

void raft_core::step_leader_from_peer(Message& m, progress& pr) {
  switch (m.type()) {
    case MSG_APP_RESP:
      handle_append_response(m, pr);
      break;
    case MSG_HEARTBEAT_RESP:
      handle_heartbeat_response(m, pr);
      break;
    case MSG_SNAP_STATUS:
      if (pr.state != progress_state::snapshot)
        break;
      if (m.reject())
        pr.pending_snapshot = 0;
      pr.become_probe();
      // Wait for the follower's answer (after success) or a heartbeat
      // interval (after failure) before probing again.
      pr.probe_sent = true;
      break;
    case MSG_UNREACHABLE:
      // Optimistic pipelining probably lost a MsgApp: go back to probing.
      if (pr.state == progress_state::replicate)
        pr.become_probe();
      break;
    case MSG_TRANSFER_LEADER:
      handle_transfer_leader(m, pr);
      break;
    default:
      break;
  }
}

void raft_core::handle_append_response(const Message& m, progress& pr) {
  pr.recent_active = true;
  if (m.reject()) {
    // Skip the whole conflicting term at once using the follower's hint.
    auto next_probe = m.reject_hint();
    if (m.log_term() > 0)
      next_probe = log_.find_conflict_by_term(m.reject_hint(), m.log_term());
    if (pr.maybe_decr_to(m.index(), next_probe)) {
      if (pr.state == progress_state::replicate)
        pr.become_probe();
      maybe_send_append(m.from(), true);
    }
    return;
  }
  bool old_paused = pr.is_paused();
  if (!pr.maybe_update(m.index()))
    return;
  if (pr.state == progress_state::probe) {
    pr.become_replicate();
  } else if (pr.state == progress_state::snapshot && pr.match >= pr.pending_snapshot) {
    pr.become_probe();
    pr.become_replicate();
  } else if (pr.state == progress_state::replicate) {
    pr.flight.free_le(m.index());
  }
  if (maybe_commit())
    bcast_append();
  else if (old_paused && !bcast_pending_)
    maybe_send_append(m.from(), true); // flush() would send it otherwise
  // Acks free the window: pipeline whatever else is waiting.
  while (maybe_send_append(m.from(), false)) {
  }
  if (m.from() == lead_transferee_ && pr.match == log_.last_index())
    send_timeout_now(m.from());
}

void raft_core::handle_heartbeat_response(const Message& m, progress& pr) {
  pr.recent_active = true;
  pr.probe_sent = false;
  // The follower is alive: let one more MsgApp through a full window.
  if (pr.state == progress_state::replicate && pr.flight.full())
    pr.flight.free_first_one();
  if (pr.match < log_.last_index())
    maybe_send_append(m.from(), true);
  if (m.context().empty())
    return;
  auto* acks = read_only_.recv_ack(m.from(), m.context());
  if (acks == nullptr || !trk_.has_quorum(*acks))
    return;
  for (auto& p : read_only_.advance(m.context()))
    answer_read_index(std::move(p.request), p.index);
}

void raft_core::handle_transfer_leader(const Message& m, progress& pr) {
  if (pr.is_learner)
    return;
  auto transferee = m.from(); // by convention, from = the transferee
  if (lead_transferee_ != none) {
    if (lead_transferee_ == transferee)
      return; // already in progress
    abort_leader_transfer();
  }
  if (transferee == id_)
    return;
  // The transfer must finish within an election timeout.
  election_elapsed_ = 0;
  lead_transferee_ = transferee;
  if (pr.match == log_.last_index())
    send_timeout_now(transferee);
  else
    maybe_send_append(transferee, true); // catch it up first
}

bool raft_core::append_entries(std::vector<Entry>& ents) {
  auto li = log_.last_index();
  for (size_t i = 0; i < ents.size(); ++i) {
    ents[i].set_term(term_);
    ents[i].set_index(li + 1 + i);
  }
  if (!increase_uncommitted_size(ents))
    return false;
  li = log_.append(std::move(ents));
  // Counting ourselves before our own write is durable is safe: a commit
  // index derived from it only leaves this node in a later ready, after the
  // write (see ready.hpp rule 2).
  trk_.find(id_)->maybe_update(li);
  maybe_commit();
  return true;
}

bool raft_core::maybe_send_append(uint64_t to, bool send_if_empty) {
  auto* pr = trk_.find(to);
  if (pr == nullptr || pr->is_paused())
    return false;
  auto prev_term = log_.term(pr->next - 1);
  std::vector<Entry> ents;
  auto err = prev_term.ok() ? log_.entries_from(pr->next, max_msg_size_, ents)
                            : storage_error::compacted;
  if (err != storage_error::none) {
    // What the follower needs next was compacted: send the snapshot.
    send_snapshot(to, *pr);
    return false;
  }
  if (ents.empty() && !send_if_empty)
    return false;
  Message m;
  m.set_to(to);
  m.set_type(MSG_APP);
  m.set_index(pr->next - 1);
  m.set_log_term(prev_term.value());
  m.set_commit(log_.committed());
  if (!ents.empty()) {
    auto last = ents.back().index();
    if (pr->state == progress_state::replicate) {
      pr->optimistic_update(last); // pipelining: do not wait for the ack
      pr->flight.add(last);
    } else {
      pr->probe_sent = true; // probe: one at a time
    }
    m.mutable_entries()->Reserve(static_cast<int>(ents.size()));
    for (auto& e : ents)
      *m.add_entries() = std::move(e);
  }
  send(std::move(m));
  return true;
}

void raft_core::send_snapshot(uint64_t to, progress& pr) {
  if (!pr.recent_active)
    return; // do not ship a snapshot to a replica that may be down
  auto snap = log_.snapshot();
  if (!snap.ok()) {
    require(snap.error() == storage_error::snapshot_temporarily_unavailable,
            "storage failed to produce a snapshot");
    return;
  }
  require(snap.value().metadata().index() > 0, "entries are compacted but the snapshot is empty");
  pr.become_snapshot(snap.value().metadata().index());
  Message m;
  m.set_to(to);
  m.set_type(MSG_SNAP);
  *m.mutable_snapshot() = std::move(snap.value());
  send(std::move(m));
}

void raft_core::send_heartbeat(uint64_t to, const std::string& ctx) {
  auto* pr = trk_.find(to);
  Message m;
  m.set_to(to);
  m.set_type(MSG_HEARTBEAT);
  // Never tell a follower to commit beyond what it is known to hold.
  m.set_commit(std::min(pr->match, log_.committed()));
  m.set_context(ctx);
  send(std::move(m));
}

void raft_core::bcast_append() {
  // Deferred to flush(): many proposals (or acks) between two ready() calls
  // then cost one MsgApp per follower instead of one each.
  bcast_pending_ = true;
}

void raft_core::bcast_heartbeat() {
  const auto& ctx = read_only_.last_pending_context();
  for (auto& [id, pr] : trk_.all())
    if (id != id_)
      send_heartbeat(id, ctx);
}

bool raft_core::maybe_commit() {
  if (!log_.maybe_commit(trk_.committed(), term_))
    return false;
  release_pending_read_index_messages();
  return true;
}

void raft_core::send_timeout_now(uint64_t to) {
  Message m;
  m.set_to(to);
  m.set_type(MSG_TIMEOUT_NOW);
  send(std::move(m));
}

void raft_core::abort_leader_transfer() {
  lead_transferee_ = none;
}

bool raft_core::committed_entry_in_current_term() const {
  return log_.term_or_zero(log_.committed()) == term_;
}

void raft_core::serve_read_index(Message m) {
  auto ctx = m.context();
  read_only_.add_request(log_.committed(), std::move(m));
  auto* acks = read_only_.recv_ack(id_, ctx);
  if (acks != nullptr && trk_.has_quorum(*acks)) {
    // We alone are a quorum.
    for (auto& p : read_only_.advance(ctx))
      answer_read_index(std::move(p.request), p.index);
    return;
  }
  // A quorum answering a heartbeat sent after the request proves no newer
  // leader existed when it arrived.
  for (auto& [id, pr] : trk_.all())
    if (id != id_)
      send_heartbeat(id, ctx);
}

void raft_core::answer_read_index(Message req, uint64_t index) {
  if (req.from() == none || req.from() == id_) {
    read_states_.push_back({index, req.context()});
    return;
  }
  Message resp;
  resp.set_to(req.from());
  resp.set_type(MSG_READ_INDEX_RESP);
  resp.set_index(index);
  resp.set_context(std::move(*req.mutable_context()));
  send(std::move(resp));
}

void raft_core::release_pending_read_index_messages() {
  if (pending_read_index_.empty() || !committed_entry_in_current_term())
    return;
  auto reqs = std::move(pending_read_index_);
  pending_read_index_.clear();
  for (auto& m : reqs)
    serve_read_index(std::move(m));
}

bool raft_core::increase_uncommitted_size(const std::vector<Entry>& ents) {
  uint64_t s = 0;
  for (const auto& e : ents)
    s += payload_size(e);
  // Always admit one proposal into an empty tail, however large.
  if (max_uncommitted_size_ > 0 && uncommitted_size_ > 0 && s > 0
      && uncommitted_size_ + s > max_uncommitted_size_)
    return false;
  uncommitted_size_ += s;
  return true;
}

void raft_core::reduce_uncommitted_size(uint64_t bytes) {
  uncommitted_size_ = bytes > uncommitted_size_ ? 0 : uncommitted_size_ - bytes;
}

} // namespace convoy::raft
