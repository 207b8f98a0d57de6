#pragma once

#include <memory>

#include "caf/fwd.hpp"

#include "actors/apiserver/auth/rsa_key.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers {

/// Spawns the service account controller: every active namespace gets a
/// "default" ServiceAccount (Kubernetes' ServiceAccountsController), and
/// every ServiceAccount gets a legacy token Secret it references (the
/// TokensController): a JWT signed with `signing_key`, which the apiserver
/// authenticates. Null key: no token Secrets. Secret names come from
/// cfg.seed.
controller_actor
spawn_service_account_controller(caf::actor_system& sys, controller_config cfg,
                                 std::shared_ptr<const apiserver::rsa_key> signing_key);

} // namespace convoy::controllers
