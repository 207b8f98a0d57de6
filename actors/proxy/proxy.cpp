#include "actors/proxy/proxy.hpp"

#include "caf/actor_system.hpp"

#include "actors/client/informer_routing.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "actors/proxy/proxy_state.hpp"
#include "net/proxy/tcp_forwarder.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::proxy {

namespace {

/// Runs a sync now or when the min sync period since the last one ends;
/// never more than one tick in flight, so bursts coalesce.
void schedule_sync(proxy_ptr self) {
  auto& st = self->state;
  st.dirty = true;
  if (st.tick_pending || !st.services->synced() || !st.endpoints->synced())
    return;
  st.tick_pending = true;
  auto now = self->clock().now();
  auto due = st.last_sync + st.cfg.min_sync_period;
  if (!st.ever_synced || now >= due)
    self->send(self, tick_atom::value);
  else
    self->delayed_send(self, due - now, tick_atom::value);
}

template <class T>
client::informer_handlers<T> mark_dirty(proxy_ptr self) {
  using ptr = std::shared_ptr<const T>;
  client::informer_handlers<T> h;
  h.added = [self](const ptr&) { schedule_sync(self); };
  h.updated = [self](const ptr&, const ptr&) { schedule_sync(self); };
  h.deleted = [self](const ptr&) { schedule_sync(self); };
  h.synced = [self] { schedule_sync(self); };
  return h;
}

void log_errors(proxy_state& st, std::vector<std::string> errors) {
  std::set<std::string> fresh(errors.begin(), errors.end());
  for (const auto& e : fresh)
    if (st.errors.count(e) == 0)
      st.log->warn("proxy skips: {}", e);
  st.errors = std::move(fresh);
}

/// Computes the rules from the caches and hands them to the data plane
/// when they differ from what it has.
void sync(proxy_ptr self) {
  auto& st = self->state;
  st.tick_pending = false;
  if (!st.dirty)
    return;
  st.dirty = false;
  st.last_sync = self->clock().now();
  ++st.syncs;
  rule_options opts{st.cfg.node_ip, st.cfg.nodeport_on_localhost};
  std::vector<std::string> errors;
  auto rules = compute_rules(st.services->objects(), st.endpoints->objects(), opts, &errors);
  log_errors(st, std::move(errors));
  auto changes = diff(st.applied, rules);
  if (st.ever_synced && changes.empty())
    return;
  st.log->debug("proxy sync: {} rules (+{} -{} ~{})", rules.size(), changes.open.size(),
                changes.close.size(), changes.update.size());
  if (!st.ever_synced)
    st.log->info("proxy synced: {} services, {} rules", st.services->objects().size(),
                 rules.size());
  st.ever_synced = true;
  st.applied = rules;
  ++st.applies;
  st.cfg.plane->apply(std::move(rules));
}

ProxyStatus status(proxy_state& st) {
  ProxyStatus out;
  out.set_node_name(st.cfg.node_name);
  out.set_synced(st.services->synced() && st.endpoints->synced() && st.ever_synced);
  out.set_services(static_cast<int64_t>(st.services->objects().size()));
  out.set_endpoints(static_cast<int64_t>(st.endpoints->objects().size()));
  out.set_rules(static_cast<int64_t>(st.applied.size()));
  out.set_syncs(st.syncs);
  out.set_applies(st.applies);
  auto ps = st.cfg.plane->stats();
  out.set_open_connections(static_cast<int64_t>(ps.open_connections));
  out.set_total_accepted(static_cast<int64_t>(ps.total_accepted));
  out.set_bytes_in(static_cast<int64_t>(ps.bytes_in));
  out.set_bytes_out(static_cast<int64_t>(ps.bytes_out));
  out.set_backend_failures(static_cast<int64_t>(ps.backend_failures));
  out.set_rejected(static_cast<int64_t>(ps.rejected));
  for (const auto& l : ps.listeners) {
    auto* pl = out.add_listeners();
    pl->set_address(l.address);
    pl->set_service(l.service_key);
    pl->set_backends(static_cast<int64_t>(l.backends));
    pl->set_bound(l.bound);
    pl->set_error(l.error);
    pl->set_accepted(static_cast<int64_t>(l.accepted));
    pl->set_open_connections(static_cast<int64_t>(l.open_connections));
  }
  for (const auto& e : st.errors)
    out.add_errors(e);
  return out;
}

proxy_self_actor::behavior_type behavior(proxy_ptr self, proxy_config cfg) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, proxy_state::name);
  if (!cfg.plane) {
    auto fwd = std::make_shared<net::proxy::tcp_forwarder>(cfg.node_name);
    fwd->start();
    cfg.plane = std::move(fwd);
  }
  st.services = std::make_unique<client::informer<api::Service, api::ServiceList, proxy_self>>(
    self, cfg.api, cfg.token, "services", 1, mark_dirty<api::Service>(self), cfg.seed);
  st.endpoints
    = std::make_unique<client::informer<api::Endpoints, api::EndpointsList, proxy_self>>(
      self, cfg.api, cfg.token, "endpoints", 2, mark_dirty<api::Endpoints>(self), cfg.seed + 1);
  st.cfg = std::move(cfg);
  client::start_all(st.services, st.endpoints);
  inspect::expose_summary(self, [self] { return status(self->state); });
  return {
    [self](const apiserver::WatchEvent& ev) {
      auto& st = self->state;
      client::route_event(ev, st.services, st.endpoints);
    },
    [self](const ProxyStatusRequest&) { return status(self->state); },
    [self](reload_atom, int64_t id) {
      auto& st = self->state;
      client::route_relist(id, st.services, st.endpoints);
    },
    [self](tick_atom) { sync(self); },
  };
}

} // namespace

std::string validate(const proxy_config& cfg) {
  if (cfg.node_name.empty())
    return "proxy_config.node_name is empty";
  if (cfg.node_ip.empty())
    return "proxy_config.node_ip is empty";
  if (cfg.min_sync_period.count() < 0)
    return "proxy_config.min_sync_period is negative";
  return "";
}

proxy_actor spawn_proxy(caf::actor_system& sys, proxy_config cfg) {
  return caf::actor_cast<proxy_actor>(
    inspect::spawn_inspected(sys, {"proxy/" + cfg.node_name, "proxy"}, behavior, std::move(cfg)));
}

} // namespace convoy::proxy
