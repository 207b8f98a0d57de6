// The API objects of messages/api/*.proto must serialize, through protobuf's
// own JSON mapping, to Kubernetes' JSON field names (apiVersion, podIP,
// spec.clusterIP, ...). These tests build objects in C++, print them with
// MessageToJsonString and walk the parsed result by Kubernetes paths, so a
// renamed field or a missing json_name shows up as a missing key.

#include <boost/test/unit_test.hpp>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <regex>
#include <string>
#include <string_view>

#include "api/config.pb.h"
#include "api/coordination.pb.h"
#include "api/event.pb.h"
#include "api/meta.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "api/rbac.pb.h"
#include "api/service.pb.h"
#include "api/workload.pb.h"

namespace {

using google::protobuf::Value;
namespace api = convoy::api;

std::string to_json(const google::protobuf::Message& msg) {
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(msg, &out);
  BOOST_REQUIRE_MESSAGE(status.ok(), "MessageToJsonString failed: " << status.ToString());
  return out;
}

Value parse_value(const std::string& json) {
  Value v;
  auto status = google::protobuf::util::JsonStringToMessage(json, &v);
  BOOST_REQUIRE_MESSAGE(status.ok(), "generated JSON does not parse: " << status.ToString());
  return v;
}

/// Follows a Kubernetes-style path ("spec.containers[0].livenessProbe") through
/// parsed JSON; nullptr if any step is missing. Keys are matched exactly, so a
/// wrong case ("podIp") is a miss.
const Value* at(const Value& root, std::string_view path) {
  const Value* cur = &root;
  while (!path.empty() && cur != nullptr) {
    auto end = path.find_first_of(".[");
    std::string_view key = path.substr(0, end);
    path = end == std::string_view::npos ? std::string_view{} : path.substr(end);
    if (!key.empty()) {
      if (!cur->has_struct_value())
        return nullptr;
      const auto& fields = cur->struct_value().fields();
      auto it = fields.find(std::string{key});
      cur = it == fields.end() ? nullptr : &it->second;
    }
    if (!path.empty() && path.front() == '[' && cur != nullptr) {
      auto close = path.find(']');
      auto index = std::stoul(std::string{path.substr(1, close - 1)});
      path.remove_prefix(close + 1);
      if (!cur->has_list_value() || index >= static_cast<size_t>(cur->list_value().values_size()))
        return nullptr;
      cur = &cur->list_value().values(static_cast<int>(index));
    }
    if (!path.empty() && path.front() == '.')
      path.remove_prefix(1);
  }
  return cur;
}

/// Checks that every path exists in the JSON of `msg`; names each missing one.
void require_paths(const google::protobuf::Message& msg, std::initializer_list<const char*> paths) {
  auto json = to_json(msg);
  auto root = parse_value(json);
  for (const char* path : paths)
    BOOST_CHECK_MESSAGE(at(root, path) != nullptr,
                        "missing JSON path " << path << " in " << json);
}

std::string string_at(const Value& root, std::string_view path) {
  const Value* v = at(root, path);
  BOOST_REQUIRE_MESSAGE(v != nullptr, "missing JSON path " << path);
  BOOST_REQUIRE_MESSAGE(v->has_string_value(), "not a string at " << path);
  return v->string_value();
}

/// Numbers: proto3 prints int64 as a JSON string and int32 as a number;
/// accept both so the tests pin names, not the int64 encoding.
double number_at(const Value& root, std::string_view path) {
  const Value* v = at(root, path);
  BOOST_REQUIRE_MESSAGE(v != nullptr, "missing JSON path " << path);
  if (v->has_string_value())
    return std::stod(v->string_value());
  BOOST_REQUIRE_MESSAGE(v->has_number_value(), "not a number at " << path);
  return v->number_value();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

api::IntOrString int_port(int32_t port) {
  api::IntOrString v;
  v.set_type(0);
  v.set_int_val(port);
  return v;
}

api::Pod sample_pod() {
  api::Pod pod;
  pod.set_kind("Pod");
  pod.set_api_version("v1");
  auto* meta = pod.mutable_metadata();
  meta->set_generate_name("web-");
  meta->set_namespace_("default");
  meta->set_resource_version("42");
  (*meta->mutable_labels())["app"] = "web";
  auto* owner = meta->add_owner_references();
  owner->set_api_version("v1");
  owner->set_kind("ReplicationController");
  owner->set_name("web");
  owner->set_controller(true);
  owner->set_block_owner_deletion(true);

  auto* spec = pod.mutable_spec();
  spec->set_node_name("node-1");
  spec->set_termination_grace_period_seconds(30);
  auto* init = spec->add_init_containers();
  init->set_name("migrate");
  init->set_image("db-migrate:1");
  auto* c = spec->add_containers();
  c->set_name("web");
  c->set_image("nginx:1.25");
  (*c->mutable_resources()->mutable_requests())["cpu"] = "500m";
  auto* env = c->add_env();
  env->set_name("DB_PASSWORD");
  env->mutable_value_from()->mutable_secret_key_ref()->set_name("db");
  env->mutable_value_from()->mutable_secret_key_ref()->set_key("password");
  auto* get = c->mutable_liveness_probe()->mutable_http_get();
  get->set_path("/healthz");
  *get->mutable_port() = int_port(8080);

  auto* status = pod.mutable_status();
  status->set_phase("Running");
  status->set_pod_ip("10.0.0.1");
  status->set_host_ip("192.168.1.10");
  status->add_pod_ips()->set_ip("10.0.0.1");
  auto* cs = status->add_container_statuses();
  cs->set_name("web");
  cs->set_restart_count(3);
  cs->set_ready(true);
  cs->set_container_id("containerd://abc");
  cs->mutable_state()->mutable_running();
  return pod;
}

/// All messages of package convoy.api, nested ones included.
void collect_messages(const google::protobuf::Descriptor* d,
                      std::vector<const google::protobuf::Descriptor*>& out) {
  out.push_back(d);
  for (int i = 0; i < d->nested_type_count(); ++i)
    collect_messages(d->nested_type(i), out);
}

} // namespace

BOOST_AUTO_TEST_SUITE(api_json)

BOOST_AUTO_TEST_CASE(pod_uses_kubernetes_field_names) {
  auto pod = sample_pod();
  auto json = to_json(pod);
  BOOST_TEST_INFO("json: " << json);
  BOOST_CHECK(contains(json, R"("apiVersion":"v1")"));
  BOOST_CHECK(contains(json, R"("podIP":"10.0.0.1")"));
  BOOST_CHECK(contains(json, R"("hostIP":"192.168.1.10")"));
  BOOST_CHECK(contains(json, R"("nodeName":"node-1")"));
  BOOST_CHECK(contains(json, R"("containerID":"containerd://abc")"));
  BOOST_CHECK(!contains(json, "podIp"));
  BOOST_CHECK(!contains(json, "hostIp"));
  BOOST_CHECK(!contains(json, "api_version"));

  auto root = parse_value(json);
  BOOST_CHECK_EQUAL(string_at(root, "metadata.resourceVersion"), "42");
  BOOST_CHECK_EQUAL(string_at(root, "metadata.generateName"), "web-");
  BOOST_CHECK_EQUAL(string_at(root, "metadata.namespace"), "default");
  BOOST_CHECK_EQUAL(string_at(root, "metadata.ownerReferences[0].apiVersion"), "v1");
  BOOST_REQUIRE(at(root, "metadata.ownerReferences[0].blockOwnerDeletion") != nullptr);
  BOOST_CHECK(at(root, "metadata.ownerReferences[0].blockOwnerDeletion")->bool_value());
  BOOST_CHECK_EQUAL(string_at(root, "spec.nodeName"), "node-1");
  BOOST_CHECK_EQUAL(string_at(root, "spec.initContainers[0].name"), "migrate");
  BOOST_CHECK_EQUAL(string_at(root, "spec.containers[0].livenessProbe.httpGet.path"), "/healthz");
  BOOST_CHECK_EQUAL(string_at(root, "spec.containers[0].resources.requests.cpu"), "500m");
  BOOST_CHECK_EQUAL(string_at(root, "spec.containers[0].env[0].valueFrom.secretKeyRef.key"),
                    "password");
  BOOST_CHECK_EQUAL(number_at(root, "spec.terminationGracePeriodSeconds"), 30);
  BOOST_CHECK_EQUAL(string_at(root, "status.podIP"), "10.0.0.1");
  BOOST_CHECK_EQUAL(string_at(root, "status.podIPs[0].ip"), "10.0.0.1");
  BOOST_CHECK_EQUAL(string_at(root, "status.hostIP"), "192.168.1.10");
  BOOST_CHECK_EQUAL(number_at(root, "status.containerStatuses[0].restartCount"), 3);
  BOOST_CHECK(at(root, "status.containerStatuses[0].state.running") != nullptr);
}

BOOST_AUTO_TEST_CASE(optional_fields_keep_explicit_zero) {
  // Kubernetes pointer fields: an explicit 0 must survive (grace period 0 =
  // delete now; replicas 0 = scale down), an unset one must stay absent.
  api::Pod pod;
  pod.mutable_spec()->set_termination_grace_period_seconds(0);
  auto root = parse_value(to_json(pod));
  BOOST_CHECK_EQUAL(number_at(root, "spec.terminationGracePeriodSeconds"), 0);
  BOOST_CHECK(at(root, "spec.activeDeadlineSeconds") == nullptr);

  api::Deployment unset;
  unset.mutable_spec()->set_paused(true);
  BOOST_CHECK(at(parse_value(to_json(unset)), "spec.replicas") == nullptr);
  api::Deployment zero;
  zero.mutable_spec()->set_replicas(0);
  BOOST_CHECK_EQUAL(number_at(parse_value(to_json(zero)), "spec.replicas"), 0);
}

BOOST_AUTO_TEST_CASE(node_uses_kubernetes_field_names) {
  api::Node node;
  node.set_kind("Node");
  node.set_api_version("v1");
  node.mutable_metadata()->set_name("node-1");
  node.mutable_spec()->set_pod_cidr("10.244.1.0/24");
  node.mutable_spec()->add_pod_cidrs("10.244.1.0/24");
  node.mutable_spec()->set_unschedulable(true);
  auto* taint = node.mutable_spec()->add_taints();
  taint->set_key("node.kubernetes.io/unreachable");
  taint->set_effect("NoExecute");
  auto* status = node.mutable_status();
  (*status->mutable_capacity())["cpu"] = "4";
  (*status->mutable_allocatable())["memory"] = "7Gi";
  auto* info = status->mutable_node_info();
  info->set_kubelet_version("v1.30.0-convoy");
  info->set_architecture("amd64");
  info->set_operating_system("linux");
  info->set_machine_id("m1");
  info->set_system_uuid("u1");
  status->mutable_daemon_endpoints()->mutable_kubelet_endpoint()->set_port(10250);
  auto* cond = status->add_conditions();
  cond->set_type("Ready");
  cond->set_status("True");
  cond->mutable_last_heartbeat_time()->set_seconds(1700000000);

  auto json = to_json(node);
  BOOST_TEST_INFO("json: " << json);
  BOOST_CHECK(contains(json, R"("podCIDR":"10.244.1.0/24")"));
  auto root = parse_value(json);
  BOOST_CHECK_EQUAL(string_at(root, "spec.podCIDR"), "10.244.1.0/24");
  BOOST_CHECK_EQUAL(string_at(root, "spec.podCIDRs[0]"), "10.244.1.0/24");
  BOOST_CHECK_EQUAL(string_at(root, "spec.taints[0].effect"), "NoExecute");
  BOOST_CHECK_EQUAL(string_at(root, "status.capacity.cpu"), "4");
  BOOST_CHECK_EQUAL(string_at(root, "status.allocatable.memory"), "7Gi");
  BOOST_CHECK_EQUAL(string_at(root, "status.nodeInfo.kubeletVersion"), "v1.30.0-convoy");
  BOOST_CHECK_EQUAL(string_at(root, "status.nodeInfo.architecture"), "amd64");
  BOOST_CHECK_EQUAL(string_at(root, "status.nodeInfo.operatingSystem"), "linux");
  BOOST_CHECK_EQUAL(string_at(root, "status.nodeInfo.machineID"), "m1");
  BOOST_CHECK_EQUAL(string_at(root, "status.nodeInfo.systemUUID"), "u1");
  BOOST_CHECK_EQUAL(number_at(root, "status.daemonEndpoints.kubeletEndpoint.Port"), 10250);
  // Timestamps map to RFC 3339, as Kubernetes' metav1.Time does.
  BOOST_CHECK_EQUAL(string_at(root, "status.conditions[0].lastHeartbeatTime"),
                    "2023-11-14T22:13:20Z");
}

BOOST_AUTO_TEST_CASE(service_and_endpoints_use_kubernetes_field_names) {
  api::Service svc;
  svc.set_api_version("v1");
  svc.mutable_spec()->set_type("NodePort");
  svc.mutable_spec()->set_cluster_ip("10.96.0.10");
  svc.mutable_spec()->add_cluster_ips("10.96.0.10");
  (*svc.mutable_spec()->mutable_selector())["app"] = "db";
  auto* port = svc.mutable_spec()->add_ports();
  port->set_name("pg");
  port->set_protocol("TCP");
  port->set_port(5432);
  *port->mutable_target_port() = int_port(5432);
  port->set_node_port(30432);
  auto json = to_json(svc);
  BOOST_TEST_INFO("json: " << json);
  BOOST_CHECK(contains(json, R"("clusterIP":"10.96.0.10")"));
  auto root = parse_value(json);
  BOOST_CHECK_EQUAL(string_at(root, "spec.clusterIP"), "10.96.0.10");
  BOOST_CHECK_EQUAL(string_at(root, "spec.clusterIPs[0]"), "10.96.0.10");
  BOOST_CHECK_EQUAL(string_at(root, "spec.selector.app"), "db");
  BOOST_CHECK(at(root, "spec.ports[0].targetPort") != nullptr);
  BOOST_CHECK_EQUAL(number_at(root, "spec.ports[0].nodePort"), 30432);
  BOOST_CHECK_EQUAL(number_at(root, "spec.ports[0].port"), 5432);

  api::Endpoints ep;
  auto* subset = ep.add_subsets();
  auto* ready = subset->add_addresses();
  ready->set_ip("10.0.0.7");
  ready->set_node_name("node-2");
  ready->mutable_target_ref()->set_kind("Pod");
  subset->add_not_ready_addresses()->set_ip("10.0.0.8");
  subset->add_ports()->set_port(5432);
  auto ep_root = parse_value(to_json(ep));
  BOOST_CHECK_EQUAL(string_at(ep_root, "subsets[0].addresses[0].ip"), "10.0.0.7");
  BOOST_CHECK_EQUAL(string_at(ep_root, "subsets[0].addresses[0].nodeName"), "node-2");
  BOOST_CHECK_EQUAL(string_at(ep_root, "subsets[0].addresses[0].targetRef.kind"), "Pod");
  BOOST_CHECK_EQUAL(string_at(ep_root, "subsets[0].notReadyAddresses[0].ip"), "10.0.0.8");
  BOOST_CHECK_EQUAL(number_at(ep_root, "subsets[0].ports[0].port"), 5432);
}

BOOST_AUTO_TEST_CASE(lease_event_status_and_rbac_use_kubernetes_field_names) {
  api::Lease lease;
  lease.set_api_version("coordination.k8s.io/v1");
  lease.mutable_spec()->set_holder_identity("node-1");
  lease.mutable_spec()->set_lease_duration_seconds(40);
  lease.mutable_spec()->mutable_renew_time()->set_seconds(1700000000);
  lease.mutable_spec()->mutable_renew_time()->set_nanos(123456000);
  auto lease_root = parse_value(to_json(lease));
  BOOST_CHECK_EQUAL(string_at(lease_root, "spec.holderIdentity"), "node-1");
  BOOST_CHECK_EQUAL(number_at(lease_root, "spec.leaseDurationSeconds"), 40);
  BOOST_CHECK_EQUAL(string_at(lease_root, "spec.renewTime"), "2023-11-14T22:13:20.123456Z");

  api::Event event;
  event.mutable_involved_object()->set_kind("Pod");
  event.mutable_involved_object()->set_field_path("spec.containers{web}");
  event.set_reason("BackOff");
  event.mutable_source()->set_component("kubelet");
  event.set_count(5);
  event.set_reporting_component("kubelet");
  require_paths(event, {"involvedObject.kind", "involvedObject.fieldPath", "reason",
                        "source.component", "count", "reportingComponent"});

  api::Status status;
  status.set_kind("Status");
  status.set_status("Failure");
  status.set_reason("Invalid");
  status.set_code(422);
  auto* cause = status.mutable_details()->add_causes();
  cause->set_reason("FieldValueRequired");
  cause->set_field("spec.containers[0].image");
  auto status_root = parse_value(to_json(status));
  BOOST_CHECK_EQUAL(string_at(status_root, "reason"), "Invalid");
  BOOST_CHECK_EQUAL(string_at(status_root, "details.causes[0].field"),
                    "spec.containers[0].image");
  BOOST_CHECK_EQUAL(number_at(status_root, "code"), 422);

  api::RoleBinding binding;
  binding.mutable_role_ref()->set_api_group("rbac.authorization.k8s.io");
  binding.mutable_role_ref()->set_kind("Role");
  binding.mutable_role_ref()->set_name("pod-reader");
  auto* subject = binding.add_subjects();
  subject->set_kind("ServiceAccount");
  subject->set_name("default");
  subject->set_namespace_("default");
  require_paths(binding, {"roleRef.apiGroup", "roleRef.kind", "roleRef.name",
                          "subjects[0].kind", "subjects[0].namespace"});

  api::ClusterRole role;
  auto* rule = role.add_rules();
  rule->add_non_resource_urls("/healthz");
  rule->add_api_groups("");
  rule->add_verbs("get");
  auto role_json = to_json(role);
  BOOST_CHECK_MESSAGE(contains(role_json, R"("nonResourceURLs":["/healthz"])"), role_json);
}

BOOST_AUTO_TEST_CASE(no_json_name_lowercases_an_acronym) {
  // Guards future edits: a snake_case field like pod_ip silently becomes
  // "podIp" unless it carries json_name. Kubernetes always writes these
  // acronyms upper-case (podIP, containerID, podCIDR, systemUUID, ...).
  const std::regex bad{"(Ip|Id|Cidr|Uuid|Url|Fqdn|Api|Ipc|Pid)(s|[A-Z]|$)"};
  const char* files[] = {"api/meta.proto",    "api/pod.proto",          "api/node.proto",
                         "api/workload.proto", "api/service.proto",      "api/config.proto",
                         "api/rbac.proto",     "api/coordination.proto", "api/event.proto"};
  auto* pool = google::protobuf::DescriptorPool::generated_pool();
  size_t fields = 0;
  for (const char* name : files) {
    const auto* file = pool->FindFileByName(name);
    BOOST_REQUIRE_MESSAGE(file != nullptr, "not linked: " << name);
    BOOST_CHECK_EQUAL(file->package(), "convoy.api");
    std::vector<const google::protobuf::Descriptor*> messages;
    for (int i = 0; i < file->message_type_count(); ++i)
      collect_messages(file->message_type(i), messages);
    for (const auto* msg : messages) {
      for (int i = 0; i < msg->field_count(); ++i) {
        const auto* field = msg->field(i);
        ++fields;
        BOOST_CHECK_MESSAGE(!std::regex_search(field->json_name(), bad),
                            msg->full_name() << "." << field->name() << " has JSON name "
                                             << field->json_name());
        BOOST_CHECK_MESSAGE(field->number() != 536870911,
                            msg->full_name() << " uses convoy's reserved field number");
      }
    }
  }
  BOOST_CHECK_GT(fields, 300u);
  // The JSON codec finds IntOrString by this exact name.
  BOOST_CHECK_EQUAL(api::IntOrString::descriptor()->full_name(), "convoy.api.IntOrString");
}

BOOST_AUTO_TEST_CASE(kubernetes_json_pod_round_trips) {
  // A manifest as kubectl would send it. IntOrString ports and int64 fields
  // are left out: their Kubernetes encodings are the convoy codec's job.
  const std::string manifest = R"({
    "apiVersion": "v1",
    "kind": "Pod",
    "metadata": {
      "name": "web-1", "namespace": "shop", "labels": {"app": "web"},
      "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web",
                           "uid": "u-1", "controller": true, "blockOwnerDeletion": true}]
    },
    "spec": {
      "restartPolicy": "Always",
      "nodeSelector": {"disktype": "ssd"},
      "serviceAccountName": "web",
      "schedulerName": "default-scheduler",
      "hostIPC": false,
      "initContainers": [{"name": "init", "image": "busybox", "command": ["sh", "-c", "true"]}],
      "containers": [{
        "name": "web", "image": "nginx:1.25", "workingDir": "/srv",
        "args": ["--port", "8080"],
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP", "hostIP": "0.0.0.0"}],
        "env": [
          {"name": "MODE", "value": "prod"},
          {"name": "POD_IP", "valueFrom": {"fieldRef": {"fieldPath": "status.podIP"}}},
          {"name": "LEVEL", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "level",
                                                              "optional": true}}}
        ],
        "resources": {"requests": {"cpu": "250m", "memory": "64Mi"}, "limits": {"cpu": "1"}},
        "livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]},
                          "initialDelaySeconds": 5, "periodSeconds": 10},
        "readinessProbe": {"httpGet": {"path": "/ready", "scheme": "HTTP"}, "failureThreshold": 3}
      }],
      "affinity": {"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
          {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]}]},
        "preferredDuringSchedulingIgnoredDuringExecution": [
          {"weight": 50, "preference": {"matchExpressions": [
            {"key": "gpu", "operator": "Exists"}]}}]}},
      "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "web",
                       "effect": "NoSchedule"}],
      "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone",
        "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "web"}}}]
    },
    "status": {
      "phase": "Running", "hostIP": "192.168.1.10", "podIP": "10.0.0.1",
      "podIPs": [{"ip": "10.0.0.1"}],
      "startTime": "2024-01-02T03:04:05Z",
      "conditions": [{"type": "Ready", "status": "True"}],
      "containerStatuses": [{"name": "web", "ready": true, "restartCount": 2,
        "containerID": "process://4242", "imageID": "sha256:1",
        "state": {"running": {"startedAt": "2024-01-02T03:04:06Z"}},
        "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}]
    }
  })";

  api::Pod pod;
  auto status = google::protobuf::util::JsonStringToMessage(manifest, &pod);
  BOOST_REQUIRE_MESSAGE(status.ok(), status.ToString());
  BOOST_CHECK_EQUAL(pod.api_version(), "v1");
  BOOST_CHECK_EQUAL(pod.metadata().namespace_(), "shop");
  BOOST_CHECK(pod.metadata().owner_references(0).block_owner_deletion());
  BOOST_CHECK_EQUAL(pod.spec().node_selector().at("disktype"), "ssd");
  BOOST_CHECK_EQUAL(pod.spec().init_containers(0).command(2), "true");
  const auto& c = pod.spec().containers(0);
  BOOST_CHECK_EQUAL(c.working_dir(), "/srv");
  BOOST_CHECK_EQUAL(c.ports(0).container_port(), 8080);
  BOOST_CHECK_EQUAL(c.ports(0).host_ip(), "0.0.0.0");
  BOOST_CHECK_EQUAL(c.env(1).value_from().field_ref().field_path(), "status.podIP");
  BOOST_CHECK(c.env(2).value_from().config_map_key_ref().has_optional());
  BOOST_CHECK_EQUAL(c.resources().requests().at("memory"), "64Mi");
  BOOST_CHECK_EQUAL(c.liveness_probe().exec().command(1), "/tmp/healthy");
  BOOST_CHECK_EQUAL(c.liveness_probe().initial_delay_seconds(), 5);
  BOOST_CHECK_EQUAL(c.readiness_probe().http_get().path(), "/ready");
  const auto& node_affinity = pod.spec().affinity().node_affinity();
  BOOST_CHECK_EQUAL(node_affinity.required_during_scheduling_ignored_during_execution()
                        .node_selector_terms(0).match_expressions(0).values(1),
                    "b");
  BOOST_CHECK_EQUAL(node_affinity.preferred_during_scheduling_ignored_during_execution(0).weight(),
                    50);
  BOOST_CHECK_EQUAL(pod.spec().tolerations(0).effect(), "NoSchedule");
  BOOST_CHECK_EQUAL(pod.spec().topology_spread_constraints(0).max_skew(), 1);
  BOOST_CHECK_EQUAL(pod.status().host_ip(), "192.168.1.10");
  BOOST_CHECK_EQUAL(pod.status().pod_ip(), "10.0.0.1");
  BOOST_CHECK_EQUAL(pod.status().start_time().seconds(), 1704164645);
  const auto& cs = pod.status().container_statuses(0);
  BOOST_CHECK_EQUAL(cs.restart_count(), 2);
  BOOST_CHECK_EQUAL(cs.container_id(), "process://4242");
  BOOST_CHECK_EQUAL(cs.last_state().terminated().exit_code(), 137);

  // Back to JSON: same Kubernetes names, same values, and the message
  // round-trips to an equal one (compared field by field: map order in the
  // binary form is unspecified).
  auto json = to_json(pod);
  BOOST_TEST_INFO("json: " << json);
  BOOST_CHECK(contains(json, R"("podIP":"10.0.0.1")"));
  BOOST_CHECK(contains(json, R"("hostIP":"0.0.0.0")"));
  BOOST_CHECK(contains(json, R"("restartCount":2)"));
  api::Pod again;
  BOOST_REQUIRE(google::protobuf::util::JsonStringToMessage(json, &again).ok());
  BOOST_CHECK(google::protobuf::util::MessageDifferencer::Equals(again, pod));
}

