#pragma once

#include <cstdint>

#include "actors/inspect/core/actor_probe.hpp"

namespace convoy::inspect {

/// The actor-side half of a probe: which messages to time, and when to hand
/// the counts to the shared actor_probe. Lives inside the actor object
/// (plain fields), so an untimed message costs a decrement and two
/// increments, and the probe (another object, shared with the inspector's
/// thread) is written once per timed message or when the mailbox runs dry
/// instead of on every message (bench/inspect). Actor thread only; no
/// atomics, no clock.
class message_sampler {
public:
  /// One message in this many is timed (unless traced: then all are).
  static constexpr uint32_t sample_every = 32;

  /// Before each message: whether to time it.
  bool time_next() noexcept {
    ++since_timed_;
    if (--countdown_ != 0)
      return false;
    countdown_ = sample_every;
    return true;
  }

  /// After an untimed message, leaving `mailbox` waiting. Publishes when
  /// nothing waits, so an idle actor's counters are exact; returns whether
  /// it did.
  bool untimed_done(actor_probe& probe, uint64_t mailbox) noexcept {
    ++unpublished_;
    if (mailbox != 0)
      return false;
    publish(probe, mailbox);
    return true;
  }

  /// After a timed message that took `ns`, leaving `mailbox` waiting: it
  /// stands for itself and the untimed messages before it.
  void timed_done(actor_probe& probe, uint64_t ns, uint64_t mailbox) noexcept {
    probe.record_timing(ns, since_timed_ ? since_timed_ : 1);
    since_timed_ = 0;
    ++unpublished_;
    publish(probe, mailbox);
  }

private:
  void publish(actor_probe& probe, uint64_t mailbox) noexcept {
    probe.record_handled(unpublished_, mailbox);
    unpublished_ = 0;
  }

  /// Messages until the next timed one; the first message is timed, so an
  /// actor that handles few still shows times.
  uint32_t countdown_ = 1;
  /// Messages since the last timed one (the current one included once
  /// time_next() ran).
  uint32_t since_timed_ = 0;
  /// Messages handled but not yet added to the probe.
  uint64_t unpublished_ = 0;
};

} // namespace convoy::inspect
