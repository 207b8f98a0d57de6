#include "runtime/containers/stop_all.hpp"

#include <thread>

namespace convoy::containers {

namespace {

size_t count_live(container_runtime& runtime) {
  size_t n = 0;
  for (const auto& c : runtime.list())
    n += c.state == container_state::running || c.state == container_state::created;
  return n;
}

/// Signals every live container, then polls until none is live or `limit`.
void signal_and_wait(container_runtime& runtime, bool force, std::chrono::milliseconds limit) {
  for (const auto& c : runtime.list())
    if (c.state == container_state::running || c.state == container_state::created)
      runtime.stop(c.id, force);
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (count_live(runtime) > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
}

} // namespace

size_t stop_all(container_runtime& runtime, std::chrono::milliseconds grace) {
  auto live = count_live(runtime);
  if (live > 0) {
    signal_and_wait(runtime, false, grace);
    if (count_live(runtime) > 0)
      signal_and_wait(runtime, true, std::chrono::seconds{2});
  }
  for (const auto& c : runtime.list())
    runtime.remove(c.id);
  return live;
}

} // namespace convoy::containers
