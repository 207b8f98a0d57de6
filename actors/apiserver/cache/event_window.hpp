#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "actors/apiserver/cache/watch_event.hpp"

namespace convoy::apiserver {

/// What happened to one key at one revision, as the cache saw it in the
/// store (Kubernetes' watchCacheEvent): the state after and before, so
/// each watcher can decide with its own selectors whether the change is an
/// ADDED, MODIFIED or DELETED for it.
struct window_event {
  /// added: the key was created; modified; deleted.
  watch_event_type type = watch_event_type::added;
  std::string key;
  /// Namespace part of the key ("" for cluster-scoped kinds): watch scope
  /// is checked on the key, as Kubernetes' cacher does.
  std::string ns;
  cached_object object; ///< state after (empty for deleted)
  cached_object prev;   ///< state before (empty for added)
  int64_t revision = 0;

  /// `prev` with resourceVersion = `revision`: the object of a DELETED
  /// event (a deletion, or an object leaving a watcher's selectors). Made
  /// on first need, then shared by every watcher and replay.
  const std::shared_ptr<const google::protobuf::Message>& prev_at_revision() const;

private:
  mutable std::shared_ptr<const google::protobuf::Message> prev_at_revision_;
};

/// The bounded window of recent events that watches resume from (the
/// cyclic buffer of Kubernetes' watchCache). Tracks the oldest revision a
/// watch may start after: every event with a larger revision is still
/// here.
class event_window {
public:
  explicit event_window(size_t capacity) : capacity_(capacity) {}

  /// Empties the window after a relist at `revision`: watches may resume
  /// from `revision` on.
  void reset(int64_t revision);

  /// Appends (revisions never decrease); evicts the oldest event when
  /// full, raising oldest_resumable() to its revision.
  void push(window_event event);

  /// The smallest N a watch may resume after ("resourceVersion=N").
  int64_t oldest_resumable() const noexcept { return floor_; }

  /// Index of the first event with revision > `revision` (size() if none).
  size_t first_after(int64_t revision) const;

  size_t size() const noexcept { return events_.size(); }
  size_t capacity() const noexcept { return capacity_; }
  const window_event& operator[](size_t i) const { return events_[i]; }

private:
  std::deque<window_event> events_;
  size_t capacity_;
  int64_t floor_ = 0;
};

} // namespace convoy::apiserver
