#pragma once

#include "caf/fwd.hpp"

#include "actors/controllers/shell/controller_config.hpp"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers {

/// Spawns the service account controller: every active namespace gets a
/// "default" ServiceAccount (Kubernetes' ServiceAccountsController), which
/// gets a legacy token Secret it references (the TokensController).
/// Randomness (Secret names, tokens) comes from cfg.seed.
controller_actor spawn_service_account_controller(caf::actor_system& sys,
                                                  controller_config cfg);

} // namespace convoy::controllers
