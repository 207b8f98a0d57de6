#pragma once

// Typed interfaces of the controllers: each controller receives its watches'
// events and answers status queries; the controller manager answers for
// itself and the controllers it runs.

#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "apiserver/apiserver.pb.h"
#include "controllers/controllers.pb.h"

namespace convoy {

using controller_actor = caf::typed_actor<
  caf::reacts_to<apiserver::WatchEvent>,
  caf::replies_to<controllers::ControllerStatusRequest>::with<controllers::ControllerStatus>>;

using controller_manager_actor = caf::typed_actor<caf::replies_to<
  controllers::ControllerManagerStatusRequest>::with<controllers::ControllerManagerStatus>>;

} // namespace convoy
