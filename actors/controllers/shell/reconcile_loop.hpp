#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "actors/common/rate_meter.hpp"
#include "actors/controllers/common/requeue_limiter.hpp"
#include "actors/controllers/common/work_queue.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "controllers/controllers.pb.h"
#include "messages/atoms.hpp"

namespace convoy::controllers {

/// The actor half of a level-triggered controller: watch handlers call
/// add(key); the loop hands each key to `sync` (at most `workers` syncs in
/// flight, never two of one key), and requeues a key whose sync reported an
/// error after the requeue limiter's back-off. Syncs are asynchronous (they
/// talk to the apiserver): `sync` gets a `done` callback to call once.
///
/// It lives inside one actor: the actor forwards `requeue_atom, key` to
/// add(). Nothing runs before start() (the informers have synced).
template <class Self>
class reconcile_loop {
public:
  using duration = std::chrono::nanoseconds;
  using done_fn = std::function<void(const std::string& error)>;
  using sync_fn = std::function<void(const std::string& key, done_fn done)>;

  reconcile_loop(Self* self, std::string name, size_t workers, std::shared_ptr<spdlog::logger> log,
                 sync_fn sync)
      : self_(self)
      , name_(std::move(name))
      , workers_(workers)
      , log_(std::move(log))
      , sync_(std::move(sync)) {
    inspect::expose_summary(self, [this] { return status(); });
  }

  void add(const std::string& key) {
    queue_.add(key);
    pump();
  }

  /// add(key) after `delay` (a timer, not a sleep).
  void add_after(const std::string& key, duration delay) {
    self_->delayed_send(self_, std::chrono::duration_cast<caf::timespan>(delay),
                        requeue_atom::value, key);
  }

  void start() {
    started_ = true;
    pump();
  }

  bool started() const noexcept {
    return started_;
  }

  /// Objects written by syncs (for the status).
  void count_writes(int64_t n) {
    writes_ += n;
  }

  ControllerStatus status() const {
    ControllerStatus st;
    st.set_name(name_);
    st.set_queue_depth(static_cast<int64_t>(queue_.size()));
    st.set_in_flight(static_cast<int64_t>(in_flight_));
    st.set_syncs(syncs_);
    st.set_sync_errors(errors_);
    st.set_synced(started_);
    st.set_writes(writes_);
    st.set_syncs_per_second(sync_rate_.per_second(now()));
    return st;
  }

private:
  duration now() const {
    return std::chrono::duration_cast<duration>(self_->clock().now().time_since_epoch());
  }

  /// Starts syncs while workers are free. A sync that finishes at once
  /// re-enters through done(); the flag keeps that from recursing.
  void pump() {
    if (!started_ || pumping_)
      return;
    pumping_ = true;
    while (in_flight_ < workers_) {
      auto key = queue_.pop();
      if (!key)
        break;
      ++in_flight_;
      ++syncs_;
      sync_(*key, [this, key = *key, called = false](const std::string& error) mutable {
        if (called)
          return;
        called = true;
        finished(key, error);
      });
    }
    pumping_ = false;
  }

  void finished(const std::string& key, const std::string& error) {
    --in_flight_;
    sync_rate_.add(now());
    if (error.empty()) {
      limiter_.forget(key);
    } else {
      ++errors_;
      auto delay = limiter_.when(key, now());
      log_->warn("{}: syncing {} failed (retry {} in {} ms): {}", name_, key,
                 limiter_.requeues(key),
                 std::chrono::duration_cast<std::chrono::milliseconds>(delay).count(), error);
      add_after(key, delay);
    }
    queue_.done(key);
    pump();
  }

  Self* self_;
  std::string name_;
  size_t workers_;
  std::shared_ptr<spdlog::logger> log_;
  sync_fn sync_;
  work_queue queue_;
  requeue_limiter limiter_;
  size_t in_flight_ = 0;
  bool started_ = false;
  bool pumping_ = false;
  int64_t syncs_ = 0;
  int64_t errors_ = 0;
  int64_t writes_ = 0;
  /// Finished syncs (failed ones too), by the actor clock.
  rate_meter sync_rate_;
};

} // namespace convoy::controllers
