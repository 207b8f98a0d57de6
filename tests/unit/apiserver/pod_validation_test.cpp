// Pod validation tables: a valid defaulted pod, one mutation per row, the
// exact errors Kubernetes would report.

#include <boost/test/unit_test.hpp>

#include "actors/apiserver/defaulting/pod_defaults.hpp"
#include "actors/apiserver/validation/pod_validation.hpp"
#include "test_support.hpp"

using namespace convoy;
using namespace convoy::apiserver;
using test::validation_case;
using pod_case = validation_case<api::Pod>;

namespace {

const std::string label_value_msg
  = R"(a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'))";
const std::string qualified_msg
  = R"(name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'))";

api::Container& ctr(api::Pod& p, int i = 0) {
  return *p.mutable_spec()->mutable_containers(i);
}

api::Container& add_container(api::Pod& p, const char* name, const char* image) {
  auto& c = *p.mutable_spec()->add_containers();
  c = test::container(name, image);
  default_container(c);
  return c;
}

api::Probe& liveness(api::Pod& p) {
  auto& probe = *ctr(p).mutable_liveness_probe();
  probe.set_timeout_seconds(1);
  probe.set_period_seconds(10);
  probe.set_success_threshold(1);
  probe.set_failure_threshold(3);
  return probe;
}

api::NodeSelectorRequirement& node_expr(api::Pod& p) {
  auto* req = p.mutable_spec()->mutable_affinity()->mutable_node_affinity()
                ->mutable_required_during_scheduling_ignored_during_execution();
  auto* term = req->add_node_selector_terms();
  auto* expr = term->add_match_expressions();
  expr->set_key("disk");
  return *expr;
}

api::Toleration& toleration(api::Pod& p, const char* key, const char* op) {
  auto& t = *p.mutable_spec()->add_tolerations();
  t.set_key(key);
  t.set_operator_(op);
  return t;
}

api::TopologySpreadConstraint& spread(api::Pod& p, const char* key, const char* when) {
  auto& c = *p.mutable_spec()->add_topology_spread_constraints();
  c.set_max_skew(1);
  c.set_topology_key(key);
  c.set_when_unsatisfiable(when);
  return c;
}

field_error_list validate(const api::Pod& p) {
  return validate_pod(p);
}

} // namespace

BOOST_AUTO_TEST_SUITE(pod_validation_tests)

