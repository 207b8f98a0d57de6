#include "actors/inspect/core/probe_registry.hpp"

namespace convoy::inspect {

std::shared_ptr<actor_probe> probe_registry::add(uint64_t id, const std::string& name,
                                                 const std::string& component,
                                                 std::any handle) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto restarts = starts_[component + "/" + name]++;
  auto probe = std::make_shared<actor_probe>(id, name, component, restarts, std::move(handle));
  probes_[id] = probe;
  return probe;
}

void probe_registry::remove(uint64_t id) {
  std::lock_guard<std::mutex> guard{mutex_};
  probes_.erase(id);
}

std::vector<std::shared_ptr<actor_probe>> probe_registry::probes() const {
  std::lock_guard<std::mutex> guard{mutex_};
  std::vector<std::shared_ptr<actor_probe>> out;
  out.reserve(probes_.size());
  for (const auto& [id, probe] : probes_)
    out.push_back(probe);
  return out;
}

std::shared_ptr<actor_probe> probe_registry::find(uint64_t id) const {
  std::lock_guard<std::mutex> guard{mutex_};
  auto i = probes_.find(id);
  return i == probes_.end() ? nullptr : i->second;
}

} // namespace convoy::inspect
