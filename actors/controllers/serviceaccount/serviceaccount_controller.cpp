#include "actors/controllers/serviceaccount/serviceaccount_controller.hpp"

#include "caf/actor_system.hpp"

#include "actors/client/informer_routing.hpp"
#include "actors/controllers/serviceaccount/serviceaccount_sync.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::controllers {

namespace serviceaccount {

namespace {

using namespace_informer
  = client::informer<api::Namespace, api::NamespaceList, serviceaccount_self>;
using account_informer
  = client::informer<api::ServiceAccount, api::ServiceAccountList, serviceaccount_self>;
using secret_informer = client::informer<api::Secret, api::SecretList, serviceaccount_self>;

serviceaccount_actor::behavior_type behavior(serviceaccount_ptr self, controller_config cfg,
                                             std::shared_ptr<const apiserver::rsa_key> key) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, serviceaccount_state::name);
  st.rng.seed(cfg.seed);
  st.signing_key = std::move(key);
  if (!st.signing_key)
    st.log->warn("no --service-account-private-key-file: service accounts get no token Secrets");
  st.calls = std::make_unique<client::api_calls<serviceaccount_self>>(
    self, cfg.api, cfg.token, "convoy-controller-manager/serviceaccount");
  st.loop = std::make_unique<reconcile_loop<serviceaccount_self>>(
    self, serviceaccount_state::name, cfg.workers, st.log,
    [self](const std::string& key, auto done) { sync(self, key, std::move(done)); });
  st.namespaces = std::make_unique<namespace_informer>(
    self, cfg.api, cfg.token, "namespaces", 1, namespace_handlers(self), cfg.seed + 1);
  st.accounts = std::make_unique<account_informer>(
    self, cfg.api, cfg.token, "serviceaccounts", 2, account_handlers(self), cfg.seed + 2);
  st.secrets = std::make_unique<secret_informer>(self, cfg.api, cfg.token, "secrets", 3,
                                                 secret_handlers(self), cfg.seed + 3);
  st.cfg = std::move(cfg);
  client::start_all(st.namespaces, st.accounts, st.secrets);
  return {
    [self](const apiserver::WatchEvent& ev) {
      auto& st = self->state;
      client::route_event(ev, st.namespaces, st.accounts, st.secrets);
    },
    [self](const ControllerStatusRequest&) { return self->state.loop->status(); },
    [self](reload_atom, int64_t id) {
      auto& st = self->state;
      client::route_relist(id, st.namespaces, st.accounts, st.secrets);
    },
    [self](requeue_atom, const std::string& key) { self->state.loop->add(key); },
  };
}

} // namespace

} // namespace serviceaccount

controller_actor
spawn_service_account_controller(caf::actor_system& sys, controller_config cfg,
                                 std::shared_ptr<const apiserver::rsa_key> signing_key) {
  return caf::actor_cast<controller_actor>(
    inspect::spawn_inspected(sys, {"serviceaccount-controller", "controllers"},
                             serviceaccount::behavior, std::move(cfg), std::move(signing_key)));
}

} // namespace convoy::controllers
