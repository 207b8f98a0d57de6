#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "actors/kubelet/prober/prober.hpp"

namespace convoy::kubelet {

/// Runs real probes (exec, tcpSocket, httpGet) on a few worker threads, so
/// a slow probe (up to its timeout) never blocks the kubelet actor. The
/// queue is bounded: when it is full a probe fails at once with "probe
/// queue full" rather than piling up behind slow ones.
class thread_prober : public prober {
public:
  explicit thread_prober(int threads = 2, size_t max_queue = 1024);
  ~thread_prober() override;

  thread_prober(const thread_prober&) = delete;
  thread_prober& operator=(const thread_prober&) = delete;

  void run(probe_request action, std::function<void(probe_outcome)> done) override;

  /// Runs one probe on the calling thread (the workers' body; tests).
  static probe_outcome execute(const probe_request& action);

private:
  struct job {
    probe_request action;
    std::function<void(probe_outcome)> done;
  };

  void work();

  std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<job> queue_;
  size_t max_queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

} // namespace convoy::kubelet