BOOST_AUTO_TEST_CASE(parser_rejects_non_kubernetes_spelling) {
  // "podIp" is not Kubernetes' name; it must not be silently dropped as if
  // the field were unset.
  api::Pod pod;
  auto bad = google::protobuf::util::JsonStringToMessage(R"({"status":{"podIp":"10.0.0.1"}})",
                                                         &pod);
  BOOST_CHECK(!bad.ok());
  auto good = google::protobuf::util::JsonStringToMessage(R"({"status":{"podIP":"10.0.0.1"}})",
                                                          &pod);
  BOOST_REQUIRE_MESSAGE(good.ok(), good.ToString());
  BOOST_CHECK_EQUAL(pod.status().pod_ip(), "10.0.0.1");
}

BOOST_AUTO_TEST_CASE(secret_data_is_base64_and_lists_have_items) {
  api::Secret secret;
  secret.set_type("Opaque");
  (*secret.mutable_data())["password"] = std::string("s3cr\0t", 6);
  auto root = parse_value(to_json(secret));
  BOOST_CHECK_EQUAL(string_at(root, "data.password"), "czNjcgB0");

  api::ConfigMapList list;
  list.set_kind("ConfigMapList");
  list.mutable_metadata()->set_resource_version("7");
  list.mutable_metadata()->set_continue_("token");
  (*list.add_items()->mutable_data())["k"] = "v";
  auto list_root = parse_value(to_json(list));
  BOOST_CHECK_EQUAL(string_at(list_root, "metadata.resourceVersion"), "7");
  BOOST_CHECK_EQUAL(string_at(list_root, "metadata.continue"), "token");
  BOOST_CHECK_EQUAL(string_at(list_root, "items[0].data.k"), "v");
}

BOOST_AUTO_TEST_SUITE_END()
