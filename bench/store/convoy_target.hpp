#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "caf/fwd.hpp"

#include "child.hpp"
#include "messages/store/store_actor.hpp"
#include "target.hpp"

namespace convoy::bench {

/// `replicas` real `convoy node --roles store` processes on 127.0.0.1 with
/// data dirs under `root`, driven through convoy's store client (CAF over
/// BASP) from this process's actor system.
class convoy_target : public target {
public:
  /// Starts the replicas and waits for a leader; throws with the replicas'
  /// logs' location when they do not come up.
  convoy_target(caf::actor_system& sys, const std::string& convoy_binary,
                const std::filesystem::path& root, int replicas);
  ~convoy_target() override;

  std::string system() const override {
    return "convoy";
  }
  int replicas() const override {
    return static_cast<int>(procs_.size());
  }
  run_result run(const workload& w) override;

private:
  /// Index of the replica that leads, asking through a client to all.
  size_t find_leader();

  caf::actor_system& sys_;
  std::vector<std::string> names_;
  std::vector<uint16_t> ports_;
  std::vector<std::unique_ptr<child>> procs_;
  store_actor client_;
};

} // namespace convoy::bench
