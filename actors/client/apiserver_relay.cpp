#include "actors/client/apiserver_relay.hpp"

#include <deque>
#include <unordered_map>
#include <map>
#include <random>
#include <utility>

#include "caf/actor_cast.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/replies_to.hpp"
#include "caf/response_promise.hpp"
#include "caf/stateful_actor.hpp"

#include "actors/common/backoff.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "messages/atoms.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"
#include "net/middleman/remote.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::client {

namespace {

/// A request that arrived while no apiserver was reachable.
struct held_request {
  caf::response_promise promise;
  caf::message content;
};

struct relay_state {
  apiserver_relay_config cfg;
  std::shared_ptr<spdlog::logger> log;
  /// The apiserver requests go to; null while failing over.
  caf::actor upstream;
  size_t current = 0;
  /// The endpoint the next connection attempt uses.
  size_t next = 0;
  bool connecting = false;
  /// Failed attempts since the last success, to notice a whole round failed.
  size_t failures = 0;
  backoff retry{std::chrono::milliseconds{200}, std::chrono::seconds{5}};
  std::mt19937_64 rng;
  std::deque<held_request> held;
  /// Requests forwarded to `upstream` and not answered yet: a request in
  /// flight when the apiserver dies never gets an answer, so these are
  /// failed at once instead of leaving their callers waiting for timeouts.
  std::unordered_map<uint64_t, caf::response_promise> in_flight;
  uint64_t next_call = 0;
  /// Watches opened through the relay, by (subscriber, watch id): they die
  /// with the apiserver that serves them.
  std::map<std::pair<caf::actor_addr, int64_t>, caf::actor> watches;
  static inline const char* name = "apiserver-relay";
};

using relay_ptr = caf::stateful_actor<relay_state>*;

std::string endpoint_name(relay_ptr self, size_t i) {
  return self->state.cfg.endpoints[i].to_string();
}

/// Remembers which watches go through the relay (see relay_state::watches).
void track(relay_ptr self, const caf::message& msg) {
  auto& watches = self->state.watches;
  if (msg.match_elements<apiserver::WatchRequest, caf::actor>()) {
    const auto& who = msg.get_as<caf::actor>(1);
    watches[{who.address(), msg.get_as<apiserver::WatchRequest>(0).watch_id()}] = who;
  } else if (msg.match_elements<apiserver::WatchStop, caf::actor>()) {
    const auto& who = msg.get_as<caf::actor>(1);
    watches.erase({who.address(), msg.get_as<apiserver::WatchStop>(0).watch_id()});
  }
}

void hold(relay_ptr self, caf::message msg) {
  auto& st = self->state;
  auto promise = self->make_response_promise();
  if (st.held.size() >= st.cfg.max_pending) {
    promise.deliver(make_error(errc::unavailable, "no apiserver reachable yet (" +
                                                    std::to_string(st.held.size())
                                                    + " requests waiting)"));
    return;
  }
  st.held.push_back({std::move(promise), std::move(msg)});
}

/// The reply type of one signature of a typed interface (unit_t for a
/// message without reply, which never matches an answer).
template <class Signature>
struct reply_of {
  using type = caf::unit_t;
};

template <class... Ins, class Out>
struct reply_of<caf::typed_mpi<caf::detail::type_list<Ins...>, caf::output_tuple<Out>>> {
  using type = Out;
};

template <class... Ins>
struct reply_of<caf::typed_mpi<caf::detail::type_list<Ins...>, caf::output_tuple<void>>> {
  using type = caf::unit_t;
};

/// Passes any answer the apiserver interface can give -- each reply type
/// of its signatures, or an error -- to `answer` as a message.
template <class... Signatures, class Answer>
caf::behavior reply_handlers(caf::detail::type_list<Signatures...>, Answer answer) {
  return caf::behavior{
    [answer](typename reply_of<Signatures>::type& reply) {
      answer(caf::make_message(std::move(reply)));
    }...,
    [answer](caf::error& err) { answer(caf::make_message(std::move(err))); }};
}

/// Sends `content` upstream on behalf of whoever `promise` answers. A plain
/// message (WatchStop, PodLogStop) is passed on as is; a request is sent
/// by the relay itself, so the relay sees the answer and knows what is in
/// flight (CAF's delegation would hand the answer straight back, but a
/// request lost with the apiserver would then only end at its timeout).
void forward(relay_ptr self, caf::response_promise promise, caf::message content) {
  auto& st = self->state;
  if (promise.async()) {
    promise.delegate(st.upstream, std::move(content));
    return;
  }
  auto call = st.next_call++;
  st.in_flight.emplace(call, std::move(promise));
  auto mid = self->new_request_id(caf::message_priority::normal);
  st.upstream->enqueue(caf::make_mailbox_element(caf::actor_cast<caf::strong_actor_ptr>(self),
                                                 mid, {}, std::move(content)),
                       self->context());
  auto answer = [self, call](caf::message reply) {
    auto& calls = self->state.in_flight;
    auto i = calls.find(call);
    if (i == calls.end())
      return; // failed over meanwhile
    auto promise = std::move(i->second);
    calls.erase(i);
    promise.deliver(std::move(reply));
  };
  self->add_multiplexed_response_handler(mid.response_id(),
                                         reply_handlers(apiserver_actor::signatures{}, answer));
}

void flush(relay_ptr self) {
  auto& st = self->state;
  while (!st.held.empty()) {
    auto req = std::move(st.held.front());
    st.held.pop_front();
    forward(self, std::move(req.promise), std::move(req.content));
  }
}

void refuse_held(relay_ptr self, const std::string& why) {
  auto& st = self->state;
  for (auto& req : st.held)
    req.promise.deliver(make_error(errc::unavailable, why));
  st.held.clear();
}

void connect(relay_ptr self);

void on_connected(relay_ptr self, size_t index, const apiserver_actor& api) {
  auto& st = self->state;
  st.connecting = false;
  st.upstream = caf::actor_cast<caf::actor>(api);
  st.current = index;
  st.failures = 0;
  st.retry.reset();
  self->monitor(st.upstream);
  st.log->info("using the apiserver of {}", endpoint_name(self, index));
  flush(self);
}

void on_connect_failed(relay_ptr self, size_t index, const caf::error& err) {
  auto& st = self->state;
  st.connecting = false;
  st.next = (index + 1) % st.cfg.endpoints.size();
  st.log->warn("no apiserver at {}: {}", endpoint_name(self, index), describe(err));
  auto delay = std::chrono::nanoseconds{0};
  if (++st.failures >= st.cfg.endpoints.size()) {
    st.failures = 0;
    refuse_held(self, "no apiserver reachable (last tried " + endpoint_name(self, index) + ")");
    delay = st.retry.next(st.rng);
  }
  self->delayed_send(self, delay, reconnect_atom::value);
}

void connect(relay_ptr self) {
  auto& st = self->state;
  if (st.upstream || st.connecting)
    return;
  st.connecting = true;
  auto index = st.next;
  net::connect_component<apiserver_actor>(
    self, st.cfg.endpoints[index], "apiserver", st.cfg.connect_timeout,
    [self, index](apiserver_actor api) { on_connected(self, index, api); },
    [self, index](const caf::error& err) { on_connect_failed(self, index, err); });
}

/// The apiserver in use died or fell silent: break the watches it served
/// (their informers list again) and move on to the next endpoint.
void on_upstream_down(relay_ptr self, const caf::error& reason) {
  auto& st = self->state;
  st.log->warn("lost the apiserver of {} ({}); failing over", endpoint_name(self, st.current),
               describe(reason));
  st.upstream = nullptr;
  for (auto& [call, promise] : st.in_flight)
    promise.deliver(make_error(errc::unavailable, "the apiserver of "
                                                    + endpoint_name(self, st.current)
                                                    + " went away before answering"));
  st.in_flight.clear();
  for (const auto& [key, who] : st.watches) {
    apiserver::WatchEvent ev;
    ev.set_type("ERROR");
    ev.set_watch_id(key.second);
    self->send(who, std::move(ev));
  }
  st.watches.clear();
  st.next = (st.current + 1) % st.cfg.endpoints.size();
  connect(self);
}

caf::behavior relay(relay_ptr self, apiserver_relay_config cfg) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, "apiserver-relay");
  st.rng.seed(cfg.seed);
  st.cfg = std::move(cfg);
  self->set_down_handler([self](caf::down_msg& down) {
    if (self->state.upstream && down.source == self->state.upstream.address())
      on_upstream_down(self, down.reason);
  });
  self->set_default_handler(
    [self](caf::scheduled_actor*, caf::message_view& view) -> caf::result<caf::message> {
      auto msg = view.move_content_to_message();
      track(self, msg);
      if (self->state.upstream)
        forward(self, self->make_response_promise(), std::move(msg));
      else
        hold(self, std::move(msg));
      return caf::delegated<caf::message>{};
    });
  connect(self);
  return {[self](reconnect_atom) { connect(self); }};
}

} // namespace

apiserver_actor spawn_apiserver_relay(caf::actor_system& sys, apiserver_relay_config cfg) {
  if (cfg.endpoints.empty())
    throw std::invalid_argument("apiserver relay: no endpoints");
  return caf::actor_cast<apiserver_actor>(
    inspect::spawn_inspected(sys, {"apiserver-relay", "relay"}, relay, std::move(cfg)));
}

} // namespace convoy::client
