#pragma once

#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "actors/client/api_calls.hpp"
#include "actors/common/event_builder.hpp"
#include "actors/common/event_spam_filter.hpp"
#include "actors/common/wall_clock.hpp"

namespace convoy::client {

/// Kubernetes' event recorder for one component inside one actor: records
/// Events about objects through the apiserver, best effort (a failed write
/// is logged, never retried), through the spam filter (a burst of 25 per
/// object, then one per 5 minutes).
template <class Self>
class event_recorder {
public:
  event_recorder(Self* self, api_calls<Self>& calls, std::string component,
                 std::shared_ptr<spdlog::logger> log)
    : self_(self),
      calls_(&calls),
      component_(std::move(component)),
      log_(std::move(log)),
      wall_(self->system()) {}

  void record(const api::ObjectReference& about, const std::string& type,
              const std::string& reason, const std::string& message) {
    auto key = about.kind() + "/" + about.namespace_() + "/" + about.name() + "/" + about.uid();
    auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
      self_->clock().now().time_since_epoch());
    if (!filter_.allow(key, now))
      return;
    auto ev = make_event(about, type, reason, message, component_, wall_.now(), ++sequence_);
    auto log = log_;
    calls_->create("events", ev.metadata().namespace_(), ev,
                   [log](const apiserver::ApiResponse& resp) {
                     if (api_failed(resp))
                       log->warn("cannot record an event: {}", resp.status().message());
                   });
  }

private:
  Self* self_;
  api_calls<Self>* calls_;
  std::string component_;
  std::shared_ptr<spdlog::logger> log_;
  wall_clock wall_;
  event_spam_filter filter_;
  uint64_t sequence_ = 0;
};

} // namespace convoy::client
