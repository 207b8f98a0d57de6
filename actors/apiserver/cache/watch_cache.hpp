#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/repeated_ptr_field.h>

#include "actors/apiserver/cache/cache_lister.hpp"
#include "actors/apiserver/cache/event_window.hpp"
#include "actors/apiserver/cache/object_store.hpp"
#include "actors/apiserver/cache/watch_event.hpp"
#include "actors/apiserver/cache/watcher_index.hpp"
#include "store/store.pb.h"

namespace convoy::codec {
struct resource_info;
} // namespace convoy::codec

namespace convoy::apiserver {

/// Tuning of one watch cache.
struct watch_cache_options {
  /// Events kept for watches resuming from a resourceVersion (Kubernetes
  /// starts at 100 and grows its window under load; a fixed 1,000 covers
  /// the same minutes of history for a busy resource).
  size_t window_capacity = 1000;
  /// Events a watch may have handed out and not acknowledged before it is
  /// closed with 429 (Kubernetes closes watchers whose buffer stays full);
  /// 0 = no limit. Initial and replayed events do not count.
  size_t max_pending_events = 1000;
  /// Selectable fields to index objects by, for lists and initial watch
  /// events (Kubernetes indexes pods by spec.nodeName); fields the kind
  /// lacks are ignored.
  std::vector<std::string> index_fields = {"spec.nodeName"};
};

/// One object of an initial list or relist: a store key-value.
struct stored_kv {
  std::string key;
  std::string value; ///< protobuf-serialized API object
  int64_t mod_revision = 0;
};

/// What replace/apply did, and the events each concerned watch gets.
struct apply_result {
  /// One entry per watch with events, in the order they were first
  /// concerned; a terminated watch's last event is its ERROR.
  std::vector<watch_delivery> deliveries;
  size_t applied = 0; ///< store events that changed the cache
  size_t stale = 0;   ///< events at or below the cache revision (replays), ignored
  size_t skipped = 0; ///< undecodable values, keys outside the resource
  /// Why each skipped event or refused call was skipped, for the log.
  std::vector<std::string> errors;
};

/// How add_watch went. On error nothing was registered.
struct watch_start {
  std::optional<api::Status> error;
  /// Initial ADDED events (no resourceVersion) or the replayed window
  /// events (resourceVersion N), to send before anything apply returns.
  std::vector<watch_event> events;
  /// The watch delivers changes after this revision.
  int64_t start_revision = 0;
  /// start_revision is ahead of the cache: nothing comes until the cache
  /// gets there (the actor may give up after a while with
  /// cache_status::too_large and remove the watch).
  bool waiting = false;
};

/// Counters since construction.
struct watch_cache_stats {
  uint64_t events_applied = 0;
  uint64_t events_stale = 0;
  uint64_t events_skipped = 0;
  /// (watcher, event) pairs whose scope and selectors were evaluated: with
  /// triggers, about one per event per interested watcher, not per watcher.
  uint64_t watcher_checks = 0;
  uint64_t events_delivered = 0;
  uint64_t watchers_terminated = 0;
  uint64_t relists = 0;
};

/// The apiserver's watch cache for one resource (Kubernetes' Cacher +
/// watchCache, without goroutines or the store): fed by one store watch,
/// it keeps the current objects decoded once and shared, answers lists
/// consistently at one revision, and fans each change out to many watches
/// filtered by namespace, label and field selectors. Watches resume from a
/// resourceVersion within a bounded window of recent events (older: 410
/// Expired), get bookmarks, and are closed when their client falls too far
/// behind.
///
/// Pure: the apiserver actor feeds it store events (replace, apply,
/// advance), asks it questions (list, add_watch) and sends what it returns.
/// Several apiserver replicas each keep their own cache; revisions are the
/// store's, so a watch may resume on any replica whose window reaches back.
class watch_cache {
public:
  // -- construction ----------------------------------------------------------

  /// `resource` must outlive the cache (the registry's entries do) and
  /// have an ObjectMeta `metadata` (std::invalid_argument otherwise).
  explicit watch_cache(const codec::resource_info& resource, watch_cache_options options = {});

  /// Movable (the actor may keep caches in a container); watches and
  /// shared objects survive the move.
  watch_cache(watch_cache&&) = default;
  watch_cache(const watch_cache&) = delete;
  watch_cache& operator=(const watch_cache&) = delete;
  watch_cache& operator=(watch_cache&&) = delete;

  // -- feeding ---------------------------------------------------------------

  /// The store's objects under the resource's prefix at `revision` (the
  /// initial list, or a relist after the store watch failed). Watches in
  /// progress get the difference to the previous state as events at
  /// `revision` (Kubernetes closes them all instead, and every client
  /// relists); a watch still waiting for a revision the relist skips gets
  /// 410. The window restarts at `revision` (older resumes: 410). Refused
  /// (reported in `errors`) if `revision` is older than the cache.
  apply_result replace(const std::vector<stored_kv>& objects, int64_t revision);

