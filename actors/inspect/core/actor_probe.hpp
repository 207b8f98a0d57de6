#pragma once

#include <any>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "actors/inspect/core/latency_histogram.hpp"
#include "actors/inspect/core/trace_session.hpp"

namespace convoy::inspect {

/// The counters of one actor at one moment.
struct probe_counters {
  uint64_t processed = 0;  ///< messages handled since the actor started
  uint64_t errors = 0;     ///< messages no handler matched, or whose handler threw
  uint64_t busy_ns = 0;    ///< total time spent handling messages
  uint64_t mailbox = 0;    ///< messages waiting after the last one handled
  latency_histogram::counts latency{};

  /// Messages that reached the actor: handled ones plus those still waiting.
  uint64_t received() const noexcept { return processed + mailbox; }
};

/// What the inspector knows about one running actor. The actor writes (one
/// thread at a time, as CAF runs an actor), the inspector reads from any
/// thread. Kept cheap on purpose: a handled message costs two clock reads and
/// four relaxed stores (measured in bench/inspect).
class actor_probe {
public:
  /// `handle` lets the inspector reach the actor (the shell stores a weak
  /// CAF handle; the core never looks inside).
  actor_probe(uint64_t id, std::string name, std::string component, uint64_t restarts,
              std::any handle = {});

  uint64_t id() const noexcept { return id_; }
  const std::string& name() const noexcept { return name_; }
  const std::string& component() const noexcept { return component_; }
  /// How often an actor of this name and component started before on this node.
  uint64_t restarts() const noexcept { return restarts_; }
  const std::any& handle() const noexcept { return handle_; }

  /// One message handled in `ns`, leaving `mailbox` waiting. Actor thread only.
  void record(uint64_t ns, uint64_t mailbox) noexcept {
    bump(processed_, 1);
    bump(busy_ns_, ns);
    mailbox_.store(mailbox, std::memory_order_relaxed);
    latency_.record(ns);
  }

  /// One message the actor could not handle. Actor thread only.
  void record_error() noexcept { bump(errors_, 1); }

  /// The counters as of now (any thread).
  probe_counters sample() const noexcept;

  /// Starts recording handled messages into `session` (any thread).
  void arm(std::shared_ptr<trace_session> session);
  /// Stops recording (any thread).
  void disarm();
  /// Cheap check the actor makes before every message.
  bool tracing() const noexcept { return tracing_.load(std::memory_order_relaxed); }
  /// The armed session, or null.
  std::shared_ptr<trace_session> session() const;

private:
  static void bump(std::atomic<uint64_t>& x, uint64_t by) noexcept {
    x.store(x.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
  }

  const uint64_t id_;
  const std::string name_;
  const std::string component_;
  const uint64_t restarts_;
  const std::any handle_;
  std::atomic<uint64_t> processed_{0};
  std::atomic<uint64_t> errors_{0};
  std::atomic<uint64_t> busy_ns_{0};
  std::atomic<uint64_t> mailbox_{0};
  latency_histogram latency_;
  std::atomic<bool> tracing_{false};
  mutable std::mutex session_mutex_;
  std::shared_ptr<trace_session> session_;
};

} // namespace convoy::inspect
