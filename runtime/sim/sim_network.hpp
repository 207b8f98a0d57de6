#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "caf/io/connection_handle.hpp"
#include "caf/io/accept_handle.hpp"
#include "caf/timespan.hpp"

#include "runtime/sim/sim_host.hpp"

namespace convoy::sim {

/// Several simulated hosts in one process, joined by CAF's test multiplexer,
/// under one virtual clock and one seed.
///
/// Every random choice (which host runs next, which actor of it, which
/// network event) comes from the seed, so a seed replays a run exactly; the
/// trace hash proves it. Faults: cut/heal a link, stall/resume a host,
/// crash a host (all its actors exit, its links drop).
///
/// Connectivity is standing, as on a real network: while a link is up, a
/// host can (re)connect to any port the other host listens on, any number of
/// times; while it is cut, connects fail with "cannot connect to node".
class sim_network {
public:
  explicit sim_network(uint64_t seed, system_settings settings = {});
  ~sim_network();

  sim_network(const sim_network&) = delete;
  sim_network& operator=(const sim_network&) = delete;

  uint64_t seed() const {
    return seed_;
  }

  // -- hosts --------------------------------------------------------------------

  /// Adds a host linked to every existing host (the host name doubles as its
  /// network address: "NAME:PORT"). `customize` gets the last word on its
  /// CAF config (e.g. a test registering extra message types).
  sim_host& add_host(const std::string& name,
                     std::function<void(caf::actor_system_config&)> customize = {});
  sim_host& host(const std::string& name);

  /// Opens `port` on `h` so a component there can publish on it.
  void listen(sim_host& h, uint16_t port);

  /// Publishes `handle` on `h` at `port` (listen + CAF publish, synchronous).
  template <class Handle>
  void publish(sim_host& h, const Handle& handle, uint16_t port) {
    listen(h, port);
    h.sched().inline_next_enqueue();
    auto res = h.system().middleman().publish(handle, port);
    if (!res)
      throw std::runtime_error("sim: publish on " + h.name() + " failed");
  }

  /// Ends every tracked actor on every host and runs until idle. Returns how
  /// many actors are still running afterwards (a leak if not zero).
  size_t shutdown();

  // -- running ------------------------------------------------------------------

  /// Runs one randomly chosen event (an actor job, a network read or accept)
  /// of a host that is neither stalled nor crashed. False when all are idle.
  bool step();

  /// Runs until idle; fires no timers. Returns the number of events.
  size_t run();

  /// Advances every host's virtual clock by `d`, firing due timers.
  void advance_time(caf::timespan d);

  /// Virtual time elapsed since the start.
  caf::timespan now() const;

  /// Runs events and advances virtual time from timer to timer until `done`
  /// holds or `budget` of virtual time passed. Returns whether `done` held.
  bool run_until(const std::function<bool()>& done, caf::timespan budget);

  // -- faults -------------------------------------------------------------------

  void cut(sim_host& a, sim_host& b);
  void heal(sim_host& a, sim_host& b);
  void stall(sim_host& h) {
    h.stalled_ = true;
  }
  void resume(sim_host& h) {
    h.stalled_ = false;
  }
  /// Every actor of `h` is killed and its links drop; `h` never runs again.
  void crash(sim_host& h);

  // -- trace --------------------------------------------------------------------

  /// Folds `event` into the trace hash (components or tests may add events).
  void trace(std::string_view event);
  uint64_t trace_hash() const {
    return trace_hash_;
  }
  std::mt19937_64& rng() {
    return rng_;
  }

private:
  struct listener {
    sim_host* host;
    uint16_t port;
    caf::io::accept_handle acceptor;
  };

  struct connection {
    sim_host* server;
    caf::io::connection_handle server_hdl;
    sim_host* client;
    caf::io::connection_handle client_hdl;
    bool open;
  };

  enum class action : uint8_t { job, runnable, read, accept };

  bool try_action(sim_host& h, action a);
  bool run_random_job(sim_host& h);
  void replenish();
  void close(connection& c);
  std::optional<caf::timespan> next_timer() const;
  static std::pair<sim_host*, sim_host*> ordered(sim_host& a, sim_host& b);
  void fold(uint64_t value);
  std::string busiest() const;

  uint64_t seed_;
  system_settings settings_;
  std::mt19937_64 rng_;
  std::vector<std::unique_ptr<sim_host>> hosts_;
  std::vector<listener> listeners_;
  std::vector<connection> connections_;
  std::set<std::pair<sim_host*, sim_host*>> cut_links_;
  int64_t next_handle_ = 1;
  uint64_t trace_hash_ = 14695981039346656037ULL;
  std::vector<std::pair<size_t, action>> candidates_;
  /// Livelock diagnosis: the actor of the last job, and job counts per actor
  /// near the event limit.
  bool diagnose_ = false;
  std::string last_job_;
  std::map<std::string, size_t> busy_;
};

} // namespace convoy::sim
