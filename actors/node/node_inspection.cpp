// The inspector half of the node actor: lists and inspects the node's actors
// (node_trace.cpp traces them), and fans each request out to every node it
// knows (the peers it joined and those that joined it), so one console sees
// the cluster.

#include <algorithm>

#include "actors/inspect/shell/inspected_actor.hpp"
#include "actors/node/fan_out.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"

namespace convoy {

namespace {

constexpr auto sample_interval = std::chrono::seconds{1};

node_inspector::clock_ns now_ns(node_ptr self) {
  return std::chrono::duration_cast<node_inspector::clock_ns>(
    self->clock().now().time_since_epoch());
}

void add_actors(node::ActorsResponse& into, node::ActorsResponse& from) {
  for (auto& a : *from.mutable_actors())
    *into.add_actors() = std::move(a);
  for (auto& n : *from.mutable_nodes())
    into.add_nodes(std::move(n));
  for (auto& u : *from.mutable_unreachable())
    into.add_unreachable(std::move(u));
}

bool for_this_node(node_ptr self, const std::string& node) {
  return node.empty() || node == self->state.cfg.name;
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
                                                                inspect_peer_timeout, add_actors);
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
    first_answer(self, targets, req, inspect_peer_timeout, promise,
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
  // High priority: the question need not wait behind a busy actor's queue,
  // and inspected_actor looks for it among urgent messages only. A
  // caf::duration, as CAF 0.17.6's std::chrono overload of request() drops
  // the priority.
  auto timeout = caf::duration{inspect_peer_timeout};
  self->request<caf::message_priority::high>(target, timeout, inspect::summary_atom::value)
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

} // namespace convoy
