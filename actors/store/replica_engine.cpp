#include "actors/store/replica_engine.hpp"

#include <algorithm>
#include <stdexcept>

#include "persistence/backend/snapshot.hpp"
#include "persistence/backend/write_retry.hpp"

namespace convoy::store {

namespace {

/// The buckets that make up the replicated state machine (what a snapshot
/// carries); the Raft log and hard state stay each replica's own.
const std::vector<std::string> state_buckets{"mvcc_meta", "mvcc_keys", "mvcc_revs",
                                             "mvcc_leases", "mvcc_lease_keys",
                                             "members"};

constexpr std::string_view directory_key = "directory";

/// The membership after `cc`, computed the way the Raft core will when the
/// change is applied, so it can be persisted in the apply transaction.
raft::ConfState next_conf_state(raft::ConfState cs, const raft::ConfChange& cc) {
  auto* voters = cs.mutable_voters();
  auto at = std::find(voters->begin(), voters->end(), cc.node_id());
  if (cc.type() == raft::CONF_CHANGE_REMOVE_NODE) {
    if (at != voters->end())
      voters->erase(at);
  } else if (at == voters->end()) {
    voters->Add(cc.node_id());
    std::sort(voters->begin(), voters->end());
  }
  return cs;
}

/// Records in `dir` what a committed conf change says about its node. The
/// founders' add-node entries (written by raft bootstrap) carry no
/// MemberChange: the directory keeps what it knows of them (initial_cluster)
/// rather than a blank entry (the context would parse as member id 0).
void update_directory(std::map<uint64_t, member>& dir, const raft::ConfChange& cc,
                      const MemberChange& change) {
  if (cc.type() == raft::CONF_CHANGE_REMOVE_NODE)
    dir.erase(cc.node_id());
  else if (!cc.context().empty())
    dir[cc.node_id()] = member{cc.node_id(), change.name(), change.address()};
}

raft::config raft_config(const engine_config& cfg, uint64_t applied) {
  raft::config rc;
  rc.id = cfg.self.id;
  rc.election_tick = cfg.election_tick;
  rc.heartbeat_tick = cfg.heartbeat_tick;
  rc.applied = applied;
  rc.pre_vote = true;
  rc.check_quorum = true;
  rc.seed = cfg.seed ^ cfg.self.id;
  return rc;
}

} // namespace

uint64_t member_id(std::string_view name) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : name) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h == 0 ? 1 : h;
}

replica_engine::replica_engine(engine_config cfg, backend::kv_backend& backend, uint64_t nonce,
                               write_ahead_log* wal)
    : cfg_(std::move(cfg))
    , backend_(backend)
    , key_space_(backend, cfg_.key_space)
    , log_(backend, wal)
    , batch_(backend)
    , nonce_(nonce) {
  backend_.open_bucket("members");
  {
    auto txn = batch_.begin_read();
    applied_ = key_space_.applied_index(*txn);
    revision_ = key_space_.current_revision(*txn);
  }
  compacted_through_ = log_.first_index() > 0 ? log_.first_index() - 1 : 0;
  log_.set_state_exporter([this] { return export_state(); });
  node_.emplace(raft_config(cfg_, applied_), log_);
  load_members();
  bootstrap_if_new();
  const auto& voters = log_.conf_state().voters();
  if (voters.size() == 1 && voters[0] == cfg_.self.id)
    node_->campaign(); // restarted alone: no election timeout to wait for
}

void replica_engine::bootstrap_if_new() {
  bool fresh = log_.last_index() == 0 && applied_ == 0;
  if (!fresh || cfg_.join_existing)
    return;
  std::vector<uint64_t> voters;
  for (const auto& m : cfg_.initial_cluster) {
    voters.push_back(m.id);
    members_[m.id] = m;
  }
  if (voters.empty())
    voters.push_back(cfg_.self.id);
  members_[cfg_.self.id] = cfg_.self;
  if (node_->bootstrap(voters) != raft::raft_errc::ok)
    throw std::runtime_error("store: cannot bootstrap the Raft log");
  // A cluster of one need not wait an election timeout for itself.
  if (voters.size() == 1 && voters.front() == cfg_.self.id)
    node_->campaign();
}

