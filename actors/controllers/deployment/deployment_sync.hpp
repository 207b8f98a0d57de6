#pragma once

// One sync of one deployment (Kubernetes' syncDeployment): wait until the
// cache shows the previous sync's writes, claim the ReplicaSets (adopt
// matching orphans, release those that no longer match), plan with the
// pure core, apply the plan.

#include <string>

#include "actors/controllers/deployment/deployment_state.hpp"

namespace convoy::controllers::deployment {

void sync(deployment_ptr self, const std::string& key,
          reconcile_loop<deployment_self>::done_fn done);

} // namespace convoy::controllers::deployment
