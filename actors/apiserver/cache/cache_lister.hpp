#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/apiserver/cache/event_window.hpp"
#include "actors/apiserver/cache/object_store.hpp"
#include "actors/apiserver/selectors/field_selector.hpp"
#include "actors/apiserver/selectors/label_selector.hpp"
#include "api/meta.pb.h"

namespace convoy::codec {
struct resource_info;
} // namespace convoy::codec

namespace convoy::apiserver {

/// One page of a list, consistent at `revision` (ListMeta.resourceVersion).
/// Exactly one of: `error` set; `wait_for_revision` set (the continue
/// token came from a cache that is ahead of this one: ask again once
/// revision() reaches it, or answer cache_status::too_large); or the page.
struct list_result {
  std::optional<api::Status> error;
  std::vector<std::shared_ptr<const google::protobuf::Message>> items;
  int64_t revision = 0;
  /// ListMeta.continue: empty on the last page.
  std::string continue_token;
  int64_t wait_for_revision = 0;
};

/// Answers lists from the cache's objects: sorted by key, paginated with
/// Kubernetes' continue tokens, consistent at one revision. A page after
/// the first is served at the token's revision even when the cache has
/// moved on, as long as the event window still reaches back there: the
/// state at revision R is the current state with every key changed after R
/// rolled back to its state before its first later event.
class cache_lister {
public:
  cache_lister(const codec::resource_info& resource, const object_store& store,
               const event_window& window)
    : resource_(resource), store_(store), window_(window) {}

  /// A page of at most `limit` objects (0 = all) of namespace `ns` (""
  /// = all) passing the selectors; `current` is the cache revision.
  list_result list(int64_t current, std::string_view ns, const label_selector& labels,
                   const field_selector& fields, int64_t limit,
                   std::string_view continue_text) const;

  /// ADDED events for every current object in scope passing the
  /// selectors, in key order: how a watch without resourceVersion starts.
  std::vector<watch_event> initial_events(std::string_view ns, const label_selector& labels,
                                          const field_selector& fields) const;

private:
  /// Calls fn(key, object, mod_revision) for current objects in
  /// [start, end of prefix) in key order, through a field index when the
  /// selector pins an indexed field; stops when fn returns false.
  template <class F>
  void scan_current(const std::string& prefix, const std::string& start,
                    const field_selector& fields, F&& fn) const;

  /// The same at an older revision still covered by the window.
  template <class F>
  void scan_at(int64_t revision, const std::string& prefix, const std::string& start,
               F&& fn) const;

  const object_store::key_set* pick_index(const field_selector& fields) const;

  const codec::resource_info& resource_;
  const object_store& store_;
  const event_window& window_;
};

} // namespace convoy::apiserver
