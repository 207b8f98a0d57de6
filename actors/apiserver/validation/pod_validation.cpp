#include "actors/apiserver/validation/pod_validation.hpp"

#include <limits>
#include <set>

#include "actors/apiserver/validation/container_parts.hpp"
#include "actors/apiserver/validation/container_validation.hpp"
#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"
#include "actors/apiserver/validation/scheduling_validation.hpp"
#include "messages/quantity.hpp"

namespace convoy::apiserver {

namespace {

constexpr const char* file_mode_error_msg
  = "must be a number between 0 and 0777 (octal), both inclusive";

void validate_file_mode(bool present, int32_t mode, const field_path& path,
                        field_error_list& errs) {
  if (present && (mode < 0 || mode > 0777))
    errs.push_back(invalid(path, mode, file_mode_error_msg));
}

void validate_key_to_paths(const repeated<api::KeyToPath>& items, const field_path& path,
                           field_error_list& errs) {
  for (int i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    const auto at = path.index(static_cast<size_t>(i));
    if (item.key().empty())
      errs.push_back(required(at.child("key")));
    if (item.path().empty())
      errs.push_back(required(at.child("path")));
    detail::validate_local_descending_path(item.path(), at.child("path"), errs);
    if (item.path().rfind("..", 0) == 0)
      errs.push_back(invalid(at.child("path"), item.path(), "must not start with '..'"));
    validate_file_mode(item.has_mode(), item.mode(), at.child("mode"), errs);
  }
}

void validate_host_path(const api::HostPathVolumeSource& src, const field_path& path,
                        field_error_list& errs) {
  if (src.path().empty()) {
    errs.push_back(required(path.child("path")));
    return;
  }
  detail::validate_local_descending_path(src.path().substr(1), path.child("path"), errs);
  if (src.has_type() && !src.type().empty()) {
    static const std::set<std::string_view> types = {
      "DirectoryOrCreate", "Directory", "FileOrCreate", "File", "Socket", "CharDevice",
      "BlockDevice"};
    if (types.count(src.type()) == 0)
      errs.push_back(not_supported(path.child("type"), src.type(),
                                   {"", "BlockDevice", "CharDevice", "Directory",
                                    "DirectoryOrCreate", "File", "FileOrCreate", "Socket"}));
  }
}

void validate_empty_dir(const api::EmptyDirVolumeSource& src, const field_path& path,
                        field_error_list& errs) {
  if (src.size_limit().empty())
    return;
  auto q = quantity::parse_with_error(src.size_limit());
  if (!q)
    errs.push_back(invalid(path.child("sizeLimit"), src.size_limit(), q.error));
  else if (q.value->sign() < 0)
    errs.push_back(forbidden(path.child("sizeLimit"),
                             "SizeLimit field must be a valid resource quantity"));
}

// Counts a volume source; a second one is Forbidden at its own path.
bool take_source(int& count, const field_path& path, field_error_list& errs) {
  if (count > 0) {
    errs.push_back(forbidden(path, "may not specify more than 1 volume type"));
    return false;
  }
  ++count;
  return true;
}

void validate_volume_source(const api::Volume& vol, const field_path& path,
                            field_error_list& errs) {
  int count = 0;
  if (vol.has_empty_dir()) {
    ++count;
    validate_empty_dir(vol.empty_dir(), path.child("emptyDir"), errs);
  }
  if (vol.has_host_path() && take_source(count, path.child("hostPath"), errs))
    validate_host_path(vol.host_path(), path.child("hostPath"), errs);
  if (vol.has_secret() && take_source(count, path.child("secret"), errs)) {
    const auto at = path.child("secret");
    if (vol.secret().secret_name().empty())
      errs.push_back(required(at.child("secretName")));
    validate_file_mode(vol.secret().has_default_mode(), vol.secret().default_mode(),
                       at.child("defaultMode"), errs);
    validate_key_to_paths(vol.secret().items(), at.child("items"), errs);
  }
  if (vol.has_persistent_volume_claim()
      && take_source(count, path.child("persistentVolumeClaim"), errs)
      && vol.persistent_volume_claim().claim_name().empty())
    errs.push_back(required(path.child("persistentVolumeClaim.claimName")));
  if (vol.has_downward_api() && take_source(count, path.child("downwardAPI"), errs)) {
    const auto items = path.child("downwardAPI.items");
    for (int i = 0; i < vol.downward_api().items_size(); ++i)
      if (vol.downward_api().items(i).path().empty())
        errs.push_back(required(items.index(static_cast<size_t>(i), "path")));
  }
  if (vol.has_config_map() && take_source(count, path.child("configMap"), errs)) {
    const auto at = path.child("configMap");
    if (vol.config_map().name().empty())
      errs.push_back(required(at.child("name")));
    validate_file_mode(vol.config_map().has_default_mode(), vol.config_map().default_mode(),
                       at.child("defaultMode"), errs);
    validate_key_to_paths(vol.config_map().items(), at.child("items"), errs);
  }
  if (vol.has_projected())
    take_source(count, path.child("projected"), errs);
  if (count == 0)
    errs.push_back(required(path, "must specify a volume type"));
}

void validate_volumes(const repeated<api::Volume>& volumes, const field_path& path,
                      field_error_list& errs) {
  std::set<std::string_view> names;
  for (int i = 0; i < volumes.size(); ++i) {
    const auto& vol = volumes[i];
    const auto at = path.index(static_cast<size_t>(i));
    const auto name = at.child("name");
    validate_volume_source(vol, at, errs);
    if (vol.name().empty())
      errs.push_back(required(name));
    else
      validate_dns1123_label(vol.name(), name, errs);
    if (!names.insert(vol.name()).second)
      errs.push_back(duplicate(name, vol.name()));
  }
}

void validate_restart_policy(std::string_view policy, const field_path& path,
                             field_error_list& errs) {
  if (policy == "Always" || policy == "OnFailure" || policy == "Never")
    return;
  if (policy.empty())
    errs.push_back(required(path));
  else
    errs.push_back(not_supported(path, policy, {"Always", "OnFailure", "Never"}));
}

void validate_dns(const api::PodSpec& spec, const field_path& path, field_error_list& errs) {
  const auto& policy = spec.dns_policy();
  const auto policy_path = path.child("dnsPolicy");
  if (policy.empty())
    errs.push_back(required(policy_path));
  else if (policy != "ClusterFirstWithHostNet" && policy != "ClusterFirst" && policy != "Default"
           && policy != "None")
    errs.push_back(not_supported(policy_path, policy,
                                 {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}));
  const auto config = path.child("dnsConfig");
  if (policy == "None") {
    if (!spec.has_dns_config()) {
      errs.push_back(required(config, "must provide `dnsConfig` when `dnsPolicy` is None"));
      return;
    }
    if (spec.dns_config().nameservers().empty())
      errs.push_back(required(config.child("nameservers"),
                              "must provide at least one DNS nameserver when `dnsPolicy` is None"));
  }
  const auto servers = config.child("nameservers");
  for (int i = 0; i < spec.dns_config().nameservers_size(); ++i)
    if (!is_valid_ip(spec.dns_config().nameservers(i)))
      errs.push_back(invalid(servers.index(static_cast<size_t>(i)),
                             spec.dns_config().nameservers(i), invalid_ip_error_msg));
}

void validate_host_network_ports(const api::PodSpec& spec, const field_path& path,
                                 field_error_list& errs) {
  if (!spec.host_network())
    return;
  const auto containers = path.child("containers");
  for (int i = 0; i < spec.containers_size(); ++i) {
    const auto ports = containers.index(static_cast<size_t>(i), "ports");
    for (int j = 0; j < spec.containers(i).ports_size(); ++j) {
      const auto& port = spec.containers(i).ports(j);
      if (port.host_port() != port.container_port())
        errs.push_back(invalid(ports.index(static_cast<size_t>(j), "containerPort"),
                               port.container_port(),
                               "must match `hostPort` when `hostNetwork` is true"));
    }
  }
}

void validate_names_and_misc(const api::PodSpec& spec, const field_path& path,
                             field_error_list& errs) {
  if (!spec.service_account_name().empty())
    validate_name_with(name_is_dns_subdomain, spec.service_account_name(),
                       path.child("serviceAccountName"), errs);
  if (!spec.node_name().empty())
    validate_name_with(name_is_dns_subdomain, spec.node_name(), path.child("nodeName"), errs);
  if (spec.has_active_deadline_seconds()) {
    auto value = spec.active_deadline_seconds();
    if (value < 1 || value > std::numeric_limits<int32_t>::max())
      errs.push_back(invalid(path.child("activeDeadlineSeconds"), value,
                             inclusive_range_error(1, std::numeric_limits<int32_t>::max())));
  }
  if (!spec.hostname().empty())
    validate_dns1123_label(spec.hostname(), path.child("hostname"), errs);
  if (!spec.subdomain().empty())
    validate_dns1123_label(spec.subdomain(), path.child("subdomain"), errs);
  if (spec.has_termination_grace_period_seconds())
    validate_nonnegative(spec.termination_grace_period_seconds(),
                         path.child("terminationGracePeriodSeconds"), errs);
  if (!spec.priority_class_name().empty())
    validate_name_with(name_is_dns_subdomain, spec.priority_class_name(),
                       path.child("priorityClassName"), errs);
  if (spec.has_preemption_policy() && spec.preemption_policy() != "PreemptLowerPriority"
      && spec.preemption_policy() != "Never")
    errs.push_back(not_supported(path.child("preemptionPolicy"), spec.preemption_policy(),
                                 {"PreemptLowerPriority", "Never"}));
  const auto aliases = path.child("hostAliases");
  for (int i = 0; i < spec.host_aliases_size(); ++i) {
    const auto at = aliases.index(static_cast<size_t>(i));
    const auto& alias = spec.host_aliases(i);
    if (!is_valid_ip(alias.ip()))
      errs.push_back(invalid(at.child("ip"), alias.ip(), invalid_ip_error_msg));
    const auto hostnames = at.child("hostnames");
    for (int j = 0; j < alias.hostnames_size(); ++j)
      validate_dns1123_subdomain(alias.hostnames(j), hostnames.index(static_cast<size_t>(j)), errs);
  }
  const auto gates = path.child("readinessGates");
  for (int i = 0; i < spec.readiness_gates_size(); ++i)
    validate_qualified_name(spec.readiness_gates(i).condition_type(),
                            gates.index(static_cast<size_t>(i), "conditionType"), errs);
}

} // namespace

void validate_pod_spec(const api::PodSpec& spec, const field_path& path, field_error_list& errs) {
  validate_volumes(spec.volumes(), path.child("volumes"), errs);
  pod_context pod;
  pod.volumes = &spec.volumes();
  if (spec.has_termination_grace_period_seconds())
    pod.grace_period_seconds = spec.termination_grace_period_seconds();
  validate_containers(spec.containers(), pod, path.child("containers"), errs);
  validate_init_containers(spec.init_containers(), spec.containers(), pod,
                           path.child("initContainers"), errs);
  validate_restart_policy(spec.restart_policy(), path.child("restartPolicy"), errs);
  validate_dns(spec, path, errs);
  validate_labels(spec.node_selector(), path.child("nodeSelector"), errs);
  if (spec.has_affinity())
    validate_affinity(spec.affinity(), path.child("affinity"), errs);
  validate_topology_spread(spec.topology_spread_constraints(),
                           path.child("topologySpreadConstraints"), errs);
  validate_tolerations(spec.tolerations(), path.child("tolerations"), errs);
  validate_names_and_misc(spec, path, errs);
  validate_host_network_ports(spec, path, errs);
}

void validate_pod_template_spec(const api::PodTemplateSpec& tmpl, const field_path& path,
                                field_error_list& errs) {
  validate_labels(tmpl.metadata().labels(), path.child("labels"), errs);
  validate_annotations(tmpl.metadata().annotations(), path.child("annotations"), errs);
  validate_pod_spec(tmpl.spec(), path.child("spec"), errs);
}

field_error_list validate_pod(const api::Pod& pod) {
  field_error_list errs;
  validate_object_meta(pod.metadata(), true, name_is_dns_subdomain, field_path{"metadata"}, errs);
  validate_pod_spec(pod.spec(), field_path{"spec"}, errs);
  return errs;
}

field_error_list validate_binding(const api::Binding& binding) {
  field_error_list errs;
  const field_path target{"target"};
  const auto& kind = binding.target().kind();
  if (!kind.empty() && kind != "Node")
    errs.push_back(not_supported(target.child("kind"), kind, {"Node", "<empty>"}));
  if (binding.target().name().empty())
    errs.push_back(required(target.child("name")));
  return errs;
}

} // namespace convoy::apiserver
