// Host-gw routes, like flannel's host-gw backend: with a bridge pod network
// each node's pods live on its own bridge, so this host needs a route to
// every other node's spec.podCIDR via that node's InternalIP. The kubelet
// watches all Nodes and, after any change (coalesced to one pass a second)
// and periodically, applies desired_routes() (runtime/network/host_gw).
// Loopback pods and simulated nodes need no routes: nothing starts here.
// The same informer shows the kubelet its own Node as stored: when the node
// controller marked it NotReady/Unknown while this host was cut off, the
// kubelet's next status round writes its own (Ready) status again.

#include <algorithm>

#include "actors/kubelet/shell/kubelet_state.hpp"
#include "runtime/network/host_gw.hpp"

namespace convoy::kubelet {

namespace {

/// The Node informer's watch id (pod_sync.cpp's informers use 1..4).
constexpr int64_t nodes_watch_id = 5;
/// Route passes after a Node change are at least this far apart.
constexpr int64_t coalesce_ms = 1000;
/// The periodic pass: retries failures, repairs routes someone removed.
constexpr auto periodic_pass = std::chrono::seconds{30};

/// Schedules one route pass (at most one pending; at most one a second).
void routes_soon(kubelet_ptr self) {
  auto& st = self->state;
  if (st.routes_scheduled)
    return;
  st.routes_scheduled = true;
  auto since = now_ms(self) - st.routes_applied_ms;
  auto wait = std::max<int64_t>(0, coalesce_ms - since);
  self->delayed_send(self, std::chrono::milliseconds{wait}, tick_atom::value, false);
}

/// What of a Node decides its route: spec.podCIDR and the addresses.
std::string route_inputs(const api::Node& node) {
  std::string out = node.spec().pod_cidr();
  for (const auto& a : node.status().addresses())
    out += " " + a.type() + "=" + a.address();
  return out;
}

void apply_routes(kubelet_ptr self) {
  auto& st = self->state;
  if (!st.all_nodes->synced())
    return; // a partial Node list would remove routes that are still wanted
  std::vector<api::Node> nodes;
  nodes.reserve(st.all_nodes->objects().size());
  for (const auto& [key, node] : st.all_nodes->objects())
    nodes.push_back(*node);
  std::vector<std::string> invalid;
  auto desired = network::desired_routes(nodes, st.cfg.node_name, &invalid);
  for (const auto& why : invalid)
    st.log->warn("host-gw: skipping {}", why);
  st.routes_applied_ms = now_ms(self);
  if (auto err = st.routes->apply(desired); !err.empty())
    st.log->warn("node {}: applying host-gw routes failed (retried on the next change or "
                 "within {} s): {}",
                 st.cfg.node_name, periodic_pass.count(), err);
}

} // namespace

void start_routes(kubelet_ptr self) {
  auto& st = self->state;
  if (!st.cfg.network || st.cfg.network->name() != "bridge")
    return;
  st.routes = std::make_unique<network::host_gw_routes>(
    st.cfg.host_name.empty() ? st.cfg.node_name : st.cfg.host_name);
  client::informer_handlers<api::Node> h;
  h.added = [self](const auto&) { routes_soon(self); };
  // Status writes (conditions) are frequent; only podCIDR and addresses
  // change a route.
  h.updated = [self](const auto& old_node, const auto& node) {
    if (route_inputs(*old_node) != route_inputs(*node))
      routes_soon(self);
  };
  h.deleted = [self](const auto&) { routes_soon(self); };
  h.synced = [self] { routes_soon(self); };
  st.all_nodes = std::make_unique<informer_of<api::Node, api::NodeList>>(
    self, st.cfg.api, st.cfg.token, "nodes", nodes_watch_id, std::move(h), st.cfg.seed + 4);
  st.all_nodes->start();
  self->delayed_send(self, periodic_pass, tick_atom::value, true);
}

void on_routes_tick(kubelet_ptr self, bool periodic) {
  auto& st = self->state;
  if (!st.all_nodes)
    return;
  if (periodic)
    self->delayed_send(self, periodic_pass, tick_atom::value, true);
  else
    st.routes_scheduled = false;
  apply_routes(self);
}

bool route_node_event(kubelet_ptr self, const apiserver::WatchEvent& ev) {
  auto& nodes = self->state.all_nodes;
  if (!nodes || ev.watch_id() != nodes->id())
    return false;
  nodes->on_event(ev);
  return true;
}

bool route_node_relist(kubelet_ptr self, int64_t id) {
  auto& nodes = self->state.all_nodes;
  if (!nodes || id != nodes->id())
    return false;
  nodes->relist();
  return true;
}

} // namespace convoy::kubelet
