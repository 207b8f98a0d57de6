#pragma once

// One sync of one object (a uid) of the garbage collector: Kubernetes'
// attemptToDeleteItem / attemptToOrphan / processDeletingDependentsItem,
// with the decision taken by the pure core and the writes done here.

#include <chrono>
#include <string>

#include "actors/controllers/garbagecollector/gc_state.hpp"

namespace convoy::controllers::gc {

using done_fn = reconcile_loop<gc_self>::done_fn;

/// How long an owner deleting in foreground waits before it is looked at
/// again when no event about its dependents came (a safety net only).
inline constexpr std::chrono::seconds wait_recheck{5};

/// Decides what to do for `uid` and does it; done("") when the decided
/// writes succeeded (or nothing was to be done), done(error) to requeue.
void sync(gc_ptr self, const std::string& uid, done_fn done);

} // namespace convoy::controllers::gc
