#include "actors/controllers/replication/core/pod_template.hpp"

namespace convoy::controllers::replication {

namespace {

/// Longest DNS-1123 subdomain, the bound on an object name.
constexpr std::size_t max_name_length = 253;

} // namespace

std::string pod_name_prefix(const std::string& owner_name) {
  if (owner_name.size() + 1 > max_name_length)
    return owner_name;
  return owner_name + "-";
}

api::Pod pod_from_template(const replica_owner& owner) {
  const auto& tmeta = owner.pod_template.metadata();
  api::Pod pod;
  pod.set_kind("Pod");
  pod.set_api_version("v1");
  auto* meta = pod.mutable_metadata();
  meta->set_namespace_(owner.namespace_);
  meta->set_generate_name(pod_name_prefix(owner.name));
  *meta->mutable_labels() = tmeta.labels();
  *meta->mutable_annotations() = tmeta.annotations();
  *meta->mutable_finalizers() = tmeta.finalizers();
  *meta->add_owner_references() = controller_ref(owner);
  *pod.mutable_spec() = owner.pod_template.spec();
  return pod;
}

} // namespace convoy::controllers::replication
