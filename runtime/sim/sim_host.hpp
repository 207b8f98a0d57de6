#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "caf/actor.hpp"
#include "caf/actor_cast.hpp"
#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/exit_reason.hpp"
#include "caf/io/middleman.hpp"
#include "caf/io/network/test_multiplexer.hpp"
#include "caf/scheduler/test_coordinator.hpp"

#include "runtime/node/system_setup.hpp"

namespace convoy::sim {

/// One simulated host: its own actor system on CAF's test coordinator
/// (virtual time, manual scheduling) and test multiplexer (virtual network).
/// Production components run on it unchanged; sim_network drives it.
class sim_host {
public:
  sim_host(std::string name, const system_settings& settings);
  ~sim_host();

  sim_host(const sim_host&) = delete;
  sim_host& operator=(const sim_host&) = delete;

  const std::string& name() const {
    return name_;
  }
  caf::actor_system& system() {
    return *system_;
  }
  caf::scheduler::test_coordinator& sched() {
    return *sched_;
  }
  caf::io::network::test_multiplexer& mpx() {
    return *mpx_;
  }

  /// Remembers `handle` so crash() and teardown end it. Components that spawn
  /// helpers link them, so ending the tracked actors ends everything.
  template <class Handle>
  Handle track(Handle handle) {
    tracked_.push_back(caf::actor_cast<caf::actor>(handle));
    return handle;
  }

  /// Spawns on this host and tracks the new actor.
  template <class... Ts>
  auto spawn(Ts&&... xs) {
    return track(system_->spawn(std::forward<Ts>(xs)...));
  }

  /// Sends an exit message with `reason` to every tracked actor (they end
  /// when the host next runs).
  void exit_all(caf::exit_reason reason);

  /// Actors of this host still running (CAF's registry count).
  size_t running_actors() const {
    return system_->registry().running();
  }

  bool stalled() const {
    return stalled_;
  }
  bool crashed() const {
    return crashed_;
  }

private:
  friend class sim_network;

  std::string name_;
  caf::actor_system_config cfg_;
  std::unique_ptr<caf::actor_system> system_;
  caf::scheduler::test_coordinator* sched_;
  caf::io::network::test_multiplexer* mpx_;
  std::vector<caf::actor> tracked_;
  bool stalled_ = false;
  bool crashed_ = false;
};

} // namespace convoy::sim
