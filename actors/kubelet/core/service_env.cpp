#include "actors/kubelet/core/service_env.hpp"

#include <cctype>

namespace convoy::kubelet {

namespace {

std::string upper(std::string s) {
  for (auto& ch : s)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

std::string lower(std::string s) {
  for (auto& ch : s)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

/// Go's net.JoinHostPort: IPv6 addresses in brackets.
std::string join_host_port(const std::string& host, int port) {
  if (host.find(':') != std::string::npos)
    return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

} // namespace

std::string service_env_name(const std::string& name) {
  std::string out = upper(name);
  for (auto& ch : out)
    if (ch == '-')
      ch = '_';
  return out;
}

bool service_ip_set(const api::Service& svc) {
  const auto& ip = svc.spec().cluster_ip();
  return !ip.empty() && ip != "None";
}

void append_service_env(const api::Service& svc,
                        std::vector<std::pair<std::string, std::string>>& out) {
  const auto& spec = svc.spec();
  if (!service_ip_set(svc) || spec.ports().empty())
    return;
  const auto prefix = service_env_name(svc.metadata().name());
  const auto& ip = spec.cluster_ip();
  out.emplace_back(prefix + "_SERVICE_HOST", ip);
  const auto port_var = prefix + "_SERVICE_PORT";
  out.emplace_back(port_var, std::to_string(spec.ports(0).port()));
  for (const auto& sp : spec.ports())
    if (!sp.name().empty())
      out.emplace_back(port_var + "_" + service_env_name(sp.name()), std::to_string(sp.port()));
  for (int i = 0; i < spec.ports_size(); ++i) {
    const auto& sp = spec.ports(i);
    std::string protocol = sp.protocol().empty() ? "TCP" : sp.protocol();
    std::string url = lower(protocol) + "://" + join_host_port(ip, sp.port());
    if (i == 0)
      out.emplace_back(prefix + "_PORT", url);
    auto port_prefix = prefix + "_PORT_" + std::to_string(sp.port()) + "_" + upper(protocol);
    out.emplace_back(port_prefix, url);
    out.emplace_back(port_prefix + "_PROTO", lower(protocol));
    out.emplace_back(port_prefix + "_PORT", std::to_string(sp.port()));
    out.emplace_back(port_prefix + "_ADDR", ip);
  }
}

} // namespace convoy::kubelet
