#include "actors/apiserver/validation/object_validation.hpp"

#include <vector>

#include "actors/apiserver/validation/config_validation.hpp"
#include "actors/apiserver/validation/node_validation.hpp"
#include "actors/apiserver/validation/pod_validation.hpp"
#include "actors/apiserver/validation/rbac_validation.hpp"
#include "actors/apiserver/validation/workload_validation.hpp"

namespace convoy::apiserver {

namespace {

using google::protobuf::Descriptor;
using google::protobuf::Message;

using create_fn = field_error_list (*)(const Message&, const validation_options&);
using update_fn = field_error_list (*)(const Message&, const Message&, const validation_options&);

struct entry {
  const Descriptor* type;
  create_fn create;
  update_fn update;
};

template <class T, field_error_list (*Create)(const T&)>
field_error_list create_thunk(const Message& m, const validation_options&) {
  return Create(static_cast<const T&>(m));
}

template <class T, field_error_list (*Update)(const T&, const T&)>
field_error_list update_thunk(const Message& m, const Message& old, const validation_options&) {
  return Update(static_cast<const T&>(m), static_cast<const T&>(old));
}

template <class T, field_error_list (*Create)(const T&)>
field_error_list create_again_thunk(const Message& m, const Message&,
                                    const validation_options& opts) {
  return create_thunk<T, Create>(m, opts);
}

template <class T, field_error_list (*Create)(const T&), field_error_list (*Update)(const T&, const T&)>
entry make_entry() {
  return {T::descriptor(), &create_thunk<T, Create>, &update_thunk<T, Update>};
}

field_error_list create_service(const Message& m, const validation_options& opts) {
  return validate_service(static_cast<const api::Service&>(m), opts.services);
}

field_error_list update_service(const Message& m, const Message& old,
                                const validation_options& opts) {
  return validate_service_update(static_cast<const api::Service&>(m),
                                 static_cast<const api::Service&>(old), opts.services);
}

field_error_list create_endpoints(const Message& m, const validation_options& opts) {
  return validate_endpoints(static_cast<const api::Endpoints&>(m), opts.endpoints);
}

field_error_list update_endpoints(const Message& m, const Message& old,
                                  const validation_options& opts) {
  return validate_endpoints_update(static_cast<const api::Endpoints&>(m),
                                   static_cast<const api::Endpoints&>(old), opts.endpoints);
}

std::vector<entry> build_entries() {
  using namespace api;
  return {
    make_entry<Pod, validate_pod, validate_pod_update>(),
    make_entry<ReplicationController, validate_replication_controller,
               validate_replication_controller_update>(),
    make_entry<ReplicaSet, validate_replica_set, validate_replica_set_update>(),
    make_entry<Deployment, validate_deployment, validate_deployment_update>(),
    {Service::descriptor(), &create_service, &update_service},
    {Endpoints::descriptor(), &create_endpoints, &update_endpoints},
    make_entry<ConfigMap, validate_config_map, validate_config_map_update>(),
    make_entry<Secret, validate_secret, validate_secret_update>(),
    make_entry<ServiceAccount, validate_service_account, validate_service_account_update>(),
    make_entry<Namespace, validate_namespace, validate_namespace_update>(),
    make_entry<Node, validate_node, validate_node_update>(),
    make_entry<Lease, validate_lease, validate_lease_update>(),
    make_entry<Event, validate_event, validate_event_update>(),
    make_entry<Role, validate_role, validate_role_update>(),
    make_entry<ClusterRole, validate_cluster_role, validate_cluster_role_update>(),
    make_entry<RoleBinding, validate_role_binding, validate_role_binding_update>(),
    make_entry<ClusterRoleBinding, validate_cluster_role_binding,
               validate_cluster_role_binding_update>(),
    {Binding::descriptor(), &create_thunk<Binding, validate_binding>,
     &create_again_thunk<Binding, validate_binding>},
    {Scale::descriptor(), &create_thunk<Scale, validate_scale>,
     &create_again_thunk<Scale, validate_scale>},
  };
}

const entry* find_entry(const Descriptor* type) {
  static const std::vector<entry> entries = build_entries();
  for (const auto& e : entries)
    if (e.type == type)
      return &e;
  return nullptr;
}

field_error_list unknown_type(const Message& object) {
  return {internal_error(field_path{""},
                         "no validation for message type " + object.GetDescriptor()->full_name())};
}

} // namespace

bool has_validation(const google::protobuf::Descriptor* type) {
  return find_entry(type) != nullptr;
}

field_error_list validate_create(const google::protobuf::Message& object,
                                 const validation_options& opts) {
  const auto* e = find_entry(object.GetDescriptor());
  return e != nullptr ? e->create(object, opts) : unknown_type(object);
}

field_error_list validate_update(const google::protobuf::Message& updated,
                                 const google::protobuf::Message& old,
                                 const validation_options& opts) {
  const auto* e = find_entry(updated.GetDescriptor());
  if (e == nullptr)
    return unknown_type(updated);
  if (old.GetDescriptor() != updated.GetDescriptor())
    return {internal_error(field_path{""}, "update of " + updated.GetDescriptor()->full_name()
                                             + " with a stored "
                                             + old.GetDescriptor()->full_name())};
  return e->update(updated, old, opts);
}

} // namespace convoy::apiserver
