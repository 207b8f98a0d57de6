#include "actors/common/wall_clock.hpp"

#include "caf/actor_system.hpp"
#include "caf/detail/test_actor_clock.hpp"

namespace convoy {

wall_clock::wall_clock(caf::actor_system& sys) : clock_(&sys.clock()) {
  if (dynamic_cast<const caf::detail::test_actor_clock*>(clock_) != nullptr) {
    anchor_wall_ = time_point{std::chrono::milliseconds{sim_epoch_ms}};
    anchor_steady_ = caf::actor_clock::time_point{};
  } else {
    anchor_wall_ = std::chrono::system_clock::now();
    anchor_steady_ = clock_->now();
  }
}

wall_clock::wall_clock(const caf::actor_clock& clock, time_point anchor_wall,
                       caf::actor_clock::time_point anchor_steady)
  : clock_(&clock), anchor_wall_(anchor_wall), anchor_steady_(anchor_steady) {
  // nop
}

wall_clock::time_point wall_clock::now() const {
  auto elapsed = clock_->now() - anchor_steady_;
  return anchor_wall_ + std::chrono::duration_cast<time_point::duration>(elapsed);
}

} // namespace convoy
