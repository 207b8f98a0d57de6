#pragma once

// A test double for the kubelet (the real one is issue 7's): registers its
// Node as Ready, renews its Lease in kube-node-lease, reports every pod bound
// to it as Running and Ready with a pod IP, and completes graceful deletions
// at once. Killing the actor is a kubelet crash: the lease stops moving and
// the pods stay bound.

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "caf/all.hpp"

#include "actors/client/api_calls.hpp"
#include "actors/client/informer.hpp"
#include "actors/common/wall_clock.hpp"
#include "api/coordination.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"

namespace convoy::test {

struct fake_kubelet_config {
  apiserver_actor api;
  std::string token;
  std::string node;
  /// Pod IPs are PREFIX + n.
  std::string pod_ip_prefix = "10.244.0.";
  std::map<std::string, std::string> labels;
  std::string cpu = "4";
  std::string memory = "8Gi";
  std::chrono::milliseconds renew_interval{10000};
};

struct fake_kubelet_state {
  fake_kubelet_config cfg;
  std::unique_ptr<wall_clock> clock;
  std::unique_ptr<client::informer<api::Pod, api::PodList, caf::event_based_actor>> pods;
  std::unique_ptr<client::api_calls<caf::event_based_actor>> calls;
  int next_ip = 2;
  /// resourceVersion of the Lease as last written ("" = not known yet).
  std::string lease_version;
};

inline google::protobuf::Timestamp fake_now(const fake_kubelet_state& st) {
  google::protobuf::Timestamp ts;
  auto t = st.clock->now().time_since_epoch();
  ts.set_seconds(std::chrono::duration_cast<std::chrono::seconds>(t).count());
  return ts;
}

inline api::Node fake_node(const fake_kubelet_state& st) {
  api::Node n;
  n.mutable_metadata()->set_name(st.cfg.node);
  auto& labels = *n.mutable_metadata()->mutable_labels();
  labels["kubernetes.io/hostname"] = st.cfg.node;
  for (const auto& [k, v] : st.cfg.labels)
    labels[k] = v;
  auto& alloc = *n.mutable_status()->mutable_allocatable();
  alloc["cpu"] = st.cfg.cpu;
  alloc["memory"] = st.cfg.memory;
  alloc["pods"] = "110";
  *n.mutable_status()->mutable_capacity() = alloc;
  auto* ready = n.mutable_status()->add_conditions();
  ready->set_type("Ready");
  ready->set_status("True");
  ready->set_reason("KubeletReady");
  *ready->mutable_last_heartbeat_time() = fake_now(st);
  *ready->mutable_last_transition_time() = fake_now(st);
  return n;
}

/// Registers the node, or (restarted) reports it Ready again.
inline void fake_register(caf::event_based_actor* self, std::shared_ptr<fake_kubelet_state> st) {
  st->calls->create("nodes", "", fake_node(*st), [self, st](const apiserver::ApiResponse& resp) {
    if (!api_failed(resp))
      return;
    st->calls->get("nodes", "", st->cfg.node, [st](const apiserver::ApiResponse& got) {
      api::Node current;
      if (api_failed(got) || !got.object().UnpackTo(&current))
        return;
      *current.mutable_status()->mutable_conditions() = fake_node(*st).status().conditions();
      st->calls->update("nodes", "", st->cfg.node, current, [](const auto&) {}, "status");
    });
  });
}

/// Renews the node's Lease: an update carrying the resourceVersion of the
/// last write (the apiserver requires one for leases), created at first.
inline void fake_renew(caf::event_based_actor* self, std::shared_ptr<fake_kubelet_state> st) {
  api::Lease lease;
  lease.mutable_metadata()->set_name(st->cfg.node);
  lease.mutable_metadata()->set_namespace_("kube-node-lease");
  lease.mutable_metadata()->set_resource_version(st->lease_version);
  lease.mutable_spec()->set_holder_identity(st->cfg.node);
  lease.mutable_spec()->set_lease_duration_seconds(40);
  *lease.mutable_spec()->mutable_renew_time() = fake_now(*st);
  auto remember = [st](const apiserver::ApiResponse& resp) {
    api::Lease written;
    if (!api_failed(resp) && resp.object().UnpackTo(&written))
      st->lease_version = written.metadata().resource_version();
  };
  auto on_update = [st, lease, remember](const apiserver::ApiResponse& resp) {
    if (!api_failed(resp))
      return remember(resp);
    if (resp.status().reason() == "NotFound") {
      auto fresh = lease;
      fresh.mutable_metadata()->clear_resource_version();
      return st->calls->create("leases", "kube-node-lease", fresh, remember);
    }
    // Stale version (a restart): read the current one for the next renewal.
    st->calls->get("leases", "kube-node-lease", st->cfg.node, remember);
  };
  if (st->lease_version.empty())
    st->calls->get("leases", "kube-node-lease", st->cfg.node,
                   [st, lease, remember, on_update](const apiserver::ApiResponse& resp) {
                     remember(resp);
                     auto next = lease;
                     next.mutable_metadata()->set_resource_version(st->lease_version);
                     if (st->lease_version.empty())
                       return st->calls->create("leases", "kube-node-lease", next, remember);
                     st->calls->update("leases", "kube-node-lease", st->cfg.node, next, on_update);
                   });
  else
    st->calls->update("leases", "kube-node-lease", st->cfg.node, lease, on_update);
  self->delayed_send(self, st->cfg.renew_interval, tick_atom::value);
}

/// Running and Ready, or (being deleted) gone. A pod already Running is
/// reported Ready again only when `starting` (the kubelet's first look at
/// it, e.g. after a restart); later readiness changes made by others (the
/// node controller, a test) stand.
inline void fake_sync_pod(std::shared_ptr<fake_kubelet_state> st, const api::Pod& pod,
                          bool starting) {
  const auto& meta = pod.metadata();
  if (meta.has_deletion_timestamp()) {
    api::DeleteOptions now;
    now.set_grace_period_seconds(0);
    st->calls->remove("pods", meta.namespace_(), meta.name(), now, [](const auto&) {});
    return;
  }
  bool ready = false;
  for (const auto& c : pod.status().conditions())
    ready = ready || (c.type() == "Ready" && c.status() == "True");
  if (pod.status().phase() == "Running" && (ready || !starting))
    return;
  bool restarted = pod.status().phase() == "Running";
  api::Pod running = pod;
  auto* status = running.mutable_status();
  status->set_phase("Running");
  if (!restarted)
    status->set_pod_ip(st->cfg.pod_ip_prefix + std::to_string(st->next_ip++));
  status->set_host_ip("127.0.0.1");
  *status->mutable_start_time() = fake_now(*st);
  status->clear_conditions();
  for (const char* type : {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
    auto* c = status->add_conditions();
    c->set_type(type);
    c->set_status("True");
    *c->mutable_last_transition_time() = fake_now(*st);
  }
  status->clear_container_statuses();
  for (const auto& container : pod.spec().containers()) {
    auto* cs = status->add_container_statuses();
    cs->set_name(container.name());
    cs->set_image(container.image());
    cs->set_ready(true);
    *cs->mutable_state()->mutable_running()->mutable_started_at() = fake_now(*st);
  }
  running.mutable_metadata()->clear_resource_version();
  st->calls->update("pods", meta.namespace_(), meta.name(), running, [](const auto&) {},
                    "status");
}

inline caf::behavior fake_kubelet(caf::event_based_actor* self, fake_kubelet_config cfg) {
  auto st = std::make_shared<fake_kubelet_state>();
  st->cfg = std::move(cfg);
  st->clock = std::make_unique<wall_clock>(self->system());
  st->calls = std::make_unique<client::api_calls<caf::event_based_actor>>(
    self, st->cfg.api, st->cfg.token, "fake-kubelet/" + st->cfg.node);
  client::informer_handlers<api::Pod> h;
  h.added = [st](const auto& pod) { fake_sync_pod(st, *pod, true); };
  h.updated = [st](const auto&, const auto& pod) { fake_sync_pod(st, *pod, false); };
  st->pods = std::make_unique<client::informer<api::Pod, api::PodList, caf::event_based_actor>>(
    self, st->cfg.api, st->cfg.token, "pods", 1, std::move(h));
  st->pods->restrict("", "", "spec.nodeName=" + st->cfg.node);
  fake_register(self, st);
  fake_renew(self, st);
  st->pods->start();
  return {
    [st](const apiserver::WatchEvent& ev) { st->pods->on_event(ev); },
    [self, st](tick_atom) { fake_renew(self, st); },
    [st](reload_atom, int64_t) { st->pods->relist(); },
  };
}

} // namespace convoy::test
