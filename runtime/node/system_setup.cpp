#include "runtime/node/system_setup.hpp"

#include <algorithm>
#include <thread>

#include "caf/actor_system_config.hpp"
#include "caf/atom.hpp"
#include "caf/timespan.hpp"

#include "messages/message_registry.hpp"

namespace convoy {

namespace {

/// After a short spin, an idle CAF 0.17 worker naps 50 us at a time (500
/// naps) before it waits on its condition variable. Each nap is a timer
/// wake-up, so the idle workers of every process on a host wake tens of
/// thousands of times a second, and a message that lands mid-nap waits for
/// the nap's end (50 us plus timer slack) on every actor-to-actor hop.
/// Without the naps an idle worker goes straight to its condition variable,
/// where an enqueue from outside wakes it at once. Work an actor hands to
/// another on the same worker stays queued there until an idle worker steals
/// it, which the condition variable's timeout paces: 1 ms, not CAF's 10 ms,
/// keeps parallel workloads spread over the cores.
void tune_idle_workers(caf::actor_system_config& cfg) {
  cfg.set("work-stealing.moderate-poll-attempts", size_t{0});
  cfg.set("work-stealing.relaxed-sleep-duration", caf::timespan{std::chrono::milliseconds{1}});
}

} // namespace

void configure_system(caf::actor_system_config& cfg, const system_settings& settings) {
  register_messages(cfg);
  net::configure_network(cfg, settings.network);
  // convoy logs through spdlog; CAF's own logger (if compiled in) stays quiet.
  cfg.set("logger.file-verbosity", caf::atom("quiet"));
  cfg.set("logger.console-verbosity", caf::atom("quiet"));
  if (settings.deterministic) {
    cfg.set("scheduler.policy", caf::atom("testing"));
  } else {
    // One worker per core, and two at least, so that a store replica in
    // fsync never holds the only one. Spare workers beyond the cores (there
    // were two) bought nothing once a ready's fsync became one WAL append:
    // their idle timeouts only took CPU from the busy ones (2 cores: store
    // puts +10-20 %, controllers +8 %, scheduler and inspect the same).
    auto cores = std::max(1u, std::thread::hardware_concurrency());
    cfg.set("scheduler.max-threads", size_t{std::max(2u, cores)});
    tune_idle_workers(cfg);
  }
  if (settings.customize)
    settings.customize(cfg);
}

} // namespace convoy
