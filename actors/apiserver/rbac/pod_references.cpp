#include "actors/apiserver/rbac/pod_references.hpp"

namespace convoy::apiserver {

namespace {

void add(std::set<std::string>& to, const std::string& name) {
  if (!name.empty())
    to.insert(name);
}

void add_container(pod_references& out, const api::Container& c) {
  for (const auto& e : c.env()) {
    if (!e.has_value_from())
      continue;
    add(out.config_maps, e.value_from().config_map_key_ref().name());
    add(out.secrets, e.value_from().secret_key_ref().name());
  }
  for (const auto& from : c.env_from()) {
    add(out.config_maps, from.config_map_ref().name());
    add(out.secrets, from.secret_ref().name());
  }
}

void add_volume(pod_references& out, const api::Volume& v) {
  add(out.secrets, v.secret().secret_name());
  add(out.config_maps, v.config_map().name());
  for (const auto& source : v.projected().sources()) {
    add(out.secrets, source.secret().name());
    add(out.config_maps, source.config_map().name());
  }
}

} // namespace

pod_references references_of(const api::Pod& pod) {
  pod_references out;
  const auto& spec = pod.spec();
  for (const auto& c : spec.init_containers())
    add_container(out, c);
  for (const auto& c : spec.containers())
    add_container(out, c);
  for (const auto& v : spec.volumes())
    add_volume(out, v);
  for (const auto& s : spec.image_pull_secrets())
    add(out.secrets, s.name());
  out.service_account = service_account_of(pod);
  return out;
}

const std::string& service_account_of(const api::Pod& pod) {
  static const std::string fallback = "default";
  const auto& name = pod.spec().service_account_name();
  return name.empty() ? fallback : name;
}

bool mounts_service_account_token(const api::Pod& pod) {
  const auto& spec = pod.spec();
  return !spec.has_automount_service_account_token() || spec.automount_service_account_token();
}

} // namespace convoy::apiserver
