// What an apiserver does when it starts: the default namespaces and the
// bootstrap RBAC policy exist in the store (created if missing, as the Go
// apiserver does), the RBAC authorizer follows the RBAC objects through
// store watches, and allocated service addresses are known.

#include "actors/apiserver/server/apiserver_state.hpp"

#include <spdlog/logger.h>

#include "actors/apiserver/defaulting/object_defaults.hpp"
#include "actors/apiserver/rbac/bootstrap_policy.hpp"
#include "actors/apiserver/server/api_object.hpp"
#include "api/config.pb.h"
#include "api/rbac.pb.h"

namespace convoy::apiserver {

namespace {

const std::vector<std::string> default_namespaces{"default", "kube-system", "kube-public",
                                                  "kube-node-lease"};

/// Creates `obj` under its key unless something is there already; `done`
/// runs once the store answered, whatever it answered.
void ensure(apiserver_ptr self, const codec::resource_info& r, google::protobuf::Message& obj,
            std::function<void()> done = [] {}) {
  auto& st = self->state;
  api_object::stamp_create(obj, r.kind, r.api_version(), api_object::new_uid(st.rng),
                            st.clock->now());
  const auto* meta = object_meta(obj);
  auto key = r.key(meta->namespace_(), meta->name());
  store_create(
    self, key, obj, {}, [done](int64_t) { done(); }, [done](bool) { done(); },
    [self, key, done](api::Status st) {
      self->state.log->warn("cannot create {} at start-up: {}", key, st.message());
      done();
    });
}

/// Default namespace `name` exists (or could not be made): the writes that
/// waited for it go on.
void namespace_started(apiserver_ptr self, const std::string& name) {
  auto& starting = self->state.namespaces_starting;
  auto i = starting.find(name);
  if (i == starting.end())
    return;
  auto waiting = std::move(i->second);
  starting.erase(i);
  for (auto& resume : waiting)
    resume();
}

/// "NS/NAME" or "NAME" from a store key under `r`'s prefix.
std::pair<std::string, std::string> split_key(const codec::resource_info& r,
                                              const std::string& key) {
  auto rest = key.substr(r.store_prefix.size());
  if (!r.namespaced)
    return {"", rest};
  auto slash = rest.find('/');
  return {rest.substr(0, slash), slash == std::string::npos ? "" : rest.substr(slash + 1)};
}

void apply_rbac(apiserver_ptr self, const codec::resource_info& r, const std::string& key,
                const google::protobuf::Message* obj) {
  auto& authz = self->state.authorizer;
  if (obj) {
    if (auto* x = dynamic_cast<const api::Role*>(obj)) authz.upsert(*x);
    else if (auto* x = dynamic_cast<const api::ClusterRole*>(obj)) authz.upsert(*x);
    else if (auto* x = dynamic_cast<const api::RoleBinding*>(obj)) authz.upsert(*x);
    else if (auto* x = dynamic_cast<const api::ClusterRoleBinding*>(obj)) authz.upsert(*x);
    return;
  }
  auto [ns, name] = split_key(r, key);
  if (r.resource == "roles") authz.remove_role(ns, name);
  else if (r.resource == "clusterroles") authz.remove_cluster_role(name);
  else if (r.resource == "rolebindings") authz.remove_role_binding(ns, name);
  else if (r.resource == "clusterrolebindings") authz.remove_cluster_role_binding(name);
}

} // namespace

void follow_rbac(apiserver_ptr self, const codec::resource_info& r) {
  store_list(
    self, r, r.prefix(),
    [self, &r](std::vector<stored_object> objects, int64_t revision) {
      for (const auto& o : objects)
        apply_rbac(self, r, "", o.object.get());
      store_watch(self, r.prefix(), revision + 1, [self, &r](const store::WatchResponse& resp) {
        if (resp.canceled()) {
          self->state.log->warn("RBAC watch of {} ended ({}); reloading", r.resource,
                                resp.cancel_reason());
          return follow_rbac(self, r);
        }
        for (const auto& e : resp.events()) {
          std::unique_ptr<google::protobuf::Message> obj;
          if (e.type() == store::Event::PUT)
            obj = decode(r, e.kv().value());
          if (e.type() == store::Event::PUT && !obj)
            continue;
          apply_rbac(self, r, e.kv().key(), obj.get());
        }
      });
    },
    [self, &r](api::Status st) {
      self->state.log->warn("cannot load {}: {}; retrying", r.resource, st.message());
      self->delayed_send(self, std::chrono::seconds{1}, reload_atom::value,
                         "rbac:" + std::string{r.resource});
    });
}

void start_bootstrap(apiserver_ptr self) {
  auto& st = self->state;
  // The bootstrap policy holds at once, before the store's copy is read.
  install(make_bootstrap_policy(), st.authorizer);
  const auto* nsr = st.registry->by_resource("namespaces");
  for (const auto& name : default_namespaces) {
    api::Namespace ns;
    ns.mutable_metadata()->set_name(name);
    apply_defaults(ns);
    prepare_for_create(ns);
    st.namespaces_starting[name];
    ensure(self, *nsr, ns, [self, name] { namespace_started(self, name); });
  }
  auto policy = make_bootstrap_policy();
  for (auto& role : policy.cluster_roles)
    ensure(self, *st.registry->by_resource("clusterroles"), role);
  for (auto& binding : policy.cluster_role_bindings)
    ensure(self, *st.registry->by_resource("clusterrolebindings"), binding);
  for (auto resource : {"roles", "clusterroles", "rolebindings", "clusterrolebindings"})
    follow_rbac(self, *st.registry->by_resource(resource));
  follow_join_secrets(self);
  follow_node_graph(self);
  if (st.cfg.service_accounts)
    follow_service_accounts(self);
}

} // namespace convoy::apiserver
