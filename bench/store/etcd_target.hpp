#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "child.hpp"
#include "target.hpp"

namespace convoy::bench {

/// `members` real etcd processes (http on 127.0.0.1) with data dirs under
/// `root`, driven over gRPC with convoy's store messages (etcd_kv.proto):
/// the same workload the convoy target gets.
class etcd_target : public target {
public:
  /// Starts the members and waits for a leader; throws when they do not
  /// come up.
  etcd_target(const std::string& etcd_binary, const std::filesystem::path& root, int members);
  ~etcd_target() override;

  std::string system() const override {
    return "etcd";
  }
  int replicas() const override {
    return static_cast<int>(procs_.size());
  }
  run_result run(const workload& w) override;

  /// The leader's client address, HOST:PORT (for etcdctl).
  std::string leader_endpoint() const;

private:
  struct stubs;

  size_t find_leader();

  std::vector<std::string> names_;
  std::vector<uint16_t> client_ports_;
  std::vector<std::unique_ptr<child>> procs_;
  size_t leader_ = 0;
  std::unique_ptr<stubs> stubs_;
};

} // namespace convoy::bench
