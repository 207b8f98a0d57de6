#include "actors/apiserver/defaulting/object_defaults.hpp"

#include <algorithm>
#include <set>

namespace convoy::apiserver {

namespace {

constexpr int32_t default_client_ip_timeout_seconds = 10800;
constexpr const char* rbac_api_group = "rbac.authorization.k8s.io";

template <class Subjects>
void default_subjects(Subjects& subjects) {
  for (auto& subject : subjects)
    if ((subject.kind() == "User" || subject.kind() == "Group") && subject.api_group().empty())
      subject.set_api_group(rbac_api_group);
}

void default_template(api::PodTemplateSpec& tmpl) {
  default_pod_spec(*tmpl.mutable_spec());
}

void default_service_port(api::ServicePort& port) {
  if (port.protocol().empty())
    port.set_protocol("TCP");
  const auto& target = port.target_port();
  bool unset = !port.has_target_port() || (target.type() == 0 && target.int_val() == 0)
               || (target.type() == 1 && target.str_val().empty());
  if (unset) {
    auto& t = *port.mutable_target_port();
    t.set_type(0);
    t.set_int_val(port.port());
    t.clear_str_val();
  }
}

void default_session_affinity(api::ServiceSpec& spec) {
  if (spec.session_affinity().empty())
    spec.set_session_affinity("None");
  if (spec.session_affinity() == "None") {
    spec.clear_session_affinity_config();
  } else if (spec.session_affinity() == "ClientIP") {
    const auto& cfg = spec.session_affinity_config();
    if (!cfg.has_client_ip() || !cfg.client_ip().has_timeout_seconds())
      spec.mutable_session_affinity_config()->mutable_client_ip()->set_timeout_seconds(
        default_client_ip_timeout_seconds);
  }
}

using defaults_fn = void (*)(google::protobuf::Message&);

template <class T>
void thunk(google::protobuf::Message& m) {
  apply_defaults(static_cast<T&>(m));
}

struct entry {
  const google::protobuf::Descriptor* type;
  defaults_fn fn;
};

template <class T>
entry make_entry() {
  return {T::descriptor(), &thunk<T>};
}

const std::vector<entry>& entries() {
  using namespace api;
  static const std::vector<entry> table = {
    make_entry<Pod>(),       make_entry<ReplicationController>(), make_entry<ReplicaSet>(),
    make_entry<Deployment>(), make_entry<Service>(),              make_entry<Endpoints>(),
    make_entry<Secret>(),    make_entry<ConfigMap>(),             make_entry<ServiceAccount>(),
    make_entry<Lease>(),     make_entry<Event>(),                 make_entry<Namespace>(),
    make_entry<Node>(),      make_entry<Role>(),                  make_entry<ClusterRole>(),
    make_entry<RoleBinding>(), make_entry<ClusterRoleBinding>(),
  };
  return table;
}

} // namespace

void default_namespace(api::ObjectMeta& meta, std::string_view ns) {
  if (meta.namespace_().empty())
    meta.set_namespace_(std::string{ns});
}

void apply_defaults(api::Pod& pod) {
  default_pod(pod);
}

void apply_defaults(api::ReplicationController& rc) {
  default_namespace(*rc.mutable_metadata());
  auto& spec = *rc.mutable_spec();
  if (spec.has_template_()) {
    const auto& labels = spec.template_().metadata().labels();
    if (!labels.empty()) {
      if (spec.selector().empty())
        *spec.mutable_selector() = labels;
      if (rc.metadata().labels().empty())
        *rc.mutable_metadata()->mutable_labels() = labels;
    }
    default_template(*spec.mutable_template_());
  }
  if (!spec.has_replicas())
    spec.set_replicas(1);
}

void apply_defaults(api::ReplicaSet& rs) {
  default_namespace(*rs.mutable_metadata());
  auto& spec = *rs.mutable_spec();
  if (!spec.has_replicas())
    spec.set_replicas(1);
  default_template(*spec.mutable_template_());
}

void apply_defaults(api::Deployment& deployment) {
  default_namespace(*deployment.mutable_metadata());
  auto& spec = *deployment.mutable_spec();
  if (!spec.has_replicas())
    spec.set_replicas(1);
  auto& strategy = *spec.mutable_strategy();
  if (strategy.type().empty())
    strategy.set_type("RollingUpdate");
  if (strategy.type() == "RollingUpdate") {
    auto& ru = *strategy.mutable_rolling_update();
    if (!ru.has_max_unavailable()) {
      ru.mutable_max_unavailable()->set_type(1);
      ru.mutable_max_unavailable()->set_str_val("25%");
    }
    if (!ru.has_max_surge()) {
      ru.mutable_max_surge()->set_type(1);
      ru.mutable_max_surge()->set_str_val("25%");
    }
  }
  if (!spec.has_revision_history_limit())
    spec.set_revision_history_limit(10);
  if (!spec.has_progress_deadline_seconds())
    spec.set_progress_deadline_seconds(600);
  default_template(*spec.mutable_template_());
}

void apply_defaults(api::Service& service) {
  default_namespace(*service.mutable_metadata());
  auto& spec = *service.mutable_spec();
  default_session_affinity(spec);
  if (spec.type().empty())
    spec.set_type("ClusterIP");
  for (auto& port : *spec.mutable_ports())
    default_service_port(port);
  if (spec.type() == "NodePort" && spec.external_traffic_policy().empty())
    spec.set_external_traffic_policy("Cluster");
  if (!spec.has_internal_traffic_policy()
      && (spec.type() == "ClusterIP" || spec.type() == "NodePort"))
    spec.set_internal_traffic_policy("Cluster");
  if (!spec.cluster_ip().empty() && spec.cluster_ips().empty())
    spec.add_cluster_ips(spec.cluster_ip());
  else if (spec.cluster_ip().empty() && !spec.cluster_ips().empty())
    spec.set_cluster_ip(spec.cluster_ips(0));
}

void apply_defaults(api::Endpoints& endpoints) {
  default_namespace(*endpoints.mutable_metadata());
  for (auto& subset : *endpoints.mutable_subsets())
    for (auto& port : *subset.mutable_ports())
      if (port.protocol().empty())
        port.set_protocol("TCP");
}

void apply_defaults(api::Secret& secret) {
  default_namespace(*secret.mutable_metadata());
  if (secret.type().empty())
    secret.set_type("Opaque");
  for (const auto& [key, value] : secret.string_data())
    (*secret.mutable_data())[key] = value;
  secret.clear_string_data();
}

void apply_defaults(api::ConfigMap& config_map) {
  default_namespace(*config_map.mutable_metadata());
}

void apply_defaults(api::ServiceAccount& account) {
  default_namespace(*account.mutable_metadata());
}

void apply_defaults(api::Lease& lease) {
  default_namespace(*lease.mutable_metadata());
}

void apply_defaults(api::Event& event) {
  default_namespace(*event.mutable_metadata());
}

void apply_defaults(api::Namespace& ns) {
  if (!ns.metadata().name().empty())
    (*ns.mutable_metadata()->mutable_labels())["kubernetes.io/metadata.name"] = ns.metadata().name();
}

void apply_defaults(api::Node& node) {
  auto& status = *node.mutable_status();
  if (status.allocatable().empty() && !status.capacity().empty())
    *status.mutable_allocatable() = status.capacity();
}

void apply_defaults(api::Role& role) {
  default_namespace(*role.mutable_metadata());
}

void apply_defaults(api::ClusterRole&) {}

void apply_defaults(api::RoleBinding& binding) {
  default_namespace(*binding.mutable_metadata());
  default_subjects(*binding.mutable_subjects());
}

void apply_defaults(api::ClusterRoleBinding& binding) {
  default_subjects(*binding.mutable_subjects());
}

bool apply_defaults(google::protobuf::Message& object) {
  for (const auto& e : entries()) {
    if (e.type == object.GetDescriptor()) {
      e.fn(object);
      return true;
    }
  }
  return false;
}

void prepare_for_create(google::protobuf::Message& object) {
  if (object.GetDescriptor() == api::Pod::descriptor()) {
    prepare_pod_for_create(static_cast<api::Pod&>(object));
  } else if (object.GetDescriptor() == api::Namespace::descriptor()) {
    auto& ns = static_cast<api::Namespace&>(object);
    ns.clear_status();
    ns.mutable_status()->set_phase("Active");
    const auto& finalizers = ns.spec().finalizers();
    if (std::find(finalizers.begin(), finalizers.end(), "kubernetes") == finalizers.end())
      ns.mutable_spec()->add_finalizers("kubernetes");
  }
}

void carry_over_service_allocations(api::Service& updated, const api::Service& old) {
  auto& spec = *updated.mutable_spec();
  if (spec.cluster_ip().empty())
    spec.set_cluster_ip(old.spec().cluster_ip());
  if (spec.cluster_ips().empty() && !old.spec().cluster_ips().empty())
    *spec.mutable_cluster_ips() = old.spec().cluster_ips();
  bool node_ports = [](const api::Service& s) { return s.spec().type() == "NodePort"; }(updated)
                    && old.spec().type() == "NodePort";
  if (!node_ports)
    return;
  std::set<int32_t> used_by_both;
  for (const auto& p : old.spec().ports())
    for (const auto& q : spec.ports())
      if (p.node_port() != 0 && p.node_port() == q.node_port())
        used_by_both.insert(p.node_port());
  for (auto& port : *spec.mutable_ports()) {
    if (port.node_port() != 0)
      continue;
    for (const auto& before : old.spec().ports())
      if (before.name() == port.name() && used_by_both.count(before.node_port()) == 0)
        port.set_node_port(before.node_port());
  }
}

} // namespace convoy::apiserver
