#include "actors/store/raft/raw_node.hpp"

#include "actors/store/raft/raft_core.hpp"

namespace convoy::raft {

raw_node::raw_node(const config& cfg, const log_storage& storage)
  : raft_(std::make_unique<raft_core>(cfg, storage)) {
  prev_soft_ = raft_->soft();
  prev_hard_ = raft_->hard();
}

raw_node::~raw_node() = default;

raw_node::raw_node(raw_node&&) noexcept = default;

raw_node& raw_node::operator=(raw_node&&) noexcept = default;

raft_errc raw_node::bootstrap(const std::vector<uint64_t>& voters) {
  auto err = raft_->bootstrap(voters);
  if (err == raft_errc::ok)
    prev_hard_ = HardState{}; // the first ready must persist term and commit
  return err;
}

void raw_node::tick() {
  raft_->tick();
}

raft_errc raw_node::campaign() {
  Message m;
  m.set_type(MSG_HUP);
  return raft_->step(std::move(m));
}

raft_errc raw_node::propose(std::string data) {
  Message m;
  m.set_type(MSG_PROP);
  m.set_from(raft_->id());
  m.add_entries()->set_data(std::move(data));
  return raft_->step(std::move(m));
}

raft_errc raw_node::propose_conf_change(const ConfChange& cc) {
  Message m;
  m.set_type(MSG_PROP);
  m.set_from(raft_->id());
  auto* e = m.add_entries();
  e->set_type(ENTRY_CONF_CHANGE);
  e->set_data(cc.SerializeAsString());
  return raft_->step(std::move(m));
}

ConfState raw_node::apply_conf_change(const ConfChange& cc) {
  return raft_->apply_conf_change(cc);
}

raft_errc raw_node::step(Message m) {
  if (is_local_msg(m.type()))
    return raft_errc::step_local_msg;
  if (is_response_msg(m.type()) && raft_->tracker().find(m.from()) == nullptr)
    return raft_errc::step_peer_not_found;
  return raft_->step(std::move(m));
}

raft_errc raw_node::read_index(std::string ctx) {
  if (ctx.empty())
    return raft_errc::empty_read_context;
  Message m;
  m.set_type(MSG_READ_INDEX);
  m.set_context(std::move(ctx));
  return raft_->step(std::move(m));
}

raft_errc raw_node::transfer_leadership(uint64_t transferee) {
  Message m;
  m.set_type(MSG_TRANSFER_LEADER);
  m.set_from(transferee);
  return raft_->step(std::move(m));
}

void raw_node::report_unreachable(uint64_t id) {
  Message m;
  m.set_type(MSG_UNREACHABLE);
  m.set_from(id);
  raft_->step(std::move(m));
}

void raw_node::report_snapshot(uint64_t id, bool failed) {
  Message m;
  m.set_type(MSG_SNAP_STATUS);
  m.set_from(id);
  m.set_reject(failed);
  raft_->step(std::move(m));
}

bool raw_node::has_ready() const {
  const auto& r = *raft_;
  if (r.soft() != prev_soft_)
    return true;
  if (auto hs = r.hard(); !is_empty(hs) && hs != prev_hard_)
    return true;
  const auto& log = r.log();
  return log.pending_snapshot() || !raft_->messages().empty() || r.has_deferred_sends()
         || !log.unstable_entries().empty() || log.has_next_committed()
         || !raft_->read_states().empty();
}

raft::ready raw_node::ready() {
  raft_->flush();
  raft::ready rd;
  auto& log = raft_->log();
  rd.entries.assign(log.unstable_entries().begin(), log.unstable_entries().end());
  rd.committed_entries = log.next_committed();
  rd.messages.swap(raft_->messages());
  rd.read_states.swap(raft_->read_states());
  if (log.pending_snapshot())
    rd.snapshot = *log.pending_snapshot();
  if (auto soft = raft_->soft(); soft != prev_soft_) {
    rd.soft = soft;
    prev_soft_ = soft;
  }
  auto hs = raft_->hard();
  if (hs != prev_hard_)
    rd.hard_state = hs;
  rd.must_sync = !rd.entries.empty() || hs.vote() != prev_hard_.vote()
                 || hs.term() != prev_hard_.term();
  return rd;
}

void raw_node::advance(const raft::ready& rd) {
  if (rd.hard_state)
    prev_hard_ = *rd.hard_state;
  uint64_t applied = 0;
  uint64_t applied_bytes = 0;
  if (!rd.committed_entries.empty()) {
    applied = rd.committed_entries.back().index();
    for (const auto& e : rd.committed_entries)
      applied_bytes += payload_size(e);
  } else if (rd.snapshot) {
    applied = rd.snapshot->metadata().index();
  }
  uint64_t stable_index = rd.entries.empty() ? 0 : rd.entries.back().index();
  uint64_t stable_term = rd.entries.empty() ? 0 : rd.entries.back().term();
  uint64_t snap_index = rd.snapshot ? rd.snapshot->metadata().index() : 0;
  raft_->advance(applied, stable_index, stable_term, snap_index, applied_bytes);
}

raft::basic_status raw_node::basic_status() const {
  raft::basic_status st;
  st.id = raft_->id();
  st.hard_state = raft_->hard();
  st.soft = raft_->soft();
  st.applied = raft_->log().applied();
  st.lead_transferee = raft_->lead_transferee();
  return st;
}

raft::status raw_node::status() const {
  raft::status st;
  static_cast<raft::basic_status&>(st) = basic_status();
  st.conf_state = raft_->tracker().conf_state();
  if (raft_->state() == role::leader)
    st.progress_by_id = raft_->tracker().all();
  return st;
}

} // namespace convoy::raft
