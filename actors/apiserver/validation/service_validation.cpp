#include "actors/apiserver/validation/service_validation.hpp"

#include <arpa/inet.h>

#include <set>
#include <tuple>

#include "actors/apiserver/validation/container_validation.hpp"
#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"

namespace convoy::apiserver {

namespace {

const field_path metadata_path{"metadata"};
const field_path spec_path{"spec"};

constexpr int32_t max_client_ip_affinity_seconds = 86400;

bool is_supported_protocol(std::string_view protocol) {
  return protocol == "TCP" || protocol == "UDP" || protocol == "SCTP";
}

void validate_protocol(std::string_view protocol, const field_path& path,
                       field_error_list& errs) {
  if (protocol.empty())
    errs.push_back(required(path));
  else if (!is_supported_protocol(protocol))
    errs.push_back(not_supported(path, protocol, {"SCTP", "TCP", "UDP"}));
}

void validate_service_port(const api::ServicePort& port, bool require_name,
                           std::set<std::string_view>& names, const field_path& path,
                           field_error_list& errs) {
  const auto name = path.child("name");
  if (require_name && port.name().empty()) {
    errs.push_back(required(name));
  } else if (!port.name().empty()) {
    validate_dns1123_label(port.name(), name, errs);
    if (!names.insert(port.name()).second)
      errs.push_back(duplicate(name, port.name()));
  }
  for (auto& msg : is_valid_port_num(port.port()))
    errs.push_back(invalid(path.child("port"), port.port(), std::move(msg)));
  validate_protocol(port.protocol(), path.child("protocol"), errs);
  validate_port_num_or_name(port.target_port(), path.child("targetPort"), errs);
  if (port.has_app_protocol())
    validate_qualified_name(port.app_protocol(), path.child("appProtocol"), errs);
}

std::string render_port_key(const std::string& protocol, int32_t port) {
  return "core.ServicePort{Name:\"\", Protocol:" + bad_value::quote(protocol)
         + ", AppProtocol:(*string)(nil), Port:" + std::to_string(port)
         + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}";
}

void validate_ports(const api::ServiceSpec& spec, const service_options& opts,
                    field_error_list& errs) {
  const auto ports = spec_path.child("ports");
  std::set<std::string_view> names;
  std::set<std::pair<std::string_view, int32_t>> node_ports;
  std::set<std::pair<std::string_view, int32_t>> port_keys;
  const bool several = spec.ports_size() > 1;
  for (int i = 0; i < spec.ports_size(); ++i) {
    const auto& port = spec.ports(i);
    const auto at = ports.index(static_cast<size_t>(i));
    validate_service_port(port, several, names, at, errs);
    const auto node_port = at.child("nodePort");
    if (port.node_port() != 0) {
      if (spec.type() == "ClusterIP")
        errs.push_back(forbidden(node_port, "may not be used when `type` is 'ClusterIP'"));
      else if (port.node_port() < opts.node_port_min || port.node_port() > opts.node_port_max)
        errs.push_back(invalid(node_port, port.node_port(),
                               "provided port is not in the valid range. The range of valid "
                               "ports is "
                                 + std::to_string(opts.node_port_min) + "-"
                                 + std::to_string(opts.node_port_max)));
      if (!node_ports.emplace(port.protocol(), port.node_port()).second)
        errs.push_back(duplicate(node_port, port.node_port()));
    }
    if (!port_keys.emplace(port.protocol(), port.port()).second)
      errs.push_back(duplicate(at, bad_value::raw(render_port_key(port.protocol(), port.port()))));
  }
}

void validate_session_affinity(const api::ServiceSpec& spec, field_error_list& errs) {
  const auto affinity = spec_path.child("sessionAffinity");
  const auto config = spec_path.child("sessionAffinityConfig");
  const auto& value = spec.session_affinity();
  if (value.empty())
    errs.push_back(required(affinity));
  else if (value != "ClientIP" && value != "None")
    errs.push_back(not_supported(affinity, value, {"ClientIP", "None"}));
  if (value == "None" && spec.has_session_affinity_config()) {
    errs.push_back(forbidden(config, "must not be set when session affinity is None"));
  } else if (value == "ClientIP") {
    static constexpr const char* when = "when session affinity type is ClientIP";
    const auto client_ip = config.child("clientIP");
    const auto timeout = client_ip.child("timeoutSeconds");
    if (!spec.has_session_affinity_config())
      errs.push_back(required(config, when));
    else if (!spec.session_affinity_config().has_client_ip())
      errs.push_back(required(client_ip, when));
    else if (!spec.session_affinity_config().client_ip().has_timeout_seconds())
      errs.push_back(required(timeout, when));
    else if (auto t = spec.session_affinity_config().client_ip().timeout_seconds();
             t <= 0 || t > max_client_ip_affinity_seconds)
      errs.push_back(invalid(timeout, t,
                             "must be greater than 0 and less than "
                               + std::to_string(max_client_ip_affinity_seconds)));
  }
}

void validate_cluster_ips(const api::ServiceSpec& spec, field_error_list& errs) {
  const auto cluster_ip = spec_path.child("clusterIP");
  const auto& ip = spec.cluster_ip();
  if (!ip.empty() && ip != "None" && !is_valid_ip(ip))
    errs.push_back(invalid(cluster_ip, ip, invalid_ip_error_msg));
  if (ip == "None" && spec.type() == "NodePort")
    errs.push_back(invalid(cluster_ip, ip, "may not be set to 'None' for NodePort services"));
  const auto cluster_ips = spec_path.child("clusterIPs");
  for (int i = 1; i < spec.cluster_ips_size(); ++i)
    if (!is_valid_ip(spec.cluster_ips(i)))
      errs.push_back(invalid(cluster_ips.index(static_cast<size_t>(i)), spec.cluster_ips(i),
                             invalid_ip_error_msg));
  if (!spec.cluster_ips().empty() && spec.cluster_ips(0) != ip)
    errs.push_back(invalid(cluster_ips,
                           bad_value::raw(go_string_slice({spec.cluster_ips().begin(),
                                                           spec.cluster_ips().end()})),
                           "first value must match `clusterIP`"));
  const auto external = spec_path.child("externalIPs");
  for (int i = 0; i < spec.external_ips_size(); ++i)
    if (!is_valid_ip(spec.external_ips(i)))
      errs.push_back(invalid(external.index(static_cast<size_t>(i)), spec.external_ips(i),
                             invalid_ip_error_msg));
}

void validate_type_and_traffic(const api::ServiceSpec& spec, field_error_list& errs) {
  const auto type = spec_path.child("type");
  if (spec.type().empty())
    errs.push_back(required(type));
  else if (spec.type() != "ClusterIP" && spec.type() != "NodePort")
    errs.push_back(not_supported(type, spec.type(), {"ClusterIP", "NodePort"}));
  const auto external = spec_path.child("externalTrafficPolicy");
  const auto& etp = spec.external_traffic_policy();
  bool accessible = spec.type() == "NodePort"
                    || (spec.type() == "ClusterIP" && !spec.external_ips().empty());
  if (!accessible) {
    if (!etp.empty())
      errs.push_back(invalid(external, etp, "may only be set for externally-accessible services"));
  } else if (etp.empty()) {
    errs.push_back(required(external));
  } else if (etp != "Cluster" && etp != "Local") {
    errs.push_back(not_supported(external, etp, {"Cluster", "Local"}));
  }
  const auto internal = spec_path.child("internalTrafficPolicy");
  if (!spec.has_internal_traffic_policy()) {
    if (spec.type() == "ClusterIP" || spec.type() == "NodePort")
      errs.push_back(required(internal, "must be specified when `type` is '" + spec.type() + "'"));
  } else if (spec.internal_traffic_policy() != "Cluster"
             && spec.internal_traffic_policy() != "Local") {
    errs.push_back(not_supported(internal, spec.internal_traffic_policy(), {"Cluster", "Local"}));
  }
}

// IPv4 0.0.0.0 / 127/8 / 169.254/16 / 224.0.0/24 and their IPv6 kin.
void validate_non_special_ip(const std::string& ip, const endpoints_options& opts,
                             const field_path& path, field_error_list& errs) {
  unsigned char a[16] = {};
  bool v4 = inet_pton(AF_INET, ip.c_str(), a) == 1;
  if (!v4 && inet_pton(AF_INET6, ip.c_str(), a) != 1)
    return; // already reported as invalid
  static const unsigned char zero[16] = {};
  static const unsigned char loop6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  bool unspecified = std::equal(a, a + (v4 ? 4 : 16), zero);
  bool loopback = v4 ? a[0] == 127 : std::equal(a, a + 16, loop6);
  bool link_local = v4 ? (a[0] == 169 && a[1] == 254) : (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
  bool ll_multicast = v4 ? (a[0] == 224 && a[1] == 0 && a[2] == 0)
                         : (a[0] == 0xff && (a[1] & 0x0f) == 0x02);
  if (unspecified)
    errs.push_back(invalid(path, ip, "may not be unspecified (" + ip + ")"));
  if (loopback && !opts.allow_loopback)
    errs.push_back(invalid(path, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (link_local)
    errs.push_back(invalid(path, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (ll_multicast)
    errs.push_back(invalid(path, ip, "may not be in the link-local multicast range (224.0.0.0/24, "
                                     "ff02::/10)"));
}

void validate_endpoint_address(const api::EndpointAddress& addr, const endpoints_options& opts,
                               const field_path& path, field_error_list& errs) {
  const auto ip = path.child("ip");
  if (!is_valid_ip(addr.ip()))
    errs.push_back(invalid(ip, addr.ip(), invalid_ip_error_msg));
  if (!addr.hostname().empty())
    validate_dns1123_label(addr.hostname(), path.child("hostname"), errs);
  if (addr.has_node_name())
    validate_name_with(name_is_dns_subdomain, addr.node_name(), path.child("nodeName"), errs);
  validate_non_special_ip(addr.ip(), opts, ip, errs);
}

void validate_endpoint_port(const api::EndpointPort& port, bool require_name,
                            const field_path& path, field_error_list& errs) {
  if (require_name && port.name().empty())
    errs.push_back(required(path.child("name")));
  else if (!port.name().empty())
    validate_dns1123_label(port.name(), path.child("name"), errs);
  for (auto& msg : is_valid_port_num(port.port()))
    errs.push_back(invalid(path.child("port"), port.port(), std::move(msg)));
  validate_protocol(port.protocol(), path.child("protocol"), errs);
  if (port.has_app_protocol())
    validate_qualified_name(port.app_protocol(), path.child("appProtocol"), errs);
}

void validate_subsets(const api::Endpoints& endpoints, const endpoints_options& opts,
                      field_error_list& errs) {
  const field_path subsets{"subsets"};
  for (int i = 0; i < endpoints.subsets_size(); ++i) {
    const auto& ss = endpoints.subsets(i);
    const auto at = subsets.index(static_cast<size_t>(i));
    if (ss.addresses().empty() && ss.not_ready_addresses().empty())
      errs.push_back(required(at, "must specify `addresses` or `notReadyAddresses`"));
    const auto addresses = at.child("addresses");
    for (int a = 0; a < ss.addresses_size(); ++a)
      validate_endpoint_address(ss.addresses(a), opts, addresses.index(static_cast<size_t>(a)),
                                errs);
    const auto not_ready = at.child("notReadyAddresses");
    for (int a = 0; a < ss.not_ready_addresses_size(); ++a)
      validate_endpoint_address(ss.not_ready_addresses(a), opts,
                                not_ready.index(static_cast<size_t>(a)), errs);
    const auto ports = at.child("ports");
    for (int p = 0; p < ss.ports_size(); ++p)
      validate_endpoint_port(ss.ports(p), ss.ports_size() > 1, ports.index(static_cast<size_t>(p)),
                             errs);
  }
}

void validate_service_spec(const api::ServiceSpec& spec, const service_options& opts,
                           field_error_list& errs) {
  if (spec.ports().empty() && spec.cluster_ip() != "None")
    errs.push_back(required(spec_path.child("ports")));
  validate_ports(spec, opts, errs);
  validate_labels(spec.selector(), spec_path.child("selector"), errs);
  validate_session_affinity(spec, errs);
  validate_cluster_ips(spec, errs);
  validate_type_and_traffic(spec, errs);
}

} // namespace

field_error_list validate_service(const api::Service& service, const service_options& opts) {
  field_error_list errs;
  validate_object_meta(service.metadata(), true, name_is_dns1035_label, metadata_path, errs);
  validate_service_spec(service.spec(), opts, errs);
  return errs;
}

field_error_list validate_service_update(const api::Service& updated, const api::Service& old,
                                         const service_options& opts) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  if (!old.spec().cluster_ip().empty())
    validate_immutable(updated.spec().cluster_ip(), old.spec().cluster_ip(),
                       spec_path.child("clusterIP"), errs);
  validate_service_spec(updated.spec(), opts, errs);
  return errs;
}

field_error_list validate_endpoints(const api::Endpoints& endpoints,
                                   const endpoints_options& opts) {
  field_error_list errs;
  validate_object_meta(endpoints.metadata(), true, name_is_dns_subdomain, metadata_path, errs);
  validate_subsets(endpoints, opts, errs);
  return errs;
}

field_error_list validate_endpoints_update(const api::Endpoints& updated,
                                          const api::Endpoints& old,
                                          const endpoints_options& opts) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_subsets(updated, opts, errs);
  return errs;
}

} // namespace convoy::apiserver
