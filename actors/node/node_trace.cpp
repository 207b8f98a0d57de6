// The tracing half of the node's inspector: arms the traced actors, takes
// what they record, and either streams it as it comes (to the caller, or to
// the node that asked this one) or answers it when the trace ends. Every
// node the trace reaches traces along; one budget holds for all of them.

#include <algorithm>

#include "actors/inspect/shell/inspected_actor.hpp"
#include "actors/node/fan_out.hpp"
#include "messages/protobuf_inspect.hpp"

namespace convoy {

namespace {

constexpr auto trace_poll = std::chrono::milliseconds{50};
constexpr uint32_t default_trace_count = 100;
constexpr uint32_t max_trace_count = 10000;
constexpr uint32_t default_trace_ms = 10000;
constexpr uint32_t max_trace_ms = 600000;

uint32_t trace_count(const node::TraceRequest& req) {
  return std::min(req.count() ? req.count() : default_trace_count, max_trace_count);
}

std::chrono::milliseconds trace_time(const node::TraceRequest& req) {
  return std::chrono::milliseconds{
    std::min(req.duration_ms() ? req.duration_ms() : default_trace_ms, max_trace_ms)};
}

/// Merges the traces of several nodes, keeping the `count` earliest events of
/// all of them: the budget holds for the cluster, not per node. (Streamed
/// answers carry only totals; their events were cut to the budget on the way.)
auto add_trace(uint32_t count) {
  return [count](node::TraceResponse& into, node::TraceResponse& from) {
    for (auto& e : *from.mutable_events())
      *into.add_events() = std::move(e);
    for (auto& t : *from.mutable_traced())
      into.add_traced(std::move(t));
    for (auto& u : *from.mutable_unreachable())
      into.add_unreachable(std::move(u));
    into.set_budget_reached(into.budget_reached() || from.budget_reached());
    into.set_dropped(into.dropped() + from.dropped());
    auto& events = *into.mutable_events();
    if (static_cast<uint32_t>(events.size()) <= count)
      return;
    std::stable_sort(events.begin(), events.end(),
                     [](const auto& a, const auto& b) { return a.at_us() < b.at_us(); });
    into.set_dropped(into.dropped() + (events.size() - count));
    events.DeleteSubrange(static_cast<int>(count), events.size() - static_cast<int>(count));
    into.set_budget_reached(true);
  };
}

/// Names of the peer nodes by CAF node id (as trace records carry them).
std::map<std::string, std::string> peer_names(node_ptr self) {
  std::map<std::string, std::string> out;
  for (const auto& p : self->state.peers)
    if (p.handle)
      out[caf::to_string(p.handle.node())] = p.info.name();
  for (const auto& [name, handle] : self->state.joined_us)
    out[caf::to_string(handle.node())] = name;
  return out;
}

/// What the trace's actors recorded since the last take, as events (the
/// peer names are looked up only when there is something to name).
std::vector<node::TraceEvent> take_events(node_ptr self, running_trace& trace) {
  auto records = trace.session->take();
  if (records.empty())
    return {};
  return self->state.inspector->events(std::move(records), trace.started_ns, peer_names(self));
}

void finish_trace(node_ptr self, uint64_t id);

/// Ends stream `id` on this node and asks the peers tracing along to end
/// theirs; their answers (and this node's) then complete the trace.
void stop_stream(node_ptr self, uint64_t id) {
  auto i = self->state.streams.find(id);
  if (i == self->state.streams.end() || i->second.stopped)
    return;
  i->second.stopped = true;
  node::TraceStop stop;
  stop.set_stream_id(id);
  for (const auto& [name, peer] : i->second.peers)
    self->send(peer, stop);
  finish_trace(self, id);
}

/// Passes events of stream `id` (this node's own, or a peer's) on to its
/// subscriber while the budget lasts; the budget spent ends the trace.
void relay(node_ptr self, uint64_t id, node::TraceChunk& chunk) {
  auto i = self->state.streams.find(id);
  if (i == self->state.streams.end())
    return;
  auto& s = i->second;
  auto n = static_cast<uint32_t>(chunk.events_size());
  auto kept = std::min(n, s.left);
  if (kept < n) {
    s.dropped += n - kept;
    chunk.mutable_events()->DeleteSubrange(static_cast<int>(kept), static_cast<int>(n - kept));
  }
  s.left -= kept;
  if (kept > 0) {
    chunk.set_stream_id(s.subscriber_stream);
    chunk.set_done(false);
    self->send(s.subscriber, chunk);
  }
  if (s.left == 0)
    stop_stream(self, id);
}

/// Streams what trace `id` recorded since the last take.
void flush(node_ptr self, uint64_t id, running_trace& trace) {
  auto events = take_events(self, trace);
  if (events.empty())
    return;
  node::TraceChunk chunk;
  for (auto& ev : events)
    *chunk.add_events() = std::move(ev);
  relay(self, id, chunk);
}

void finish_trace(node_ptr self, uint64_t id) {
  auto& st = self->state;
  auto i = st.traces.find(id);
  if (i == st.traces.end())
    return;
  auto trace = std::move(i->second);
  st.traces.erase(i);
  for (auto& probe : trace.armed)
    probe->disarm();
  node::TraceResponse out;
  if (trace.streamed)
    flush(self, id, trace);
  else
    for (auto& ev : take_events(self, trace))
      *out.add_events() = std::move(ev);
  for (const auto& probe : trace.armed)
    out.add_traced(probe->name() + " (" + std::to_string(probe->id()) + ")@" + st.cfg.name);
  out.set_budget_reached(trace.session->full());
  out.set_dropped(trace.session->dropped());
  trace.done(std::move(out));
}

/// Starts trace `id` on this node; finish_trace hands its result to `done`.
void start_trace(node_ptr self, uint64_t id, const node::TraceRequest& req, bool streamed,
                 std::function<void(node::TraceResponse)> done) {
  auto& st = self->state;
  auto ref = actor_ref::parse(req.target());
  auto targets = local_actors(self, ref);
  std::string filter;
  if (targets.empty() && ref.node.empty()) {
    // Names no actor: trace every actor for messages that mention it.
    targets = st.inspector->all_but(self->id());
    filter = ref.actor;
  }
  running_trace trace;
  trace.session = std::make_shared<inspect::trace_session>(trace_count(req), filter);
  trace.armed = std::move(targets);
  trace.started_ns = inspect::steady_ns();
  trace.deadline = self->clock().now() + trace_time(req);
  trace.streamed = streamed;
  trace.done = std::move(done);
  for (auto& probe : trace.armed)
    probe->arm(trace.session);
  auto none_armed = trace.armed.empty();
  st.traces.emplace(id, std::move(trace));
  if (none_armed)
    finish_trace(self, id);
  else
    self->send(self, trace_atom::value, id);
}

/// A trace named for this node only goes nowhere else.
void keep_local_if_named(node_ptr self, node::TraceRequest& req) {
  if (actor_ref::parse(req.target()).node == self->state.cfg.name)
    req.set_local_only(true);
}

/// The gathering of stream `id` is complete: the subscriber gets the last
/// chunk, then (from the caller) the totals.
void end_stream(node_ptr self, uint64_t id, node::TraceResponse& out) {
  auto i = self->state.streams.find(id);
  if (i == self->state.streams.end())
    return;
  out.set_dropped(out.dropped() + i->second.dropped);
  out.set_budget_reached(out.budget_reached() || i->second.left == 0);
  node::TraceChunk last;
  last.set_stream_id(i->second.subscriber_stream);
  last.set_done(true);
  self->send(i->second.subscriber, last);
  self->state.streams.erase(i);
}

} // namespace

caf::result<node::TraceResponse> on_trace(node_ptr self, node::TraceRequest req) {
  keep_local_if_named(self, req);
  auto merge = add_trace(trace_count(req));
  auto g = ask_peers<node::TraceRequest, node::TraceResponse>(
    self, req, 1, trace_time(req) + inspect_peer_timeout, merge);
  start_trace(self, self->state.next_trace++, req, false,
              [g, merge](node::TraceResponse r) { g->add(r, merge); });
  return g->promise;
}

caf::result<node::TraceResponse> on_streamed_trace(node_ptr self, node::TraceRequest req,
                                                   caf::actor subscriber) {
  if (!subscriber)
    return make_error(errc::invalid_argument, "a streamed trace needs an actor to stream to");
  auto& st = self->state;
  auto id = st.next_trace++;
  keep_local_if_named(self, req);
  auto& s = st.streams[id];
  s.subscriber = caf::actor_cast<trace_subscriber_actor>(subscriber);
  self->monitor(s.subscriber);
  s.subscriber_stream = req.stream_id();
  s.left = trace_count(req);
  s.peers = forward_targets(self, req);
  // The peers stream into this node, which keeps the one budget.
  req.set_stream_id(id);
  auto merge = add_trace(s.left);
  auto g = gather_from<node::TraceResponse>(self, s.peers, req, 1,
                                            trace_time(req) + inspect_peer_timeout, merge,
                                            caf::actor_cast<caf::actor>(self));
  g->before_delivery = [self, id](node::TraceResponse& out) { end_stream(self, id, out); };
  start_trace(self, id, req, true, [g, merge](node::TraceResponse r) { g->add(r, merge); });
  return g->promise;
}

void on_trace_chunk(node_ptr self, node::TraceChunk& chunk) {
  auto i = self->state.streams.find(chunk.stream_id());
  if (i == self->state.streams.end())
    return;
  // Only the peers this node asked stream into it.
  auto sender = self->current_sender();
  const auto& peers = i->second.peers;
  if (std::none_of(peers.begin(), peers.end(), [&](const auto& p) {
        return caf::actor_cast<caf::strong_actor_ptr>(p.second) == sender;
      }))
    return;
  relay(self, i->first, chunk);
}

void on_trace_stop(node_ptr self, const node::TraceStop& stop) {
  auto sender = self->current_sender();
  for (const auto& [id, s] : self->state.streams)
    if (s.subscriber_stream == stop.stream_id()
        && caf::actor_cast<caf::strong_actor_ptr>(s.subscriber) == sender)
      return stop_stream(self, id);
}

void on_trace_subscriber_down(node_ptr self, const caf::actor_addr& who) {
  std::vector<uint64_t> ended;
  for (const auto& [id, s] : self->state.streams)
    if (s.subscriber.address() == who)
      ended.push_back(id);
  for (auto id : ended)
    stop_stream(self, id);
}

void on_trace_check(node_ptr self, uint64_t id) {
  auto& st = self->state;
  auto i = st.traces.find(id);
  if (i == st.traces.end())
    return;
  if (i->second.session->full() || self->clock().now() >= i->second.deadline)
    return finish_trace(self, id);
  if (i->second.streamed)
    flush(self, id, i->second); // may spend the budget and so end the trace
  if (st.traces.count(id) != 0)
    self->delayed_send(self, trace_poll, trace_atom::value, id);
}

} // namespace convoy
