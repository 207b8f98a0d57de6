#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "actors/apiserver/cache/event_window.hpp"
#include "actors/apiserver/cache/object_filter.hpp"
#include "actors/apiserver/selectors/field_accessors.hpp"

namespace convoy::apiserver {

/// One watch as the cache keeps it (Kubernetes' cacheWatcher without the
/// goroutine): its scope and selectors, where it resumes, how far its
/// client is behind, and the events gathered for it by the current call.
struct cache_watcher {
  int64_t id = 0;
  std::string ns; ///< "" = every namespace
  label_selector labels;
  field_selector fields;
  bool allow_bookmarks = false;
  /// Only events with a larger revision are delivered (the watch's
  /// resourceVersion, or the cache revision it started at).
  int64_t after_revision = 0;
  /// Events handed out and not yet acknowledged by the actor.
  size_t unacknowledged = 0;

  // -- state of the call in progress -----------------------------------------
  std::vector<watch_event> out;
  bool touched = false;
  bool terminated = false;

  // -- placement in the watcher_index ----------------------------------------
  int field_index = -1; ///< -1: a namespace bucket, else the trigger field's index
  std::string bucket_key;
  size_t slot = 0;

  /// Scope and selectors (Kubernetes' filter on key + labels + fields).
  bool sees(const cached_object& object, std::string_view key_ns) const {
    return (ns.empty() || ns == key_ns) && selects(labels, fields, object);
  }
};

/// Finds the watchers an event may concern without looking at the others
/// (Kubernetes' cacher "triggers"). A watch whose field selector pins a
/// selectable field to a value (spec.nodeName=N: a kubelet's pods;
/// metadata.name=N: a kubelet's own Node) is filed under that value; every
/// other watch under its namespace ("" = all namespaces). An event then
/// visits the watchers of its namespace, of all namespaces, and, per
/// trigger field in use, those filed under the field's value in the new
/// and the old object; with 1,000 kubelets a pod event reaches one.
class watcher_index {
public:
  explicit watcher_index(const field_table* table) : table_(table) {}

  watcher_index(watcher_index&&) = default;
  watcher_index(const watcher_index&) = delete;
  watcher_index& operator=(const watcher_index&) = delete;

  /// Files `w` (which must stay at its address until erase()).
  void insert(cache_watcher& w);
  void erase(cache_watcher& w);

  /// Calls `fn(cache_watcher&)` once for every watcher `event` may
  /// concern. `fn` must not insert or erase watchers.
  template <class F>
  void for_each_candidate(const window_event& event, F&& fn);

  /// Trigger fields in use (for tests and metrics).
  size_t trigger_fields() const noexcept { return fields_.size(); }

private:
  using bucket = std::vector<cache_watcher*>;

  struct trigger {
    std::string field;
    const field_accessor* accessor = nullptr;
    std::unordered_map<std::string, bucket> by_value;
  };

  /// The term `w` is filed under: index into w.fields.terms(), or -1.
  static int trigger_term(const cache_watcher& w);
  bucket& bucket_of(cache_watcher& w);

  template <class F>
  void visit(std::unordered_map<std::string, bucket>& buckets, const std::string& key, F& fn) {
    auto it = buckets.find(key);
    if (it != buckets.end())
      for (auto* w : it->second)
        fn(*w);
  }

  const field_table* table_;
  std::unordered_map<std::string, bucket> by_namespace_;
  std::vector<trigger> fields_;
  std::string key_;
  std::string new_value_;
  std::string old_value_;
  std::string scratch_;
};

template <class F>
void watcher_index::for_each_candidate(const window_event& event, F&& fn) {
  if (!by_namespace_.empty()) {
    key_.assign(event.ns);
    visit(by_namespace_, key_, fn);
    if (!event.ns.empty()) {
      key_.clear();
      visit(by_namespace_, key_, fn);
    }
  }
  for (auto& trig : fields_) {
    if (trig.by_value.empty())
      continue;
    // Each watcher sits in one bucket, so the new and the old value's
    // buckets are disjoint unless the values are equal.
    bool have_new = static_cast<bool>(event.object);
    if (have_new) {
      new_value_.assign(trig.accessor->get(*event.object.message, scratch_));
      visit(trig.by_value, new_value_, fn);
    }
    if (event.prev) {
      old_value_.assign(trig.accessor->get(*event.prev.message, scratch_));
      if (!have_new || old_value_ != new_value_)
        visit(trig.by_value, old_value_, fn);
    }
  }
}

} // namespace convoy::apiserver
