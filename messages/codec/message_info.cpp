#include "messages/codec/message_info.hpp"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace convoy::codec {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

constexpr std::string_view int_or_string_name = "convoy.api.IntOrString";
constexpr std::string_view timestamp_name = "google.protobuf.Timestamp";

/// Kubernetes resource.Quantity fields (core/v1 ResourceList and friends).
/// Everything else typed string rejects numbers, as Kubernetes does.
constexpr std::string_view quantity_fields[] = {
  "convoy.api.ResourceRequirements.limits",
  "convoy.api.ResourceRequirements.requests",
  "convoy.api.NodeStatus.capacity",
  "convoy.api.NodeStatus.allocatable",
  "convoy.api.PodSpec.overhead",
  "convoy.api.EmptyDirVolumeSource.size_limit",
  "convoy.api.ResourceFieldSelector.divisor",
};

/// Fields Kubernetes declares without omitempty whose zero value is a real
/// value (ready: false, restartCount: 0, replicas: 0, exitCode: 0) and which
/// clients require; "Type.*" means every field of Type. Every `*List.items`
/// is always emitted too (an empty list is `"items": []`), by rule below.
constexpr std::string_view always_emit_fields[] = {
  "convoy.api.ContainerStatus.name",
  "convoy.api.ContainerStatus.ready",
  "convoy.api.ContainerStatus.restart_count",
  "convoy.api.ContainerStatus.image",
  "convoy.api.ContainerStatus.image_id",
  "convoy.api.ContainerStateTerminated.exit_code",
  "convoy.api.NodeSystemInfo.*",
  "convoy.api.DaemonEndpoint.port",
  "convoy.api.ReplicationControllerStatus.replicas",
  "convoy.api.ReplicaSetStatus.replicas",
  "convoy.api.ScaleStatus.replicas",
  "convoy.api.ContainerPort.container_port",
  "convoy.api.ServicePort.port",
  "convoy.api.EndpointPort.port",
  "convoy.api.PolicyRule.verbs",
};

/// Kubernetes metav1.MicroTime fields (all other Timestamps are metav1.Time).
constexpr std::string_view micro_time_fields[] = {
  "convoy.api.LeaseSpec.acquire_time",
  "convoy.api.LeaseSpec.renew_time",
  "convoy.api.Event.event_time",
  "convoy.api.EventSeries.last_observed_time",
};

template <size_t N>
bool listed(const std::string_view (&table)[N], std::string_view name) {
  return std::find(std::begin(table), std::end(table), name) != std::end(table);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

uint8_t compute_flags(const FieldDescriptor* f) {
  uint8_t flags = 0;
  if (listed(quantity_fields, f->full_name()))
    flags |= message_info::quantity;
  if (listed(micro_time_fields, f->full_name()))
    flags |= message_info::micro_time;
  const auto& owner = f->containing_type()->full_name();
  std::string wildcard = owner + ".*";
  if (listed(always_emit_fields, f->full_name()) || listed(always_emit_fields, wildcard))
    flags |= message_info::always_emit;
  if (f->name() == "items" && f->is_repeated() && ends_with(owner, "List"))
    flags |= message_info::always_emit;
  return flags;
}

struct cache {
  std::shared_mutex mtx;
  std::unordered_map<const Descriptor*, std::unique_ptr<message_info>> infos;
};

cache& the_cache() {
  static cache instance;
  return instance;
}

} // namespace

message_info::message_info(const Descriptor* type) {
  const auto& name = type->full_name();
  if (name == timestamp_name) {
    special_ = special_kind::timestamp;
    special_fields_[0] = type->FindFieldByName("seconds");
    special_fields_[1] = type->FindFieldByName("nanos");
  } else if (name == int_or_string_name) {
    special_ = special_kind::int_or_string;
    special_fields_[0] = type->FindFieldByName("type");
    special_fields_[1] = type->FindFieldByName("int_val");
    special_fields_[2] = type->FindFieldByName("str_val");
  }
  by_json_.reserve(static_cast<size_t>(type->field_count()));
  flags_.resize(static_cast<size_t>(type->field_count()));
  for (int i = 0; i < type->field_count(); ++i) {
    const auto* f = type->field(i);
    by_json_.emplace_back(f->json_name(), f);
    flags_[static_cast<size_t>(i)] = compute_flags(f);
  }
  std::sort(by_json_.begin(), by_json_.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
}

const message_info& message_info::of(const Descriptor* type) {
  auto& c = the_cache();
  {
    std::shared_lock<std::shared_mutex> guard{c.mtx};
    if (auto i = c.infos.find(type); i != c.infos.end())
      return *i->second;
  }
  auto fresh = std::make_unique<message_info>(type);
  std::unique_lock<std::shared_mutex> guard{c.mtx};
  auto& slot = c.infos[type];
  if (!slot)
    slot = std::move(fresh);
  return *slot;
}

std::vector<std::string> message_info::unresolved_table_entries() {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  std::vector<std::string> missing;
  auto check = [&](std::string_view entry) {
    std::string name{entry};
    bool found = ends_with(name, ".*")
                   ? pool->FindMessageTypeByName(name.substr(0, name.size() - 2)) != nullptr
                   : pool->FindFieldByName(name) != nullptr;
    if (!found)
      missing.push_back(std::move(name));
  };
  for (auto entry : quantity_fields)
    check(entry);
  for (auto entry : always_emit_fields)
    check(entry);
  for (auto entry : micro_time_fields)
    check(entry);
  return missing;
}

const FieldDescriptor* message_info::find_json(std::string_view name) const noexcept {
  auto i = std::lower_bound(by_json_.begin(), by_json_.end(), name,
                            [](const auto& entry, std::string_view key) { return entry.first < key; });
  return i != by_json_.end() && i->first == name ? i->second : nullptr;
}

uint8_t message_info::flags(const FieldDescriptor* field) const noexcept {
  auto index = static_cast<size_t>(field->index());
  return index < flags_.size() ? flags_[index] : 0;
}

} // namespace convoy::codec
