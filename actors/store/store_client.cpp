#include "actors/store/store_client.hpp"

#include <functional>
#include <map>
#include <random>
#include <utility>

#include "caf/actor_system.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/send.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "actors/common/backoff.hpp"
#include "actors/common/timed_requests.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "messages/atoms.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"
#include "net/middleman/remote.hpp"
#include "runtime/logging/log.hpp"

namespace convoy {

namespace {

using pick_atom = caf::atom_constant<caf::atom("pick")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;

using client_actor = store_actor::extend<caf::reacts_to<peer_atom, uint64_t>,
                                         caf::reacts_to<retry_atom, uint64_t>,
                                         caf::replies_to<pick_atom>::with<caf::actor>>;

struct endpoint {
  std::optional<net::host_port> address; // nothing: an in-process replica
  store_actor handle;
  backoff retry{std::chrono::milliseconds{100}, std::chrono::seconds{5}};
  bool connecting = false;
};

struct client_state {
  store_client_config cfg;
  std::vector<endpoint> endpoints;
  size_t current = 0;
  /// Requests waiting to be tried again, by ticket.
  std::map<uint64_t, std::function<void()>> retries;
  uint64_t next_retry = 1;
  /// Watch relays by watcher.
  std::multimap<caf::actor_addr, caf::actor> relays;
  /// Timeouts of the attempts: every apiserver read and write passes here.
  timed_requests requests;
  std::shared_ptr<spdlog::logger> log;
  std::mt19937_64 rng{7};
  static inline const char* name = "convoy.store-client";
};

using client_ptr = client_actor::stateful_pointer<client_state>;

// -- endpoints ------------------------------------------------------------------

/// A replica just connected: the requests waiting for one (or for another
/// replica than the one that failed them) go now, not at their retry tick;
/// the tick then finds their ticket gone.
void retry_now(client_ptr self) {
  auto waiting = std::exchange(self->state.retries, {});
  for (auto& [ticket, fn] : waiting)
    fn();
}

void connect(client_ptr self, uint64_t index) {
  auto& ep = self->state.endpoints[index];
  if (ep.handle || ep.connecting || !ep.address)
    return;
  ep.connecting = true;
  auto timeout = std::chrono::duration_cast<caf::timespan>(self->state.cfg.request_timeout);
  net::connect_component<store_actor>(
    self, *ep.address, "store", timeout,
    [self, index](store_actor replica) {
      auto& e = self->state.endpoints[index];
      e.connecting = false;
      e.handle = replica;
      e.retry.reset();
      self->monitor(replica);
      retry_now(self);
    },
    [self, index](const caf::error& err) {
      auto& e = self->state.endpoints[index];
      e.connecting = false;
      self->state.log->debug("store replica at {} unreachable: {}", e.address->to_string(),
                             describe(err));
      self->delayed_send(self, e.retry.next(self->state.rng), peer_atom::value, index);
    });
}

/// The replica to use now: the current one if connected, else the next
/// connected one.
std::optional<store_actor> pick(client_ptr self) {
  auto& st = self->state;
  for (size_t i = 0; i < st.endpoints.size(); ++i) {
    auto& ep = st.endpoints[(st.current + i) % st.endpoints.size()];
    if (ep.handle) {
      st.current = (st.current + i) % st.endpoints.size();
      return ep.handle;
    }
  }
  return std::nullopt;
}

/// The current replica failed a request: move on to the next one.
void skip(client_ptr self, const store_actor& failed) {
  auto& st = self->state;
  if (!st.endpoints.empty() && st.endpoints[st.current].handle == failed)
    st.current = (st.current + 1) % st.endpoints.size();
}

void on_down(client_ptr self, const caf::down_msg& down) {
  auto& st = self->state;
  for (size_t i = 0; i < st.endpoints.size(); ++i) {
    auto& ep = st.endpoints[i];
    if (ep.handle && ep.handle.address() == down.source) {
      ep.handle = nullptr;
      if (ep.address)
        self->delayed_send(self, ep.retry.next(st.rng), peer_atom::value, uint64_t{i});
    }
  }
}

void later(client_ptr self, std::function<void()> fn) {
  auto ticket = self->state.next_retry++;
  self->state.retries[ticket] = std::move(fn);
  self->delayed_send(self, std::chrono::milliseconds{50}, retry_atom::value, ticket);
}

// -- requests -------------------------------------------------------------------

/// Whether a failed attempt may be tried again elsewhere: it was certainly
/// not applied (a replica said so), or it only read.
bool retryable(const caf::error& err, bool read) {
  if (code_of(err) == errc::unavailable)
    return true;
  return read && err == caf::sec::request_receiver_down;
}

caf::error unknown_outcome(const caf::error& err) {
  if (code_of(err) != errc::none)
    return err;
  return make_error(errc::timeout, "no answer from the store (" + describe(err)
                                     + "); the write's outcome is unknown");
}

template <class Response, class Request>
void attempt(client_ptr self, Request req, caf::typed_response_promise<Response> rp,
             caf::actor_clock::time_point deadline, bool read) {
  auto now = self->clock().now();
  if (now >= deadline) {
    rp.deliver(make_error(errc::unavailable, "no store replica could take the request in time"));
    return;
  }
  auto target = pick(self);
  if (!target) {
    later(self, [=] { attempt<Response>(self, req, rp, deadline, read); });
    return;
  }
  self->state.requests.request(self, *target, deadline - now, req)
    .then([rp](Response& resp) mutable { rp.deliver(std::move(resp)); },
          [=](caf::error& err) mutable {
            if (retryable(err, read)) {
              skip(self, *target);
              later(self, [=] { attempt<Response>(self, req, rp, deadline, read); });
            } else {
              rp.deliver(read ? err : unknown_outcome(err));
            }
          });
}

template <class Response, class Request>
caf::result<Response> dispatch(client_ptr self, const Request& req, bool read) {
  auto rp = self->make_response_promise<Response>();
  attempt<Response>(self, req, rp, self->clock().now() + self->state.cfg.request_timeout, read);
  return rp;
}

// -- watches --------------------------------------------------------------------

struct relay_state {
  store::WatchCreateRequest req;
  caf::actor watcher;
  caf::actor replica;
  int64_t watch_id = 0;
  int64_t next_revision = 0;
  bool created = false;
  static inline const char* name = "convoy.store-watch-relay";
};

void relay_subscribe(caf::stateful_actor<relay_state>* self, caf::actor client) {
  self->request(client, caf::infinite, pick_atom::value)
    .then(
      [=](caf::actor& replica) {
        auto& st = self->state;
        st.replica = replica;
        self->monitor(replica);
        auto req = st.req;
        req.set_watch_id(st.watch_id);
        if (st.next_revision > 0)
          req.set_start_revision(st.next_revision);
        self->send(caf::actor_cast<store_actor>(replica), req, caf::actor{self});
      },
      [=](caf::error&) {
        self->delayed_send(self, std::chrono::milliseconds{100}, retry_atom::value);
      });
}

void relay_cancel(caf::stateful_actor<relay_state>* self) {
  if (self->state.replica) {
    store::WatchCancelRequest cancel;
    cancel.set_watch_id(self->state.watch_id);
    self->send(caf::actor_cast<store_actor>(self->state.replica), cancel, caf::actor{self});
  }
  self->quit();
}

/// Forwards one watch's responses from whichever replica serves it to the
/// watcher, and re-creates the watch elsewhere when that replica goes away.
caf::behavior watch_relay(caf::stateful_actor<relay_state>* self, caf::actor client,
                          store::WatchCreateRequest req, caf::actor watcher,
                          caf::typed_response_promise<store::WatchResponse> created) {
  self->state.req = std::move(req);
  // The caller's watch id is kept (0: the replica picks one); its events
  // carry it across failover.
  self->state.watch_id = self->state.req.watch_id();
  self->state.watcher = watcher;
  self->monitor(watcher);
  relay_subscribe(self, client);
  self->set_down_handler([=](caf::down_msg& down) {
    auto& st = self->state;
    if (down.source == st.watcher.address()) {
      relay_cancel(self);
    } else if (st.replica && down.source == st.replica.address()) {
      st.replica = nullptr;
      self->delayed_send(self, std::chrono::milliseconds{100}, retry_atom::value);
    }
  });
  return {
    [=](store::WatchResponse& resp) mutable {
      auto& st = self->state;
      if (resp.created() && !st.created) {
        st.created = true;
        st.watch_id = resp.watch_id();
        created.deliver(resp);
        if (resp.canceled())
          self->quit();
        return;
      }
      if (resp.created())
        return; // re-created after failover: the watcher already knows it
      resp.set_watch_id(st.watch_id);
      if (resp.events_size() > 0)
        st.next_revision = resp.events(resp.events_size() - 1).kv().mod_revision() + 1;
      else if (resp.header().revision() > 0)
        st.next_revision = std::max(st.next_revision, resp.header().revision() + 1);
      bool canceled = resp.canceled();
      self->send(caf::actor_cast<store_watcher_actor>(st.watcher), std::move(resp));
      if (canceled)
        self->quit();
    },
    [=](retry_atom) { relay_subscribe(self, client); },
    [=](cancel_atom, int64_t id) {
      if (id == self->state.watch_id)
        relay_cancel(self);
    },
  };
}

caf::result<store::WatchResponse> watch(client_ptr self, const store::WatchCreateRequest& req,
                                        const caf::actor& watcher) {
  auto rp = self->make_response_promise<store::WatchResponse>();
  auto relay = self->spawn<caf::linked>(watch_relay, caf::actor_cast<caf::actor>(self), req,
                                        watcher, rp);
  self->state.relays.emplace(watcher.address(), relay);
  return rp;
}

// -- behavior -------------------------------------------------------------------

client_actor::behavior_type client_behavior(client_ptr self, store_client_config cfg) {
  using namespace store;
  auto& st = self->state;
  st.log = log::get(cfg.node_name, "store-client");
  for (const auto& local : cfg.local) {
    endpoint ep;
    ep.handle = local;
    self->monitor(local);
    st.endpoints.push_back(std::move(ep));
  }
  for (const auto& addr : cfg.endpoints) {
    endpoint ep;
    ep.address = addr;
    st.endpoints.push_back(std::move(ep));
    connect(self, st.endpoints.size() - 1);
  }
  st.cfg = std::move(cfg);
  self->set_down_handler([self](caf::down_msg& down) { on_down(self, down); });
  self->set_exit_handler([self](caf::exit_msg& msg) { self->quit(msg.reason); });
  return {
    [self](const RangeRequest& r) { return dispatch<RangeResponse>(self, r, true); },
    [self](const PutRequest& r) { return dispatch<PutResponse>(self, r, false); },
    [self](const DeleteRangeRequest& r) { return dispatch<DeleteRangeResponse>(self, r, false); },
    [self](const TxnRequest& r) { return dispatch<TxnResponse>(self, r, false); },
    [self](const CompactionRequest& r) { return dispatch<CompactionResponse>(self, r, false); },
    [self](const LeaseGrantRequest& r) { return dispatch<LeaseGrantResponse>(self, r, false); },
    [self](const LeaseRevokeRequest& r) { return dispatch<LeaseRevokeResponse>(self, r, false); },
    [self](const LeaseKeepAliveRequest& r) {
      return dispatch<LeaseKeepAliveResponse>(self, r, true);
    },
    [self](const LeaseTimeToLiveRequest& r) {
      return dispatch<LeaseTimeToLiveResponse>(self, r, true);
    },
    [self](const LeaseLeasesRequest& r) { return dispatch<LeaseLeasesResponse>(self, r, true); },
    [self](const StatusRequest& r) { return dispatch<StatusResponse>(self, r, true); },
    [self](const HashKVRequest& r) { return dispatch<HashKVResponse>(self, r, true); },
    [self](const MemberListRequest& r) { return dispatch<MemberListResponse>(self, r, true); },
    [self](const MemberAddRequest& r) { return dispatch<MemberAddResponse>(self, r, false); },
    [self](const MemberRemoveRequest& r) {
      return dispatch<MemberRemoveResponse>(self, r, false);
    },
    [self](const MoveLeaderRequest& r) { return dispatch<MoveLeaderResponse>(self, r, false); },
    [self](const WatchCreateRequest& req, const caf::actor& watcher) {
      return watch(self, req, watcher);
    },
    [self](const WatchCancelRequest& req, const caf::actor& watcher) {
      auto [first, last] = self->state.relays.equal_range(watcher.address());
      for (auto i = first; i != last; ++i)
        caf::anon_send(i->second, cancel_atom::value, req.watch_id());
    },
    [self](peer_atom, uint64_t index) { connect(self, index); },
    [self](retry_atom, uint64_t ticket) {
      auto i = self->state.retries.find(ticket);
      if (i == self->state.retries.end())
        return;
      auto fn = std::move(i->second);
      self->state.retries.erase(i);
      fn();
    },
    [self](pick_atom) -> caf::result<caf::actor> {
      if (auto target = pick(self))
        return caf::actor_cast<caf::actor>(*target);
      return make_error(errc::unavailable, "no store replica connected");
    },
  };
}

} // namespace

store_actor spawn_store_client(caf::actor_system& sys, store_client_config cfg) {
  return caf::actor_cast<store_actor>(inspect::spawn_inspected(
    sys, {"store-client", "store-client"}, client_behavior, std::move(cfg)));
}

} // namespace convoy
