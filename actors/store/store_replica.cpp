#include "actors/store/store_replica.hpp"

#include <functional>
#include <map>
#include <random>
#include <utility>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "actors/common/backoff.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "messages/checked.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"
#include "net/middleman/remote.hpp"
#include "runtime/logging/log.hpp"

namespace convoy {

namespace {

using store::StoreCommand;

/// A link to another replica of the cluster.
struct peer_link {
  net::host_port address;
  store_replica_actor handle;
  backoff retry{std::chrono::milliseconds{200}, std::chrono::seconds{2}};
  bool connecting = false;
};

struct replica_state {
  store_replica_config cfg;
  std::unique_ptr<store::replica_engine> engine;
  std::shared_ptr<spdlog::logger> log;
  std::map<uint64_t, peer_link> peers;
  /// Writes proposed here, by request id; called with nullptr when the
  /// outcome became unknown (leadership lost).
  std::map<uint64_t, std::function<void(mvcc::apply_result*)>> pending;
  /// Linearizable reads waiting for their barrier (true: serve, false: fail).
  std::map<uint64_t, std::function<void(bool)>> reads;
  /// MoveLeader requests this leader started, answered once a new leader is
  /// seen or their deadline passes (checked after every processing step,
  /// which every tick triggers). Rarely more than one.
  std::vector<std::pair<store::pending_transfer,
                        caf::typed_response_promise<store::MoveLeaderResponse>>>
    transfers;
  std::map<caf::actor_addr, uint64_t> subscriber_ids;
  std::map<uint64_t, caf::actor> subscribers;
  uint64_t next_subscriber = 1;
  bool process_scheduled = false;
  std::mt19937_64 rng;
  static inline const char* name = "convoy.store-replica";
};

using replica_ptr = store_replica_actor::stateful_pointer<replica_state>;

store::replica_engine::time_point now(replica_ptr self) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
    self->clock().now().time_since_epoch());
}

caf::error to_error(const mvcc::store_error& err) {
  using mvcc::store_errc;
  switch (err.code) {
    case store_errc::compacted: return make_error(errc::compacted, err.message);
    case store_errc::not_found:
    case store_errc::lease_not_found: return make_error(errc::not_found, err.message);
    case store_errc::request_too_large: return make_error(errc::request_too_large, err.message);
    case store_errc::internal: return make_error(errc::internal, err.message);
    default: return make_error(errc::invalid_argument, err.message);
  }
}

void schedule_processing(replica_ptr self) {
  // Everything already in the mailbox is handled first: their proposals and
  // reads share one storage transaction and one fsync (group commit).
  if (self->state.process_scheduled)
    return;
  self->state.process_scheduled = true;
  self->send(self, process_atom::value);
}

// -- peers --------------------------------------------------------------------

void connect_peer(replica_ptr self, uint64_t id) {
  auto& st = self->state;
  auto i = st.peers.find(id);
  if (i == st.peers.end() || i->second.handle || i->second.connecting)
    return;
  i->second.connecting = true;
  auto timeout = std::chrono::duration_cast<caf::timespan>(st.cfg.request_timeout);
  net::connect_component<store_replica_actor>(
    self, i->second.address, "store", timeout,
    [self, id](store_replica_actor peer) {
      auto& p = self->state.peers[id];
      p.connecting = false;
      p.handle = peer;
      p.retry.reset();
      self->monitor(peer);
      self->state.log->info("connected to store peer {:x} at {}", id, p.address.to_string());
    },
    [self, id](const caf::error& err) {
      auto& p = self->state.peers[id];
      p.connecting = false;
      self->state.log->debug("cannot reach store peer {:x}: {}", id, describe(err));
      self->delayed_send(self, p.retry.next(self->state.rng), peer_atom::value, id);
    });
}

