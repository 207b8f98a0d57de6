#pragma once

// Histories of operations recorded by concurrent clients, the input of the
// linearizability checker (checker.hpp).

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace convoy::checkers {

/// A point in a history. Only the order matters: virtual nanoseconds of the
/// simulation or the ticks of history_recorder's counter both do.
using time_ns = int64_t;

/// One operation as a client saw it: when it was invoked, when (if ever) the
/// answer came back, what was asked and what was answered.
template <class Input, class Output>
struct operation {
  /// Who issued it; only used in reports.
  int client = 0;

  /// When the client invoked it.
  time_ns call = 0;

  /// When the answer arrived. Empty: the outcome is unknown (timeout, crashed
  /// client) and the operation may have taken effect at any instant after
  /// `call`, or never.
  std::optional<time_ns> ret;

  Input input{};

  /// The answer; meaningless while `ret` is empty.
  Output output{};

  bool returned() const noexcept {
    return ret.has_value();
  }
};

template <class Input, class Output>
using history = std::vector<operation<Input, Output>>;

/// Builds a history while clients run: invoke() when a request is sent,
/// complete() when its answer arrives; operations never completed stay
/// pending (outcome unknown). Time is a private monotonic counter, so the
/// recorder needs no clock. Thread-safe, for tests whose clients are threads.
template <class Input, class Output>
class history_recorder {
public:
  /// Records the invocation; returns the id to pass to complete().
  size_t invoke(int client, Input input) {
    std::lock_guard<std::mutex> guard{mutex_};
    operation<Input, Output> op;
    op.client = client;
    op.call = ++clock_;
    op.input = std::move(input);
    ops_.push_back(std::move(op));
    return ops_.size() - 1;
  }

  /// Records the answer of operation `id` (at most once).
  void complete(size_t id, Output output) {
    std::lock_guard<std::mutex> guard{mutex_};
    auto& op = ops_.at(id);
    op.ret = ++clock_;
    op.output = std::move(output);
  }

  /// A copy of everything recorded so far.
  history<Input, Output> snapshot() const {
    std::lock_guard<std::mutex> guard{mutex_};
    return ops_;
  }

  size_t size() const {
    std::lock_guard<std::mutex> guard{mutex_};
    return ops_.size();
  }

private:
  mutable std::mutex mutex_;
  time_ns clock_ = 0;
  history<Input, Output> ops_;
};

} // namespace convoy::checkers
