#include "actors/apiserver/patch/strategic_schema.hpp"

namespace convoy::apiserver {

namespace {

/// Kinds whose spec holds a pod template (spec.template) and whose status
/// has conditions merged by type.
constexpr std::string_view template_kinds[] = {
  "ReplicationController", "ReplicaSet", "Deployment", "DaemonSet", "StatefulSet", "Job",
};

/// Kinds with no strategic metadata besides metadata (every list atomic).
constexpr std::string_view plain_kinds[] = {
  "ConfigMap", "Secret", "Endpoints", "Event", "Lease", "Role", "ClusterRole",
  "RoleBinding", "ClusterRoleBinding", "Scale", "Binding", "LimitRange", "ResourceQuota",
};

/// Kinds whose status.conditions merge by type.
constexpr std::string_view conditioned_kinds[] = {
  "Namespace", "PersistentVolumeClaim", "PodDisruptionBudget",
};

/// The patchStrategy/patchMergeKey tags of k8s.io/api (core/v1, apps/v1,
/// batch/v1) and metav1.ObjectMeta. Lists not named here are atomic in
/// Kubernetes too: tolerations, taints, args, command, envFrom, container
/// statuses, readinessGates, service externalIPs, endpoint subsets, rules.
void declare_pod_types(strategic_schema& s) {
  s.primitive_set("ObjectMeta", "finalizers")
    .merge_list("ObjectMeta", "ownerReferences", {}, "uid");
  // core/v1 Container and EphemeralContainerCommon share these tags.
  s.merge_list("Container", "ports", {}, "containerPort", "protocol")
    .merge_list("Container", "env", {}, "name")
    .merge_list("Container", "volumeMounts", {}, "mountPath")
    .merge_list("Container", "volumeDevices", {}, "devicePath");
  s.merge_list("PodSpec", "volumes", {}, "name") // merge,retainKeys
    .merge_list("PodSpec", "initContainers", "Container", "name")
    .merge_list("PodSpec", "containers", "Container", "name")
    .merge_list("PodSpec", "ephemeralContainers", "Container", "name")
    .merge_list("PodSpec", "imagePullSecrets", {}, "name")
    .merge_list("PodSpec", "hostAliases", {}, "ip")
    .merge_list("PodSpec", "topologySpreadConstraints", {}, "topologyKey", "whenUnsatisfiable")
    .merge_list("PodSpec", "resourceClaims", {}, "name") // merge,retainKeys
    .merge_list("PodSpec", "schedulingGates", {}, "name");
  s.merge_list("PodStatus", "conditions", {}, "type")
    .merge_list("PodStatus", "podIPs", {}, "ip")
    .merge_list("PodStatus", "hostIPs", {}, "ip")
    .merge_list("PodStatus", "resourceClaimStatuses", {}, "name"); // merge,retainKeys
  s.object("PodTemplateSpec", "metadata", "ObjectMeta")
    .object("PodTemplateSpec", "spec", "PodSpec");
  s.merge_list("ConditionedStatus", "conditions", {}, "type");
}

void declare_kinds(strategic_schema& s) {
  s.object("Pod", "spec", "PodSpec").object("Pod", "status", "PodStatus").kind("Pod", "Pod");
  s.object("PodTemplate", "template", "PodTemplateSpec").kind("PodTemplate", "PodTemplate");
  for (auto kind : template_kinds) {
    std::string spec{kind};
    spec += "Spec";
    s.object(kind, "spec", spec)
      .object(spec, "template", "PodTemplateSpec")
      .object(kind, "status", "ConditionedStatus")
      .kind(kind, kind);
  }
  s.object("JobTemplateSpec", "metadata", "ObjectMeta")
    .object("JobTemplateSpec", "spec", "JobSpec")
    .object("CronJobSpec", "jobTemplate", "JobTemplateSpec")
    .object("CronJob", "spec", "CronJobSpec")
    .kind("CronJob", "CronJob");
  s.merge_list("ServiceSpec", "ports", {}, "port", "protocol")
    .object("Service", "spec", "ServiceSpec")
    .object("Service", "status", "ConditionedStatus")
    .kind("Service", "Service");
  s.primitive_set("NodeSpec", "podCIDRs")
    .merge_list("NodeStatus", "conditions", {}, "type")
    .merge_list("NodeStatus", "addresses", {}, "type")
    .object("Node", "spec", "NodeSpec")
    .object("Node", "status", "NodeStatus")
    .kind("Node", "Node");
  s.merge_list("ServiceAccount", "secrets", {}, "name").kind("ServiceAccount", "ServiceAccount");
  for (auto kind : conditioned_kinds)
    s.object(kind, "status", "ConditionedStatus").kind(kind, kind);
  for (auto kind : plain_kinds)
    s.kind(kind, kind);
  s.fallback("Object");
}

strategic_schema build_kubernetes() {
  strategic_schema s;
  declare_pod_types(s);
  declare_kinds(s);
  // Every kind (and the fallback) has ObjectMeta under metadata.
  for (auto kind : {"Pod", "PodTemplate", "CronJob", "Service", "Node", "ServiceAccount", "Object"})
    s.object(kind, "metadata", "ObjectMeta");
  for (auto kind : template_kinds)
    s.object(kind, "metadata", "ObjectMeta");
  for (auto kind : conditioned_kinds)
    s.object(kind, "metadata", "ObjectMeta");
  for (auto kind : plain_kinds)
    s.object(kind, "metadata", "ObjectMeta");
  return s;
}

} // namespace

const strategic_field* strategic_type::field(std::string_view name) const noexcept {
  auto it = fields_.find(name);
  return it == fields_.end() ? nullptr : &it->second;
}

const strategic_schema& strategic_schema::kubernetes() {
  static const strategic_schema schema = build_kubernetes();
  return schema;
}

strategic_type& strategic_schema::type_named(std::string_view name) {
  auto it = types_.find(name);
  if (it == types_.end())
    it = types_.emplace(std::string{name}, std::make_unique<strategic_type>()).first;
  return *it->second;
}

strategic_field& strategic_schema::field_of(std::string_view owner, std::string_view field) {
  auto& fields = type_named(owner).fields_;
  auto it = fields.find(field);
  if (it == fields.end())
    it = fields.emplace(std::string{field}, strategic_field{}).first;
  return it->second;
}

strategic_schema& strategic_schema::object(std::string_view owner, std::string_view field,
                                           std::string_view type) {
  const strategic_type* target = &type_named(type);
  field_of(owner, field).type = target;
  return *this;
}

strategic_schema& strategic_schema::merge_list(std::string_view owner, std::string_view field,
                                               std::string_view element_type,
                                               std::string_view merge_key,
                                               std::string_view second_key) {
  const strategic_type* element = element_type.empty() ? nullptr : &type_named(element_type);
  auto& f = field_of(owner, field);
  f.type = element;
  f.merge = true;
  f.merge_key.assign(merge_key);
  f.second_key.assign(second_key);
  return *this;
}

strategic_schema& strategic_schema::primitive_set(std::string_view owner, std::string_view field) {
  auto& f = field_of(owner, field);
  f.merge = true;
  f.merge_key.clear();
  f.second_key.clear();
  return *this;
}

strategic_schema& strategic_schema::kind(std::string_view kind, std::string_view type) {
  const strategic_type* root = &type_named(type);
  kinds_.insert_or_assign(std::string{kind}, root);
  return *this;
}

strategic_schema& strategic_schema::fallback(std::string_view type) {
  fallback_ = &type_named(type);
  return *this;
}

bool strategic_schema::has_kind(std::string_view kind) const noexcept {
  return kinds_.find(kind) != kinds_.end();
}

const strategic_type* strategic_schema::root(std::string_view kind) const noexcept {
  auto it = kinds_.find(kind);
  return it != kinds_.end() ? it->second : fallback_;
}

} // namespace convoy::apiserver