void sync_peers(replica_ptr self) {
  auto& st = self->state;
  for (const auto& m : st.engine->known_members()) {
    if (m.id == st.engine->id() || m.address.empty() || st.peers.count(m.id))
      continue;
    std::string error;
    auto addr = net::host_port::parse(m.address, error);
    if (!addr) {
      st.log->warn("store member {} has a bad address: {}", m.name, error);
      continue;
    }
    st.peers[m.id].address = *addr;
    connect_peer(self, m.id);
  }
}

/// A peer that reached us first (e.g. it restarted while our reconnect waits
/// out its back-off): answer over its own link instead of dropping replies.
void adopt_sender(replica_ptr self, uint64_t from) {
  auto i = self->state.peers.find(from);
  if (i == self->state.peers.end() || i->second.handle)
    return;
  auto sender = caf::actor_cast<store_replica_actor>(self->current_sender());
  if (!sender)
    return;
  i->second.handle = sender;
  i->second.retry.reset();
  self->monitor(sender);
}

std::optional<store_replica_actor> peer_handle(replica_ptr self, uint64_t id) {
  auto i = self->state.peers.find(id);
  if (i == self->state.peers.end() || !i->second.handle)
    return std::nullopt;
  return i->second.handle;
}

// -- processing -----------------------------------------------------------------

/// Completes the request waiting for `r` (if it is still waiting here).
void answer_pending(replica_ptr self, mvcc::apply_result* r) {
  auto& pending = self->state.pending;
  if (auto i = pending.find(r->request_id); i != pending.end()) {
    i->second(r);
    pending.erase(i);
  }
}

void deliver(replica_ptr self, store::engine_output& out) {
  auto& st = self->state;
  for (auto& msg : out.messages) {
    if (auto peer = peer_handle(self, msg.to()))
      self->send(*peer, std::move(msg));
  }
  for (auto& r : out.results)
    answer_pending(self, &r);
  for (auto id : out.member_changes_done) {
    if (auto i = st.pending.find(id); i != st.pending.end()) {
      i->second(nullptr);
      st.pending.erase(i);
    }
  }
  for (auto id : out.abandoned) {
    if (auto i = st.pending.find(id); i != st.pending.end()) {
      i->second(nullptr);
      st.pending.erase(i);
    }
  }
  auto finish_reads = [&](const std::vector<uint64_t>& tickets, bool ok) {
    for (auto t : tickets)
      if (auto i = st.reads.find(t); i != st.reads.end()) {
        i->second(ok);
        st.reads.erase(i);
      }
  };
  finish_reads(out.reads_ready, true);
  finish_reads(out.reads_failed, false);
  for (auto& [who, resp] : out.watch_responses)
    if (auto i = st.subscribers.find(who); i != st.subscribers.end())
      self->send(caf::actor_cast<store_watcher_actor>(i->second), std::move(resp));
  if (out.soft)
    st.log->info("store replica {:x}: {} (leader {:x})", st.engine->id(),
                 raft::to_string(out.soft->state), out.soft->lead);
  sync_peers(self);
}

store::MoveLeaderResponse move_leader_response(replica_ptr self, uint64_t leader) {
  store::MoveLeaderResponse resp;
  *resp.mutable_header() = self->state.engine->header(self->state.engine->revision());
  resp.set_leader(leader);
  return resp;
}

/// Answers the MoveLeader requests that are settled: a new leader (named in
/// the response, even if it is not the requested target) or the deadline.
void settle_transfers(replica_ptr self) {
  auto& st = self->state;
  if (st.transfers.empty())
    return;
  auto leader = st.engine->leader();
  auto t = now(self);
  auto& all = st.transfers;
  for (auto i = all.begin(); i != all.end();) {
    auto& [p, rp] = *i;
    auto outcome = store::settle(p, leader, t);
    if (outcome == store::transfer_outcome::waiting) {
      ++i;
      continue;
    }
    if (outcome == store::transfer_outcome::moved) {
      if (leader == p.target)
        st.log->info("leadership transfer to {:x} done", p.target);
      else
        st.log->warn("leadership transfer to {:x}: {:x} leads instead", p.target, leader);
      rp.deliver(move_leader_response(self, leader));
    } else {
      st.log->warn("leadership transfer to {:x} did not complete (leader {:x})", p.target,
                   leader);
      rp.deliver(make_error(errc::timeout, "leadership transfer to " + std::to_string(p.target)
                                             + " did not complete; the leader is still "
                                             + std::to_string(leader)));
    }
    i = all.erase(i);
  }
}

