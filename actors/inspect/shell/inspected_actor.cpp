#include <mutex>
#include <unordered_map>

#include "caf/node_id.hpp"

#include "actors/inspect/shell/inspected_actor.hpp"

namespace convoy::inspect {

probe_registry& registry_of(caf::actor_system& sys) {
  // Keyed by node id, not address: a test that builds actor systems one after
  // another must not inherit an earlier system's registry at the same address.
  static std::mutex mutex;
  static std::unordered_map<caf::node_id, std::unique_ptr<probe_registry>> registries;
  std::lock_guard<std::mutex> guard{mutex};
  auto& slot = registries[sys.node()];
  if (!slot) {
    slot = std::make_unique<probe_registry>();
    tick_clock::ns_per_tick(); // calibrate now, not on some actor's first message
  }
  return *slot;
}

traced_message describe_message(const caf::mailbox_element& x, const caf::node_id& here) {
  traced_message out;
  out.at_ns = steady_ns();
  out.text = caf::to_string(x.content());
  if (x.sender) {
    out.sender_id = x.sender->id();
    out.sender_local = x.sender->node() == here;
    if (!out.sender_local)
      out.sender_node = caf::to_string(x.sender->node());
  }
  return out;
}

void trace_message(actor_probe& probe, traced_message msg, uint64_t processing_ns,
                   uint64_t mailbox) {
  auto session = probe.session();
  if (!session || !session->wants(msg.text))
    return;
  trace_record r;
  r.at_ns = msg.at_ns;
  r.actor_id = probe.id();
  r.sender_id = msg.sender_id;
  r.sender_local = msg.sender_local;
  r.sender_node = std::move(msg.sender_node);
  r.message = std::move(msg.text);
  r.processing_ns = processing_ns;
  r.mailbox = mailbox;
  session->add(std::move(r));
}

double tick_clock::ns_per_tick() noexcept {
#ifdef CONVOY_TICK_CLOCK_TSC
  static const double ratio = [] {
    using steady = std::chrono::steady_clock;
    auto ticks0 = now();
    auto wall0 = steady::now();
    while (steady::now() - wall0 < std::chrono::milliseconds{2}) {
      // spin: a short, one-time calibration
    }
    auto ticks1 = now();
    auto wall = std::chrono::duration<double, std::nano>(steady::now() - wall0).count();
    return ticks1 > ticks0 ? wall / static_cast<double>(ticks1 - ticks0) : 1.0;
  }();
  return ratio;
#else
  using period = std::chrono::steady_clock::period;
  return 1e9 * static_cast<double>(period::num) / static_cast<double>(period::den);
#endif
}

} // namespace convoy::inspect
