#include "actors/common/event_builder.hpp"

#include <cstdio>

namespace convoy {

api::Event make_event(const api::ObjectReference& involved, const std::string& type,
                      const std::string& reason, const std::string& message,
                      const std::string& component, std::chrono::system_clock::time_point wall_now,
                      uint64_t sequence) {
  using namespace std::chrono;
  api::Event ev;
  auto* meta = ev.mutable_metadata();
  meta->set_namespace_(involved.namespace_().empty() ? "default" : involved.namespace_());
  auto nanos = duration_cast<nanoseconds>(wall_now.time_since_epoch()).count();
  char suffix[40];
  std::snprintf(suffix, sizeof suffix, ".%llx%llx", static_cast<unsigned long long>(nanos),
                static_cast<unsigned long long>(sequence));
  meta->set_name(involved.name() + suffix);
  *ev.mutable_involved_object() = involved;
  ev.set_type(type);
  ev.set_reason(reason);
  ev.set_message(message);
  ev.mutable_source()->set_component(component);
  ev.mutable_first_timestamp()->set_seconds(duration_cast<seconds>(wall_now.time_since_epoch()).count());
  *ev.mutable_last_timestamp() = ev.first_timestamp();
  ev.set_count(1);
  return ev;
}

api::ObjectReference reference_to(const std::string& kind, const std::string& api_version,
                                  const std::string& ns, const std::string& name,
                                  const std::string& uid) {
  api::ObjectReference ref;
  ref.set_kind(kind);
  ref.set_api_version(api_version);
  ref.set_namespace_(ns);
  ref.set_name(name);
  ref.set_uid(uid);
  return ref;
}

} // namespace convoy