void process(replica_ptr self) {
  self->state.process_scheduled = false;
  auto out = self->state.engine->process(now(self));
  deliver(self, out);
  settle_transfers(self);
}

// -- request helpers ------------------------------------------------------------

template <class Response, class Request>
caf::result<Response> forward_or_fail(replica_ptr self, const store::not_proposed& why,
                                      const Request& original) {
  auto rp = self->make_response_promise<Response>();
  if (auto leader = peer_handle(self, why.leader))
    return rp.delegate(*leader, original);
  rp.deliver(make_error(errc::unavailable, why.reason));
  return rp;
}

/// Proposes `cmd` (or forwards `original` to the leader) and answers with
/// the Response alternative of the apply result.
template <class Response, class Request>
caf::result<Response> propose_write(replica_ptr self, StoreCommand cmd,
                                    const Request& original) {
  auto& st = self->state;
  auto res = st.engine->propose(std::move(cmd));
  if (auto* why = std::get_if<store::not_proposed>(&res))
    return forward_or_fail<Response>(self, *why, original);
  auto rp = self->make_response_promise<Response>();
  st.pending[std::get<uint64_t>(res)] = [rp](mvcc::apply_result* r) mutable {
    if (!r)
      rp.deliver(make_error(errc::timeout, "the leader changed before the write "
                                           "committed; its outcome is unknown"));
    else if (r->error)
      rp.deliver(to_error(*r->error));
    else
      rp.deliver(std::get<Response>(std::move(r->value)));
  };
  schedule_processing(self);
  return rp;
}

/// Runs `serve` once a linearizable read barrier passed (or at once for
/// serializable reads).
template <class Response, class Serve>
caf::result<Response> read(replica_ptr self, bool serializable, Serve serve) {
  if (serializable)
    return serve();
  auto rp = self->make_response_promise<Response>();
  auto ticket = self->state.engine->read();
  self->state.reads[ticket] = [rp, serve](bool ok) mutable {
    if (!ok) {
      rp.deliver(make_error(errc::unavailable, "no store leader to confirm a linearizable read"));
      return;
    }
    auto res = serve();
    if (res.flag == caf::rt_error)
      rp.deliver(res.err);
    else
      rp.deliver(std::move(res.value.template get_mutable_as<Response>(0)));
  };
  schedule_processing(self);
  return rp;
}

bool txn_is_read_only(const store::TxnRequest& req) {
  auto reads = [](const auto& ops) {
    for (const auto& op : ops)
      if (!op.has_request_range())
        return false;
    return true;
  };
  return reads(req.success()) && reads(req.failure());
}

uint64_t subscriber_of(replica_ptr self, const caf::actor& watcher) {
  auto& st = self->state;
  auto [i, added] = st.subscriber_ids.emplace(watcher.address(), st.next_subscriber);
  if (added) {
    st.subscribers[st.next_subscriber++] = watcher;
    self->monitor(watcher);
  }
  return i->second;
}

void on_down(replica_ptr self, const caf::down_msg& down) {
  auto& st = self->state;
  if (auto i = st.subscriber_ids.find(down.source); i != st.subscriber_ids.end()) {
    st.engine->drop_subscriber(i->second);
    st.subscribers.erase(i->second);
    st.subscriber_ids.erase(i);
    return;
  }
  for (auto& [id, p] : st.peers) {
    if (p.handle && p.handle.address() == down.source) {
      st.log->info("lost store peer {:x}: {}", id, describe(down.reason));
      p.handle = nullptr;
      self->delayed_send(self, p.retry.next(st.rng), peer_atom::value, id);
    }
  }
}

