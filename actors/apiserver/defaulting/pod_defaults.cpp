#include "actors/apiserver/defaulting/pod_defaults.hpp"

#include <optional>

#include "messages/quantity.hpp"

namespace convoy::apiserver {

namespace {

constexpr int32_t default_file_mode = 0644;

template <class T>
using repeated = google::protobuf::RepeatedPtrField<T>;

void default_http_get(api::HTTPGetAction& http) {
  if (http.path().empty())
    http.set_path("/");
  if (http.scheme().empty())
    http.set_scheme("HTTP");
}

void default_probe(api::Probe& probe) {
  if (probe.timeout_seconds() == 0)
    probe.set_timeout_seconds(1);
  if (probe.period_seconds() == 0)
    probe.set_period_seconds(10);
  if (probe.success_threshold() == 0)
    probe.set_success_threshold(1);
  if (probe.failure_threshold() == 0)
    probe.set_failure_threshold(3);
  if (probe.has_http_get())
    default_http_get(*probe.mutable_http_get());
}

void default_lifecycle_handler(api::LifecycleHandler& handler) {
  if (handler.has_http_get())
    default_http_get(*handler.mutable_http_get());
}

void default_field_ref(api::ObjectFieldSelector& ref) {
  if (ref.api_version().empty())
    ref.set_api_version("v1");
}

void default_volume(api::Volume& vol) {
  bool has_source = vol.has_host_path() || vol.has_empty_dir() || vol.has_secret()
                    || vol.has_config_map() || vol.has_persistent_volume_claim()
                    || vol.has_downward_api() || vol.has_projected();
  if (!has_source)
    vol.mutable_empty_dir();
  if (vol.has_secret() && !vol.secret().has_default_mode())
    vol.mutable_secret()->set_default_mode(default_file_mode);
  if (vol.has_config_map() && !vol.config_map().has_default_mode())
    vol.mutable_config_map()->set_default_mode(default_file_mode);
  if (vol.has_downward_api()) {
    auto& dapi = *vol.mutable_downward_api();
    if (!dapi.has_default_mode())
      dapi.set_default_mode(default_file_mode);
    for (auto& item : *dapi.mutable_items())
      if (item.has_field_ref())
        default_field_ref(*item.mutable_field_ref());
  }
  if (vol.has_projected() && !vol.projected().has_default_mode())
    vol.mutable_projected()->set_default_mode(default_file_mode);
  if (vol.has_host_path() && !vol.host_path().has_type())
    vol.mutable_host_path()->set_type("");
}

void default_host_network_ports(repeated<api::Container>& containers) {
  for (auto& ctr : containers)
    for (auto& port : *ctr.mutable_ports())
      if (port.host_port() == 0)
        port.set_host_port(port.container_port());
}

void default_requests_from_limits(api::Container& ctr) {
  auto& resources = *ctr.mutable_resources();
  for (const auto& [name, value] : resources.limits())
    resources.mutable_requests()->insert({name, value});
}

// Sums the positive cpu/memory quantities of a resource list into `sums`.
void add_qos_resources(const google::protobuf::Map<std::string, std::string>& list,
                       std::optional<quantity> (&sums)[2], bool (&found)[2]) {
  static constexpr const char* names[2] = {"cpu", "memory"};
  for (int i = 0; i < 2; ++i) {
    auto it = list.find(names[i]);
    if (it == list.end())
      continue;
    auto q = quantity::parse(it->second);
    if (!q || q->sign() <= 0)
      continue;
    found[i] = true;
    if (!sums[i])
      sums[i] = *q;
    else if (!sums[i]->add(*q))
      sums[i] = quantity::from_value(quantity::max_units);
  }
}

} // namespace

std::string_view default_image_pull_policy(std::string_view image) {
  if (image.empty() || image.find('@') != std::string_view::npos)
    return "IfNotPresent";
  auto last_slash = image.rfind('/');
  auto name = last_slash == std::string_view::npos ? image : image.substr(last_slash + 1);
  auto colon = name.rfind(':');
  if (colon == std::string_view::npos || name.substr(colon + 1) == "latest")
    return "Always";
  return "IfNotPresent";
}

void default_container(api::Container& ctr) {
  if (ctr.image_pull_policy().empty())
    ctr.set_image_pull_policy(std::string{default_image_pull_policy(ctr.image())});
  if (ctr.termination_message_path().empty())
    ctr.set_termination_message_path("/dev/termination-log");
  if (ctr.termination_message_policy().empty())
    ctr.set_termination_message_policy("File");
  for (auto& port : *ctr.mutable_ports())
    if (port.protocol().empty())
      port.set_protocol("TCP");
  for (auto& var : *ctr.mutable_env())
    if (var.has_value_from() && var.value_from().has_field_ref())
      default_field_ref(*var.mutable_value_from()->mutable_field_ref());
  if (ctr.has_liveness_probe())
    default_probe(*ctr.mutable_liveness_probe());
  if (ctr.has_readiness_probe())
    default_probe(*ctr.mutable_readiness_probe());
  if (ctr.has_startup_probe())
    default_probe(*ctr.mutable_startup_probe());
  if (ctr.has_lifecycle()) {
    auto& lifecycle = *ctr.mutable_lifecycle();
    if (lifecycle.has_post_start())
      default_lifecycle_handler(*lifecycle.mutable_post_start());
    if (lifecycle.has_pre_stop())
      default_lifecycle_handler(*lifecycle.mutable_pre_stop());
  }
}

void default_pod_spec(api::PodSpec& spec) {
  if (spec.dns_policy().empty())
    spec.set_dns_policy("ClusterFirst");
  if (spec.restart_policy().empty())
    spec.set_restart_policy("Always");
  if (spec.host_network()) {
    default_host_network_ports(*spec.mutable_containers());
    default_host_network_ports(*spec.mutable_init_containers());
  }
  spec.mutable_security_context();
  if (!spec.has_termination_grace_period_seconds())
    spec.set_termination_grace_period_seconds(default_termination_grace_period_seconds);
  if (spec.scheduler_name().empty())
    spec.set_scheduler_name(std::string{default_scheduler_name});
  if (spec.service_account_name().empty() && !spec.service_account().empty())
    spec.set_service_account_name(spec.service_account());
  spec.set_service_account(spec.service_account_name());
  for (auto& vol : *spec.mutable_volumes())
    default_volume(vol);
  for (auto& ctr : *spec.mutable_containers())
    default_container(ctr);
  for (auto& ctr : *spec.mutable_init_containers())
    default_container(ctr);
}

void default_pod(api::Pod& pod) {
  if (pod.metadata().namespace_().empty())
    pod.mutable_metadata()->set_namespace_("default");
  auto& spec = *pod.mutable_spec();
  for (auto& ctr : *spec.mutable_containers())
    default_requests_from_limits(ctr);
  for (auto& ctr : *spec.mutable_init_containers())
    default_requests_from_limits(ctr);
  if (!spec.has_enable_service_links())
    spec.set_enable_service_links(true);
  default_pod_spec(spec);
}

void add_default_tolerations(api::PodSpec& spec, int64_t not_ready_seconds,
                             int64_t unreachable_seconds) {
  bool not_ready = false;
  bool unreachable = false;
  for (const auto& t : spec.tolerations()) {
    bool no_execute = t.effect() == "NoExecute" || t.effect().empty();
    not_ready = not_ready || ((t.key() == taint_node_not_ready || t.key().empty()) && no_execute);
    unreachable
      = unreachable || ((t.key() == taint_node_unreachable || t.key().empty()) && no_execute);
  }
  auto add = [&](std::string_view key, int64_t seconds) {
    auto& t = *spec.add_tolerations();
    t.set_key(std::string{key});
    t.set_operator_("Exists");
    t.set_effect("NoExecute");
    t.set_toleration_seconds(seconds);
  };
  if (!not_ready)
    add(taint_node_not_ready, not_ready_seconds);
  if (!unreachable)
    add(taint_node_unreachable, unreachable_seconds);
}

std::string_view pod_qos_class(const api::PodSpec& spec) {
  std::optional<quantity> requests[2];
  std::optional<quantity> limits[2];
  bool guaranteed = true;
  auto visit = [&](const api::Container& ctr) {
    bool ignored[2] = {false, false};
    bool limit_found[2] = {false, false};
    add_qos_resources(ctr.resources().requests(), requests, ignored);
    add_qos_resources(ctr.resources().limits(), limits, limit_found);
    guaranteed = guaranteed && limit_found[0] && limit_found[1];
  };
  for (const auto& ctr : spec.containers())
    visit(ctr);
  for (const auto& ctr : spec.init_containers())
    visit(ctr);
  bool any = requests[0] || requests[1] || limits[0] || limits[1];
  if (!any)
    return "BestEffort";
  for (int i = 0; guaranteed && i < 2; ++i)
    if (requests[i] && (!limits[i] || *limits[i] != *requests[i]))
      guaranteed = false;
  int request_count = (requests[0] ? 1 : 0) + (requests[1] ? 1 : 0);
  int limit_count = (limits[0] ? 1 : 0) + (limits[1] ? 1 : 0);
  return guaranteed && request_count == limit_count ? "Guaranteed" : "Burstable";
}

void prepare_pod_for_create(api::Pod& pod) {
  pod.clear_status();
  pod.mutable_status()->set_phase("Pending");
  pod.mutable_status()->set_qos_class(std::string{pod_qos_class(pod.spec())});
}

} // namespace convoy::apiserver
