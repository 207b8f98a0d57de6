#include "actors/common/timed_requests.hpp"

#include <algorithm>
#include <vector>

#include "caf/behavior.hpp"
#include "caf/error.hpp"
#include "caf/sec.hpp"

namespace convoy {

namespace {

/// CAF 0.17.6 keeps the table of an actor's pending `.then` handlers
/// protected and offers no query; a pointer to the member formed through a
/// derived class is the one well-defined way to read it.
struct pending_responses : caf::scheduled_actor {
  static const auto& of(const caf::scheduled_actor& self) {
    return self.*(&pending_responses::multiplexed_responses_);
  }
};

} // namespace

void timed_requests::track(caf::scheduled_actor* self, caf::message_id response_id,
                           caf::timespan timeout) {
  auto now = self->clock().now();
  deadlines_.add(response_id.integer_value(), now, timeout);
  arm(self, now);
}

void timed_requests::arm(caf::scheduled_actor* self, time_point not_before) {
  auto due = deadlines_.next_due();
  if (!due)
    return;
  auto at = std::max(*due, not_before);
  if (armed_for_ && *armed_for_ <= at + sweep_interval)
    return; // the armed sweep comes soon enough
  // A timer riding on CAF's request-timeout path: it answers a request id
  // that was never sent, so no behavior of the actor needs a timer message.
  auto id = self->new_request_id(caf::message_priority::normal).response_id();
  self->add_multiplexed_response_handler(
    id, caf::behavior{[this, self, at](caf::error&) { sweep(self, at); }});
  self->clock().set_request_timeout(at, self, id);
  armed_for_ = at;
}

void timed_requests::sweep(caf::scheduled_actor* self, time_point fired_for) {
  if (armed_for_ == fired_for)
    armed_for_.reset();
  auto expired = deadlines_.take_expired(self->clock().now());
  if (!expired.empty()) {
    std::vector<caf::message_id> late;
    for (const auto& pending : pending_responses::of(*self))
      if (std::binary_search(expired.begin(), expired.end(), pending.first.integer_value()))
        late.push_back(pending.first);
    for (auto id : late)
      self->eq_impl(id, self->ctrl(), self->context(), caf::make_error(caf::sec::request_timeout));
  }
  arm(self, self->clock().now() + sweep_interval);
}

} // namespace convoy
