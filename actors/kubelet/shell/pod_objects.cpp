// The objects a kubelet's pods use, fetched by name: Secrets and ConfigMaps
// their environment reads, their ServiceAccount and its token Secret. The
// node authorizer lets a kubelet get exactly these (never list or watch
// all Secrets), so they are fetched when a pod needs them and kept for a
// TTL (Kubernetes' kubelet "Cache" strategy).

#include "actors/kubelet/shell/kubelet_state.hpp"

#include <spdlog/logger.h>

#include "actors/apiserver/auth/service_account_token.hpp"
#include "actors/apiserver/rbac/pod_references.hpp"

namespace convoy::kubelet {

namespace {

object_cache::clock_time now_of(kubelet_ptr self) {
  return std::chrono::duration_cast<object_cache::clock_time>(
    self->clock().now().time_since_epoch());
}

template <class T>
object_cache::object_ptr unpack(const apiserver::ApiResponse& resp) {
  auto out = std::make_shared<T>();
  return resp.object().UnpackTo(out.get()) ? out : nullptr;
}

object_cache::object_ptr decode(const std::string& resource, const apiserver::ApiResponse& resp) {
  if (resource == "secrets")
    return unpack<api::Secret>(resp);
  if (resource == "configmaps")
    return unpack<api::ConfigMap>(resp);
  return unpack<api::ServiceAccount>(resp);
}

/// The cached object, as T (nullptr: unknown, absent or another type).
template <class T>
const T* cached(kubelet_ptr self, const char* resource, const std::string& ns,
                const std::string& name) {
  auto object = self->state.objects.get(object_cache::key(resource, ns, name), now_of(self));
  return dynamic_cast<const T*>(object.get());
}

/// Gets `resource` ns/name unless the cache holds a fresh copy or a get is
/// in flight. A refused get (the node authorizer not yet knowing the pod,
/// a store hiccup) is tried again a second later.
void fetch(kubelet_ptr self, const std::string& resource, const std::string& ns,
           const std::string& name) {
  auto key = object_cache::key(resource, ns, name);
  if (!self->state.objects.start_fetch(key, now_of(self)))
    return;
  self->state.calls->get(resource, ns, name, [self, resource, ns, key](const auto& resp) {
    auto& st = self->state;
    if (!api_failed(resp) || resp.status().code() == 404) {
      st.objects.fetched(key, api_failed(resp) ? nullptr : decode(resource, resp), now_of(self));
      return resync_waiting(self, ns);
    }
    st.objects.failed(key);
    st.log->debug("cannot get {}: {}", key, resp.status().message());
    for (const auto& pod : st.config_waiting)
      if (pod.compare(0, ns.size() + 1, ns + "/") == 0)
        self->delayed_send(self, std::chrono::seconds{1}, requeue_atom::value, pod);
  });
}

/// The token Secret of `account`: the last one the account lists.
const api::Secret* token_of(kubelet_ptr self, const std::string& ns, const std::string& account) {
  const auto* sa = cached<api::ServiceAccount>(self, "serviceaccounts", ns, account);
  if (sa == nullptr || sa->secrets().empty())
    return nullptr;
  const auto* secret = cached<api::Secret>(self, "secrets", ns, sa->secrets().rbegin()->name());
  return secret != nullptr && secret->type() == apiserver::service_account_token_type ? secret
                                                                                      : nullptr;
}

} // namespace

bool fetch_pod_objects(kubelet_ptr self, const api::Pod& pod) {
  auto& st = self->state;
  const auto& ns = pod.metadata().namespace_();
  auto refs = apiserver::references_of(pod);
  bool ready = true;
  auto need = [&](const char* resource, const std::string& name) {
    fetch(self, resource, ns, name);
    ready = ready && st.objects.known(object_cache::key(resource, ns, name));
  };
  for (const auto& name : refs.secrets)
    need("secrets", name);
  for (const auto& name : refs.config_maps)
    need("configmaps", name);
  if (apiserver::mounts_service_account_token(pod)) {
    need("serviceaccounts", refs.service_account);
    const auto* sa = cached<api::ServiceAccount>(self, "serviceaccounts", ns, refs.service_account);
    if (sa != nullptr && !sa->secrets().empty())
      need("secrets", sa->secrets().rbegin()->name());
  }
  return ready;
}

void cached_env_sources(kubelet_ptr self, const std::string& ns, env_sources& src) {
  src.config_map = [self, ns](const std::string& name) {
    return cached<api::ConfigMap>(self, "configmaps", ns, name);
  };
  src.secret = [self, ns](const std::string& name) {
    return cached<api::Secret>(self, "secrets", ns, name);
  };
  src.service_account_token = [self, ns](const std::string& account) {
    return token_of(self, ns, account);
  };
}

void evict_unused_objects(kubelet_ptr self) {
  if (auto n = self->state.objects.evict_idle(now_of(self)); n > 0)
    self->state.log->debug("dropped {} cached objects no pod used lately", n);
}

void resync_waiting(kubelet_ptr self, const std::string& ns) {
  for (const auto& key : self->state.config_waiting)
    if (key.compare(0, ns.size() + 1, ns + "/") == 0)
      mark_dirty(self, key);
}

} // namespace convoy::kubelet
