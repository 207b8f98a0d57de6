#pragma once

// Typed interface of the scheduler: it receives its pod and node watches'
// events and answers status queries.

#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "apiserver/apiserver.pb.h"
#include "scheduler/scheduler.pb.h"

namespace convoy {

using scheduler_actor = caf::typed_actor<
  caf::reacts_to<apiserver::WatchEvent>,
  caf::replies_to<scheduler::SchedulerStatusRequest>::with<scheduler::SchedulerStatus>>;

} // namespace convoy
