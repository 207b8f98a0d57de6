// The inspector half of the node actor: lists, inspects and traces the
// node's actors, and fans each request out to every node it knows (the peers
// it joined and those that joined it), so one console sees the cluster.

#include <algorithm>

#include "actors/inspect/shell/inspected_actor.hpp"
#include "actors/node/fan_out.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"

namespace convoy {

namespace {

constexpr auto sample_interval = std::chrono::seconds{1};
constexpr auto peer_timeout = std::chrono::seconds{3};
constexpr auto trace_poll = std::chrono::milliseconds{50};
constexpr uint32_t default_trace_count = 100;
constexpr uint32_t max_trace_count = 10000;
constexpr uint32_t default_trace_ms = 10000;
constexpr uint32_t max_trace_ms = 600000;

uint32_t trace_count(const node::TraceRequest& req) {
  return std::min(req.count() ? req.count() : default_trace_count, max_trace_count);
}

node_inspector::clock_ns now_ns(node_ptr self) {
  return std::chrono::duration_cast<node_inspector::clock_ns>(
    self->clock().now().time_since_epoch());
}

/// Collects answers (this node's and its peers') and delivers the merged
/// response when the last arrives. Runs in the node actor only.
template <class Response>
struct gathering {
  Response out;
  size_t left = 0;
  caf::typed_response_promise<Response> promise;