void replica_engine::load_members() {
  auto txn = batch_.begin_read();
  auto bucket = backend_.open_bucket("members");
  if (auto bytes = txn->get(bucket, directory_key)) {
    MemberDirectory dir;
    if (!dir.ParseFromArray(bytes->data(), static_cast<int>(bytes->size())))
      throw std::runtime_error("store: member directory is corrupted");
    for (const auto& m : dir.members())
      members_[m.id()] = member{m.id(), m.name(), m.address()};
  }
  for (const auto& m : cfg_.initial_cluster)
    members_.emplace(m.id, m);
  members_[cfg_.self.id] = cfg_.self;
}

uint64_t replica_engine::next_request_id() {
  return (nonce_ << 32) | (++counter_ & 0xffffffffULL);
}

// -- inputs ---------------------------------------------------------------------

void replica_engine::tick(time_point now) {
  ++ticks_;
  node_->tick();
  batch_.flush(); // the backend lags the replica by one tick at most
  // Re-ask for read barriers the leader may have lost (leader change).
  for (auto& [ctx, batch] : read_batches_) {
    if (!batch.has_index && ticks_ - batch.issued_tick > uint64_t(2 * cfg_.election_tick)) {
      unissued_reads_.insert(unissued_reads_.end(), batch.tickets.begin(), batch.tickets.end());
      batch.tickets.clear();
    }
  }
  for (auto i = read_batches_.begin(); i != read_batches_.end();)
    i = i->second.tickets.empty() ? read_batches_.erase(i) : std::next(i);
  if (!leases_.leading())
    return;
  for (auto id : leases_.expired(now)) {
    StoreCommand cmd;
    cmd.set_request_id(next_request_id());
    cmd.mutable_lease_revoke()->set_id(id);
    node_->propose(cmd.SerializeAsString());
  }
}

void replica_engine::step(raft::Message msg) {
  node_->step(std::move(msg));
}

std::variant<uint64_t, not_proposed> replica_engine::propose(StoreCommand cmd) {
  if (!is_leader())
    return not_proposed{leader(), leader() ? "not the leader" : "no leader elected yet"};
  if (auto err = key_space_.validate(cmd))
    return not_proposed{0, err->message};
  auto id = next_request_id();
  cmd.set_request_id(id);
  if (node_->propose(cmd.SerializeAsString()) != raft::raft_errc::ok)
    return not_proposed{leader(), "proposal dropped (leadership transfer in progress?)"};
  pending_.insert(id);
  return id;
}

std::variant<uint64_t, not_proposed> replica_engine::propose_member_change(const member& m,
                                                                          bool add) {
  if (!is_leader())
    return not_proposed{leader(), leader() ? "not the leader" : "no leader elected yet"};
  // As etcd: adding a member twice or removing a stranger is an error (the
  // Raft core would apply either as a no-op, blocking the next change).
  const auto& voters = log_.conf_state().voters();
  if (add == (std::find(voters.begin(), voters.end(), m.id) != voters.end()))
    return not_proposed{0, "member " + std::to_string(m.id)
                             + (add ? " is already a member" : " is not a member")};
  MemberChange change;
  auto id = next_request_id();
  change.set_request_id(id);
  change.set_id(m.id);
  change.set_name(m.name);
  change.set_address(m.address);
  raft::ConfChange cc;
  cc.set_type(add ? raft::CONF_CHANGE_ADD_NODE : raft::CONF_CHANGE_REMOVE_NODE);
  cc.set_node_id(m.id);
  cc.set_context(change.SerializeAsString());
  if (node_->propose_conf_change(cc) != raft::raft_errc::ok)
    return not_proposed{leader(), "another membership change is still pending"};
  pending_member_changes_.insert(id);
  return id;
}

