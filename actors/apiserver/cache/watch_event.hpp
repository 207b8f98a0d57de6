#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "api/meta.pb.h"

namespace google::protobuf {
class Message;
} // namespace google::protobuf

namespace convoy::apiserver {

/// The event types of a Kubernetes watch (watch.EventType).
enum class watch_event_type : uint8_t { added, modified, deleted, bookmark, error };

/// "ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR": the strings
/// apiserver.WatchEvent.type carries.
constexpr std::string_view to_string(watch_event_type type) noexcept {
  switch (type) {
    case watch_event_type::added:
      return "ADDED";
    case watch_event_type::modified:
      return "MODIFIED";
    case watch_event_type::deleted:
      return "DELETED";
    case watch_event_type::bookmark:
      return "BOOKMARK";
    case watch_event_type::error:
      break;
  }
  return "ERROR";
}

/// One event for one watcher. The object is shared, never copied per
/// watcher: the same decoded Pod goes to every kubelet and informer that
/// sees it, so the actor must treat it as immutable (it wraps it into
/// apiserver.WatchEvent's Any itself). For ERROR the object is an
/// api::Status; for BOOKMARK an empty object of the kind carrying only
/// metadata.resourceVersion.
struct watch_event {
  watch_event_type type = watch_event_type::added;
  std::shared_ptr<const google::protobuf::Message> object;
  /// The resourceVersion the event carries (the object's, or the
  /// deletion's for DELETED, or the cache revision for BOOKMARK).
  int64_t revision = 0;
};

/// The events one apply/replace/bookmarks call produced for one watch, in
/// order. `terminated`: the last event is an ERROR and the cache has
/// already forgotten the watch; the actor sends the events, then ends the
/// watch (Kubernetes closes the connection).
struct watch_delivery {
  int64_t watch_id = 0;
  std::vector<watch_event> events;
  bool terminated = false;
};

/// A decoded object as the cache keeps it: decoded once, shared by the
/// cache, its event window and every event sent. `meta` points into
/// `message` (found by reflection once, at decode time) so selectors read
/// labels and namespace without reflection on the hot path.
struct cached_object {
  std::shared_ptr<const google::protobuf::Message> message;
  const api::ObjectMeta* meta = nullptr;

  explicit operator bool() const noexcept {
    return message != nullptr;
  }
};

} // namespace convoy::apiserver
