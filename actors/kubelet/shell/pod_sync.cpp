// The pod side of the kubelet, level-triggered: a pod is marked dirty when
// the apiserver changes it, when the runtime's relist shows one of its
// containers changed, when a probe reports, or when a back-off ends; a
// flush syncs every dirty pod by comparing spec with the runtime's record
// (compute_pod_actions), acting, and writing the status if it changed.

#include "actors/client/informer_routing.hpp"
#include "actors/kubelet/core/container_attempts.hpp"
#include "actors/kubelet/core/container_env.hpp"
#include "actors/kubelet/core/pod_status.hpp"
#include "actors/kubelet/core/pod_sync.hpp"
#include "actors/kubelet/prober/prober.hpp"
#include "actors/kubelet/shell/kubelet_state.hpp"
#include "net/address/ipv4.hpp"

namespace convoy::kubelet {

namespace {

using containers::container_status;

/// Default terminationGracePeriodSeconds.
constexpr int64_t default_grace_s = 30;
/// Pods synced per flush message.
constexpr size_t flush_batch = 8;
/// A relist asked for after starting or stopping containers.
constexpr auto relist_soon_delay = std::chrono::milliseconds{50};

/// After a failed write: sync the pod again in a second.
void retry_later(kubelet_ptr self, const std::string& key) {
  self->delayed_send(self, std::chrono::seconds{1}, requeue_atom::value, key);
}

/// SIGTERM now, SIGKILL after `grace_ms` (at once for 0).
void stop_container(kubelet_ptr self, const std::string& id, int64_t grace_ms) {
  auto& runtime = *self->state.cfg.runtime;
  if (grace_ms <= 0)
    return runtime.stop(id, true);
  runtime.stop(id, false);
  self->delayed_send(self, std::chrono::milliseconds{grace_ms}, kill_atom::value, id);
}

int64_t grace_ms_of(const api::Pod& pod) {
  const auto& meta = pod.metadata();
  if (meta.has_deletion_grace_period_seconds())
    return meta.deletion_grace_period_seconds() * 1000;
  if (pod.spec().has_termination_grace_period_seconds())
    return pod.spec().termination_grace_period_seconds() * 1000;
  return default_grace_s * 1000;
}

/// Stops what still runs; once nothing does, removes the containers, frees
/// the IP and confirms the deletion to the apiserver (grace 0, this uid).
void terminate_pod(kubelet_ptr self, const api::Pod& pod) {
  auto& st = self->state;
  const auto& uid = pod.metadata().uid();
  const auto& observed = observed_of(self, uid);
  bool live = false;
  for (const auto& c : observed)
    live = live || is_live(c);
  if (live) {
    if (st.terminating.insert(uid).second) {
      auto grace = grace_ms_of(pod);
      st.log->info("stopping pod {}/{} (grace {} ms)", pod.metadata().namespace_(),
                   pod.metadata().name(), grace);
      for (const auto& c : observed)
        if (is_live(c)) {
          record_event(self, pod, "Normal", "Killing", "Stopping container " + c.container_name);
          stop_container(self, c.id, grace);
        }
      relist_soon(self);
    }
    return;
  }
  auto key = client::object_key(pod);
  if (!st.deleting.insert(key).second)
    return;
  for (const auto& c : observed)
    st.cfg.runtime->remove(c.id);
  release_pod_network(self, uid);
  if (st.ips)
    st.ips->release(uid);
  st.probes.forget_pod(uid);
  st.backoff.forget_pod(uid);
  st.terminating.erase(uid);
  api::DeleteOptions now;
  now.set_grace_period_seconds(0);
  now.mutable_preconditions()->set_uid(uid);
  st.calls->remove("pods", pod.metadata().namespace_(), pod.metadata().name(), now,
                   [self, key](const apiserver::ApiResponse& resp) {
                     self->state.deleting.erase(key);
                     if (!api_failed(resp) || resp.status().reason() == "NotFound")
                       return;
                     self->state.log->warn("confirming the deletion of {} failed: {}", key,
                                           resp.status().message());
                     retry_later(self, key);
                   });
}

/// The sources of a container's environment: the object cache and the
/// services informer.
env_sources sources_for(kubelet_ptr self, const api::Pod& pod, const std::string& pod_ip) {
  auto& st = self->state;
  env_sources src;
  const auto ns = pod.metadata().namespace_();
  cached_env_sources(self, ns, src);
  const auto& objs = st.services->objects();
  auto add = [&](const std::string& key) {
    if (auto i = objs.find(key); i != objs.end())
      src.services.push_back(i->second.get());
  };
  if (auto i = st.services_by_ns.find(ns); i != st.services_by_ns.end())
    for (const auto& key : i->second)
      add(key);
  if (ns != "default")
    add("default/kubernetes");
  src.node_name = st.cfg.node_name;
  src.pod_ip = pod_ip;
  src.host_ip = st.cfg.node_ip;
  for (const auto& [k, v] : st.node.status().allocatable())
    src.node_allocatable[k] = v;
  return src;
}

const api::Container* find_container(const api::Pod& pod, const std::string& name, bool init) {
  const auto& list = init ? pod.spec().init_containers() : pod.spec().containers();
  for (const auto& c : list)
    if (c.name() == name)
      return &c;
  return nullptr;
}

void start_container(kubelet_ptr self, const api::Pod& pod, const std::string& name, bool init,
                     const std::string& pod_ip, std::map<std::string, waiting_reason>& waiting) {
  auto& st = self->state;
  const auto* c = find_container(pod, name, init);
  if (c == nullptr)
    return;
  // Kubernetes' kubelet: the service variables need the services listed
  // at least once, or a container would start without them for good.
  if (!st.services->synced()) {
    st.config_waiting.insert(client::object_key(pod));
    waiting[name] = {"ContainerCreating", "services have not yet been read at least once"};
    return;
  }
  if (!fetch_pod_objects(self, pod)) {
    st.config_waiting.insert(client::object_key(pod));
    waiting[name] = {"ContainerCreating", "fetching the Secrets and ConfigMaps the pod uses"};
    return;
  }
  auto sources = sources_for(self, pod, pod_ip);
  auto env = make_environment(pod, *c, sources);
  if (!env.ok()) {
    // Tried again once the absent object may be fetched again.
    st.config_waiting.insert(client::object_key(pod));
    self->delayed_send(self, st.objects.missing_ttl(), requeue_atom::value,
                       client::object_key(pod));
    waiting[name] = {env.error->reason, env.error->message};
    record_event(self, pod, "Warning", "Failed", "Error: " + env.error->message);
    return;
  }
  const auto& uid = pod.metadata().uid();
  int attempt = next_attempt(observed_of(self, uid), name);
  auto spec = make_container_spec(pod, *c, env.env, attempt, init, pod_ip);
  if (auto n = st.pod_netns.find(uid); n != st.pod_netns.end())
    spec.netns_path = n->second;
  auto started = st.cfg.runtime->start(spec);
  if (!started.ok()) {
    st.log->warn("cannot start container {} of pod {}/{}: {}: {}", name,
                 pod.metadata().namespace_(), pod.metadata().name(), started.error_reason,
                 started.error_message);
    waiting[name] = {started.error_reason, started.error_message};
    record_event(self, pod, "Warning", "Failed", "Error: " + started.error_message);
    return;
  }
  st.log->info("started container {} of pod {}/{} with the variables of {} services", name,
               pod.metadata().namespace_(), pod.metadata().name(), sources.services.size());
  record_event(self, pod, "Normal", "Started", "Started container " + name);
  ++st.starts;
  st.restarts += attempt > 0;
  st.probes.reset_container(uid, name);
  // Until the next relist, the sync must see what it just started (or it
  // would start it again): record it as running (or created).
  auto created = containers::created_status(spec, started.id, now_ms(self));
  if (started.started_at > 0) {
    created.state = containers::container_state::running;
    created.started_at = started.started_at;
  }
  st.observed[uid].push_back(std::move(created));
}

/// Writes `status` unless the pod (or our last write) already says it. One
/// write per pod at a time: a sync meanwhile waits for the answer and
/// syncs again (two concurrent writes would conflict).
void write_status(kubelet_ptr self, const api::Pod& pod, api::PodStatus status) {
  auto& st = self->state;
  auto key = client::object_key(pod);
  auto last = st.written.find(key);
  if (status_equal_ignoring_time(pod.status(), status)
      || (last != st.written.end() && status_equal_ignoring_time(last->second, status)))
    return;
  if (!st.writing.insert(key).second) {
    st.rewrite.insert(key);
    return;
  }
  api::Pod updated = pod;
  *updated.mutable_status() = status;
  updated.mutable_metadata()->clear_resource_version();
  st.written[key] = std::move(status);
  ++st.status_updates;
  st.calls->update(
    "pods", pod.metadata().namespace_(), pod.metadata().name(), updated,
    [self, key](const apiserver::ApiResponse& resp) {
      auto& s = self->state;
      s.writing.erase(key);
      bool again = s.rewrite.erase(key) > 0;
      if (api_failed(resp)) {
        s.written.erase(key);
        const auto& reason = resp.status().reason();
        if (reason == "NotFound")
          return;
        // A conflict is another writer's newer pod (its event is on the
        // way): sync again. Anything else waits, not to hammer the apiserver.
        if (reason != "Conflict") {
          s.log->warn("status update of pod {} failed: {}", key, resp.status().message());
          return retry_later(self, key);
        }
        again = true;
      }
      if (again)
        mark_dirty(self, key);
    },
    "status");
}

/// Sets up the pod's network before its first container starts (the pod
/// network is idempotent; the map spares repeating its commands). On
/// failure every container to start waits and the pod is synced again.
bool ensure_pod_network(kubelet_ptr self, const api::Pod& pod, const std::string& ip,
                        const std::vector<std::string>& starting,
                        std::map<std::string, waiting_reason>& waiting) {
  auto& st = self->state;
  const auto& uid = pod.metadata().uid();
  if (!st.cfg.network || st.pod_netns.count(uid) != 0)
    return true;
  auto cidr = net::parse_ipv4_cidr(st.ips->cidr()); // valid: the pool parsed it
  auto res = st.cfg.network->setup(uid, pod.metadata().name(), ip, cidr ? cidr->prefix : 32);
  if (res.ok()) {
    st.pod_netns.emplace(uid, res.netns_path);
    return true;
  }
  st.log->warn("network of pod {}: {}", format_pod(pod), res.error);
  record_event(self, pod, "Warning", "FailedCreatePodSandBox", res.error);
  for (const auto& name : starting)
    waiting[name] = {"ContainerCreating", res.error};
  retry_later(self, client::object_key(pod));
  return false;
}

std::optional<std::string> pod_ip_of(kubelet_ptr self, const api::Pod& pod) {
  auto& st = self->state;
  if (!st.ips)
    return std::nullopt;
  const auto& uid = pod.metadata().uid();
  if (!pod.status().pod_ip().empty())
    st.ips->restore(uid, pod.status().pod_ip());
  return st.ips->allocate(uid);
}

void sync_pod(kubelet_ptr self, const api::Pod& pod) {
  auto& st = self->state;
  ++st.syncs;
  st.config_waiting.erase(client::object_key(pod));
  if (pod.metadata().has_deletion_timestamp())
    return terminate_pod(self, pod);
  auto ip = pod_ip_of(self, pod);
  if (!ip)
    return; // no pod CIDR yet, or it is full (logged by the pool's owner)
  const auto& uid = pod.metadata().uid();
  auto now = now_ms(self);
  const auto& observed = observed_of(self, uid);
  auto actions = compute_pod_actions({pod, observed, st.probes, st.backoff, now});
  auto grace = grace_ms_of(pod);
  for (const auto& k : actions.kill) {
    st.log->info("killing container {} of pod {}/{}: {}", k.container_name,
                 pod.metadata().namespace_(), pod.metadata().name(), k.reason);
    record_event(self, pod, "Normal", "Killing", k.reason);
    stop_container(self, k.container_id, grace);
  }
  if (actions.kill_all)
    for (const auto& c : observed)
      if (is_live(c))
        stop_container(self, c.id, grace);
  for (const auto& id : actions.remove)
    st.cfg.runtime->remove(id);
  auto waiting = actions.waiting;
  for (const auto& [name, why] : waiting)
    if (why.reason == "CrashLoopBackOff")
      record_event(self, pod, "Warning", "BackOff",
                   "Back-off restarting failed container " + name + " in pod " + format_pod(pod));
  if (!actions.start.empty() && ensure_pod_network(self, pod, *ip, actions.start, waiting))
    for (const auto& name : actions.start)
      start_container(self, pod, name, actions.start_is_init, *ip, waiting);
  if (!actions.start.empty() || !actions.kill.empty() || actions.kill_all)
    relist_soon(self);
  write_status(self, pod,
               generate_pod_status(pod, observed, st.probes, waiting, *ip, st.cfg.node_ip, now));
  if (actions.resync_at)
    self->delayed_send(self, std::chrono::milliseconds{std::max<int64_t>(*actions.resync_at - now, 1)},
                       requeue_atom::value, client::object_key(pod));
}

} // namespace

const std::vector<container_status>& observed_of(kubelet_ptr self, const std::string& uid) {
  static const std::vector<container_status> none;
  auto i = self->state.observed.find(uid);
  return i == self->state.observed.end() ? none : i->second;
}

void relist_soon(kubelet_ptr self) {
  auto& st = self->state;
  if (st.relist_soon)
    return;
  st.relist_soon = true;
  self->delayed_send(self, relist_soon_delay, relist_atom::value, false);
}

void mark_dirty(kubelet_ptr self, const std::string& key) {
  auto& st = self->state;
  st.dirty.insert(key);
  if (!st.flush_scheduled) {
    st.flush_scheduled = true;
    self->send(self, flush_atom::value);
  }
}

void flush(kubelet_ptr self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (!st.pods->synced() || !st.relisted)
    return; // the first list and relist mark every pod again
  // A bounded batch per message, so relists, probe results and status
  // answers get their turn between batches (a pod's latency is its own
  // start, not the end of a thousand).
  const auto& objs = st.pods->objects();
  for (size_t n = 0; n < flush_batch && !st.dirty.empty(); ++n) {
    auto key = std::move(st.dirty.extract(st.dirty.begin()).value());
    if (auto i = objs.find(key); i != objs.end())
      sync_pod(self, *i->second);
  }
  if (!st.dirty.empty()) {
    st.flush_scheduled = true;
    self->send(self, flush_atom::value);
  }
}

void force_kill(kubelet_ptr self, const std::string& container_id) {
  self->state.cfg.runtime->stop(container_id, true);
  relist_soon(self);
}

void restore_pod_ips(
  kubelet_ptr self,
  const std::unordered_map<std::string, std::vector<containers::container_status>>& by_pod) {
  auto& st = self->state;
  if (!st.ips)
    return;
  for (const auto& [uid, list] : by_pod)
    if (!list.empty() && !list.front().pod_ip.empty())
      st.ips->restore(uid, list.front().pod_ip);
}

env_list container_environment(kubelet_ptr self, const api::Pod& pod, const std::string& name) {
  auto ip = pod_ip_of(self, pod);
  for (const auto& c : pod.spec().containers())
    if (c.name() == name && ip) {
      auto env = make_environment(pod, c, sources_for(self, pod, *ip));
      if (env.ok())
        return std::move(env.env);
    }
  return {};
}

void release_pod_network(kubelet_ptr self, const std::string& uid) {
  auto& st = self->state;
  if (!st.cfg.network)
    return;
  if (auto err = st.cfg.network->teardown(uid); !err.empty()) {
    st.log->warn("network of pod {}: {}", uid, err);
    return; // kept in pod_netns: collect_pod_networks retries
  }
  st.pod_netns.erase(uid);
}

void collect_pod_networks(kubelet_ptr self, containers::wall_ms now) {
  auto& st = self->state;
  if (!st.cfg.network || now < st.network_gc_at)
    return;
  st.network_gc_at = now + 60000;
  for (const auto& uid : st.cfg.network->list())
    if (!st.key_by_uid.count(uid) && !st.observed.count(uid)) {
      st.log->info("removing the network of vanished pod {}", uid);
      release_pod_network(self, uid);
    }
}

void set_pod_cidr(kubelet_ptr self, const std::string& cidr) {
  auto& st = self->state;
  if (st.ips && st.ips->cidr() == cidr)
    return;
  auto parsed = pod_ip_pool::parse(cidr);
  if (!parsed) {
    st.log->error("cannot use pod CIDR {}: {}", cidr, parsed.error);
    return;
  }
  st.ips = std::make_unique<pod_ip_pool>(std::move(*parsed.pool));
  st.log->info("pod IPs from {}", cidr);
  restore_pod_ips(self, st.observed);
  for (const auto& [key, pod] : st.pods->objects())
    mark_dirty(self, key);
}

void start_pod_sync(kubelet_ptr self) {
  auto& st = self->state;
  client::informer_handlers<api::Pod> h;
  h.added = [self](const auto& pod) {
    auto key = client::object_key(*pod);
    self->state.key_by_uid[pod->metadata().uid()] = key;
    mark_dirty(self, key);
  };
  h.updated = [self](const auto&, const auto& pod) { mark_dirty(self, client::object_key(*pod)); };
  h.deleted = [self](const auto& pod) {
    self->state.key_by_uid.erase(pod->metadata().uid());
    self->state.written.erase(client::object_key(*pod));
    self->state.config_waiting.erase(client::object_key(*pod));
  };
  st.pods = std::make_unique<informer_of<api::Pod, api::PodList>>(
    self, st.cfg.api, st.cfg.token, "pods", 1, std::move(h), st.cfg.seed);
  st.pods->restrict("", "", "spec.nodeName=" + st.cfg.node_name);
  client::informer_handlers<api::Service> svc;
  svc.added = [self](const auto& o) {
    self->state.services_by_ns[o->metadata().namespace_()].insert(client::object_key(*o));
  };
  svc.deleted = [self](const auto& o) {
    auto& by_ns = self->state.services_by_ns;
    auto i = by_ns.find(o->metadata().namespace_());
    if (i != by_ns.end() && i->second.erase(client::object_key(*o)) > 0 && i->second.empty())
      by_ns.erase(i);
  };
  svc.synced = [self] {
    for (const auto& key : self->state.config_waiting)
      mark_dirty(self, key);
  };
  st.services = std::make_unique<informer_of<api::Service, api::ServiceList>>(
    self, st.cfg.api, st.cfg.token, "services", 4, std::move(svc), st.cfg.seed + 3);
  if (!st.cfg.pod_cidr.empty())
    set_pod_cidr(self, st.cfg.pod_cidr);
  client::start_all(st.pods, st.services);
  relist(self);
  self->delayed_send(self, st.cfg.relist_period, relist_atom::value, true);
}

} // namespace convoy::kubelet