uint64_t replica_engine::read() {
  auto ticket = next_read_ticket_++;
  unissued_reads_.push_back(ticket);
  return ticket;
}

void replica_engine::transfer_leadership(uint64_t to) {
  node_->transfer_leadership(to);
}

transfer_plan replica_engine::move_leader(uint64_t target) {
  if (!is_leader())
    return transfer_plan{transfer_plan::verdict::not_leader, leader(), "not the leader"};
  // Admin request, rare: copying the progress map is fine here.
  auto plan = plan_transfer(target, cfg_.self.id, node_->status().progress_by_id);
  if (plan.what == transfer_plan::verdict::transfer)
    node_->transfer_leadership(plan.target);
  return plan;
}

bool replica_engine::has_work() const {
  return node_->has_ready() || !unissued_reads_.empty();
}

// -- the ready loop -----------------------------------------------------------

engine_output replica_engine::process(time_point now) {
  engine_output out;
  issue_reads();
  while (node_->has_ready()) {
    auto rd = node_->ready();
    apply_ready(rd, out, now);
    after_commit(rd, out, now);
    node_->advance(rd);
    issue_reads();
  }
  collect_ready_reads(out);
  catch_up_watches(out);
  return out;
}

void replica_engine::send_early(raft::ready& rd, bool durable) {
  bool leading = soft_.state == raft::role::leader
                 && (!rd.soft || rd.soft->state == raft::role::leader);
  if (!early_send_ || !(leading || durable))
    return;
  std::vector<raft::Message> later;
  for (auto& m : rd.messages) {
    bool now = durable ? m.type() != raft::MSG_SNAP
                       : m.type() == raft::MSG_APP || m.type() == raft::MSG_HEARTBEAT;
    if (now)
      early_send_(std::move(m));
    else
      later.push_back(std::move(m));
  }
  rd.messages = std::move(later);
}

void replica_engine::issue_reads() {
  if (unissued_reads_.empty())
    return;
  if (leader() == raft::none) {
    // Nobody can confirm a read barrier now; the client retries elsewhere.
    return;
  }
  // Unique across replicas (the leader ignores a context it already has
  // pending) and across restarts (a late answer to a read of an earlier
  // incarnation must not complete a new read with an older index).
  auto ctx = "r" + std::to_string(cfg_.self.id) + "." + std::to_string(nonce_) + "."
             + std::to_string(next_read_batch_++);
  read_batch batch;
  batch.tickets = std::move(unissued_reads_);
  batch.issued_tick = ticks_;
  unissued_reads_.clear();
  read_batches_.emplace(ctx, std::move(batch));
  node_->read_index(ctx);
}

void replica_engine::apply_ready(raft::ready& rd, engine_output& out, time_point now) {
  // One transaction: snapshot, log entries, hard state, every committed
  // command, the membership and the applied index -- then one fsync (group
  // commit). Retried as a whole when the storage must grow. A ready that
  // only applies committed entries commits lazily: its log is durable on a
  // quorum, so a crash that undoes it is repaired by applying them again.
  // Written ahead, the ready is durable before any txn: its messages go now
  // (a follower's ack need not wait), its log writes wait in the WAL for the
  // next txn, and that txn commits lazily. A ready with nothing to apply
  // then needs no txn at all. Lazy txns wait in batch_ for one commit.
  send_early(rd, false);
  bool written_ahead = log_.write_ahead(rd);
  if (written_ahead)
    send_early(rd, true);
  if (written_ahead && rd.committed_entries.empty())
    return;
  auto mode = (rd.must_sync && !written_ahead) || rd.snapshot ? backend::commit_mode::durable
                                                              : backend::commit_mode::lazy;
  ready_writes w;
  batch_.run(
    [&](backend::kv_txn& txn) {
      w = write_ready(txn, rd, written_ahead);
      if (mode == backend::commit_mode::lazy)
        respond_early(w.results); // once: a retry finds them no longer pending
    },
    mode, write_cost(rd));
  log_.committed(mode == backend::commit_mode::durable);
  after_write(rd, w, out, now);
}

