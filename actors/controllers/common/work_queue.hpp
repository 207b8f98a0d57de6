#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <unordered_set>

namespace convoy::controllers {

/// client-go's workqueue.Type, pure: a FIFO of keys where a key is queued at
/// most once (adding a queued key is a no-op) and is never handed out twice
/// at once (adding a key that is being processed marks it dirty; done()
/// queues it again). This is what makes a controller level-triggered: many
/// events for one object collapse into one sync of its latest state.
class work_queue {
public:
  /// Queues `key` unless it is already queued.
  void add(const std::string& key);

  /// The next key that is not being processed, now marked processing.
  std::optional<std::string> pop();

  /// Processing of `key` finished; if it was added meanwhile it is queued
  /// again.
  void done(const std::string& key);

  /// Keys waiting (not counting those being processed).
  size_t size() const noexcept {
    return queue_.size();
  }

  size_t processing() const noexcept {
    return processing_.size();
  }

private:
  std::deque<std::string> queue_;
  /// Keys that need processing (queued, or added while processing).
  std::unordered_set<std::string> dirty_;
  std::unordered_set<std::string> processing_;
};

} // namespace convoy::controllers