BOOST_AUTO_TEST_CASE(metadata) {
  const std::vector<pod_case> cases = {
    {"valid", [](api::Pod&) {}, {}},
    {"name not a subdomain", [](api::Pod& p) { p.mutable_metadata()->set_name("Web_1"); },
     {"metadata.name: Invalid value: \"Web_1\": " + test::subdomain_msg()}},
    {"name with dots is fine", [](api::Pod& p) { p.mutable_metadata()->set_name("web.v1"); }, {}},
    {"no name",
     [](api::Pod& p) {
       p.mutable_metadata()->clear_name();
       p.mutable_metadata()->set_generate_name("web-");
     },
     {"metadata.name: Required value: name or generateName is required"}},
    {"bad generateName", [](api::Pod& p) { p.mutable_metadata()->set_generate_name("Web-"); },
     {"metadata.generateName: Invalid value: \"Web-\": " + test::subdomain_msg()}},
    {"no namespace", [](api::Pod& p) { p.mutable_metadata()->clear_namespace_(); },
     {"metadata.namespace: Required value"}},
    {"bad namespace", [](api::Pod& p) { p.mutable_metadata()->set_namespace_("Bad_NS"); },
     {"metadata.namespace: Invalid value: \"Bad_NS\": " + test::label_msg()}},
    {"bad label value",
     [](api::Pod& p) { (*p.mutable_metadata()->mutable_labels())["app"] = "-bad"; },
     {"metadata.labels: Invalid value: \"-bad\": " + label_value_msg}},
    {"bad label key",
     [](api::Pod& p) { (*p.mutable_metadata()->mutable_labels())["a b"] = "x"; },
     {"metadata.labels: Invalid value: \"a b\": " + qualified_msg}},
    {"bad annotation key",
     [](api::Pod& p) { (*p.mutable_metadata()->mutable_annotations())["a b"] = "x"; },
     {"metadata.annotations: Invalid value: \"a b\": " + qualified_msg}},
    {"annotation key case-insensitive",
     [](api::Pod& p) { (*p.mutable_metadata()->mutable_annotations())["Example.COM/Key"] = "x"; },
     {}},
    {"annotations too large",
     [](api::Pod& p) {
       (*p.mutable_metadata()->mutable_annotations())["big"] = std::string(256 * 1024, 'x');
     },
     {"metadata.annotations: Too long: must have at most 262144 bytes"}},
    {"non-standard finalizer", [](api::Pod& p) { p.mutable_metadata()->add_finalizers("custom"); },
     {"metadata.finalizers[0]: Invalid value: \"custom\": name is neither a standard finalizer "
      "name nor is it fully qualified"}},
    {"qualified finalizer",
     [](api::Pod& p) { p.mutable_metadata()->add_finalizers("example.com/cleanup"); }, {}},
    {"orphan and foreground",
     [](api::Pod& p) {
       p.mutable_metadata()->add_finalizers("orphan");
       p.mutable_metadata()->add_finalizers("foregroundDeletion");
     },
     {R"(metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set)"}},
    {"negative generation", [](api::Pod& p) { p.mutable_metadata()->set_generation(-1); },
     {"metadata.generation: Invalid value: -1: must be greater than or equal to 0"}},
    {"owner reference incomplete",
     [](api::Pod& p) {
       auto* ref = p.mutable_metadata()->add_owner_references();
       ref->set_api_version("apps/");
       ref->set_kind("ReplicaSet");
       ref->set_name("rs");
     },
     {"metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty",
      "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty"}},
    {"two controllers",
     [](api::Pod& p) {
       for (auto name : {"a", "b"}) {
         auto* ref = p.mutable_metadata()->add_owner_references();
         ref->set_api_version("v1");
         ref->set_kind("ReplicationController");
         ref->set_name(name);
         ref->set_uid(name);
         ref->set_controller(true);
       }
     },
     {"metadata.ownerReferences: Invalid value: [ReplicationController/a, "
      "ReplicationController/b]: Only one reference can have Controller set to true. Found "
      "\"true\" in references for ReplicationController/a and ReplicationController/b"}},
  };
  test::run_cases(test::valid_pod(), cases, validate);
}

