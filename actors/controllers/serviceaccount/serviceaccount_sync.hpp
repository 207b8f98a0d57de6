#pragma once

// One sync of one namespace: create its "default" ServiceAccount when
// missing, then give the first account without one a token Secret (create
// the Secret, then reference it from the account with a compare-and-swap);
// the watch events of those writes requeue the namespace for the next
// account. A reference that cannot be written deletes the Secret again, so
// a retry starts clean.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "actors/controllers/serviceaccount/serviceaccount_events.hpp"

namespace convoy::controllers::serviceaccount {

using done_fn = reconcile_loop<serviceaccount_self>::done_fn;

template <class Self>
std::chrono::nanoseconds mono_now(Self* self) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
    self->clock().now().time_since_epoch());
}

inline std::string failure(const char* what, const apiserver::ApiResponse& resp) {
  return std::string{what} + ": " + resp.status().message();
}

/// The Secrets of namespace `ns` in the cache (through the index).
inline std::vector<const api::Secret*> secrets_in(serviceaccount_state& st,
                                                  const std::string& ns) {
  std::vector<const api::Secret*> out;
  auto keys = st.secrets_by_ns.find(ns);
  if (keys == st.secrets_by_ns.end())
    return out;
  for (const auto& key : keys->second)
    if (auto it = st.secrets->objects().find(key); it != st.secrets->objects().end())
      out.push_back(it->second.get());
  return out;
}

/// Whether a token written for account `sa` is still on its way into the
/// caches: the account does not show the reference or the Secret is not
/// listed yet. Seen (or too old to wait for): forgotten.
inline bool token_in_flight(serviceaccount_ptr self, const api::ServiceAccount& sa) {
  auto& st = self->state;
  const auto& ns = sa.metadata().namespace_();
  auto it = st.pending.find(client::object_key(sa));
  if (it == st.pending.end())
    return false;
  const auto& name = it->second.secret_name;
  bool referenced = std::any_of(sa.secrets().begin(), sa.secrets().end(),
                                [&](const api::ObjectReference& r) { return r.name() == name; });
  bool listed = st.secrets->objects().count(ns + "/" + name) != 0;
  bool expired = mono_now(self) - it->second.since > serviceaccount_state::pending_ttl;
  if ((referenced && listed) || expired) {
    st.pending.erase(it);
    return false;
  }
  return true;
}

inline void create_account(serviceaccount_ptr self, const api::ServiceAccount& sa,
                           done_fn done) {
  auto& st = self->state;
  st.loop->count_writes(1);
  st.calls->create("serviceaccounts", sa.metadata().namespace_(), sa,
                   [done](const apiserver::ApiResponse& resp) {
                     // AlreadyExists: our cache was behind; the watch brings it.
                     if (api_failed(resp) && resp.status().reason() != "AlreadyExists")
                       return done(failure("creating the default service account", resp));
                     done("");
                   });
}

/// Step two of a token: reference the created Secret from the account.
inline void reference_token(serviceaccount_ptr self, std::shared_ptr<const api::ServiceAccount> sa,
                            const api::Secret& secret, done_fn done) {
  auto& st = self->state;
  const auto ns = secret.metadata().namespace_();
  const auto name = secret.metadata().name();
  st.loop->count_writes(1);
  st.calls->update(
    "serviceaccounts", ns, sa->metadata().name(), with_token_reference(*sa, name),
    [self, ns, name, account = client::object_key(*sa), done](const apiserver::ApiResponse& resp) {
      if (!api_failed(resp))
        return done("");
      // Nothing references the Secret: delete it, or every retry adds one.
      auto& st = self->state;
      st.pending.erase(account);
      st.loop->count_writes(1);
      st.calls->remove("secrets", ns, name, api::DeleteOptions{}, [](const auto&) {});
      done(failure("referencing the token secret", resp));
    });
}

/// Drops the token writes of namespace `ns` (it is gone).
inline void forget_pending(serviceaccount_state& st, const std::string& ns) {
  const auto prefix = ns + "/";
  for (auto it = st.pending.begin(); it != st.pending.end();)
    it = it->first.compare(0, prefix.size(), prefix) == 0 ? st.pending.erase(it) : std::next(it);
}

/// The token Secret the first account of `ns` without one needs, with
/// that account; nothing when every account has its token (or one on its
/// way). Accounts are taken in name order, so replays write the same.
inline std::optional<std::pair<api::Secret, std::shared_ptr<const api::ServiceAccount>>>
next_missing_token(serviceaccount_ptr self, const std::string& ns) {
  auto& st = self->state;
  auto names = st.accounts_by_ns.find(ns);
  if (names == st.accounts_by_ns.end())
    return std::nullopt;
  auto secrets = secrets_in(st, ns);
  const auto sign = [&st](const apiserver::service_account_claims& c) {
    return apiserver::sign_service_account_token(*st.signing_key, c);
  };
  for (const auto& key : names->second) {
    auto it = st.accounts->objects().find(key);
    if (it == st.accounts->objects().end() || token_in_flight(self, *it->second))
      continue;
    if (auto secret = missing_token(*it->second, secrets, st.rng, sign))
      return std::pair{std::move(*secret), it->second};
  }
  return std::nullopt;
}

/// Gives the next account of `ns` that lacks one a token Secret.
inline void ensure_token(serviceaccount_ptr self, const std::string& ns, done_fn done) {
  auto& st = self->state;
  if (!st.signing_key)
    return done(""); // no --service-account-private-key-file: no tokens
  auto next = next_missing_token(self, ns);
  if (!next)
    return done("");
  auto [secret, sa] = std::move(*next);
  st.pending[client::object_key(*sa)] = pending_token{secret.metadata().name(), mono_now(self)};
  st.loop->count_writes(1);
  st.calls->create("secrets", ns, secret,
                   [self, sa = sa, secret = secret, done](const apiserver::ApiResponse& resp) {
                     if (api_failed(resp)) {
                       self->state.pending.erase(client::object_key(*sa));
                       return done(failure("creating the token secret", resp));
                     }
                     reference_token(self, sa, secret, done);
                   });
}

/// The namespace `ns`: its default account, then that account's token.
inline void sync(serviceaccount_ptr self, const std::string& ns, done_fn done) {
  auto& st = self->state;
  auto it = st.namespaces->objects().find(ns);
  if (it == st.namespaces->objects().end()) {
    forget_pending(st, ns);
    return done("");
  }
  const auto& nsobj = *it->second;
  auto sa = st.accounts->objects().find(ns + "/" + default_account_name);
  bool exists = sa != st.accounts->objects().end();
  if (auto missing = missing_default_account(nsobj, exists))
    return create_account(self, *missing, std::move(done));
  // A namespace being emptied gets no new Secrets (the apiserver would
  // refuse them, and the namespace controller deletes them).
  if (!exists || nsobj.status().phase() != "Active")
    return done("");
  ensure_token(self, ns, std::move(done));
}

} // namespace convoy::controllers::serviceaccount
