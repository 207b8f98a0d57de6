#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>

#include <google/protobuf/message.h>

namespace convoy::kubelet {

/// The Secrets, ConfigMaps and ServiceAccounts the kubelet fetched by name
/// for its pods (Kubernetes' kubelet with the "Cache" change detection
/// strategy): the node authorizer lets a kubelet get exactly the objects
/// its pods use, never list or watch them all. An entry is served while a
/// fresh copy is fetched once it is older than the TTL, so a container
/// start never waits for a refresh, only for the first fetch. Pure: time is
/// a parameter.
class object_cache {
public:
  using object_ptr = std::shared_ptr<const google::protobuf::Message>;
  using clock_time = std::chrono::nanoseconds;

  /// `ttl`: age after which a use fetches again; `missing_ttl`: the same
  /// for an object that did not exist (shorter: a pod waiting for a Secret
  /// created after it starts soon after); `idle`: entries unused that long
  /// are dropped by evict_idle.
  object_cache(clock_time ttl, clock_time missing_ttl, clock_time idle)
      : ttl_(ttl)
      , missing_ttl_(missing_ttl)
      , idle_(idle) {}

  clock_time missing_ttl() const noexcept { return missing_ttl_; }

  /// "RESOURCE/NS/NAME".
  static std::string key(std::string_view resource, std::string_view ns, std::string_view name);

  /// Whether `key` was fetched at least once (its object may be nullptr:
  /// it did not exist then).
  bool known(const std::string& key) const;

  /// The object of `key` (nullptr: unknown or not found); marks it used.
  object_ptr get(const std::string& key, clock_time now);

  /// Whether the caller should fetch `key` now (never fetched or older
  /// than the TTL, and no fetch in flight); if so, a fetch is in flight
  /// from now on.
  bool start_fetch(const std::string& key, clock_time now);

  /// A fetch answered: `object`, or nullptr for NotFound.
  void fetched(const std::string& key, object_ptr object, clock_time now);

  /// A fetch failed (not NotFound): what was known stays, the next use
  /// fetches again.
  void failed(const std::string& key);

  /// Drops what no pod used for `idle`; how many.
  size_t evict_idle(clock_time now);

  size_t size() const noexcept { return entries_.size(); }

private:
  struct entry {
    object_ptr object;
    bool known = false;
    bool in_flight = false;
    clock_time fetched_at{0};
    clock_time used_at{0};
  };

  clock_time ttl_;
  clock_time missing_ttl_;
  clock_time idle_;
  std::unordered_map<std::string, entry> entries_;
};

} // namespace convoy::kubelet
