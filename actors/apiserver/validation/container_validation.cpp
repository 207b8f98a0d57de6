#include "actors/apiserver/validation/container_validation.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "actors/apiserver/validation/container_parts.hpp"
#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"

namespace convoy::apiserver {

namespace {

bool is_supported_protocol(std::string_view protocol) {
  return protocol == "TCP" || protocol == "UDP" || protocol == "SCTP";
}

void validate_container_ports(const repeated<api::ContainerPort>& ports, const field_path& path,
                              field_error_list& errs) {
  std::set<std::string_view> names;
  for (int i = 0; i < ports.size(); ++i) {
    const auto& port = ports[i];
    const auto at = path.index(static_cast<size_t>(i));
    if (!port.name().empty()) {
      auto msgs = is_valid_port_name(port.name());
      for (auto& msg : msgs)
        errs.push_back(invalid(at.child("name"), port.name(), std::move(msg)));
      if (msgs.empty() && !names.insert(port.name()).second)
        errs.push_back(duplicate(at.child("name"), port.name()));
    }
    if (port.container_port() == 0) {
      errs.push_back(required(at.child("containerPort")));
    } else {
      for (auto& msg : is_valid_port_num(port.container_port()))
        errs.push_back(invalid(at.child("containerPort"), port.container_port(), std::move(msg)));
    }
    if (port.host_port() != 0)
      for (auto& msg : is_valid_port_num(port.host_port()))
        errs.push_back(invalid(at.child("hostPort"), port.host_port(), std::move(msg)));
    if (port.protocol().empty())
      errs.push_back(required(at.child("protocol")));
    else if (!is_supported_protocol(port.protocol()))
      errs.push_back(not_supported(at.child("protocol"), port.protocol(), {"SCTP", "TCP", "UDP"}));
  }
}

bool has_volume(const repeated<api::Volume>* volumes, std::string_view name) {
  if (volumes == nullptr)
    return false;
  return std::any_of(volumes->begin(), volumes->end(),
                     [&](const api::Volume& v) { return v.name() == name; });
}

} // namespace

namespace detail {

void validate_local_descending_path(std::string_view value, const field_path& path,
                                    field_error_list& errs) {
  if (!value.empty() && value.front() == '/')
    errs.push_back(invalid(path, value, "must be a relative path"));
  size_t start = 0;
  while (start <= value.size()) {
    auto slash = value.find('/', start);
    auto part = value.substr(start, slash == std::string_view::npos ? value.npos : slash - start);
    if (part == "..") {
      errs.push_back(invalid(path, value, "must not contain '..'"));
      return;
    }
    if (slash == std::string_view::npos)
      break;
    start = slash + 1;
  }
}

} // namespace detail

namespace {

void validate_volume_mounts(const repeated<api::VolumeMount>& mounts, const pod_context& pod,
                            const field_path& path, field_error_list& errs) {
  std::set<std::string_view> mount_points;
  for (int i = 0; i < mounts.size(); ++i) {
    const auto& mount = mounts[i];
    const auto at = path.index(static_cast<size_t>(i));
    if (mount.name().empty())
      errs.push_back(required(at.child("name")));
    if (!has_volume(pod.volumes, mount.name()))
      errs.push_back(not_found(at.child("name"), mount.name()));
    if (mount.mount_path().empty())
      errs.push_back(required(at.child("mountPath")));
    if (!mount_points.insert(mount.mount_path()).second)
      errs.push_back(invalid(at.child("mountPath"), mount.mount_path(), "must be unique"));
    if (!mount.sub_path().empty())
      detail::validate_local_descending_path(mount.sub_path(), at.child("subPath"), errs);
  }
}

void validate_pull_policy(std::string_view policy, const field_path& path,
                          field_error_list& errs) {
  if (policy == "Always" || policy == "IfNotPresent" || policy == "Never")
    return;
  if (policy.empty())
    errs.push_back(required(path));
  else
    errs.push_back(not_supported(path, policy, {"Always", "IfNotPresent", "Never"}));
}

void validate_termination_message_policy(std::string_view policy, const field_path& path,
                                         field_error_list& errs) {
  if (policy == "File" || policy == "FallbackToLogsOnError")
    return;
  if (policy.empty())
    errs.push_back(required(path, "must be 'File' or 'FallbackToLogsOnError'"));
  else
    errs.push_back(not_supported(path, policy, {"File", "FallbackToLogsOnError"}));
}

void validate_container_common(const api::Container& ctr, const pod_context& pod,
                               const field_path& path, field_error_list& errs) {
  const auto name = path.child("name");
  if (ctr.name().empty())
    errs.push_back(required(name));
  else
    validate_dns1123_label(ctr.name(), name, errs);
  if (ctr.image().empty())
    errs.push_back(required(path.child("image")));
  validate_termination_message_policy(ctr.termination_message_policy(),
                                      path.child("terminationMessagePolicy"), errs);
  validate_container_ports(ctr.ports(), path.child("ports"), errs);
  detail::validate_env(ctr.env(), path.child("env"), errs);
  detail::validate_env_from(ctr.env_from(), path.child("envFrom"), errs);
  validate_volume_mounts(ctr.volume_mounts(), pod, path.child("volumeMounts"), errs);
  validate_pull_policy(ctr.image_pull_policy(), path.child("imagePullPolicy"), errs);
  validate_resource_requirements(ctr.resources(), path.child("resources"), errs);
}

void validate_probes_and_lifecycle(const api::Container& ctr, const pod_context& pod,
                                   const field_path& path, field_error_list& errs) {
  using detail::probe_kind;
  if (ctr.has_lifecycle())
    detail::validate_lifecycle(ctr.lifecycle(), pod.grace_period_seconds, path.child("lifecycle"),
                               errs);
  if (ctr.has_liveness_probe())
    detail::validate_probe(ctr.liveness_probe(), probe_kind::liveness, pod.grace_period_seconds,
                           path.child("livenessProbe"), errs);
  if (ctr.has_readiness_probe())
    detail::validate_probe(ctr.readiness_probe(), probe_kind::readiness,
                           pod.grace_period_seconds, path.child("readinessProbe"), errs);
  if (ctr.has_startup_probe())
    detail::validate_probe(ctr.startup_probe(), probe_kind::startup, pod.grace_period_seconds,
                           path.child("startupProbe"), errs);
}

// Two containers (or two ports) may not claim the same hostIP/protocol/hostPort.
void check_host_port_conflicts(const api::Container& ctr, const field_path& ctr_path,
                               std::set<std::string>& seen, field_error_list& errs) {
  const auto ports = ctr_path.child("ports");
  for (int i = 0; i < ctr.ports_size(); ++i) {
    const auto& port = ctr.ports(i);
    if (port.host_port() == 0)
      continue;
    auto key = port.host_ip() + "/" + port.protocol() + "/" + std::to_string(port.host_port());
    if (!seen.insert(key).second)
      errs.push_back(duplicate(ports.index(static_cast<size_t>(i), "hostPort"), key));
  }
}

} // namespace

void validate_containers(const repeated<api::Container>& containers, const pod_context& pod,
                         const field_path& path, field_error_list& errs) {
  if (containers.empty()) {
    errs.push_back(required(path));
    return;
  }
  std::set<std::string_view> names;
  std::set<std::string> host_ports;
  for (int i = 0; i < containers.size(); ++i) {
    const auto& ctr = containers[i];
    const auto at = path.index(static_cast<size_t>(i));
    validate_container_common(ctr, pod, at, errs);
    if (!names.insert(ctr.name()).second)
      errs.push_back(duplicate(at.child("name"), ctr.name()));
    validate_probes_and_lifecycle(ctr, pod, at, errs);
    if (ctr.has_restart_policy())
      errs.push_back(forbidden(at.child("restartPolicy"), "may not be set for non-init containers"));
    check_host_port_conflicts(ctr, at, host_ports, errs);
  }
}

void validate_init_containers(const repeated<api::Container>& init,
                              const repeated<api::Container>& regular, const pod_context& pod,
                              const field_path& path, field_error_list& errs) {
  std::set<std::string_view> names;
  for (const auto& ctr : regular)
    names.insert(ctr.name());
  static constexpr const char* not_sidecar
    = "may not be set for init containers without restartPolicy=Always";
  for (int i = 0; i < init.size(); ++i) {
    const auto& ctr = init[i];
    const auto at = path.index(static_cast<size_t>(i));
    validate_container_common(ctr, pod, at, errs);
    bool sidecar = false;
    if (ctr.has_restart_policy()) {
      sidecar = ctr.restart_policy() == "Always";
      if (!sidecar)
        errs.push_back(not_supported(at.child("restartPolicy"), ctr.restart_policy(), {"Always"}));
    }
    if (names.count(ctr.name()) > 0)
      errs.push_back(duplicate(at.child("name"), ctr.name()));
    else if (!ctr.name().empty())
      names.insert(ctr.name());
    // Init containers run one by one, so each only conflicts with itself.
    std::set<std::string> host_ports;
    check_host_port_conflicts(ctr, at, host_ports, errs);
    if (sidecar) {
      validate_probes_and_lifecycle(ctr, pod, at, errs);
      continue;
    }
    if (ctr.has_lifecycle())
      errs.push_back(forbidden(at.child("lifecycle"), not_sidecar));
    if (ctr.has_liveness_probe())
      errs.push_back(forbidden(at.child("livenessProbe"), not_sidecar));
    if (ctr.has_readiness_probe())
      errs.push_back(forbidden(at.child("readinessProbe"), not_sidecar));
    if (ctr.has_startup_probe())
      errs.push_back(forbidden(at.child("startupProbe"), not_sidecar));
  }
}

} // namespace convoy::apiserver
