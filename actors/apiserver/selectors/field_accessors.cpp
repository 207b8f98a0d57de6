#include "actors/apiserver/selectors/field_accessors.hpp"

#include "api/config.pb.h"
#include "api/coordination.pb.h"
#include "api/event.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "api/rbac.pb.h"
#include "api/service.pb.h"
#include "api/workload.pb.h"

namespace convoy::apiserver {

namespace {

using google::protobuf::Message;

template <class T>
const T& as(const Message& m) {
  return static_cast<const T&>(m);
}

std::string_view bool_text(bool value) {
  return value ? "true" : "false";
}

std::string_view int_text(int64_t value, std::string& scratch) {
  scratch = std::to_string(value);
  return scratch;
}

template <class T>
std::vector<field_accessor> with_meta(std::vector<field_accessor> extra = {}) {
  std::vector<field_accessor> fields = {
    {"metadata.name",
     [](const Message& m, std::string&) -> std::string_view { return as<T>(m).metadata().name(); }},
    {"metadata.namespace",
     [](const Message& m, std::string&) -> std::string_view {
       return as<T>(m).metadata().namespace_();
     }},
  };
  fields.insert(fields.end(), extra.begin(), extra.end());
  return fields;
}

template <class T>
field_table table(std::string_view kind, std::vector<field_accessor> extra = {}) {
  return field_table{kind, T::descriptor(), with_meta<T>(std::move(extra))};
}

#define CONVOY_FIELD(type, name, expr)                                                  \
  field_accessor {                                                                      \
    name, [](const Message& m, [[maybe_unused]] std::string& scratch) -> std::string_view { \
      const auto& obj = as<type>(m);                                                    \
      return expr;                                                                      \
    }                                                                                   \
  }

std::vector<field_accessor> pod_fields() {
  using api::Pod;
  return {
    CONVOY_FIELD(Pod, "spec.nodeName", obj.spec().node_name()),
    CONVOY_FIELD(Pod, "spec.restartPolicy", obj.spec().restart_policy()),
    CONVOY_FIELD(Pod, "spec.schedulerName", obj.spec().scheduler_name()),
    CONVOY_FIELD(Pod, "spec.serviceAccountName", obj.spec().service_account_name()),
    CONVOY_FIELD(Pod, "spec.hostNetwork", bool_text(obj.spec().host_network())),
    CONVOY_FIELD(Pod, "status.phase", obj.status().phase()),
    CONVOY_FIELD(Pod, "status.podIP", obj.status().pod_ip()),
    CONVOY_FIELD(Pod, "status.nominatedNodeName", obj.status().nominated_node_name()),
  };
}

std::vector<field_accessor> event_fields() {
  using api::Event;
  return {
    CONVOY_FIELD(Event, "involvedObject.kind", obj.involved_object().kind()),
    CONVOY_FIELD(Event, "involvedObject.namespace", obj.involved_object().namespace_()),
    CONVOY_FIELD(Event, "involvedObject.name", obj.involved_object().name()),
    CONVOY_FIELD(Event, "involvedObject.uid", obj.involved_object().uid()),
    CONVOY_FIELD(Event, "involvedObject.apiVersion", obj.involved_object().api_version()),
    CONVOY_FIELD(Event, "involvedObject.resourceVersion",
                 obj.involved_object().resource_version()),
    CONVOY_FIELD(Event, "involvedObject.fieldPath", obj.involved_object().field_path()),
    CONVOY_FIELD(Event, "reason", obj.reason()),
    CONVOY_FIELD(Event, "reportingComponent", obj.reporting_component()),
    CONVOY_FIELD(Event, "source", obj.source().component()),
    CONVOY_FIELD(Event, "type", obj.type()),
  };
}

std::vector<field_table> build_tables() {
  std::vector<field_table> tables;
  tables.push_back(table<api::Pod>("Pod", pod_fields()));
  tables.push_back(table<api::Event>("Event", event_fields()));
  tables.push_back(table<api::Node>(
    "Node", {CONVOY_FIELD(api::Node, "spec.unschedulable", bool_text(obj.spec().unschedulable()))}));
  tables.push_back(table<api::Namespace>(
    "Namespace", {CONVOY_FIELD(api::Namespace, "status.phase", obj.status().phase())}));
  tables.push_back(table<api::Secret>("Secret", {CONVOY_FIELD(api::Secret, "type", obj.type())}));
  tables.push_back(table<api::ReplicationController>(
    "ReplicationController", {CONVOY_FIELD(api::ReplicationController, "status.replicas",
                                           int_text(obj.status().replicas(), scratch))}));
  tables.push_back(table<api::ReplicaSet>(
    "ReplicaSet",
    {CONVOY_FIELD(api::ReplicaSet, "status.replicas", int_text(obj.status().replicas(), scratch))}));
  tables.push_back(table<api::Service>(
    "Service", {CONVOY_FIELD(api::Service, "spec.clusterIP", obj.spec().cluster_ip()),
                CONVOY_FIELD(api::Service, "spec.type", obj.spec().type())}));
  tables.push_back(table<api::ConfigMap>("ConfigMap"));
  tables.push_back(table<api::Endpoints>("Endpoints"));
  tables.push_back(table<api::ServiceAccount>("ServiceAccount"));
  tables.push_back(table<api::Deployment>("Deployment"));
  tables.push_back(table<api::Lease>("Lease"));
  tables.push_back(table<api::Role>("Role"));
  tables.push_back(table<api::ClusterRole>("ClusterRole"));
  tables.push_back(table<api::RoleBinding>("RoleBinding"));
  tables.push_back(table<api::ClusterRoleBinding>("ClusterRoleBinding"));
  return tables;
}

#undef CONVOY_FIELD

const std::vector<field_table>& tables() {
  static const std::vector<field_table> instance = build_tables();
  return instance;
}

} // namespace

const field_table* field_table::find(std::string_view kind) {
  for (const auto& t : tables())
    if (t.kind() == kind)
      return &t;
  return nullptr;
}

const field_accessor* field_table::accessor(std::string_view field) const {
  for (const auto& f : fields_)
    if (f.name == field)
      return &f;
  return nullptr;
}

std::vector<std::string_view> field_table::kinds() {
  std::vector<std::string_view> out;
  for (const auto& t : tables())
    out.push_back(t.kind());
  return out;
}

} // namespace convoy::apiserver