store::MemberListResponse member_list(replica_ptr self) {
  store::MemberListResponse resp;
  *resp.mutable_header() = self->state.engine->header(self->state.engine->revision());
  for (const auto& m : self->state.engine->members()) {
    auto* out = resp.add_members();
    out->set_id(m.id);
    out->set_name(m.name);
    out->add_peerurls(m.address);
  }
  return resp;
}

template <class Response, class Request>
caf::result<Response> change_members(replica_ptr self, const store::member& m, bool add,
                                     const Request& original) {
  auto res = self->state.engine->propose_member_change(m, add);
  if (auto* why = std::get_if<store::not_proposed>(&res))
    return forward_or_fail<Response>(self, *why, original);
  auto rp = self->make_response_promise<Response>();
  self->state.pending[std::get<uint64_t>(res)] = [self, rp](mvcc::apply_result*) mutable {
    auto list = member_list(self);
    Response resp;
    *resp.mutable_header() = list.header();
    *resp.mutable_members() = list.members();
    rp.deliver(std::move(resp));
  };
  schedule_processing(self);
  return rp;
}

template <class Response, class Request, class Fill>
caf::result<Response> write(replica_ptr self, const Request& req, Fill fill) {
  StoreCommand cmd;
  *(cmd.*fill)() = req;
  return propose_write<Response>(self, std::move(cmd), req);
}

template <class Response, class Request>
caf::result<Response> leader_only(replica_ptr self, std::optional<Response> answer,
                                  const Request& original) {
  if (answer)
    return std::move(*answer);
  auto leader = self->state.engine->leader();
  return forward_or_fail<Response>(
    self, store::not_proposed{leader == self->state.engine->id() ? 0 : leader, "no store leader"},
    original);
}

caf::result<store::RangeResponse> range(replica_ptr self, const store::RangeRequest& req) {
  return read<store::RangeResponse>(self, req.serializable(),
                                    [self, req]() -> caf::result<store::RangeResponse> {
                                      auto res = self->state.engine->range(req);
                                      if (!res)
                                        return to_error(res.error());
                                      return std::move(*res);
                                    });
}

caf::result<store::TxnResponse> txn(replica_ptr self, const store::TxnRequest& req) {
  if (!txn_is_read_only(req))
    return write<store::TxnResponse>(self, req, &StoreCommand::mutable_txn);
  return read<store::TxnResponse>(self, false, [self, req]() -> caf::result<store::TxnResponse> {
    auto res = self->state.engine->read_txn(req);
    if (!res)
      return to_error(res.error());
    return std::move(*res);
  });
}

caf::result<store::WatchResponse> watch(replica_ptr self, const store::WatchCreateRequest& req,
                                        const caf::actor& watcher) {
  if (auto why = malformed_reason(req))
    return make_error(errc::malformed_message, *why);
  if (!watcher)
    return make_error(errc::invalid_argument, "watch: no watcher actor given");
  auto resp = self->state.engine->watch(subscriber_of(self, watcher), req);
  schedule_processing(self); // replays history for a watch that starts in the past
  return resp;
}

caf::result<store::MemberAddResponse> member_add(replica_ptr self,
                                                 const store::MemberAddRequest& req) {
  if (req.peerurls_size() != 1 || req.name().empty())
    return make_error(errc::invalid_argument,
                      "member add: give the member's name and exactly one peer address");
  store::member m{store::member_id(req.name()), req.name(), req.peerurls(0)};
  return change_members<store::MemberAddResponse>(self, m, true, req);
}

caf::result<store::MemberRemoveResponse> member_remove(replica_ptr self,
                                                       const store::MemberRemoveRequest& req) {
  store::member m{req.id(), "", ""};
  return change_members<store::MemberRemoveResponse>(self, m, false, req);
}

