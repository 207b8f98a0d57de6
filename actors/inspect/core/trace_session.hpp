#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace convoy::inspect {

/// One message an armed actor handled while a trace ran.
struct trace_record {
  uint64_t at_ns = 0;          ///< steady clock when handling began
  uint64_t actor_id = 0;       ///< the actor that handled it
  uint64_t sender_id = 0;      ///< 0 when anonymous
  bool sender_local = true;    ///< sender lives in the same actor system
  std::string sender_node;     ///< the sender's node id when not local
  std::string message;         ///< the message as text, cut to max_message_chars
  uint64_t processing_ns = 0;  ///< time spent in the handler
  uint64_t mailbox = 0;        ///< messages still waiting afterwards
};

/// A bounded trace shared by the actors it arms: it keeps at most `count`
/// records whose text contains `filter` (all when empty) and then refuses
/// more, so a trace can never grow without bound or outlive its budget.
/// Thread-safe: armed actors on any worker thread add to it.
class trace_session {
public:
  static constexpr size_t max_message_chars = 240;

  trace_session(size_t count, std::string filter);

  /// Whether a message with this text belongs in the trace.
  bool wants(std::string_view text) const noexcept;

  /// Keeps `r` if the budget allows; false once the budget is spent.
  bool add(trace_record r);

  /// The budget is spent: no more records are kept.
  bool full() const noexcept { return full_.load(std::memory_order_acquire); }

  /// Records refused because the budget was spent.
  uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

  /// The records kept so far, in arrival order; leaves the session empty.
  std::vector<trace_record> take();

  const std::string& filter() const noexcept { return filter_; }
  size_t count() const noexcept { return count_; }

private:
  const size_t count_;
  const std::string filter_;
  std::atomic<bool> full_{false};
  std::atomic<uint64_t> dropped_{0};
  mutable std::mutex mutex_;
  std::vector<trace_record> records_;
  size_t kept_ = 0;
};

} // namespace convoy::inspect
