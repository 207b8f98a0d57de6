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
  uint64_t busy_ns = 0;    ///< time spent handling messages (estimated from the sample)
  uint64_t mailbox = 0;    ///< messages waiting after the last one handled
  latency_histogram::counts latency{};  ///< processing times of the timed messages

  /// Messages that reached the actor: handled ones plus those still waiting.
  uint64_t received() const noexcept { return processed + mailbox; }
};

/// What the inspector knows about one running actor. The actor writes (one
/// thread at a time, as CAF runs an actor), the inspector reads from any
/// thread. The actor feeds it through a message_sampler, which times one
/// message in message_sampler::sample_every and writes here in batches.
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

  /// `handled` more messages were handled, leaving `mailbox` waiting.
  /// Actor thread only (message_sampler batches the calls).
  void record_handled(uint64_t handled, uint64_t mailbox) noexcept {
    bump(processed_, handled);
    mailbox_.store(mailbox, std::memory_order_relaxed);
  }

  /// One timed message took `ns`; it stands for `represents` messages (itself
  /// and the untimed ones before it), so busy time stays an unbiased estimate
  /// while percentiles come from the sample. Actor thread only.
  void record_timing(uint64_t ns, uint64_t represents) noexcept {
    bump(busy_ns_, ns * represents);
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