/// etcd's Maintenance.MoveLeader. A follower forwards to the leader (the
/// node actor asks its local replica); the leader starts the transfer and
/// answers once it sees another leader, or with errc::timeout.
caf::result<store::MoveLeaderResponse> move_leader(replica_ptr self,
                                                   const store::MoveLeaderRequest& req) {
  using verdict = store::transfer_plan::verdict;
  auto& st = self->state;
  auto plan = st.engine->move_leader(req.targetid());
  switch (plan.what) {
    case verdict::not_leader:
      return forward_or_fail<store::MoveLeaderResponse>(
        self, store::not_proposed{plan.target, "no store leader"}, req);
    case verdict::invalid:
      return make_error(errc::invalid_argument, "move leader: " + plan.error);
    case verdict::already_leader:
      return move_leader_response(self, plan.target);
    case verdict::transfer: break;
  }
  st.log->info("leadership transfer to {:x} requested", plan.target);
  auto bound = store::transfer_bound(st.cfg.engine.election_tick, st.cfg.tick_interval);
  store::pending_transfer p{plan.target, st.engine->id(), now(self) + bound};
  auto rp = self->make_response_promise<store::MoveLeaderResponse>();
  st.transfers.emplace_back(p, rp);
  schedule_processing(self);
  return rp;
}

/// Quits as CAF's default handler would, but a clean shutdown first
/// commits the applies waiting in the write batch, so the restart has
/// nothing to redo. Any other reason (a kill) leaves them, as a crash does.
void on_exit_msg(replica_ptr self, const caf::exit_msg& msg) {
  if (!msg.reason)
    return;
  if (msg.reason == caf::make_error(caf::exit_reason::user_shutdown)) {
    try {
      self->state.engine->flush();
    } catch (const std::exception& e) {
      self->state.log->error("store replica {:x}: the last applies were not committed at "
                             "shutdown ({}); the restart redoes them from the log",
                             self->state.engine->id(), e.what());
    }
  }
  self->quit(msg.reason);
}

void start(replica_ptr self, store_replica_config cfg) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, "store");
  st.rng.seed(cfg.engine.seed ^ cfg.engine.self.id);
  st.engine =
    std::make_unique<store::replica_engine>(cfg.engine, *cfg.storage, cfg.nonce, cfg.wal.get());
  st.engine->set_early_sender([self](raft::Message msg) {
    if (auto peer = peer_handle(self, msg.to()))
      self->send(*peer, std::move(msg));
  });
  st.engine->set_early_responder([self](const mvcc::apply_result& r) {
    // A copy without the events (only watchers need those).
    mvcc::apply_result answer{r.request_id, r.value, r.error, {}, r.revision};
    answer_pending(self, &answer);
  });
  st.cfg = std::move(cfg);
  self->set_down_handler([self](caf::down_msg& down) { on_down(self, down); });
  self->set_exit_handler([self](caf::exit_msg& msg) { on_exit_msg(self, msg); });
  st.log->info("store replica {:x} ({}) started at applied index {}, revision {}",
               st.engine->id(), st.cfg.engine.self.name, st.engine->applied_index(),
               st.engine->revision());
  sync_peers(self);
  self->delayed_send(self, st.cfg.tick_interval, tick_atom::value);
  self->delayed_send(self, st.cfg.progress_interval, progress_atom::value);
  schedule_processing(self);
}

