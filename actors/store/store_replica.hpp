#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "caf/fwd.hpp"

#include "actors/store/replica_engine.hpp"
#include "messages/store/store_actor.hpp"
#include "persistence/backend/kv_backend.hpp"

namespace convoy {

/// How to run one store replica.
struct store_replica_config {
  store::engine_config engine;
  /// The replica's storage. Production: an lmdb_backend in the data dir;
  /// simulation: a memory_backend the test keeps, so a "restart" finds it.
  std::shared_ptr<backend::kv_backend> storage;
  /// Where readies are made durable ahead of their storage txn (one
  /// fdatasync). Production: a file beside the LMDB environment; null: every
  /// ready waits for a durable storage commit.
  std::shared_ptr<store::write_ahead_log> wal;
  /// Name of the node hosting the replica (for logs).
  std::string node_name;
  /// Distinct on every start (request ids must not repeat across restarts).
  uint64_t nonce = 1;
  /// Raft time: one tick per interval (election after 10-20 ticks).
  std::chrono::milliseconds tick_interval{100};
  /// Watches that asked for progress notifications get one this often.
  std::chrono::milliseconds progress_interval{5000};
  /// Give up on forwarded requests and peer connects after this long.
  std::chrono::milliseconds request_timeout{5000};
  /// Run on a thread of its own, so fsync never stalls other actors. Off by
  /// default: CAF 0.17 can hang at shutdown on detached actors (fixed in
  /// 0.18); a ready blocks a worker for one WAL fdatasync only, and nodes
  /// run two workers at least (system_setup).
  bool detached = false;
};

/// Spawns a store replica: the etcd role (see store_actor for its API).
store_replica_actor spawn_store_replica(caf::actor_system& sys, store_replica_config cfg);

} // namespace convoy
