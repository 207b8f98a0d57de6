#pragma once

#include <chrono>
#include <functional>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "actors/store/leader_transfer.hpp"
#include "actors/store/lease_keeper.hpp"
#include "actors/store/raft/raw_node.hpp"
#include "actors/store/watch_hub.hpp"
#include "persistence/backend/write_batch.hpp"
#include "persistence/mvcc/key_space.hpp"
#include "persistence/raft_log/persistent_log.hpp"
#include "store/cluster.pb.h"
#include "store/store.pb.h"

namespace convoy::store {

/// A store replica as the cluster knows it.
struct member {
  uint64_t id = 0;
  std::string name;
  std::string address;
};

/// The Raft id of the member called `name` (stable, never 0).
uint64_t member_id(std::string_view name);

struct engine_config {
  member self;
  /// Founding members (self included) of a new cluster; ignored when the
  /// replica has state on disk or joins an existing cluster.
  std::vector<member> initial_cluster;
  /// Start empty and wait for the leader (after a MemberAdd elsewhere).
  bool join_existing = false;
  /// Raft timing in ticks (the actor ticks every tick_interval).
  int election_tick = 10;
  int heartbeat_tick = 1;
  /// Compact the Raft log every this many applied entries...
  uint64_t snapshot_every = 10000;
  /// ...keeping this many behind for followers that lag a little.
  uint64_t catch_up_entries = 5000;
  mvcc::key_space_options key_space;
  uint64_t seed = 1;
};

/// Why a request could not be proposed here.
struct not_proposed {
  /// The leader's id (0 = unknown): forward there.
  uint64_t leader = 0;
  std::string reason;
};

/// What the actor must do after engine::process(), in this order: the state
/// is already durable when this is handed out.
struct engine_output {
  /// Raft messages for peers.
  std::vector<raft::Message> messages;
  /// Results of commands proposed by this replica (by request id).
  std::vector<mvcc::apply_result> results;
  /// Membership changes proposed here that were applied (request ids).
  std::vector<uint64_t> member_changes_done;
  /// Proposals whose outcome this replica will not learn (it lost the lead).
  std::vector<uint64_t> abandoned;
  /// Linearizable reads whose barrier passed: serve them now.
  std::vector<uint64_t> reads_ready;
  /// Reads that cannot be served (no leader).
  std::vector<uint64_t> reads_failed;
  /// Watch events and notifications.
  std::vector<std::pair<watch_hub::subscriber, WatchResponse>> watch_responses;
  /// New leader/role, if it changed.
  std::optional<raft::soft_state> soft;
};

/// One store replica without any actor, socket or clock: Raft driving, group
/// commit (every ready is one storage transaction: log, hard state, applied
/// commands and applied index together; with a write-ahead log, the ready is
/// made durable by one fdatasync of the WAL first and its transaction
/// commits lazily, in a batch with the next readies' -- see batch_),
/// linearizable reads by ReadIndex, watches and lease expiry. The
/// store-replica actor feeds it messages, requests and time, and carries its
/// output.
class replica_engine {
public:
  using time_point = std::chrono::nanoseconds;

  /// Opens the replica's state from `backend` (bootstrapping a founding
  /// member on first start). `nonce` makes request ids unique across restarts.
  /// With a write-ahead log (may be null), a ready is durable after one
  /// fdatasync of the WAL and its backend txn commits lazily.
  replica_engine(engine_config cfg, backend::kv_backend& backend, uint64_t nonce,
                 write_ahead_log* wal = nullptr);

  // -- inputs -------------------------------------------------------------------

  void tick(time_point now);
  void step(raft::Message msg);

  /// Proposes a write command; returns its request id or why not (then the
  /// caller forwards to the leader or fails the request).
  std::variant<uint64_t, not_proposed> propose(StoreCommand cmd);

  /// Proposes adding or removing a member; returns a request id.
  std::variant<uint64_t, not_proposed> propose_member_change(const member& m, bool add);

  /// Queues a linearizable read; returns its ticket (see reads_ready).
  uint64_t read();

  /// Starts leadership transfer to `to`.
  void transfer_leadership(uint64_t to);

  /// MoveLeader{targetID}: on the leader, resolves the target (see
  /// plan_transfer) and, for verdict::transfer, starts the transfer; on a
  /// follower only says where the leader is (verdict::not_leader).
  transfer_plan move_leader(uint64_t target);

  // -- processing ---------------------------------------------------------------

  /// Runs the Raft ready loop until nothing is left: persists, applies, and
  /// returns what to send and whom to answer.
  engine_output process(time_point now);

  /// Where a leader's appends and heartbeats go BEFORE its own write is
  /// durable (Raft thesis 10.2.1: the leader writes its log in parallel with
  /// replicating it). Safe because the actor handles the followers' acks
  /// only after process() returned, i.e. after the leader's fsync: the
  /// leader never counts itself for a commit before its log is on disk.
  /// Unset: every message waits for the write, as `ready` requires of all.
  void set_early_sender(std::function<void(raft::Message)> send) {
    early_send_ = std::move(send);
  }

  /// Where the results of a ready whose txn commits lazily (it only applies
  /// committed entries, or its log writes are already in the write-ahead
  /// log) go BEFORE that commit, sparing the client its fsync. Safe because
  /// committed entries are durable on a quorum: a crash that undoes the
  /// commit is repaired by applying them again, which gives the same
  /// results (the MVCC apply is deterministic). Each result is handed out
  /// once and then left out of engine_output::results. Unset: results wait
  /// for the commit.
  void set_early_responder(std::function<void(const mvcc::apply_result&)> respond) {
    early_respond_ = std::move(respond);
  }

  bool has_work() const;