store_replica_actor::behavior_type replica_behavior(replica_ptr self, store_replica_config cfg) {
  using namespace store;
  start(self, std::move(cfg));
  auto engine = [self]() -> replica_engine& { return *self->state.engine; };
  inspect::expose_summary(self, [engine] { return engine().status(); });
  return {
    checked<RangeRequest>([self](const RangeRequest& req) { return range(self, req); }),
    checked<PutRequest>([self](const PutRequest& req) {
      return write<PutResponse>(self, req, &StoreCommand::mutable_put);
    }),
    checked<DeleteRangeRequest>([self](const DeleteRangeRequest& req) {
      return write<DeleteRangeResponse>(self, req, &StoreCommand::mutable_delete_range);
    }),
    checked<TxnRequest>([self](const TxnRequest& req) { return txn(self, req); }),
    checked<CompactionRequest>([self](const CompactionRequest& req) {
      return write<CompactionResponse>(self, req, &StoreCommand::mutable_compaction);
    }),
    checked<LeaseGrantRequest>([self](const LeaseGrantRequest& req) {
      return write<LeaseGrantResponse>(self, req, &StoreCommand::mutable_lease_grant);
    }),
    checked<LeaseRevokeRequest>([self](const LeaseRevokeRequest& req) {
      return write<LeaseRevokeResponse>(self, req, &StoreCommand::mutable_lease_revoke);
    }),
    checked<LeaseKeepAliveRequest>([self, engine](const LeaseKeepAliveRequest& req) {
      return leader_only(self, engine().keep_alive(req.id(), now(self)), req);
    }),
    checked<LeaseTimeToLiveRequest>([self, engine](const LeaseTimeToLiveRequest& req) {
      return leader_only(self, engine().time_to_live(req, now(self)), req);
    }),
    checked<LeaseLeasesRequest>(
      [engine](const LeaseLeasesRequest&) -> caf::result<LeaseLeasesResponse> {
        return engine().leases();
      }),
    checked<StatusRequest>([engine](const StatusRequest&) -> caf::result<StatusResponse> {
      return engine().status();
    }),
    checked<HashKVRequest>([engine](const HashKVRequest& req) -> caf::result<HashKVResponse> {
      auto res = engine().hash(req.revision());
      if (!res)
        return to_error(res.error());
      return std::move(*res);
    }),
    checked<MemberListRequest>(
      [self](const MemberListRequest&) -> caf::result<MemberListResponse> {
        return member_list(self);
      }),
    checked<MemberAddRequest>([self](const MemberAddRequest& req) { return member_add(self, req); }),
    checked<MemberRemoveRequest>(
      [self](const MemberRemoveRequest& req) { return member_remove(self, req); }),
    checked<MoveLeaderRequest>(
      [self](const MoveLeaderRequest& req) { return move_leader(self, req); }),
    [self](const WatchCreateRequest& req, const caf::actor& watcher) {
      return watch(self, req, watcher);
    },
    [self, engine](const WatchCancelRequest& req, const caf::actor& watcher) {
      auto i = self->state.subscriber_ids.find(watcher.address());
      if (i != self->state.subscriber_ids.end())
        engine().cancel_watch(i->second, req.watch_id());
    },
    [self, engine](raft::Message& msg) {
      if (malformed_reason(msg))
        return;
      adopt_sender(self, msg.from());
      engine().step(std::move(msg));
      schedule_processing(self);
    },
    [self, engine](tick_atom) {
      engine().tick(now(self));
      schedule_processing(self);
      self->delayed_send(self, self->state.cfg.tick_interval, tick_atom::value);
    },
    [self](process_atom) { process(self); },
    [self, engine](progress_atom) {
      store::engine_output out;
      out.watch_responses = engine().progress();
      deliver(self, out);
      self->delayed_send(self, self->state.cfg.progress_interval, progress_atom::value);
    },
    [self](peer_atom, uint64_t id) { connect_peer(self, id); },
  };
}

} // namespace

store_replica_actor spawn_store_replica(caf::actor_system& sys, store_replica_config cfg) {
  if (cfg.detached)
    return inspect::spawn_inspected<caf::detached>(sys, {"store-replica", "store"},
                                                   replica_behavior, std::move(cfg));
  return inspect::spawn_inspected(sys, {"store-replica", "store"}, replica_behavior,
                                  std::move(cfg));
}

} // namespace convoy
