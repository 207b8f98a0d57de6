#pragma once

// Boost.Test fixtures over convoy's deterministic simulation
// (runtime/sim): virtual time, seeded scheduling, simulated network.

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include <boost/test/unit_test.hpp>

#include "caf/event_based_actor.hpp"
#include "caf/expected.hpp"

#include "runtime/sim/sim_network.hpp"

namespace convoy::test {

/// The seed of a deterministic test: $CONVOY_SEED if set (to replay a
/// failure), else `fallback`.
inline uint64_t test_seed(uint64_t fallback) {
  if (const char* env = std::getenv("CONVOY_SEED"))
    return std::strtoull(env, nullptr, 10);
  return fallback;
}

/// Several simulated hosts; checks on teardown that no actor outlived the test.
struct sim_fixture {
  explicit sim_fixture(uint64_t seed = test_seed(42)) : net(seed) {
    BOOST_TEST_MESSAGE("SEED=" << net.seed() << " (replay with CONVOY_SEED=" << net.seed()
                               << ")");
  }

  ~sim_fixture() {
    BOOST_CHECK_MESSAGE(net.shutdown() == 0,
                        "actors outlived the test (SEED=" << net.seed() << ")");
  }

  /// Sends `request` to `to` from a short-lived actor on `from` and runs the
  /// simulation (virtual time included) until the answer or `budget` passes.
  /// Returns nothing if no answer came within the budget.
  template <class Response, class Handle, class Request>
  std::optional<caf::expected<Response>>
  ask(sim::sim_host& from, Handle to, Request request,
      caf::timespan budget = std::chrono::seconds{30}) {
    auto slot = std::make_shared<std::optional<caf::expected<Response>>>();
    from.system().spawn([=](caf::event_based_actor* self) {
      self->request(to, budget, std::move(request))
        .then([=](Response& answer) { *slot = std::move(answer); },
              [=](caf::error& err) { *slot = caf::expected<Response>{std::move(err)}; });
    });
    net.run_until([&] { return slot->has_value(); }, budget);
    return *slot;
  }

  sim::sim_network net;
};

/// One actor system on CAF's test coordinator: virtual time, manual runs.
struct deterministic_fixture : sim_fixture {
  deterministic_fixture() : host(net.add_host("test")) {
    // nop
  }

  /// Runs every pending message; fires no timers.
  size_t run() {
    return net.run();
  }

  /// Advances virtual time by `d`, then runs what became due.
  void advance(caf::timespan d) {
    net.advance_time(d);
    net.run();
  }

  sim::sim_host& host;
};

} // namespace convoy::test