  // -- watches --------------------------------------------------------------------

  /// Registers a watch; the first response says created (or canceled, when
  /// start_revision is compacted away).
  WatchResponse watch(watch_hub::subscriber who, const WatchCreateRequest& req);
  bool cancel_watch(watch_hub::subscriber who, int64_t id);
  /// Progress notifications (header revision = everything up to here was
  /// delivered) for the synced watches that asked for them.
  std::vector<std::pair<watch_hub::subscriber, WatchResponse>> progress();
  void drop_subscriber(watch_hub::subscriber who);

  // -- leases (leader) ----------------------------------------------------------

  std::optional<LeaseKeepAliveResponse> keep_alive(int64_t id, time_point now);
  std::optional<LeaseTimeToLiveResponse> time_to_live(const LeaseTimeToLiveRequest& req,
                                                      time_point now);
  LeaseLeasesResponse leases();

  // -- reads and status ---------------------------------------------------------

  mvcc::store_result<RangeResponse> range(const RangeRequest& req);
  mvcc::store_result<TxnResponse> read_txn(const TxnRequest& req);
  StatusResponse status() const;
  mvcc::store_result<HashKVResponse> hash(int64_t revision);
  /// Current voting members (from the applied membership).
  std::vector<member> members() const;
  /// Everyone this replica knows an address for (founders, added members):
  /// whom to keep connections to.
  std::vector<member> known_members() const;
  ResponseHeader header(int64_t revision) const;

  uint64_t id() const {
    return cfg_.self.id;
  }
  uint64_t leader() const {
    return node_->basic_status().soft.lead;
  }
  bool is_leader() const {
    return node_->basic_status().soft.state == raft::role::leader;
  }
  int64_t revision() const {
    return revision_;
  }
  uint64_t applied_index() const {
    return applied_;
  }
  /// A read txn on everything applied so far (it commits the open batch):
  /// reading the backend directly could miss the batch.
  std::unique_ptr<backend::kv_txn> begin_read() { return batch_.begin_read(); }
  /// Commits the applies waiting in the open batch (a clean shutdown): a
  /// crash loses them, and the restart redoes them from the log.
  void flush() { batch_.flush(); }
  const mvcc::key_space& key_space() const {
    return key_space_;
  }
  const watch_hub& watches() const {
    return watches_;
  }

private:
  struct read_batch {
    std::vector<uint64_t> tickets;
    uint64_t index = 0;
    bool has_index = false;
    uint64_t issued_tick = 0;
  };

  /// What one ready's txn wrote, for after it (the txn may run twice).
  struct ready_writes {
    std::vector<mvcc::apply_result> results;
    std::vector<std::pair<raft::ConfChange, MemberChange>> conf_changes;
    std::vector<int64_t> revoked;
    uint64_t last_applied = 0;
    std::optional<uint64_t> compaction;
  };

  void bootstrap_if_new();
  void apply_ready(raft::ready& rd, engine_output& out, time_point now);
  /// `rd`'s writes into `txn`: snapshot, log, applied commands, membership.
  ready_writes write_ready(backend::kv_txn& txn, const raft::ready& rd, bool written_ahead);
  /// The engine's memory follows what write_ready wrote.
  void after_write(const raft::ready& rd, ready_writes& w, engine_output& out, time_point now);
  void after_commit(raft::ready& rd, engine_output& out, time_point now);
  void on_soft_state(const raft::soft_state& soft, engine_output& out, time_point now);
  /// Hands a leader's MSG_APP/MSG_HEARTBEAT of `rd` to early_send_, or,
  /// once `durable` (written ahead), every message but MSG_SNAP.
  void send_early(raft::ready& rd, bool durable);
  /// What `rd`'s txn may dirty, for batch_ (write_batch::run's cost).
  std::size_t write_cost(const raft::ready& rd) const;
  /// Hands the results proposed here to early_respond_ (see there).
  void respond_early(const std::vector<mvcc::apply_result>& results);
  void issue_reads();
  void collect_ready_reads(engine_output& out);
  void catch_up_watches(engine_output& out);
  void persist_members(backend::kv_txn& txn,
                       const std::vector<std::pair<raft::ConfChange, MemberChange>>& changes);
  void apply_member_change(const raft::ConfChange& cc, const MemberChange& change,
                           engine_output& out);
  std::optional<uint64_t> compaction_point(uint64_t applied, const raft::ready& rd) const;
  uint64_t next_request_id();
  void load_members();
  std::pair<std::string, uint64_t> export_state();
  void import_state(backend::kv_txn& txn, const std::string& data);

  engine_config cfg_;
  backend::kv_backend& backend_;
  mvcc::key_space key_space_;
  persistent_log log_;
  /// Every ready's txn. Lazy ones wait in a batch, committed at the next
  /// durable ready, read, tick or when full: one fdatasync for many.
  backend::write_batch batch_;
  std::optional<raft::raw_node> node_;
  watch_hub watches_;
  lease_keeper leases_;
  std::map<uint64_t, member> members_;
  std::set<uint64_t> pending_;
  std::set<uint64_t> pending_member_changes_;
  std::map<std::string, read_batch> read_batches_;
  std::vector<uint64_t> unissued_reads_;
  uint64_t nonce_;
  uint64_t counter_ = 0;
  uint64_t ticks_ = 0;
  uint64_t next_read_ticket_ = 1;
  uint64_t next_read_batch_ = 1;
  uint64_t applied_ = 0;
  uint64_t compacted_through_ = 0;
  int64_t revision_ = 0;
  raft::soft_state soft_;
  std::function<void(raft::Message)> early_send_;
  std::function<void(const mvcc::apply_result&)> early_respond_;
};

} // namespace convoy::store