  /// Store watch events of one or more complete revisions, in order.
  /// Events at or below the cache revision are ignored (so a resumed store
  /// watch may overlap), as is everything before the first replace.
  apply_result apply(const std::vector<store::Event>& events);
  apply_result apply(const google::protobuf::RepeatedPtrField<store::Event>& events);

  /// The store has nothing for this resource up to `revision` (a progress
  /// notification): later bookmarks and lists carry it.
  void advance(int64_t revision);

  // -- reading ---------------------------------------------------------------

  /// A page of the objects of namespace `ns` ("" = all) passing the
  /// selectors (field selector bound to this kind), sorted by key; see
  /// cache_lister.
  list_result list(std::string_view ns, const label_selector& labels,
                   const field_selector& fields, int64_t limit = 0,
                   std::string_view continue_token = {}) const;

  /// The current object `ns`/`name` (ns ignored for cluster-scoped
  /// kinds), or nullptr.
  std::shared_ptr<const google::protobuf::Message> get(std::string_view ns,
                                                       std::string_view name) const;

  // -- watching --------------------------------------------------------------

  /// Registers watch `id` (unique among this cache's watches) on namespace
  /// `ns` ("" = all). resource_version "" or "0": starts with ADDED events
  /// for every matching object, then changes; "N": changes after N,
  /// replayed from the window (N older than oldest_resumable_revision():
  /// 410 "too old resource version"; N ahead of the cache: waits).
  watch_start add_watch(int64_t id, std::string_view ns, label_selector labels,
                        field_selector fields, std::string_view resource_version,
                        bool allow_bookmarks);

  /// Forgets watch `id`; false if unknown.
  bool remove_watch(int64_t id);

  /// The watch's client took `events` more events (flow control): only
  /// unacknowledged events count against max_pending_events. An actor
  /// without client acknowledgements acknowledges each delivery once sent.
  void acknowledge(int64_t id, size_t events);

  /// A BOOKMARK at the cache revision for every watch that allows them
  /// (and is not waiting for a later revision); call periodically. Each
  /// delivery holds one event; all share one object.
  std::vector<watch_delivery> bookmarks();

  // -- observing -------------------------------------------------------------

  /// Told every change of an object: its key and the object after it
  /// (nullptr: deleted).
  using observer =
    std::function<void(const std::string& key, const google::protobuf::Message* object)>;

  /// Sets the one observer (what the apiserver derives from the cache, e.g.
  /// the node authorizer's graph) and tells it every object already cached.
  void observe(observer fn);

  // -- state -----------------------------------------------------------------

  /// Whether the first replace happened (before it, lists and watches get
  /// cache_status::not_ready).
  bool ready() const noexcept { return ready_; }
  int64_t revision() const noexcept { return revision_; }
  /// The smallest resourceVersion a watch may resume from.
  int64_t oldest_resumable_revision() const noexcept { return window_.oldest_resumable(); }
  size_t size() const noexcept { return store_.size(); }
  size_t watch_count() const noexcept { return watchers_.size(); }
  const watch_cache_stats& stats() const noexcept { return stats_; }
  const codec::resource_info& resource() const noexcept { return resource_; }

private:
  void notify(const window_event& e) const;

  template <class Events>
  apply_result apply_events(const Events& events);
  void apply_one(const store::Event& event, apply_result& result);

  /// Decodes a stored value and stamps its resourceVersion; nullopt (and
  /// `error` set) if it does not parse.
  std::optional<cached_object> decode(std::string_view key, std::string_view value,
                                      int64_t mod_revision, std::string& error) const;

  /// The namespace part of a key of this resource; nullopt for a key that
  /// is not one.
  std::optional<std::string_view> key_namespace(std::string_view key) const;

  /// What `e` means to `w` (Kubernetes' convertToWatchEvent), if anything.
  static std::optional<watch_event> convert(const window_event& e, const cache_watcher& w);

  void dispatch(const window_event& e);
  void deliver(cache_watcher& w, watch_event event);
  /// Replaces what `w` would get from this call by one ERROR; ends it.
  void deliver_error(cache_watcher& w, api::Status status, int64_t revision);
  /// Moves gathered events into `result`; forgets terminated watches.
  void finish(std::vector<watch_delivery>& deliveries);

  cache_lister lister() const { return cache_lister{resource_, store_, window_}; }

  std::vector<window_event> relist_diff(const std::vector<stored_kv>& objects,
                                        int64_t revision, apply_result& result);

  const codec::resource_info& resource_;
  watch_cache_options options_;
  object_store store_;
  event_window window_;
  watcher_index index_;
  /// By id: deterministic order for bookmarks.
  std::map<int64_t, std::unique_ptr<cache_watcher>> watchers_;
  std::vector<cache_watcher*> touched_;
  int64_t revision_ = 0;
  bool ready_ = false;
  watch_cache_stats stats_;
  observer observer_;
};

} // namespace convoy::apiserver
