#pragma once

// How namespace, service account and secret changes reach the service
// account controller's queue, keyed by namespace: only events that can
// change what the namespace's accounts need enqueue it.

#include "actors/controllers/serviceaccount/core/default_account.hpp"
#include "actors/controllers/serviceaccount/core/token_secret.hpp"
#include "actors/controllers/serviceaccount/serviceaccount_state.hpp"

namespace convoy::controllers::serviceaccount {

inline void maybe_start(serviceaccount_ptr self);

/// Removes `key` from the keys of namespace `ns` in a by-namespace index.
template <class Index>
void forget_key(Index& by_ns, const std::string& ns, const std::string& key) {
  auto it = by_ns.find(ns);
  if (it == by_ns.end())
    return;
  it->second.erase(key);
  if (it->second.empty())
    by_ns.erase(it);
}

inline client::informer_handlers<api::Namespace> namespace_handlers(serviceaccount_ptr self) {
  using ptr = std::shared_ptr<const api::Namespace>;
  client::informer_handlers<api::Namespace> h;
  auto enqueue = [self](const ptr& ns) { self->state.loop->add(ns->metadata().name()); };
  h.added = enqueue;
  h.updated = [enqueue](const ptr&, const ptr& ns) { enqueue(ns); };
  h.deleted = enqueue;
  h.synced = [self] { maybe_start(self); };
  return h;
}

/// Any account may need a token; the default one may need creating.
inline client::informer_handlers<api::ServiceAccount> account_handlers(serviceaccount_ptr self) {
  using ptr = std::shared_ptr<const api::ServiceAccount>;
  client::informer_handlers<api::ServiceAccount> h;
  auto enqueue = [self](const ptr& sa) { self->state.loop->add(sa->metadata().namespace_()); };
  h.added = [self, enqueue](const ptr& sa) {
    self->state.accounts_by_ns[sa->metadata().namespace_()].insert(client::object_key(*sa));
    enqueue(sa);
  };
  h.updated = [enqueue](const ptr&, const ptr& sa) { enqueue(sa); };
  h.deleted = [self, enqueue](const ptr& sa) {
    forget_key(self->state.accounts_by_ns, sa->metadata().namespace_(), client::object_key(*sa));
    enqueue(sa);
  };
  h.synced = [self] { maybe_start(self); };
  return h;
}

/// Only token Secrets concern the controller (a deleted one is replaced).
inline client::informer_handlers<api::Secret> secret_handlers(serviceaccount_ptr self) {
  using ptr = std::shared_ptr<const api::Secret>;
  auto enqueue = [self](const ptr& s) {
    if (s->type() == apiserver::service_account_token_type)
      self->state.loop->add(s->metadata().namespace_());
  };
  client::informer_handlers<api::Secret> h;
  h.added = [self, enqueue](const ptr& s) {
    self->state.secrets_by_ns[s->metadata().namespace_()].insert(client::object_key(*s));
    enqueue(s);
  };
  h.updated = [enqueue](const ptr&, const ptr& s) { enqueue(s); };
  h.deleted = [self, enqueue](const ptr& s) {
    forget_key(self->state.secrets_by_ns, s->metadata().namespace_(), client::object_key(*s));
    enqueue(s);
  };
  h.synced = [self] { maybe_start(self); };
  return h;
}

/// Starts syncing once the three informers have listed.
inline void maybe_start(serviceaccount_ptr self) {
  auto& st = self->state;
  if (st.namespaces->synced() && st.accounts->synced() && st.secrets->synced()
      && !st.loop->started()) {
    st.log->info("serviceaccount controller synced: {} namespaces, {} accounts, {} secrets",
                 st.namespaces->objects().size(), st.accounts->objects().size(),
                 st.secrets->objects().size());
    st.loop->start();
  }
}

} // namespace convoy::controllers::serviceaccount
