// The Node side of the kubelet: registration, the node lease (the
// heartbeat the node lifecycle controller watches), node status (capacity,
// conditions) written when it changes, and the kubelet's registration with
// the apiserver for pods/log.

#include "actors/kubelet/core/container_attempts.hpp"
#include "actors/kubelet/node/node_status.hpp"
#include "actors/kubelet/shell/kubelet_state.hpp"
#include "api/coordination.pb.h"

namespace convoy::kubelet {

namespace {

/// Without a change, the node status is still written this often (the
/// kubelet's nodeStatusReportFrequency).
constexpr int64_t node_report_ms = 5 * 60 * 1000;

host_facts facts(kubelet_ptr self) {
  const auto& cfg = self->state.cfg;
  return cfg.read_host ? cfg.read_host() : read_host_facts(cfg.root_dir);
}

/// Adopts what the stored Node says that the kubelet does not decide
/// (spec.podCIDR from the IPAM controller) and keeps it for status writes.
void remember_node(kubelet_ptr self, const api::Node& stored) {
  auto& st = self->state;
  auto status = st.node.status();
  st.node = stored;
  *st.node.mutable_status()->mutable_conditions() = status.conditions();
  *st.node.mutable_status()->mutable_capacity() = status.capacity();
  *st.node.mutable_status()->mutable_allocatable() = status.allocatable();
  *st.node.mutable_status()->mutable_addresses() = status.addresses();
  *st.node.mutable_status()->mutable_node_info() = status.node_info();
  if (!stored.spec().pod_cidr().empty())
    set_pod_cidr(self, stored.spec().pod_cidr());
}

void write_node_status(kubelet_ptr self) {
  auto& st = self->state;
  auto node = st.node;
  node.mutable_metadata()->clear_resource_version();
  st.calls->update(
    "nodes", "", st.cfg.node_name, node,
    [self](const apiserver::ApiResponse& resp) {
      api::Node written;
      if (api_failed(resp) || !resp.object().UnpackTo(&written)) {
        self->state.log->warn("node status update failed: {}", resp.status().message());
        return;
      }
      self->state.node_written_ms = now_ms(self);
      remember_node(self, written);
    },
    "status");
}

/// Tells the apiserver where this kubelet is (pods/log); repeated with
/// every node status round, so a restarted apiserver learns it again.
void announce(kubelet_ptr self) {
  auto& st = self->state;
  apiserver::KubeletRegistration reg;
  reg.mutable_meta()->set_token(st.cfg.token);
  reg.set_node_name(st.cfg.node_name);
  self->request(st.cfg.api, std::chrono::seconds{10}, std::move(reg), caf::actor_cast<caf::actor>(self))
    .then(
      [self](const apiserver::ApiResponse& resp) {
        if (api_failed(resp))
          self->state.log->warn("apiserver refused the kubelet's registration: {}",
                                resp.status().message());
      },
      [](const caf::error&) {});
}

void register_node(kubelet_ptr self) {
  auto& st = self->state;
  st.calls->create("nodes", "", st.node, [self](const apiserver::ApiResponse& resp) {
    auto& s = self->state;
    api::Node stored;
    if (!api_failed(resp) && resp.object().UnpackTo(&stored)) {
      s.registered = true;
      s.node_written_ms = now_ms(self);
      s.log->info("registered node {}", s.cfg.node_name);
      return remember_node(self, stored);
    }
    if (resp.status().reason() != "AlreadyExists") {
      s.log->warn("cannot register node {}: {}", s.cfg.node_name, resp.status().message());
      return;
    }
    // Restarted (or re-registered): take the stored Node, report our status.
    s.calls->get("nodes", "", s.cfg.node_name, [self](const apiserver::ApiResponse& got) {
      api::Node current;
      if (api_failed(got) || !got.object().UnpackTo(&current))
        return;
      self->state.registered = true;
      remember_node(self, current);
      write_node_status(self);
    });
  });
}

api::Lease make_lease(kubelet_ptr self) {
  auto& st = self->state;
  api::Lease lease;
  lease.mutable_metadata()->set_name(st.cfg.node_name);
  lease.mutable_metadata()->set_namespace_("kube-node-lease");
  lease.mutable_metadata()->set_resource_version(st.lease_version);
  lease.mutable_spec()->set_holder_identity(st.cfg.node_name);
  lease.mutable_spec()->set_lease_duration_seconds(st.cfg.lease_duration_seconds);
  set_timestamp(*lease.mutable_spec()->mutable_renew_time(), now_ms(self));
  return lease;
}

} // namespace

void start_node_sync(kubelet_ptr self) {
  auto& st = self->state;
  st.node = make_node(st.cfg, facts(self), now_ms(self), st.cfg.runtime->name());
  register_node(self);
  announce(self);
  renew_lease(self);
  self->delayed_send(self, st.cfg.node_status_update_frequency, node_status_atom::value);
}

/// Renews the Lease by compare-and-swap on the resourceVersion last
/// written; creates it at first, re-reads it after a conflict (a restart).
void renew_lease(kubelet_ptr self) {
  auto& st = self->state;
  self->delayed_send(self, st.cfg.lease_renew_interval, renew_atom::value);
  auto lease = make_lease(self);
  auto remember = [self](const apiserver::ApiResponse& resp) {
    api::Lease written;
    if (!api_failed(resp) && resp.object().UnpackTo(&written)) {
      self->state.lease_version = written.metadata().resource_version();
      self->state.last_renewal_ms = now_ms(self);
    }
  };
  auto create = [self, lease, remember] {
    auto fresh = lease;
    fresh.mutable_metadata()->clear_resource_version();
    self->state.calls->create("leases", "kube-node-lease", fresh, remember);
  };
  if (st.lease_version.empty()) {
    st.calls->get("leases", "kube-node-lease", st.cfg.node_name,
                  [self, lease, remember, create](const apiserver::ApiResponse& resp) {
                    if (api_failed(resp))
                      return resp.status().reason() == "NotFound" ? create() : void();
                    remember(resp);
                    auto next = lease;
                    next.mutable_metadata()->set_resource_version(self->state.lease_version);
                    self->state.calls->update("leases", "kube-node-lease",
                                              self->state.cfg.node_name, next, remember);
                  });
    return;
  }
  st.calls->update("leases", "kube-node-lease", st.cfg.node_name, lease,
                   [self, remember, create](const apiserver::ApiResponse& resp) {
                     if (!api_failed(resp))
                       return remember(resp);
                     if (resp.status().reason() == "NotFound")
                       return create();
                     self->state.lease_version.clear(); // re-read next round
                   });
}

namespace {

/// The Ready condition's status ("" if none).
std::string ready_of(const api::Node& node) {
  for (const auto& c : node.status().conditions())
    if (c.type() == "Ready")
      return c.status();
  return {};
}

/// Like Kubernetes' tryUpdateNodeStatus, compares with the stored Node
/// every round: while this kubelet was cut off, the node controller may
/// have written Ready=Unknown, and only a write of our status repairs it
/// (otherwise the node would look NotReady until the next 5-minute report).
void write_if_stored_differs(kubelet_ptr self) {
  auto& st = self->state;
  st.calls->get("nodes", "", st.cfg.node_name, [self](const apiserver::ApiResponse& resp) {
    auto& s = self->state;
    api::Node stored;
    if (api_failed(resp) || !resp.object().UnpackTo(&stored))
      return;
    if (ready_of(stored) == ready_of(s.node))
      return;
    s.log->info("node {}: stored Ready={}, reporting Ready={} again", s.cfg.node_name,
                ready_of(stored), ready_of(s.node));
    write_node_status(self);
  });
}

} // namespace

void update_node_status(kubelet_ptr self) {
  auto& st = self->state;
  self->delayed_send(self, st.cfg.node_status_update_frequency, node_status_atom::value);
  announce(self);
  if (!st.registered)
    return register_node(self);
  auto now = now_ms(self);
  bool changed = update_conditions(*st.node.mutable_status(), facts(self), now);
  if (changed || now - st.node_written_ms >= node_report_ms || st.ips == nullptr)
    write_node_status(self);
  else
    write_if_stored_differs(self);
}

} // namespace convoy::kubelet