replica_engine::ready_writes
replica_engine::write_ready(backend::kv_txn& txn, const raft::ready& rd, bool written_ahead) {
  ready_writes w;
  w.last_applied = applied_;
  if (rd.snapshot) {
    import_state(txn, rd.snapshot->data());
    w.last_applied = rd.snapshot->metadata().index();
  }
  log_.persist(txn, rd, written_ahead);
  auto conf = rd.snapshot ? rd.snapshot->metadata().conf_state() : log_.conf_state();
  for (const auto& entry : rd.committed_entries) {
    if (entry.index() <= w.last_applied)
      continue;
    w.last_applied = entry.index();
    if (entry.type() == raft::ENTRY_CONF_CHANGE) {
      raft::ConfChange cc;
      MemberChange change;
      cc.ParseFromString(entry.data());
      change.ParseFromString(cc.context());
      conf = next_conf_state(conf, cc);
      w.conf_changes.emplace_back(cc, change);
    } else if (!entry.data().empty()) { // empty: a new leader's no-op entry
      StoreCommand cmd;
      if (!cmd.ParseFromString(entry.data()))
        throw std::runtime_error("store: committed entry " + std::to_string(entry.index())
                                 + " does not parse");
      if (cmd.has_lease_revoke())
        w.revoked.push_back(cmd.lease_revoke().id());
      w.results.push_back(key_space_.apply(txn, cmd));
    }
  }
  if (w.last_applied != applied_)
    key_space_.set_applied_index(txn, w.last_applied);
  if (!w.conf_changes.empty()) {
    log_.persist_conf_state(txn, conf);
    persist_members(txn, w.conf_changes);
  }
  w.compaction = compaction_point(w.last_applied, rd);
  if (w.compaction)
    log_.persist_compaction(txn, *w.compaction);
  return w;
}

void replica_engine::after_write(const raft::ready& rd, ready_writes& w, engine_output& out,
                                 time_point now) {
  applied_ = w.last_applied;
  for (auto& [cc, change] : w.conf_changes)
    apply_member_change(cc, change, out);
  if (w.compaction)
    compacted_through_ = *w.compaction;
  if (rd.snapshot)
    compacted_through_ = rd.snapshot->metadata().index();
  for (auto id : w.revoked)
    leases_.revoked(id);
  for (auto& r : w.results) {
    revision_ = r.revision;
    if (auto* grant = std::get_if<LeaseGrantResponse>(&r.value))
      leases_.granted(grant->id(), grant->ttl(), now);
    if (!r.events.empty())
      watches_.dispatch(r.revision, r.events, out.watch_responses);
    if (pending_.erase(r.request_id))
      out.results.push_back(std::move(r));
  }
  if (rd.snapshot) {
    auto txn = batch_.begin_read();
    revision_ = key_space_.current_revision(*txn);
    load_members();
    // No dispatch() saw the revisions the snapshot brought: let the watches
    // replay them from history now (not only after the next write).
    watches_.jumped_to(revision_);
  }
}

std::size_t replica_engine::write_cost(const raft::ready& rd) const {
  // Bytes land twice (log and key space, or a snapshot's data), and every
  // entry dirties a few B-tree pages; a fixed part for the small records.
  constexpr std::size_t per_entry = 16 << 10;
  std::size_t cost = per_entry + 2 * log_.unpersisted_bytes();
  for (const auto* entries : {&rd.entries, &rd.committed_entries})
    for (const auto& e : *entries)
      cost += per_entry + 2 * e.data().size();
  if (rd.snapshot)
    cost += 2 * rd.snapshot->data().size();
  return cost;
}

