#pragma once

#include <any>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "actors/inspect/core/actor_probe.hpp"

namespace convoy::inspect {

/// The probes of every inspected actor of one actor system: what the node's
/// inspector lists. Thread-safe; actors add themselves when they start and
/// leave when they terminate.
class probe_registry {
public:
  /// Adds the probe of a starting actor; a name seen before on this registry
  /// counts as a restart.
  std::shared_ptr<actor_probe> add(uint64_t id, const std::string& name,
                                   const std::string& component, std::any handle = {});

  /// The actor terminated.
  void remove(uint64_t id);

  /// Every live probe, by actor id.
  std::vector<std::shared_ptr<actor_probe>> probes() const;

  /// The probe of actor `id`, or null.
  std::shared_ptr<actor_probe> find(uint64_t id) const;

  /// Whether newly spawned actors get a probe (on by default; off measures the
  /// cost of inspection, see bench/inspect).
  bool enabled() const noexcept { return enabled_.load(std::memory_order_relaxed); }
  void set_enabled(bool on) noexcept { enabled_.store(on, std::memory_order_relaxed); }

private:
  std::atomic<bool> enabled_{true};
  mutable std::mutex mutex_;
  std::map<uint64_t, std::shared_ptr<actor_probe>> probes_;
  std::map<std::string, uint64_t> starts_;
};

} // namespace convoy::inspect
