#pragma once

#include <optional>
#include <utility>

#include "caf/actor_clock.hpp"
#include "caf/duration.hpp"
#include "caf/message_id.hpp"
#include "caf/scheduled_actor.hpp"
#include "caf/timespan.hpp"

#include "actors/common/request_deadlines.hpp"

namespace convoy {

/// Requests with a timeout for actors that send many of them (the apiserver
/// to the store, the scheduler's bindings, the store client): used like
/// `self->request(dest, timeout, ...)`, with the same `.then` handlers, but
/// the timeout costs CAF's clock thread one event per sweep instead of two
/// per request (see request_deadlines for why that matters).
///
/// A request not answered within `timeout` gets `sec::request_timeout` in
/// its error handler, as with CAF's own timeout: on time for an actor whose
/// timer was idle, at most `sweep_interval` late under load. Only `.then`
/// (multiplexed) handlers are timed out; `.await` is not supported.
///
/// Lives in the actor's state; every call comes from the actor itself.
class timed_requests {
public:
  /// The finest spacing of sweeps: under a steady load the actor wakes this
  /// often to time out what is late, never more.
  static constexpr caf::timespan sweep_interval = std::chrono::milliseconds{100};

  template <class Self, class Handle, class... Ts>
  auto request(Self* self, const Handle& dest, caf::timespan timeout, Ts&&... xs) {
    auto handle = self->request(dest, caf::infinite, std::forward<Ts>(xs)...);
    track(self, handle.id(), timeout);
    return handle;
  }

  /// Requests whose deadline is still ahead (answered or not).
  size_t tracked() const noexcept { return deadlines_.size(); }

private:
  using time_point = caf::actor_clock::time_point;

  void track(caf::scheduled_actor* self, caf::message_id response_id, caf::timespan timeout);

  /// Makes sure a sweep comes by the earliest deadline, or by `not_before`
  /// if that is later (a sweep arms the next one interval ahead), allowing
  /// an armed sweep to be one interval late.
  void arm(caf::scheduled_actor* self, time_point not_before);

  /// Times out the late requests still waiting, then arms the next sweep.
  void sweep(caf::scheduled_actor* self, time_point fired_for);

  request_deadlines deadlines_;
  /// When the latest armed sweep fires; unset while none is armed.
  std::optional<time_point> armed_for_;
};

} // namespace convoy