void replica_engine::respond_early(const std::vector<mvcc::apply_result>& results) {
  if (!early_respond_)
    return;
  for (const auto& r : results)
    if (pending_.erase(r.request_id))
      early_respond_(r);
}

void replica_engine::persist_members(
  backend::kv_txn& txn, const std::vector<std::pair<raft::ConfChange, MemberChange>>& changes) {
  auto all = members_;
  for (const auto& [cc, change] : changes)
    update_directory(all, cc, change);
  MemberDirectory dir;
  for (const auto& [id, m] : all) {
    auto* x = dir.add_members();
    x->set_request_id(0);
    x->set_id(id);
    x->set_name(m.name);
    x->set_address(m.address);
  }
  txn.put(backend_.open_bucket("members"), directory_key, dir.SerializeAsString());
}

void replica_engine::apply_member_change(const raft::ConfChange& cc, const MemberChange& change,
                                         engine_output& out) {
  log_.mirror_conf_state(node_->apply_conf_change(cc));
  update_directory(members_, cc, change);
  if (pending_member_changes_.erase(change.request_id()))
    out.member_changes_done.push_back(change.request_id());
}

std::optional<uint64_t> replica_engine::compaction_point(uint64_t applied,
                                                         const raft::ready& rd) const {
  // The compaction point's term is read from the log mirror, which still
  // holds the log from before `rd`: never compact in a ready that installs
  // a snapshot (it replaces the whole log) nor at an entry `rd` rewrites (a
  // replaced conflicting tail), or the stored snapshot metadata would get a
  // wrong index or term and the replica could not restart.
  if (rd.snapshot || applied < compacted_through_ + cfg_.snapshot_every + cfg_.catch_up_entries)
    return std::nullopt;
  auto at = applied - cfg_.catch_up_entries;
  if (!rd.entries.empty() && at >= rd.entries.front().index())
    at = rd.entries.front().index() - 1;
  if (at <= compacted_through_ || at < log_.first_index() || !log_.term(at).ok())
    return std::nullopt;
  return at;
}

void replica_engine::after_commit(raft::ready& rd, engine_output& out, time_point now) {
  log_.mirror(rd);
  if (compacted_through_ >= log_.first_index())
    log_.mirror_compaction(compacted_through_);
  for (const auto& rs : rd.read_states) {
    auto i = read_batches_.find(rs.request_ctx);
    if (i != read_batches_.end()) {
      i->second.index = rs.index;
      i->second.has_index = true;
    }
  }
  for (auto& m : rd.messages) {
    // The transport is fire-and-forget, so nobody reports a snapshot's
    // delivery: report it sent (the state is durable, rule 1 holds). If it
    // was lost, the leader's next probe is rejected and it sends another;
    // without a report it would wait for that follower forever.
    if (m.type() == raft::MSG_SNAP)
      node_->report_snapshot(m.to(), false);
    out.messages.push_back(std::move(m)); // advance() does not read messages
  }
  if (rd.soft)
    on_soft_state(*rd.soft, out, now);
}

void replica_engine::on_soft_state(const raft::soft_state& soft, engine_output& out,
                                   time_point now) {
  bool was_leader = soft_.state == raft::role::leader;
  bool is_now_leader = soft.state == raft::role::leader;
  soft_ = soft;
  out.soft = soft;
  if (is_now_leader && !was_leader) {
    std::map<int64_t, int64_t> known;
    auto txn = batch_.begin_read();
    for (const auto& l : key_space_.leases(*txn))
      known[l.id] = l.ttl;
    leases_.promote(now, known);
  } else if (was_leader && !is_now_leader) {
    leases_.demote();
    out.abandoned.insert(out.abandoned.end(), pending_.begin(), pending_.end());
    out.abandoned.insert(out.abandoned.end(), pending_member_changes_.begin(),
                         pending_member_changes_.end());
    pending_.clear();
    pending_member_changes_.clear();
  }
}

