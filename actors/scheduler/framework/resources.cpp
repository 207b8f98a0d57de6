#include "actors/scheduler/framework/resources.hpp"

#include <algorithm>

#include "messages/quantity.hpp"

namespace convoy::scheduler {

namespace {

int64_t parse_units(const std::string& text, bool milli) {
  auto q = quantity::parse(text);
  if (!q)
    return 0;
  return milli ? q->milli_value() : q->value();
}

/// The slot of `name` in the sorted scalar list, inserted as 0 if absent.
int64_t& scalar_slot(std::vector<std::pair<std::string, int64_t>>& scalars,
                     const std::string& name) {
  auto it = std::lower_bound(scalars.begin(), scalars.end(), name,
                             [](const auto& entry, const std::string& key) {
                               return entry.first < key;
                             });
  if (it == scalars.end() || it->first != name)
    it = scalars.emplace(it, name, 0);
  return it->second;
}

resource_list container_requests(const api::Container& c, bool non_zero) {
  auto out = resource_list::from_map(c.resources().requests());
  if (non_zero) {
    const auto& req = c.resources().requests();
    if (req.find("cpu") == req.end())
      out.milli_cpu = default_milli_cpu_request;
    if (req.find("memory") == req.end())
      out.memory = default_memory_request;
  }
  return out;
}

/// Kubernetes' PodRequests: containers summed; sidecars (init containers
/// with restartPolicy Always) keep running, so they add to that sum and to
/// every later init container; the pod needs the larger of the running
/// total and the largest init step.
resource_list requests_of(const api::PodSpec& spec, bool non_zero) {
  resource_list sum;
  for (const auto& c : spec.containers())
    sum.add(container_requests(c, non_zero));
  resource_list sidecars;
  resource_list init_peak;
  for (const auto& c : spec.init_containers()) {
    auto step = container_requests(c, non_zero);
    if (c.has_restart_policy() && c.restart_policy() == "Always") {
      sum.add(step);
      sidecars.add(step);
      step = sidecars;
    } else {
      step.add(sidecars);
    }
    init_peak.max_with(step);
  }
  sum.max_with(init_peak);
  if (!spec.overhead().empty())
    sum.add(resource_list::from_map(spec.overhead()));
  return sum;
}

} // namespace

void resource_list::add(const resource_list& other, int sign) {
  milli_cpu += sign * other.milli_cpu;
  memory += sign * other.memory;
  ephemeral_storage += sign * other.ephemeral_storage;
  pods += sign * other.pods;
  for (const auto& [name, amount] : other.scalars)
    scalar_slot(scalars, name) += sign * amount;
}

void resource_list::max_with(const resource_list& other) {
  milli_cpu = std::max(milli_cpu, other.milli_cpu);
  memory = std::max(memory, other.memory);
  ephemeral_storage = std::max(ephemeral_storage, other.ephemeral_storage);
  pods = std::max(pods, other.pods);
  for (const auto& [name, amount] : other.scalars) {
    auto& slot = scalar_slot(scalars, name);
    slot = std::max(slot, amount);
  }
}

int64_t resource_list::scalar(const std::string& name) const {
  auto it = std::lower_bound(scalars.begin(), scalars.end(), name,
                             [](const auto& entry, const std::string& key) {
                               return entry.first < key;
                             });
  return it != scalars.end() && it->first == name ? it->second : 0;
}

resource_list
resource_list::from_map(const google::protobuf::Map<std::string, std::string>& map) {
  resource_list out;
  for (const auto& [name, text] : map) {
    if (name == "cpu")
      out.milli_cpu = parse_units(text, true);
    else if (name == "memory")
      out.memory = parse_units(text, false);
    else if (name == "ephemeral-storage")
      out.ephemeral_storage = parse_units(text, false);
    else if (name == "pods")
      out.pods = parse_units(text, false);
    else
      scalar_slot(out.scalars, name) = parse_units(text, false);
  }
  return out;
}

resource_list pod_requests(const api::PodSpec& spec) {
  return requests_of(spec, false);
}

resource_list pod_non_zero_requests(const api::PodSpec& spec) {
  return requests_of(spec, true);
}

} // namespace convoy::scheduler
