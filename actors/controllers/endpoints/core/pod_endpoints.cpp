#include "actors/controllers/endpoints/core/pod_endpoints.hpp"

namespace convoy::controllers::endpoints {

namespace {

/// Protocols are defaulted to TCP by the apiserver; treat a missing one the
/// same so objects built without defaulting still match.
const std::string& protocol_or_tcp(const std::string& protocol) {
  static const std::string tcp = "TCP";
  return protocol.empty() ? tcp : protocol;
}

std::optional<int32_t> named_port(const api::Container& c, const std::string& name,
                                  const std::string& protocol) {
  for (const auto& p : c.ports())
    if (p.name() == name && protocol_or_tcp(p.protocol()) == protocol)
      return p.container_port();
  return std::nullopt;
}

} // namespace

bool should_pod_be_in_endpoints(const api::Pod& pod, bool include_terminating) {
  const auto& phase = pod.status().phase();
  if (phase == "Succeeded" || phase == "Failed")
    return false;
  if (pod.status().pod_ip().empty() && pod.status().pod_ips().empty())
    return false;
  return include_terminating || !pod.metadata().has_deletion_timestamp();
}

std::optional<int32_t> find_port(const api::Pod& pod, const api::ServicePort& svc_port) {
  const auto& target = svc_port.target_port();
  const bool by_name = target.type() == 1 && !target.str_val().empty();
  if (!by_name)
    return target.int_val() != 0 ? target.int_val() : svc_port.port();
  const auto& protocol = protocol_or_tcp(svc_port.protocol());
  for (const auto& c : pod.spec().containers())
    if (auto port = named_port(c, target.str_val(), protocol))
      return port;
  for (const auto& c : pod.spec().init_containers())
    if (c.restart_policy() == "Always")
      if (auto port = named_port(c, target.str_val(), protocol))
        return port;
  return std::nullopt;
}

api::EndpointAddress endpoint_address(const api::Service& svc, const api::Pod& pod) {
  api::EndpointAddress addr;
  const auto& status = pod.status();
  addr.set_ip(!status.pod_ip().empty() ? status.pod_ip() : status.pod_ips(0).ip());
  addr.set_node_name(pod.spec().node_name());
  auto& ref = *addr.mutable_target_ref();
  ref.set_kind("Pod");
  ref.set_namespace_(pod.metadata().namespace_());
  ref.set_name(pod.metadata().name());
  ref.set_uid(pod.metadata().uid());
  const auto& spec = pod.spec();
  if (!spec.hostname().empty() && spec.subdomain() == svc.metadata().name()
      && pod.metadata().namespace_() == svc.metadata().namespace_())
    addr.set_hostname(spec.hostname());
  return addr;
}

api::EndpointPort endpoint_port(const api::ServicePort& svc_port, int32_t port) {
  api::EndpointPort ep;
  ep.set_name(svc_port.name());
  ep.set_port(port);
  ep.set_protocol(svc_port.protocol());
  if (svc_port.has_app_protocol())
    ep.set_app_protocol(svc_port.app_protocol());
  return ep;
}

} // namespace convoy::controllers::endpoints