void replica_engine::collect_ready_reads(engine_output& out) {
  for (auto i = read_batches_.begin(); i != read_batches_.end();) {
    if (i->second.has_index && i->second.index <= applied_) {
      out.reads_ready.insert(out.reads_ready.end(), i->second.tickets.begin(),
                             i->second.tickets.end());
      i = read_batches_.erase(i);
    } else {
      ++i;
    }
  }
  if (leader() == raft::none && !unissued_reads_.empty()) {
    out.reads_failed.insert(out.reads_failed.end(), unissued_reads_.begin(),
                            unissued_reads_.end());
    unissued_reads_.clear();
  }
}

// -- snapshots ------------------------------------------------------------------

std::pair<std::string, uint64_t> replica_engine::export_state() {
  // Called by the Raft core (through persistent_log::snapshot) between two
  // readies: once the batch is committed, the backend holds exactly the
  // applied state.
  batch_.flush();
  return {backend::export_snapshot(backend_, state_buckets), applied_};
}

void replica_engine::import_state(backend::kv_txn& txn, const std::string& data) {
  backend::import_snapshot(backend_, txn, data, state_buckets);
}

// -- watches --------------------------------------------------------------------

WatchResponse replica_engine::watch(watch_hub::subscriber who, const WatchCreateRequest& req) {
  WatchResponse resp;
  auto txn = batch_.begin_read();
  auto compact = key_space_.compact_revision(*txn);
  *resp.mutable_header() = header(revision_);
  if (req.start_revision() > 0 && req.start_revision() <= compact) {
    resp.set_watch_id(req.watch_id());
    resp.set_created(true);
    resp.set_canceled(true);
    resp.set_compact_revision(compact);
    resp.set_cancel_reason("mvcc: required revision has been compacted");
    return resp;
  }
  auto id = watches_.add(who, req, revision_);
  resp.set_created(true);
  if (id < 0) {
    resp.set_watch_id(req.watch_id());
    resp.set_canceled(true);
    resp.set_cancel_reason("watch id " + std::to_string(req.watch_id()) + " already in use");
    return resp;
  }
  resp.set_watch_id(id);
  return resp;
}

std::vector<std::pair<watch_hub::subscriber, WatchResponse>> replica_engine::progress() {
  std::vector<std::pair<watch_hub::subscriber, WatchResponse>> out;
  watches_.progress(revision_, out);
  for (auto& [who, resp] : out)
    *resp.mutable_header() = header(revision_);
  return out;
}

bool replica_engine::cancel_watch(watch_hub::subscriber who, int64_t id) {
  return watches_.cancel(who, id);
}

void replica_engine::drop_subscriber(watch_hub::subscriber who) {
  watches_.remove(who);
}

void replica_engine::catch_up_watches(engine_output& out) {
  constexpr size_t events_per_round = 1000;
  for (const auto& lag : watches_.catching_up()) {
    const auto* w = watches_.find(lag.who, lag.id);
    mvcc::event_query q;
    q.start_revision = lag.from;
    q.key = w->key;
    q.range_end = w->range_end;
    q.limit = events_per_round;
    q.prev_kv = w->prev_kv;
    auto txn = batch_.begin_read();
    auto batch = key_space_.events_since(*txn, q);
    if (!batch) {
      WatchResponse resp;
      *resp.mutable_header() = header(revision_);
      resp.set_watch_id(lag.id);
      resp.set_canceled(true);
      resp.set_compact_revision(key_space_.compact_revision(*txn));
      resp.set_cancel_reason(batch.error().message);
      watches_.cancel(lag.who, lag.id);
      out.watch_responses.emplace_back(lag.who, std::move(resp));
      continue;
    }
    auto through = batch->next_revision - 1;
    auto resp = watches_.replayed(lag.who, lag.id, batch->events, through, revision_);
    if (resp && resp->events_size() > 0)
      out.watch_responses.emplace_back(lag.who, std::move(*resp));
  }
}

