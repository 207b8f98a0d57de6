#pragma once

#include <chrono>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace convoy::controllers {

/// Kubernetes' (UID-tracking) ControllerExpectations, pure: what a
/// controller has asked the apiserver to do and not yet seen in its watch.
/// A controller that just created 5 pods must not create 5 more because its
/// cache does not show them yet; it syncs the key only when every expected
/// create and delete was observed, or when the expectations are older than
/// the TTL (a lost event must not wedge the controller forever).
///
/// Deletions are tracked by the deleted object's key, so a pod that someone
/// else deletes does not count against what this controller waits for.
class expectations {
public:
  using duration = std::chrono::nanoseconds;

  /// Kubernetes' ExpectationsTimeout.
  static constexpr duration default_ttl = std::chrono::minutes{5};

  explicit expectations(duration ttl = default_ttl) : ttl_(ttl) {}

  /// The controller `key` is about to create `count` objects.
  void expect_creations(const std::string& key, int count, duration now);

  /// The controller `key` is about to delete the objects `deleted`.
  void expect_deletions(const std::string& key, const std::vector<std::string>& deleted,
                        duration now);

  /// One create was seen in the watch (or failed: nothing will be seen).
  void creation_observed(const std::string& key);

  /// `deleted` was seen gone (or the delete failed).
  void deletion_observed(const std::string& key, const std::string& deleted);

  /// Whether `key` may act again: nothing pending, or expired.
  bool satisfied(const std::string& key, duration now) const;

  /// Forgets `key` (the controller object itself is gone).
  void erase(const std::string& key);

  /// Pending creates of `key` (0 if none).
  int pending_creations(const std::string& key) const;

private:
  struct record {
    int adds = 0;
    std::unordered_set<std::string> deletes;
    duration since{0};
  };

  duration ttl_;
  std::unordered_map<std::string, record> records_;
};

} // namespace convoy::controllers
