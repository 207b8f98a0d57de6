#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "api/event.pb.h"

namespace convoy {

/// What a component says about one object, as a core/v1 Event: named like
/// Kubernetes' event recorder (OBJECT.<hex nanoseconds><hex sequence>, the
/// sequence keeping names apart when virtual time stands still), in the
/// object's namespace, first = last timestamp = `wall_now`, count 1.
api::Event make_event(const api::ObjectReference& involved, const std::string& type,
                      const std::string& reason, const std::string& message,
                      const std::string& component, std::chrono::system_clock::time_point wall_now,
                      uint64_t sequence);

/// The reference an Event carries for an object of `kind`/`api_version`.
api::ObjectReference reference_to(const std::string& kind, const std::string& api_version,
                                  const std::string& ns, const std::string& name,
                                  const std::string& uid);

} // namespace convoy
