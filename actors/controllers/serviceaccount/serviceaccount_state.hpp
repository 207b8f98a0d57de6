#pragma once

// State of the service account controller actor: informers over
// namespaces, service accounts and secrets, the secrets of each namespace,
// the token writes not yet seen in the watches, and the reconcile loop.

#include <chrono>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <spdlog/logger.h>

#include "actors/apiserver/auth/rsa_key.hpp"
#include "actors/client/api_calls.hpp"
#include "actors/client/informer.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "actors/controllers/shell/reconcile_loop.hpp"
#include "api/config.pb.h"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers::serviceaccount {

using serviceaccount_actor
  = controller_actor::extend<caf::reacts_to<reload_atom, int64_t>,
                             caf::reacts_to<requeue_atom, std::string>>;

struct serviceaccount_state;

using serviceaccount_ptr = serviceaccount_actor::stateful_pointer<serviceaccount_state>;

using serviceaccount_self = std::remove_pointer_t<serviceaccount_ptr>;

/// A token Secret created and referenced from an account, not yet
/// seen in both watches: until then the caches may still show the account
/// without the reference, and a sync would create a second Secret.
struct pending_token {
  std::string secret_name;
  std::chrono::nanoseconds since{0};
};

struct serviceaccount_state {
  controller_config cfg;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<client::informer<api::Namespace, api::NamespaceList, serviceaccount_self>>
    namespaces;
  std::unique_ptr<
    client::informer<api::ServiceAccount, api::ServiceAccountList, serviceaccount_self>>
    accounts;
  std::unique_ptr<client::informer<api::Secret, api::SecretList, serviceaccount_self>> secrets;
  std::unique_ptr<client::api_calls<serviceaccount_self>> calls;
  std::unique_ptr<reconcile_loop<serviceaccount_self>> loop;
  /// Secret keys by namespace (a sync reads only its namespace's secrets).
  std::unordered_map<std::string, std::unordered_set<std::string>> secrets_by_ns;
  /// Account keys by namespace, in name order.
  std::unordered_map<std::string, std::set<std::string>> accounts_by_ns;
  /// By account key (NS/NAME).
  std::unordered_map<std::string, pending_token> pending;
  /// Signs the tokens (--service-account-private-key-file); null: accounts
  /// get no token Secrets, as in Kubernetes without that flag.
  std::shared_ptr<const apiserver::rsa_key> signing_key;
  /// Secret names (seeded from cfg.seed: replayable).
  std::mt19937_64 rng;

  /// How long a written token may stay unseen before it is given up on.
  static constexpr std::chrono::seconds pending_ttl{30};

  static inline const char* name = "serviceaccount";
};

} // namespace convoy::controllers::serviceaccount
