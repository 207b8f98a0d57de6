#pragma once

// How namespace, service account and secret changes reach the service
// account controller's queue, keyed by namespace: only events that can
// change what the namespace's default account needs enqueue it.

#include "actors/controllers/serviceaccount/core/default_account.hpp"
#include "actors/controllers/serviceaccount/core/token_secret.hpp"
#include "actors/controllers/serviceaccount/serviceaccount_state.hpp"

namespace convoy::controllers::serviceaccount {

inline void maybe_start(serviceaccount_ptr self);

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

inline client::informer_handlers<api::ServiceAccount> account_handlers(serviceaccount_ptr self) {
  using ptr = std::shared_ptr<const api::ServiceAccount>;
  client::informer_handlers<api::ServiceAccount> h;
  auto enqueue = [self](const ptr& sa) {
    if (sa->metadata().name() == default_account_name)
      self->state.loop->add(sa->metadata().namespace_());
  };
  h.added = enqueue;
  h.updated = [enqueue](const ptr&, const ptr& sa) { enqueue(sa); };
  h.deleted = enqueue;
  h.synced = [self] { maybe_start(self); };
  return h;
}

/// Only token Secrets concern the controller (a deleted one is replaced).
inline client::informer_handlers<api::Secret> secret_handlers(serviceaccount_ptr self) {
  using ptr = std::shared_ptr<const api::Secret>;
  auto enqueue = [self](const ptr& s) {
    if (s->type() == token_secret_type)
      self->state.loop->add(s->metadata().namespace_());
  };
  client::informer_handlers<api::Secret> h;
  h.added = [self, enqueue](const ptr& s) {
    self->state.secrets_by_ns[s->metadata().namespace_()].insert(client::object_key(*s));
    enqueue(s);
  };
  h.updated = [enqueue](const ptr&, const ptr& s) { enqueue(s); };
  h.deleted = [self, enqueue](const ptr& s) {
    auto& by_ns = self->state.secrets_by_ns;
    auto it = by_ns.find(s->metadata().namespace_());
    if (it != by_ns.end()) {
      it->second.erase(client::object_key(*s));
      if (it->second.empty())
        by_ns.erase(it);
    }
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
