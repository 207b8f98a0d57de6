// The kubelet's view of the runtime, kept current like the PLEG: a relist
// on every period (and soon after starting or stopping containers) marks
// the pods whose containers changed, records exits for the back-off, runs
// the probes that are due, and cleans up containers of pods the apiserver
// no longer has.

#include <array>

#include "actors/kubelet/core/container_attempts.hpp"
#include "actors/kubelet/prober/prober.hpp"
#include "actors/kubelet/shell/kubelet_state.hpp"

namespace convoy::kubelet {

namespace {

using containers::container_status;

/// How long a container of a vanished pod gets between SIGTERM and SIGKILL.
constexpr int64_t orphan_grace_ms = 10000;

/// A fingerprint of a pod's containers: what a relist compares.
std::string fingerprint(const std::vector<container_status>& list) {
  std::string out;
  for (const auto& c : list) {
    out += c.id;
    out += static_cast<char>('0' + static_cast<int>(c.state));
  }
  return out;
}

/// Containers of pods the apiserver no longer has: SIGTERM, SIGKILL after
/// a grace, then removed (a pod deleted while the kubelet was down).
void clean_orphans(kubelet_ptr self, const std::string& uid,
                   const std::vector<container_status>& list, containers::wall_ms now) {
  auto& st = self->state;
  bool live = false;
  for (const auto& c : list) {
    auto known = st.orphans.find(c.id);
    if (is_live(c)) {
      if (known == st.orphans.end()) {
        st.log->info("stopping container {} of deleted pod {}/{}", c.container_name,
                     c.pod_namespace, c.pod_name);
        st.cfg.runtime->stop(c.id, false);
        st.orphans.emplace(c.id, now + orphan_grace_ms);
      } else if (now >= known->second) {
        st.cfg.runtime->stop(c.id, true);
      }
      live = true;
      continue;
    }
    st.cfg.runtime->remove(c.id);
    if (known != st.orphans.end())
      st.orphans.erase(known);
  }
  if (!live)
    release_pod_network(self, uid);
  if (st.ips)
    st.ips->release(uid);
  st.probes.forget_pod(uid);
  st.backoff.forget_pod(uid);
}

void run_probes(kubelet_ptr self, const api::Pod& pod, containers::wall_ms now) {
  auto& st = self->state;
  const auto& uid = pod.metadata().uid();
  auto groups = group_attempts(observed_of(self, uid));
  std::vector<due_probe> due;
  for (const auto& c : pod.spec().containers())
    if (const auto* latest = latest_attempt(find_attempts(groups, c.name())))
      st.probes.due(uid, c, *latest, now, due);
  auto me = caf::actor_cast<caf::actor>(self);
  for (auto& p : due) {
    auto kind = static_cast<int>(p.kind);
    auto report = [me, p, kind](probe_outcome out) {
      caf::anon_send(me, probe_atom::value, p.pod_uid, p.container, p.container_id, kind,
                     out.success, out.output);
    };
    if (!p.error.empty() || p.action == probe_action::grpc) {
      report({false, p.error.empty() ? "gRPC probes are not supported" : p.error});
      continue;
    }
    probe_request req;
    req.type = p.action == probe_action::exec  ? probe_request::kind::exec
               : p.action == probe_action::tcp ? probe_request::kind::tcp
                                                : probe_request::kind::http;
    req.argv = p.command;
    if (req.type == probe_request::kind::exec) {
      // As if inside the container: its environment, its network.
      req.env = container_environment(self, pod, p.container);
      if (auto ns = st.pod_netns.find(p.pod_uid); ns != st.pod_netns.end())
        req.netns_path = ns->second;
    }
    req.host = p.host.empty() ? pod.status().pod_ip() : p.host;
    req.port = p.port;
    req.path = p.path;
    req.scheme = p.scheme == "https" ? "HTTPS" : "HTTP";
    req.headers = p.headers;
    req.timeout = std::chrono::milliseconds{p.timeout_ms};
    st.cfg.probes->run(std::move(req), report);
  }
}

} // namespace

void relist(kubelet_ptr self) {
  auto& st = self->state;
  auto now = now_ms(self);
  std::unordered_map<std::string, std::vector<container_status>> fresh;
  for (auto& c : st.cfg.runtime->list()) {
    if (is_exited(c))
      st.backoff.record_exit(backoff_key(c.pod_uid, c.container_name), c.finished_at,
                             c.started_at);
    fresh[c.pod_uid].push_back(std::move(c));
  }
  if (!st.relisted)
    restore_pod_ips(self, fresh);
  evict_unused_objects(self);
  std::unordered_map<std::string, std::string> prints;
  for (const auto& [uid, list] : fresh)
    prints[uid] = fingerprint(list);
  for (const auto& [uid, print] : prints) {
    auto old = st.fingerprints.find(uid);
    if (old == st.fingerprints.end() || old->second != print)
      if (auto k = st.key_by_uid.find(uid); k != st.key_by_uid.end())
        mark_dirty(self, k->second);
  }
  for (const auto& [uid, print] : st.fingerprints)
    if (!prints.count(uid))
      if (auto k = st.key_by_uid.find(uid); k != st.key_by_uid.end())
        mark_dirty(self, k->second);
  st.fingerprints = std::move(prints);
  st.observed = std::move(fresh);
  bool first = !st.relisted;
  st.relisted = true;
  if (first)
    for (const auto& [key, pod] : st.pods->objects())
      mark_dirty(self, key);
  if (!st.pods->synced())
    return;
  for (const auto& [uid, list] : st.observed)
    if (!st.key_by_uid.count(uid))
      clean_orphans(self, uid, list, now);
  collect_pod_networks(self, now);
  for (const auto& [key, pod] : st.pods->objects())
    if (!pod->metadata().has_deletion_timestamp())
      run_probes(self, *pod, now);
  st.backoff.gc(now);
}

void on_probe_result(kubelet_ptr self, const std::string& pod_uid, const std::string& container,
                     const std::string& container_id, int kind, bool success,
                     const std::string& output) {
  auto& st = self->state;
  auto key = st.key_by_uid.find(pod_uid);
  if (!success) {
    st.log->debug("{} probe of container {} (pod {}) failed: {}",
                  to_string(static_cast<probe_kind>(kind)), container, pod_uid, output);
    if (key != st.key_by_uid.end())
      if (auto pod = st.pods->objects().find(key->second); pod != st.pods->objects().end()) {
        std::string what = to_string(static_cast<probe_kind>(kind));
        what[0] = static_cast<char>(std::toupper(what[0]));
        record_event(self, *pod->second, "Warning", "Unhealthy", what + " probe failed: " + output);
      }
  }
  auto verdicts = [&] {
    return std::array<bool, 4>{st.probes.ready(pod_uid, container),
                               st.probes.started(pod_uid, container),
                               st.probes.liveness_failed(pod_uid, container, container_id),
                               st.probes.startup_failed(pod_uid, container, container_id)};
  };
  auto before = verdicts();
  st.probes.record(pod_uid, container, static_cast<probe_kind>(kind), success, now_ms(self),
                   container_id);
  if (key != st.key_by_uid.end() && verdicts() != before)
    mark_dirty(self, key->second);
}
} // namespace convoy::kubelet
