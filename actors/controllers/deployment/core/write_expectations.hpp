#pragma once

// What a deployment's last sync wrote and its informers have not shown yet,
// pure. plan_sync computes one step of a rollout from the cached
// ReplicaSets; planning the next step from a cache that does not yet show
// the last one's writes could surge or scale down twice. So the shell
// records every write here (the resourceVersion the apiserver answered, or
// a deletion) and plans again only once the informers caught up — the
// role Kubernetes' ControllerExpectations play for the ReplicaSet
// controller, extended to updates. Deterministic ReplicaSet names plus
// AlreadyExists (what Kubernetes' deployment controller relies on alone)
// still guard creates should an expectation expire.
//
// Objects are named "resource:namespace/name"; resourceVersions compare as
// numbers (convoy's are store revisions, which only grow).

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace convoy::controllers::deployment {

class write_expectations {
public:
  using duration = std::chrono::nanoseconds;

  /// After this long without the awaited events the owner plans anyway (a
  /// relist that collapsed a create and a delete shows neither).
  static constexpr duration default_ttl = std::chrono::seconds{30};

  explicit write_expectations(duration ttl = default_ttl) : ttl_(ttl) {}

  /// `owner` wrote `object`, which the apiserver stored at
  /// `resource_version`; wait until the cache shows that version or later.
  void expect_version(const std::string& owner, const std::string& object,
                      int64_t resource_version, duration now);

  /// `owner` deleted `object`; wait until the cache drops it.
  void expect_gone(const std::string& owner, const std::string& object, duration now);

  /// The cache shows `object` at `resource_version`.
  void observed(const std::string& object, int64_t resource_version);

  /// The cache dropped `object`, or it is being deleted: nothing more of
  /// it will be seen, whatever was awaited.
  void observed_gone(const std::string& object);

  /// Whether `owner` may plan: nothing awaited, or the wait expired.
  bool satisfied(const std::string& owner, duration now) const;

  /// True the first time it is asked for the current wait of `owner`: the
  /// shell arms one safety timer per wait, not one per skipped sync.
  bool arm_timer(const std::string& owner);

  /// Forgets `owner` (it planned again, or the deployment is gone).
  void erase(const std::string& owner);

  /// Objects `owner` still waits for.
  size_t pending(const std::string& owner) const;

  duration ttl() const noexcept { return ttl_; }

private:
  /// resourceVersion awaited; gone_marker for a deletion.
  static constexpr int64_t gone_marker = -1;

  struct record {
    std::unordered_map<std::string, int64_t> awaited;
    duration since{0};
    bool armed = false;
  };

  void expect(const std::string& owner, const std::string& object, int64_t version,
              duration now);
  void drop(const std::string& object);

  duration ttl_;
  std::unordered_map<std::string, record> records_;
  /// object -> the owner waiting for it.
  std::unordered_map<std::string, std::string> waiter_;
};

} // namespace convoy::controllers::deployment