// -- leases ---------------------------------------------------------------------

std::optional<LeaseKeepAliveResponse> replica_engine::keep_alive(int64_t id, time_point now) {
  if (!leases_.leading())
    return std::nullopt;
  LeaseKeepAliveResponse resp;
  *resp.mutable_header() = header(revision_);
  resp.set_id(id);
  auto ttl = leases_.keep_alive(id, now);
  resp.set_ttl(ttl ? *ttl : 0);
  return resp;
}

std::optional<LeaseTimeToLiveResponse>
replica_engine::time_to_live(const LeaseTimeToLiveRequest& req, time_point now) {
  if (!leases_.leading())
    return std::nullopt;
  LeaseTimeToLiveResponse resp;
  *resp.mutable_header() = header(revision_);
  resp.set_id(req.id());
  auto txn = batch_.begin_read();
  auto info = key_space_.lease(*txn, req.id(), req.keys());
  auto left = leases_.remaining(req.id(), now);
  if (!info || !left) {
    resp.set_ttl(-1);
    return resp;
  }
  resp.set_ttl(*left);
  resp.set_grantedttl(info->ttl);
  for (const auto& k : info->keys)
    resp.add_keys(k);
  return resp;
}

LeaseLeasesResponse replica_engine::leases() {
  LeaseLeasesResponse resp;
  *resp.mutable_header() = header(revision_);
  auto txn = batch_.begin_read();
  for (const auto& l : key_space_.leases(*txn))
    resp.add_leases()->set_id(l.id);
  return resp;
}

// -- reads and status ---------------------------------------------------------

mvcc::store_result<RangeResponse> replica_engine::range(const RangeRequest& req) {
  auto txn = batch_.begin_read();
  auto res = key_space_.range(*txn, req);
  if (res)
    *res->mutable_header() = header(res->header().revision());
  return res;
}

mvcc::store_result<TxnResponse> replica_engine::read_txn(const TxnRequest& req) {
  auto txn = batch_.begin_read();
  auto res = key_space_.txn(*txn, req);
  if (res)
    *res->mutable_header() = header(res->header().revision());
  return res;
}

mvcc::store_result<HashKVResponse> replica_engine::hash(int64_t revision) {
  auto txn = batch_.begin_read();
  auto h = key_space_.hash(*txn, revision);
  if (!h)
    return h.error();
  HashKVResponse resp;
  *resp.mutable_header() = header(h->revision);
  resp.set_hash(h->hash);
  resp.set_compact_revision(h->compact_revision);
  return resp;
}

ResponseHeader replica_engine::header(int64_t revision) const {
  ResponseHeader h;
  h.set_cluster_id(member_id("convoy-store"));
  h.set_member_id(cfg_.self.id);
  h.set_revision(revision);
  h.set_raft_term(node_->basic_status().hard_state.term());
  return h;
}

StatusResponse replica_engine::status() const {
  StatusResponse resp;
  auto st = node_->basic_status();
  *resp.mutable_header() = header(revision_);
  resp.set_version(CONVOY_VERSION);
  resp.set_dbsize(static_cast<int64_t>(backend_.size_bytes()));
  resp.set_dbsizeinuse(static_cast<int64_t>(backend_.size_bytes()));
  resp.set_leader(st.soft.lead);
  resp.set_raftindex(st.hard_state.commit());
  resp.set_raftterm(st.hard_state.term());
  resp.set_raftappliedindex(applied_);
  return resp;
}

std::vector<member> replica_engine::known_members() const {
  std::vector<member> out;
  for (const auto& [id, m] : members_)
    out.push_back(m);
  return out;
}

std::vector<member> replica_engine::members() const {
  std::vector<member> out;
  for (auto id : log_.conf_state().voters()) {
    auto i = members_.find(id);
    out.push_back(i != members_.end() ? i->second : member{id, "", ""});
  }
  return out;
}

} // namespace convoy::store
