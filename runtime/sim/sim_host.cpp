#include "runtime/sim/sim_host.hpp"

#include "caf/send.hpp"

namespace convoy::sim {

sim_host::sim_host(std::string name, const system_settings& settings)
  : name_(std::move(name)) {
  auto s = settings;
  s.deterministic = true;
  s.network.simulated = true;
  configure_system(cfg_, s);
  system_ = std::make_unique<caf::actor_system>(cfg_);
  // A leaked actor must fail the test that leaked it, not hang teardown.
  system_->await_actors_before_shutdown(false);
  sched_ = &dynamic_cast<caf::scheduler::test_coordinator&>(system_->scheduler());
  mpx_ = &dynamic_cast<caf::io::network::test_multiplexer&>(
    system_->middleman().backend());
}

sim_host::~sim_host() {
  exit_all(caf::exit_reason::user_shutdown);
  tracked_.clear();
  sched_->run();
}

void sim_host::exit_all(caf::exit_reason reason) {
  for (auto& handle : tracked_)
    caf::anon_send_exit(handle, reason);
}

} // namespace convoy::sim