BOOST_AUTO_TEST_CASE(containers_and_ports) {
  const std::vector<pod_case> cases = {
    {"no containers", [](api::Pod& p) { p.mutable_spec()->clear_containers(); },
     {"spec.containers: Required value"}},
    {"no image", [](api::Pod& p) { ctr(p).clear_image(); },
     {"spec.containers[0].image: Required value"}},
    {"no name", [](api::Pod& p) { ctr(p).clear_name(); },
     {"spec.containers[0].name: Required value"}},
    {"name not a label", [](api::Pod& p) { ctr(p).set_name("Web"); },
     {"spec.containers[0].name: Invalid value: \"Web\": " + test::label_msg()}},
    {"duplicate name", [](api::Pod& p) { add_container(p, "web", "busybox"); },
     {"spec.containers[1].name: Duplicate value: \"web\""}},
    {"port out of range", [](api::Pod& p) { ctr(p).mutable_ports(0)->set_container_port(70000); },
     {"spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and "
      "65535, inclusive"}},
    {"port missing", [](api::Pod& p) { ctr(p).mutable_ports(0)->set_container_port(0); },
     {"spec.containers[0].ports[0].containerPort: Required value"}},
    {"host port out of range", [](api::Pod& p) { ctr(p).mutable_ports(0)->set_host_port(-1); },
     {"spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 and 65535, "
      "inclusive"}},
    {"bad protocol", [](api::Pod& p) { ctr(p).mutable_ports(0)->set_protocol("HTTP"); },
     {R"(spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP")"}},
    {"duplicate port name",
     [](api::Pod& p) {
       ctr(p).mutable_ports(0)->set_name("http");
       auto* port = ctr(p).add_ports();
       port->set_name("http");
       port->set_container_port(81);
       port->set_protocol("TCP");
     },
     {"spec.containers[0].ports[1].name: Duplicate value: \"http\""}},
    {"bad port name", [](api::Pod& p) { ctr(p).mutable_ports(0)->set_name("HTTP"); },
     {"spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain only "
      "alpha-numeric characters (a-z, 0-9), and hyphens (-)",
      "spec.containers[0].ports[0].name: Invalid value: \"HTTP\": must contain at least one "
      "letter (a-z)"}},
    {"host port conflict",
     [](api::Pod& p) {
       ctr(p).mutable_ports(0)->set_host_port(8080);
       auto& other = add_container(p, "sidecar", "busybox");
       auto* port = other.add_ports();
       port->set_container_port(9090);
       port->set_host_port(8080);
       port->set_protocol("TCP");
     },
     {"spec.containers[1].ports[0].hostPort: Duplicate value: \"/TCP/8080\""}},
    {"pull policy", [](api::Pod& p) { ctr(p).set_image_pull_policy("Sometimes"); },
     {R"(spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never")"}},
    {"restartPolicy on regular container",
     [](api::Pod& p) { ctr(p).set_restart_policy("Always"); },
     {"spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"}},
    {"hostNetwork needs hostPort == containerPort",
     [](api::Pod& p) {
       p.mutable_spec()->set_host_network(true);
       ctr(p).mutable_ports(0)->set_host_port(8080);
     },
     {"spec.containers[0].ports[0].containerPort: Invalid value: 80: must match `hostPort` when "
      "`hostNetwork` is true"}},
  };
  test::run_cases(test::valid_pod(), cases, validate);
}

BOOST_AUTO_TEST_CASE(env) {
  const std::string prefix = "spec.containers[0].env[0].";
  auto env = [](api::Pod& p) -> api::EnvVar& {
    auto& e = *ctr(p).add_env();
    e.set_name("X");
    return e;
  };
  const std::vector<pod_case> cases = {
    {"plain value", [&](api::Pod& p) { env(p).set_value("1"); }, {}},
    {"bad name", [&](api::Pod& p) { env(p).set_name("1BAD"); },
     {prefix + R"(name: Invalid value: "1BAD": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*'))"}},
    {"no name", [&](api::Pod& p) { env(p).clear_name(); }, {prefix + "name: Required value"}},
    {"empty valueFrom", [&](api::Pod& p) { env(p).mutable_value_from(); },
     {prefix + "valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, "
               "`resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"}},
    {"two sources",
     [&](api::Pod& p) {
       auto* from = env(p).mutable_value_from();
       from->mutable_field_ref()->set_api_version("v1");
       from->mutable_field_ref()->set_field_path("metadata.name");
       from->mutable_config_map_key_ref()->set_name("cm");
       from->mutable_config_map_key_ref()->set_key("k");
     },
     {prefix + "valueFrom: Invalid value: \"\": may not have more than one field specified at a "
               "time"}},
    {"value and valueFrom",
     [&](api::Pod& p) {
       auto& e = env(p);
       e.set_value("1");
       e.mutable_value_from()->mutable_secret_key_ref()->set_name("s");
       e.mutable_value_from()->mutable_secret_key_ref()->set_key("k");
     },
     {prefix + "valueFrom: Invalid value: \"\": may not be specified when `value` is not empty"}},
    {"field not for env",
     [&](api::Pod& p) {
       auto* ref = env(p).mutable_value_from()->mutable_field_ref();
       ref->set_api_version("v1");
       ref->set_field_path("status.phase");
     },
     {prefix + R"(valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs")"}},
    {"unknown field",
     [&](api::Pod& p) {
       auto* ref = env(p).mutable_value_from()->mutable_field_ref();
       ref->set_api_version("v1");
       ref->set_field_path("spec.bogus");
     },
     {prefix + "valueFrom.fieldRef.fieldPath: Invalid value: \"spec.bogus\": error converting "
               "fieldPath: field label not supported: spec.bogus"}},
    {"label subscript",
     [&](api::Pod& p) {
       auto* ref = env(p).mutable_value_from()->mutable_field_ref();
       ref->set_api_version("v1");
       ref->set_field_path("metadata.labels['app']");
     },
     {}},
    {"bad config key",
     [&](api::Pod& p) {
       auto* ref = env(p).mutable_value_from()->mutable_config_map_key_ref();
       ref->set_name("cm");
       ref->set_key("a/b");
     },
     {prefix + R"(valueFrom.configMapKeyRef.key: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+'))"}},
    {"resource field",
     [&](api::Pod& p) {
       auto* ref = env(p).mutable_value_from()->mutable_resource_field_ref();
       ref->set_resource("limits.cpu");
       ref->set_divisor("1m");
     },
     {}},
    {"bad cpu divisor",
     [&](api::Pod& p) {
       auto* ref = env(p).mutable_value_from()->mutable_resource_field_ref();
       ref->set_resource("requests.cpu");
       ref->set_divisor("10m");
     },
     {prefix + "valueFrom.resourceFieldRef.divisor: Invalid value: \"10m\": only divisor's values "
               "1m and 1 are supported with the cpu resource"}},
    {"envFrom without source", [](api::Pod& p) { ctr(p).add_env_from()->set_prefix("P_"); },
     {"spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or "
      "`secretRef`"}},
  };
  test::run_cases(test::valid_pod(), cases, validate);
}

BOOST_AUTO_TEST_CASE(resources) {
  const std::string res = "spec.containers[0].resources.";
  auto limit = [](api::Pod& p, const char* k, const char* v) {
    (*ctr(p).mutable_resources()->mutable_limits())[k] = v;
  };
  auto request = [](api::Pod& p, const char* k, const char* v) {
    (*ctr(p).mutable_resources()->mutable_requests())[k] = v;
  };
  const std::vector<pod_case> cases = {
    {"requests within limits",
     [&](api::Pod& p) {
       limit(p, "cpu", "1");
       request(p, "cpu", "500m");
       limit(p, "memory", "128Mi");
       request(p, "memory", "64Mi");
     },
     {}},
    {"request above limit",
     [&](api::Pod& p) {
       limit(p, "cpu", "1");
       request(p, "cpu", "1500m");
     },
     {res + "requests: Invalid value: \"1500m\": must be less than or equal to cpu limit of 1"}},
    {"unparseable quantity", [&](api::Pod& p) { limit(p, "memory", "12Qi"); },
     {res + "limits[memory]: Invalid value: \"12Qi\": quantity \"12Qi\": unknown suffix \"Qi\"",
      res + "requests[memory]: Invalid value: \"12Qi\": quantity \"12Qi\": unknown suffix \"Qi\""}},
    {"negative request", [&](api::Pod& p) { request(p, "cpu", "-1"); },
     {res + "requests[cpu]: Invalid value: \"-1\": must be greater than or equal to 0"}},
    {"non-standard resource", [&](api::Pod& p) { limit(p, "gpu", "1"); },
     {res + "limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers",
      res + "requests[gpu]: Invalid value: \"gpu\": must be a standard resource for containers"}},
    {"extended resource needs a limit", [&](api::Pod& p) { request(p, "example.com/gpu", "1"); },
     {res + "limits: Required value: Limit must be set for non overcommitable resources"}},
    {"extended resource request != limit",
     [&](api::Pod& p) {
       limit(p, "example.com/gpu", "2");
       request(p, "example.com/gpu", "1");
     },
     {res + "requests: Invalid value: \"1\": must be equal to example.com/gpu limit of 2"}},
    {"extended resources are integers",
     [&](api::Pod& p) {
       limit(p, "example.com/gpu", "0.5");
       request(p, "example.com/gpu", "0.5");
     },
     {res + "limits[example.com/gpu]: Invalid value: 500m: must be an integer",
      res + "requests[example.com/gpu]: Invalid value: 500m: must be an integer"}},
    {"hugepages need cpu or memory", [&](api::Pod& p) { limit(p, "hugepages-2Mi", "2Mi"); },
     {"spec.containers[0].resources: Forbidden: HugePages require cpu or memory"}},
  };
  auto with_defaults = [](const api::Pod& p) {
    api::Pod copy = p;
    default_pod(copy); // requests default to limits, as in Kubernetes
    return validate_pod(copy);
  };
  test::run_cases(test::valid_pod(), cases, with_defaults);
}

BOOST_AUTO_TEST_CASE(probes_and_lifecycle) {
  const std::string live = "spec.containers[0].livenessProbe";
  const std::vector<pod_case> cases = {
    {"exec probe", [](api::Pod& p) { liveness(p).mutable_exec()->add_command("true"); }, {}},
    {"no handler", [](api::Pod& p) { liveness(p); },
     {live + ": Required value: must specify a handler type"}},
    {"two handlers",
     [](api::Pod& p) {
       auto& probe = liveness(p);
       probe.mutable_exec()->add_command("true");
       probe.mutable_http_get()->set_path("/");
     },
     {live + ".httpGet: Forbidden: may not specify more than 1 handler type"}},
    {"exec without command", [](api::Pod& p) { liveness(p).mutable_exec(); },
     {live + ".exec.command: Required value"}},
    {"http port zero",
     [](api::Pod& p) {
       auto* http = liveness(p).mutable_http_get();
       http->set_path("/healthz");
       http->set_scheme("HTTP");
     },
     {live + ".httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive"}},
    {"http bad scheme",
     [](api::Pod& p) {
       auto* http = liveness(p).mutable_http_get();
       http->set_path("/");
       http->mutable_port()->set_int_val(8080);
       http->set_scheme("FTP");
     },
     {live + R"(.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS")"}},
    {"tcp named port",
     [](api::Pod& p) {
       auto* port = liveness(p).mutable_tcp_socket()->mutable_port();
       port->set_type(1);
       port->set_str_val("http");
     },
     {}},
    {"liveness success threshold",
     [](api::Pod& p) {
       auto& probe = liveness(p);
       probe.mutable_exec()->add_command("true");
       probe.set_success_threshold(2);
     },
     {live + ".successThreshold: Invalid value: 2: must be 1"}},
    {"readiness period",
     [](api::Pod& p) {
       auto& probe = *ctr(p).mutable_readiness_probe();
       probe.mutable_exec()->add_command("true");
       probe.set_timeout_seconds(1);
       probe.set_period_seconds(-1);
       probe.set_success_threshold(3);
       probe.set_failure_threshold(3);
       probe.set_termination_grace_period_seconds(5);
     },
     {"spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than "
      "or equal to 1",
      "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must "
      "not be set for readinessProbes"}},
    {"preStop sleep beyond grace period",
     [](api::Pod& p) {
       ctr(p).mutable_lifecycle()->mutable_pre_stop()->mutable_sleep()->set_seconds(100);
     },
     {"spec.containers[0].lifecycle.preStop.sleep: Invalid value: 100: must be greater than 0 "
      "and less than terminationGracePeriodSeconds (30)"}},
  };
  test::run_cases(test::valid_pod(), cases, validate);
}

BOOST_AUTO_TEST_CASE(pod_level_fields) {
  const std::vector<pod_case> cases = {
    {"restart policy", [](api::Pod& p) { p.mutable_spec()->set_restart_policy("Sometimes"); },
     {R"(spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never")"}},
    {"dns policy", [](api::Pod& p) { p.mutable_spec()->set_dns_policy("Bogus"); },
     {R"(spec.dnsPolicy: Unsupported value: "Bogus": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")"}},
    {"dns None needs config", [](api::Pod& p) { p.mutable_spec()->set_dns_policy("None"); },
     {"spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"}},
    {"dns nameserver",
     [](api::Pod& p) { p.mutable_spec()->mutable_dns_config()->add_nameservers("1.1.1"); },
     {"spec.dnsConfig.nameservers[0]: Invalid value: \"1.1.1\": must be a valid IP address, (e.g. "
      "10.9.8.7 or 2001:db8::ffff)"}},
    {"grace period", [](api::Pod& p) { p.mutable_spec()->set_termination_grace_period_seconds(-1); },
     {"spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0"}},
    {"zero grace period is fine",
     [](api::Pod& p) { p.mutable_spec()->set_termination_grace_period_seconds(0); }, {}},
    {"active deadline", [](api::Pod& p) { p.mutable_spec()->set_active_deadline_seconds(0); },
     {"spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"}},
    {"node name", [](api::Pod& p) { p.mutable_spec()->set_node_name("Node_1"); },
     {"spec.nodeName: Invalid value: \"Node_1\": " + test::subdomain_msg()}},
    {"service account", [](api::Pod& p) { p.mutable_spec()->set_service_account_name("A"); },
     {"spec.serviceAccountName: Invalid value: \"A\": " + test::subdomain_msg()}},
    {"hostname", [](api::Pod& p) { p.mutable_spec()->set_hostname("a.b"); },
     {"spec.hostname: Invalid value: \"a.b\": " + test::label_msg()}},
    {"node selector",
     [](api::Pod& p) { (*p.mutable_spec()->mutable_node_selector())["disk"] = "-ssd"; },
     {"spec.nodeSelector: Invalid value: \"-ssd\": " + label_value_msg}},
    {"host alias",
     [](api::Pod& p) {
       auto* alias = p.mutable_spec()->add_host_aliases();
       alias->set_ip("10.0.0.1");
       alias->add_hostnames("Bad_Host");
     },
     {"spec.hostAliases[0].hostnames[0]: Invalid value: \"Bad_Host\": " + test::subdomain_msg()}},
    {"preemption policy", [](api::Pod& p) { p.mutable_spec()->set_preemption_policy("Maybe"); },
     {R"(spec.preemptionPolicy: Unsupported value: "Maybe": supported values: "PreemptLowerPriority", "Never")"}},
  };
  test::run_cases(test::valid_pod(), cases, validate);
}

BOOST_AUTO_TEST_CASE(tolerations) {
  const std::vector<pod_case> cases = {
    {"equal", [](api::Pod& p) { toleration(p, "k", "Equal").set_value("v"); }, {}},
    {"exists all", [](api::Pod& p) { toleration(p, "", "Exists"); }, {}},
    {"bad operator", [](api::Pod& p) { toleration(p, "k", "Foo"); },
     {R"(spec.tolerations[0].operator: Unsupported value: "Foo": supported values: "Equal", "Exists")"}},
    {"empty key needs Exists", [](api::Pod& p) { toleration(p, "", "Equal"); },
     {"spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` "
      "is empty, which means \"match all values and all keys\""}},
    {"bad effect", [](api::Pod& p) { toleration(p, "k", "Exists").set_effect("Sometimes"); },
     {R"(spec.tolerations[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute")"}},
    {"seconds need NoExecute",
     [](api::Pod& p) {
       auto& t = toleration(p, "k", "Exists");
       t.set_effect("NoSchedule");
       t.set_toleration_seconds(10);
     },
     {"spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when "
      "`tolerationSeconds` is set"}},
    {"exists with value", [](api::Pod& p) { toleration(p, "k", "Exists").set_value("v"); },
     {R"(spec.tolerations[0].operator: Invalid value: core.Toleration{Key:"k", Operator:"Exists", Value:"v", Effect:"", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is 'Exists')"}},
    {"bad key", [](api::Pod& p) { toleration(p, "a b", "Exists"); },
     {"spec.tolerations[0].key: Invalid value: \"a b\": " + qualified_msg}},
  };
  test::run_cases(test::valid_pod(), cases, validate);
}

BOOST_AUTO_TEST_CASE(affinity_and_spread) {
  const std::string terms
    = "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms";
  const std::string expr = terms + "[0].matchExpressions[0]";
  const std::vector<pod_case> cases = {
    {"in", [](api::Pod& p) {
       auto& e = node_expr(p);
       e.set_operator_("In");
       e.add_values("ssd");
     },
     {}},
    {"no terms",
     [](api::Pod& p) {
       p.mutable_spec()->mutable_affinity()->mutable_node_affinity()
         ->mutable_required_during_scheduling_ignored_during_execution();
     },
     {terms + ": Required value: must have at least one node selector term"}},
    {"in without values", [](api::Pod& p) { node_expr(p).set_operator_("In"); },
     {expr + ".values: Required value: must be specified when `operator` is 'In' or 'NotIn'"}},
    {"exists with values",
     [](api::Pod& p) {
       auto& e = node_expr(p);
       e.set_operator_("Exists");
       e.add_values("x");
     },
     {expr + ".values: Forbidden: may not be specified when `operator` is 'Exists' or "
             "'DoesNotExist'"}},
    {"gt needs one value",
     [](api::Pod& p) {
       auto& e = node_expr(p);
       e.set_operator_("Gt");
       e.add_values("1");
       e.add_values("2");
     },
     {expr + ".values: Required value: must be specified single value when `operator` is 'Lt' or "
             "'Gt'"}},
    {"gt needs an integer",
     [](api::Pod& p) {
       auto& e = node_expr(p);
       e.set_operator_("Lt");
       e.add_values("abc");
     },
     {expr + ".values[0]: Invalid value: \"abc\": must be an integer"}},
    {"bad operator", [](api::Pod& p) { node_expr(p).set_operator_("Near"); },
     {expr + ".operator: Invalid value: \"Near\": not a valid selector operator"}},
    {"preferred weight",
     [](api::Pod& p) {
       p.mutable_spec()->mutable_affinity()->mutable_node_affinity()
         ->add_preferred_during_scheduling_ignored_during_execution();
     },
     {"spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: "
      "Invalid value: 0: must be in the range 1-100"}},
    {"anti-affinity needs topologyKey",
     [](api::Pod& p) {
       auto* term = p.mutable_spec()->mutable_affinity()->mutable_pod_anti_affinity()
                      ->add_required_during_scheduling_ignored_during_execution();
       (*term->mutable_label_selector()->mutable_match_labels())["app"] = "web";
     },
     {"spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
      "topologyKey: Required value: can not be empty",
      "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
      "topologyKey: Invalid value: \"\": name part must be non-empty",
      "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
      "topologyKey: Invalid value: \"\": "
        + qualified_msg}},
    {"spread ok", [](api::Pod& p) { spread(p, "zone", "DoNotSchedule"); }, {}},
    {"spread skew and action",
     [](api::Pod& p) { spread(p, "zone", "Maybe").set_max_skew(0); },
     {"spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
      R"(spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway")"}},
    {"spread key", [](api::Pod& p) { spread(p, "", "ScheduleAnyway"); },
     {"spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty"}},
    {"spread repeated",
     [](api::Pod& p) {
       spread(p, "zone", "DoNotSchedule");
       spread(p, "zone", "DoNotSchedule");
     },
     {"spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "
      "\"{zone, DoNotSchedule}\""}},
    {"minDomains needs DoNotSchedule",
     [](api::Pod& p) { spread(p, "zone", "ScheduleAnyway").set_min_domains(2); },
     {"spec.topologySpreadConstraints[0].minDomains: Invalid value: 2: can only use minDomains "
      "if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"}},
  };
  test::run_cases(test::valid_pod(), cases, validate);
}

BOOST_AUTO_TEST_CASE(volumes_and_init_containers) {
  auto volume = [](api::Pod& p, const char* name) -> api::Volume& {
    auto& v = *p.mutable_spec()->add_volumes();
    v.set_name(name);
    return v;
  };
  const std::vector<pod_case> cases = {
    {"mounted emptyDir",
     [&](api::Pod& p) {
       volume(p, "data").mutable_empty_dir();
       auto* m = ctr(p).add_volume_mounts();
       m->set_name("data");
       m->set_mount_path("/data");
     },
     {}},
    {"volume without source", [&](api::Pod& p) { volume(p, "data"); },
     {"spec.volumes[0]: Required value: must specify a volume type"}},
    {"two sources",
     [&](api::Pod& p) {
       auto& v = volume(p, "data");
       v.mutable_empty_dir();
       v.mutable_host_path()->set_path("/tmp");
     },
     {"spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"}},
    {"duplicate volume",
     [&](api::Pod& p) {
       volume(p, "data").mutable_empty_dir();
       volume(p, "data").mutable_empty_dir();
     },
     {"spec.volumes[1].name: Duplicate value: \"data\""}},
    {"unnamed volume", [&](api::Pod& p) { volume(p, "").mutable_empty_dir(); },
     {"spec.volumes[0].name: Required value"}},
    {"secret needs a name", [&](api::Pod& p) { volume(p, "s").mutable_secret(); },
     {"spec.volumes[0].secret.secretName: Required value"}},
    {"mount of unknown volume",
     [](api::Pod& p) {
       auto* m = ctr(p).add_volume_mounts();
       m->set_name("missing");
       m->set_mount_path("/x");
     },
     {"spec.containers[0].volumeMounts[0].name: Not found: \"missing\""}},
    {"mount without path",
     [&](api::Pod& p) {
       volume(p, "data").mutable_empty_dir();
       ctr(p).add_volume_mounts()->set_name("data");
     },
     {"spec.containers[0].volumeMounts[0].mountPath: Required value"}},
    {"init restart policy",
     [](api::Pod& p) {
       auto& init = *p.mutable_spec()->add_init_containers();
       init = test::container("init", "busybox");
       default_container(init);
       init.set_restart_policy("OnFailure");
     },
     {R"(spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always")"}},
    {"init probe without sidecar",
     [](api::Pod& p) {
       auto& init = *p.mutable_spec()->add_init_containers();
       init = test::container("init", "busybox");
       default_container(init);
       init.mutable_liveness_probe()->mutable_exec()->add_command("true");
     },
     {"spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers "
      "without restartPolicy=Always"}},
    {"init name clashes",
     [](api::Pod& p) {
       auto& init = *p.mutable_spec()->add_init_containers();
       init = test::container("web", "busybox");
       default_container(init);
     },
     {"spec.initContainers[0].name: Duplicate value: \"web\""}},
  };
  test::run_cases(test::valid_pod(), cases, validate);
}

// Fields defaulting fills are "Required" when a body skips defaulting.
BOOST_AUTO_TEST_CASE(undefaulted_fields_are_required) {
  const std::vector<pod_case> cases = {
    {"restartPolicy", [](api::Pod& p) { p.mutable_spec()->clear_restart_policy(); },
     {"spec.restartPolicy: Required value"}},
    {"dnsPolicy", [](api::Pod& p) { p.mutable_spec()->clear_dns_policy(); },
     {"spec.dnsPolicy: Required value"}},
    {"imagePullPolicy", [](api::Pod& p) { ctr(p).clear_image_pull_policy(); },
     {"spec.containers[0].imagePullPolicy: Required value"}},
    {"terminationMessagePolicy", [](api::Pod& p) { ctr(p).clear_termination_message_policy(); },
     {"spec.containers[0].terminationMessagePolicy: Required value: must be 'File' or "
      "'FallbackToLogsOnError'"}},
    {"port protocol", [](api::Pod& p) { ctr(p).mutable_ports(0)->clear_protocol(); },
     {"spec.containers[0].ports[0].protocol: Required value"}},
    {"probe timings",
     [](api::Pod& p) { ctr(p).mutable_readiness_probe()->mutable_exec()->add_command("true"); },
     {"spec.containers[0].readinessProbe.timeoutSeconds: Invalid value: 0: must be greater than "
      "or equal to 1",
      "spec.containers[0].readinessProbe.periodSeconds: Invalid value: 0: must be greater than or "
      "equal to 1",
      "spec.containers[0].readinessProbe.successThreshold: Invalid value: 0: must be greater than "
      "or equal to 1",
      "spec.containers[0].readinessProbe.failureThreshold: Invalid value: 0: must be greater than "
      "or equal to 1"}},
  };
  test::run_cases(test::valid_pod(), cases, validate);
}

BOOST_AUTO_TEST_CASE(binding) {
  api::Binding b;
  b.mutable_target()->set_name("n1");
  BOOST_TEST(validate_binding(b).empty());
  b.mutable_target()->set_kind("Node");
  BOOST_TEST(validate_binding(b).empty());
  b.mutable_target()->set_kind("Pod");
  b.mutable_target()->clear_name();
  auto got = test::render(validate_binding(b));
  std::vector<std::string> expected = {
    R"(target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>")",
    "target.name: Required value"};
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
