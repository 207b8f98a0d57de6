#include "actors/inspect/core/actor_probe.hpp"

namespace convoy::inspect {

actor_probe::actor_probe(uint64_t id, std::string name, std::string component,
                         uint64_t restarts, std::any handle)
  : id_(id),
    name_(std::move(name)),
    component_(std::move(component)),
    restarts_(restarts),
    handle_(std::move(handle)) {}

probe_counters actor_probe::sample() const noexcept {
  probe_counters out;
  out.processed = processed_.load(std::memory_order_relaxed);
  out.errors = errors_.load(std::memory_order_relaxed);
  out.busy_ns = busy_ns_.load(std::memory_order_relaxed);
  out.mailbox = mailbox_.load(std::memory_order_relaxed);
  out.latency = latency_.snapshot();
  return out;
}

void actor_probe::arm(std::shared_ptr<trace_session> session) {
  std::lock_guard<std::mutex> guard{session_mutex_};
  session_ = std::move(session);
  tracing_.store(session_ != nullptr, std::memory_order_relaxed);
}

void actor_probe::disarm() {
  arm(nullptr);
}

std::shared_ptr<trace_session> actor_probe::session() const {
  std::lock_guard<std::mutex> guard{session_mutex_};
  return session_;
}

} // namespace convoy::inspect
