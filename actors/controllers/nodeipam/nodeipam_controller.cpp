#include "actors/controllers/nodeipam/nodeipam_controller.hpp"

#include <algorithm>
#include <tuple>
#include <vector>

#include "caf/actor_system.hpp"

#include "actors/client/informer_routing.hpp"
#include "actors/controllers/nodeipam/nodeipam_sync.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::controllers {

namespace nodeipam {

namespace {

/// Before anything is handed out: every CIDR the listed Nodes use is
/// marked, oldest Node first (on a collision the older Node keeps it).
void mark_existing(nodeipam_ptr self) {
  auto& st = self->state;
  std::vector<const api::Node*> with_cidr;
  for (const auto& [name, node] : st.nodes->objects())
    if (!pod_cidr_of(*node).empty())
      with_cidr.push_back(node.get());
  auto age = [](const api::Node* n) {
    const auto& ts = n->metadata().creation_timestamp();
    return std::make_tuple(ts.seconds(), ts.nanos(), std::cref(n->metadata().name()));
  };
  std::sort(with_cidr.begin(), with_cidr.end(),
            [&](const api::Node* a, const api::Node* b) { return age(a) < age(b); });
  for (const auto* node : with_cidr)
    observe(self, *node, pod_cidr_of(*node));
  st.log->info("nodeipam controller synced: {} nodes, {} of {} CIDRs of {} in use",
               st.nodes->objects().size(), st.cidrs->set().allocated(),
               st.cidrs->set().capacity(), st.cidrs->set().cluster_cidr());
  st.loop->start();
}

client::informer_handlers<api::Node> node_handlers(nodeipam_ptr self) {
  using ptr = std::shared_ptr<const api::Node>;
  client::informer_handlers<api::Node> h;
  h.added = [self](const ptr& node) { self->state.loop->add(node->metadata().name()); };
  h.updated = [self](const ptr& old_node, const ptr& node) {
    // Kubelet heartbeats change the status only: nothing to do for them.
    auto cidr = pod_cidr_of(*node);
    if (cidr.empty() || cidr != pod_cidr_of(*old_node))
      self->state.loop->add(node->metadata().name());
  };
  h.deleted = [self](const ptr& node) { self->state.loop->add(node->metadata().name()); };
  h.synced = [self] { mark_existing(self); };
  return h;
}

void init(nodeipam_ptr self, controller_config cfg, nodeipam_options opts) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, nodeipam_state::name);
  std::string error;
  auto set = cidr_set::make(opts.cluster_cidr, opts.node_cidr_mask_size, error);
  if (!set) { // validate() should have caught it: fall back to the defaults
    st.log->error("invalid node IPAM options ({}): using the defaults", error);
    opts = nodeipam_options{};
    set = cidr_set::make(opts.cluster_cidr, opts.node_cidr_mask_size, error);
  }
  st.cidrs.emplace(std::move(*set));
  st.opts = std::move(opts);
  st.calls = std::make_unique<client::api_calls<nodeipam_self>>(
    self, cfg.api, cfg.token, "convoy-controller-manager/nodeipam");
  st.events = std::make_unique<client::event_recorder<nodeipam_self>>(
    self, *st.calls, "cidrAllocator", st.log);
  st.loop = std::make_unique<reconcile_loop<nodeipam_self>>(
    self, nodeipam_state::name, cfg.workers, st.log,
    [self](const std::string& key, auto done) { sync(self, key, std::move(done)); });
  st.nodes = std::make_unique<node_informer>(self, cfg.api, cfg.token, "nodes", 1,
                                             node_handlers(self), cfg.seed);
  st.cfg = std::move(cfg);
}

nodeipam_actor::behavior_type behavior(nodeipam_ptr self, controller_config cfg,
                                       nodeipam_options opts) {
  init(self, std::move(cfg), std::move(opts));
  auto& st = self->state;
  client::start_all(st.nodes);
  return {
    [self](const apiserver::WatchEvent& ev) { client::route_event(ev, self->state.nodes); },
    [self](const ControllerStatusRequest&) { return self->state.loop->status(); },
    [self](reload_atom, int64_t id) { client::route_relist(id, self->state.nodes); },
    [self](requeue_atom, const std::string& key) { self->state.loop->add(key); },
  };
}

} // namespace

} // namespace nodeipam

controller_actor spawn_nodeipam_controller(caf::actor_system& sys, controller_config cfg,
                                           nodeipam::nodeipam_options opts) {
  return caf::actor_cast<controller_actor>(
    inspect::spawn_inspected(sys, {"nodeipam-controller", "controllers"}, nodeipam::behavior,
                             std::move(cfg), std::move(opts)));
}

} // namespace convoy::controllers
