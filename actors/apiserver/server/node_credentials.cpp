// Join credentials on the apiserver: the index of bootstrap tokens and node
// credentials (fed by a watch of kube-system's Secrets), authentication of
// every request (static tokens, service-account tokens, client
// certificates, join credentials),
// and the exchange of a bootstrap token for a node credential
// (NodeCredentialRequest).

#include "actors/apiserver/server/apiserver_state.hpp"

#include <spdlog/logger.h>

#include "actors/apiserver/auth/bootstrap_token.hpp"
#include "actors/apiserver/auth/cluster_tokens.hpp"
#include "actors/apiserver/auth/service_account_token.hpp"
#include "actors/apiserver/server/api_object.hpp"
#include "actors/apiserver/validation/name_rules.hpp"
#include "api/config.pb.h"

namespace convoy::apiserver {

namespace {

using credential_promise = caf::typed_response_promise<NodeCredentialResponse>;

const codec::resource_info& secrets(apiserver_ptr self) {
  return *self->state.registry->by_resource("secrets");
}

void apply_secret_event(apiserver_ptr self, const store::Event& e) {
  const auto& r = secrets(self);
  auto& auth = self->state.join_auth;
  if (e.type() == store::Event::PUT) {
    if (auto obj = decode(r, e.kv().value()))
      if (auto* s = dynamic_cast<const api::Secret*>(obj.get()))
        auth.upsert(*s);
    return;
  }
  auto name = e.kv().key().substr(r.prefix(join_secrets_namespace).size());
  auth.remove(join_secrets_namespace, name);
}

void answer(credential_promise& rp, api::Status status, std::string token = {}) {
  NodeCredentialResponse resp;
  *resp.mutable_status() = std::move(status);
  resp.set_token(std::move(token));
  rp.deliver(std::move(resp));
}

/// Writes the node's credential Secret (create, or update in place: a
/// re-join rotates the token), then answers with the token.
void store_credential(apiserver_ptr self, const std::string& node, credential_promise rp) {
  auto& st = self->state;
  auto token = generate_bearer_token(*st.random);
  auto digest = crypto::sha256(token);
  auto secret = make_node_credential_secret(node, digest);
  const auto& r = secrets(self);
  auto key = r.key(join_secrets_namespace, secret.metadata().name());
  auto done = [self, node, digest, token, rp](int64_t) mutable {
    self->state.join_auth.add_node(node, digest);
    self->state.log->info("issued node credential for {}", node);
    answer(rp, api_status::success(), token);
  };
  auto fail = [rp](api::Status s) mutable { answer(rp, std::move(s)); };
  auto conflict = [rp, node]() mutable {
    answer(rp, api_status::conflict("secrets", node_credential_secret_name(node),
                                    "concurrent join of the same node; retry"));
  };
  store_get(
    self, r, key,
    [self, key, secret, done, fail, conflict](std::optional<stored_object> current) mutable {
      auto& st = self->state;
      api_object::stamp_create(secret, "Secret", "v1", api_object::new_uid(st.rng),
                               st.clock->now());
      if (!current) {
        store_create(self, key, secret, {}, done, [conflict](bool) mutable { conflict(); },
                     fail);
        return;
      }
      store_update(self, key, secret, current->mod_revision, done, conflict, fail);
    },
    fail);
}

/// The object `ns/name` of `resource`'s watch cache; null when absent or
/// while the cache is not loaded (a token is refused until it is).
template <class T>
std::shared_ptr<const T> cached(apiserver_ptr self, const char* resource, const std::string& ns,
                                const std::string& name) {
  return std::dynamic_pointer_cast<const T>(cached_object(self, resource, ns, name));
}

std::optional<user_info> authenticate_service_account(apiserver_ptr self,
                                                      const std::string& token) {
  service_account_lookup lookup{[self](const std::string& ns, const std::string& name) {
                                  return cached<api::Secret>(self, "secrets", ns, name);
                                },
                                [self](const std::string& ns, const std::string& name) {
                                  return cached<api::ServiceAccount>(self, "serviceaccounts", ns,
                                                                     name);
                                }};
  auto result = self->state.cfg.service_accounts->authenticate(token, lookup);
  if (!result.user) {
    self->state.log->debug("service-account token refused: {}", result.why);
    return std::nullopt;
  }
  return std::move(result.user->user);
}

} // namespace

void follow_service_accounts(apiserver_ptr self) {
  for (auto resource : {"secrets", "serviceaccounts"})
    with_cache(
      self, *self->state.registry->by_resource(resource), [](resource_cache&) {},
      [](api::Status) {}); // a failed load logs and retries by itself
}

void follow_join_secrets(apiserver_ptr self) {
  const auto& r = secrets(self);
  auto prefix = r.prefix(join_secrets_namespace);
  store_list(
    self, r, prefix,
    [self, prefix](std::vector<stored_object> objects, int64_t revision) {
      auto& st = self->state;
      st.join_auth = join_authenticator{};
      for (const auto& o : objects)
        if (auto* s = dynamic_cast<const api::Secret*>(o.object.get()))
          st.join_auth.upsert(*s);
      store_watch(self, prefix, revision + 1, [self](const store::WatchResponse& resp) {
        if (resp.canceled()) {
          self->state.log->warn("watch of join secrets ended ({}); reloading",
                                resp.cancel_reason());
          return follow_join_secrets(self);
        }
        for (const auto& e : resp.events())
          apply_secret_event(self, e);
      });
    },
    [self](api::Status st) {
      self->state.log->warn("cannot load join secrets: {}; retrying", st.message());
      self->delayed_send(self, std::chrono::seconds{1}, reload_atom::value,
                         std::string{join_secrets_reload});
    });
}

std::optional<user_info> authenticate_token(apiserver_ptr self, const std::string& token) {
  auto& st = self->state;
  if (st.cfg.authenticate)
    if (auto user = st.cfg.authenticate(token))
      return user;
  if (token.empty())
    return std::nullopt;
  if (st.cfg.service_accounts && looks_like_jwt(token))
    return authenticate_service_account(self, token);
  auto now = std::chrono::duration_cast<std::chrono::seconds>(st.clock->now().time_since_epoch());
  if (st.cfg.client_certificates && looks_like_certificate_credential(token)) {
    auto result = st.cfg.client_certificates->authenticate(token, now.count());
    if (!result.user)
      st.log->debug("client certificate refused: {}", result.why);
    return result.user ? std::optional<user_info>{std::move(result.user->user)} : std::nullopt;
  }
  if (auto user = st.join_auth.authenticate(token, now.count()))
    return std::move(user->user);
  return std::nullopt;
}

void handle_node_credential(apiserver_ptr self, const NodeCredentialRequest& req,
                            credential_promise rp) {
  auto user = authenticate_token(self, req.meta().token());
  if (!user)
    return answer(rp, api_status::unauthorized(req.meta().token().empty()
                                                 ? "no bearer token"
                                                 : "invalid bearer token"));
  if (!has_group(*user, bootstrappers_group))
    return answer(rp, api_status::forbidden(user->name, "create", "nodecredentials", "",
                                            req.node_name(),
                                            "only system:bootstrappers may request a node "
                                            "credential"));
  const auto& node = req.node_name();
  auto errors = is_dns1123_subdomain(node);
  if (node.empty() || !errors.empty())
    return answer(rp, api_status::bad_request("node_name: invalid node name \"" + node + "\""
                                              + (errors.empty() ? "" : ": " + errors.front())));
  if (req.meta().dry_run())
    return answer(rp, api_status::bad_request("meta.dry_run: not supported for node credentials"));
  self->state.log->info("{} requests the credential of node {}", user->name, node);
  store_credential(self, node, std::move(rp));
}

} // namespace convoy::apiserver