  template <class Merge>
  void add(Response& part, Merge&& merge) {
    merge(out, part);
    done();
  }
  void fail(const std::string& peer, const caf::error& err) {
    out.add_unreachable(peer + ": " + describe(err));
    done();
  }
  void done() {
    if (--left == 0)
      promise.deliver(std::move(out));
  }
};

/// Sends `req` (marked with the nodes it already covers) to every peer not yet
/// visited; `local_parts` more answers come from this node itself.
template <class Request, class Response, class Merge>
std::shared_ptr<gathering<Response>> ask_peers(node_ptr self, Request req, size_t local_parts,
                                               std::chrono::milliseconds timeout, Merge merge) {
  auto targets = forward_targets(self, req);
  auto g = std::make_shared<gathering<Response>>();
  g->left = targets.size() + local_parts;
  g->promise = self->template make_response_promise<Response>();
  for (const auto& [name, handle] : targets)
    self->request(handle, timeout, req)
      .then([g, merge](Response& r) mutable { g->add(r, merge); },
            [g, name = name](const caf::error& err) { g->fail(name, err); });
  return g;
}

void add_actors(node::ActorsResponse& into, node::ActorsResponse& from) {
  for (auto& a : *from.mutable_actors())
    *into.add_actors() = std::move(a);
  for (auto& n : *from.mutable_nodes())
    into.add_nodes(std::move(n));
  for (auto& u : *from.mutable_unreachable())
    into.add_unreachable(std::move(u));
}

/// Merges the traces of several nodes, keeping the `count` earliest events of
/// all of them: the budget holds for the cluster, not per node.
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

bool for_this_node(node_ptr self, const std::string& node) {
  return node.empty() || node == self->state.cfg.name;
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
  for (auto& ev : st.inspector->events(trace.session->take(), trace.started_ns, peer_names(self)))
    *out.add_events() = std::move(ev);
  for (const auto& probe : trace.armed)
    out.add_traced(probe->name() + " (" + std::to_string(probe->id()) + ")@" + st.cfg.name);
  out.set_budget_reached(trace.session->full());
  out.set_dropped(trace.session->dropped());
  trace.done(std::move(out));
}

/// Starts a trace on this node; finish_trace hands its result to `done`.
void start_trace(node_ptr self, const node::TraceRequest& req,
                 std::function<void(node::TraceResponse)> done) {
  auto& st = self->state;
  auto ref = actor_ref::parse(req.target());
  auto count = trace_count(req);
  auto ms = std::min(req.duration_ms() ? req.duration_ms() : default_trace_ms, max_trace_ms);
  auto targets = local_actors(self, ref);
  std::string filter;
  if (targets.empty() && ref.node.empty()) {
    // Names no actor: trace every actor for messages that mention it.
    targets = st.inspector->all_but(self->id());
    filter = ref.actor;
  }
  running_trace trace;
  trace.session = std::make_shared<inspect::trace_session>(count, filter);
  trace.armed = std::move(targets);
  trace.started_ns = inspect::steady_ns();
  trace.deadline = self->clock().now() + std::chrono::milliseconds{ms};
  trace.done = std::move(done);
  for (auto& probe : trace.armed)
    probe->arm(trace.session);
  auto id = st.next_trace++;
  auto none_armed = trace.armed.empty();
  st.traces.emplace(id, std::move(trace));
  if (none_armed)
    finish_trace(self, id);
  else
    self->send(self, trace_atom::value, id);
}

} // namespace

std::map<std::string, node_info_actor>
fan_out_targets(node_ptr self, const google::protobuf::RepeatedPtrField<std::string>& visited) {
  const auto& st = self->state;
  auto seen = [&](const std::string& name) {
    return name == st.cfg.name || std::find(visited.begin(), visited.end(), name) != visited.end();
  };
  std::map<std::string, node_info_actor> out;
  for (const auto& p : st.peers)
    if (p.handle && !p.info.name().empty() && !seen(p.info.name()))
      out.emplace(p.info.name(), p.handle);
  for (const auto& [name, handle] : st.joined_us)
    if (!seen(name))
      out.emplace(name, handle);
  return out;
}

std::vector<std::shared_ptr<inspect::actor_probe>> local_actors(node_ptr self,
                                                                const actor_ref& ref) {
  if (!for_this_node(self, ref.node))
    return {};
  return self->state.inspector->resolve(ref.actor);
}

caf::actor actor_of(const inspect::actor_probe& probe) {
  auto weak = std::any_cast<caf::weak_actor_ptr>(&probe.handle());
  return weak ? caf::actor_cast<caf::actor>(weak->lock()) : caf::actor{};
}

void start_inspector(node_ptr self) {
  auto& st = self->state;
  st.inspector = std::make_unique<node_inspector>(st.cfg.name,
                                                  inspect::registry_of(self->system()));
  on_sample(self);
}

void on_sample(node_ptr self) {
  self->state.inspector->sample(now_ns(self));
  self->delayed_send(self, sample_interval, sample_atom::value);
}

caf::result<node::ActorsResponse> on_actors(node_ptr self, node::ActorsRequest req) {
  node::ActorsResponse local;
  if (for_this_node(self, req.node())) {
    for (auto& a : self->state.inspector->list(now_ns(self)))
      *local.add_actors() = std::move(a);
    local.add_nodes(self->state.cfg.name);
  }
  if (req.node() == self->state.cfg.name)
    return local;
  auto g = ask_peers<node::ActorsRequest, node::ActorsResponse>(self, std::move(req), 1,
                                                                 peer_timeout, add_actors);
  g->add(local, add_actors);
  return g->promise;
}

caf::result<node::InspectResponse> on_inspect(node_ptr self, node::InspectRequest req) {
  auto ref = actor_ref::parse(req.actor());
  auto& st = self->state;
  auto found = local_actors(self, ref);
  if (found.empty()) {
    // Ask the other nodes; the first that knows the actor answers.
    auto targets = ref.node == st.cfg.name ? std::map<std::string, node_info_actor>{}
                                           : forward_targets(self, req);
    if (targets.empty())
      return make_error(errc::not_found, "no actor " + req.actor() + " on node " + st.cfg.name);
    auto promise = self->make_response_promise<node::InspectResponse>();
    first_answer(self, targets, req, peer_timeout, promise,
                 make_error(errc::not_found, "no node knows actor " + req.actor()));
    return promise;
  }
  auto probe = found.front();
  node::InspectResponse out;
  *out.mutable_stats() = st.inspector->stats_of(*probe, now_ns(self));
  auto target = actor_of(*probe);
  if (!target) {
    out.mutable_summary()->set_type(probe->component());
    return out;
  }
  auto promise = self->make_response_promise<node::InspectResponse>();
  self->request(target, peer_timeout, inspect::summary_atom::value)
    .then(
      [promise, out](node::ComponentSummary& summary) mutable {
        *out.mutable_summary() = std::move(summary);
        promise.deliver(std::move(out));
      },
      [promise, out](const caf::error& err) mutable {
        out.mutable_summary()->set_type("unavailable: " + describe(err));
        promise.deliver(std::move(out));
      });
  return promise;
}

caf::result<node::TraceResponse> on_trace(node_ptr self, node::TraceRequest req) {
  auto ms = std::min(req.duration_ms() ? req.duration_ms() : default_trace_ms, max_trace_ms);
  auto timeout = std::chrono::milliseconds{ms} + peer_timeout;
  if (actor_ref::parse(req.target()).node == self->state.cfg.name)
    req.set_local_only(true);
  auto merge = add_trace(trace_count(req));
  auto g = ask_peers<node::TraceRequest, node::TraceResponse>(self, req, 1, timeout, merge);
  start_trace(self, req, [g, merge](node::TraceResponse r) { g->add(r, merge); });
  return g->promise;
}

void on_trace_check(node_ptr self, uint64_t id) {
  auto& st = self->state;
  auto i = st.traces.find(id);
  if (i == st.traces.end())
    return;
  if (i->second.session->full() || self->clock().now() >= i->second.deadline)
    return finish_trace(self, id);
  self->delayed_send(self, trace_poll, trace_atom::value, id);
}

} // namespace convoy
