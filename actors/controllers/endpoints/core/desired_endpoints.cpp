#include "actors/controllers/endpoints/core/desired_endpoints.hpp"

#include <google/protobuf/util/message_differencer.h>

#include "actors/controllers/common/pod_state.hpp"
#include "actors/controllers/endpoints/core/pod_endpoints.hpp"
#include "actors/controllers/endpoints/core/repack_subsets.hpp"

namespace convoy::controllers::endpoints {

namespace {

/// Kubernetes' IsServiceIPSet negated.
bool is_headless(const api::Service& svc) {
  const auto& ip = svc.spec().cluster_ip();
  return ip.empty() || ip == "None";
}

/// One single-address subset, as Kubernetes' addEndpointSubset builds it
/// before repacking.
api::EndpointSubset single(const api::EndpointAddress& addr, const api::EndpointPort* port,
                           bool ready) {
  api::EndpointSubset s;
  *(ready ? s.add_addresses() : s.add_not_ready_addresses()) = addr;
  if (port != nullptr)
    *s.add_ports() = *port;
  return s;
}

/// The single-address subsets `pod` contributes to `svc`.
void add_pod(const api::Service& svc, const api::Pod& pod, std::vector<api::EndpointSubset>& out) {
  const bool tolerate = svc.spec().publish_not_ready_addresses();
  if (pod.metadata().namespace_() != svc.metadata().namespace_()
      || !should_pod_be_in_endpoints(pod, tolerate))
    return;
  const auto addr = endpoint_address(svc, pod);
  const bool ready = tolerate || is_pod_ready(pod);
  if (svc.spec().ports().empty()) {
    if (svc.spec().cluster_ip() == "None")
      out.push_back(single(addr, nullptr, ready));
    return;
  }
  for (const auto& svc_port : svc.spec().ports())
    if (auto port = find_port(pod, svc_port)) {
      const auto ep = endpoint_port(svc_port, *port);
      out.push_back(single(addr, &ep, ready));
    }
}

/// Copy of `subsets` without targetRef resourceVersions.
std::vector<api::EndpointSubset> comparable(const api::Endpoints& ep) {
  std::vector<api::EndpointSubset> out(ep.subsets().begin(), ep.subsets().end());
  for (auto& s : out) {
    for (auto& a : *s.mutable_addresses())
      a.mutable_target_ref()->clear_resource_version();
    for (auto& a : *s.mutable_not_ready_addresses())
      a.mutable_target_ref()->clear_resource_version();
  }
  return out;
}

} // namespace

bool manages_endpoints(const api::Service& svc) {
  return svc.spec().type() != "ExternalName" && !svc.spec().selector().empty();
}

std::optional<api::Endpoints> desired_endpoints(const api::Service& svc,
                                                const std::vector<const api::Pod*>& pods) {
  if (!manages_endpoints(svc))
    return std::nullopt;
  std::vector<api::EndpointSubset> singles;
  for (const auto* pod : pods)
    if (pod != nullptr)
      add_pod(svc, *pod, singles);
  api::Endpoints ep;
  ep.set_kind("Endpoints");
  ep.set_api_version("v1");
  auto& meta = *ep.mutable_metadata();
  meta.set_name(svc.metadata().name());
  meta.set_namespace_(svc.metadata().namespace_());
  *meta.mutable_labels() = svc.metadata().labels();
  if (is_headless(svc))
    (*meta.mutable_labels())[headless_label] = "";
  else
    meta.mutable_labels()->erase(headless_label);
  for (auto& s : repack_subsets(singles))
    *ep.add_subsets() = std::move(s);
  return ep;
}

bool endpoints_equal(const api::Endpoints& a, const api::Endpoints& b) {
  using google::protobuf::util::MessageDifferencer;
  if (a.metadata().labels().size() != b.metadata().labels().size())
    return false;
  for (const auto& [k, v] : a.metadata().labels()) {
    auto it = b.metadata().labels().find(k);
    if (it == b.metadata().labels().end() || it->second != v)
      return false;
  }
  const auto sa = comparable(a);
  const auto sb = comparable(b);
  if (sa.size() != sb.size())
    return false;
  for (size_t i = 0; i < sa.size(); ++i)
    if (!MessageDifferencer::Equals(sa[i], sb[i]))
      return false;
  return true;
}

} // namespace convoy::controllers::endpoints
