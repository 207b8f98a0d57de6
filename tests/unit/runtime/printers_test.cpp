#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "api/config.pb.h"
#include "api/event.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "api/service.pb.h"
#include "api/workload.pb.h"
#include "messages/codec/codec.hpp"
#include "messages/codec/resource_registry.hpp"
#include "runtime/cli/apply_patch.hpp"
#include "runtime/cli/ctl_api.hpp"
#include "runtime/cli/ctl_apply.hpp"
#include "runtime/cli/ctl_describe.hpp"
#include "runtime/cli/ctl_verbs.hpp"
#include "runtime/cli/json_tree.hpp"
#include "runtime/cli/printers.hpp"
#include "runtime/cli/text_layout.hpp"

using namespace convoy;
using namespace convoy::cli;
using namespace std::chrono_literals;
using strings = std::vector<std::string>;

namespace {

/// 2024-01-01T00:00:00Z, the creation time of most test objects.
const wall_time t0 = wall_time{std::chrono::seconds{1704067200}};

template <class T>
T yaml(const std::string& text) {
  T msg;
  auto st = codec::from_yaml(text, msg);
  BOOST_REQUIRE_MESSAGE(st.ok(), (st.ok() ? std::string{} : st.error().to_string()));
  return msg;
}

json_tree json(const std::string& text) {
  std::string error;
  auto t = json_tree::parse(text, error);
  BOOST_REQUIRE_MESSAGE(t.has_value(), error);
  return *t;
}

print_options at(wall_time now, bool wide = false) {
  print_options o;
  o.now = now;
  o.wide = wide;
  return o;
}

/// A pod created at t0 with one container "web" and the given status.
api::Pod pod_with_status(const std::string& status_yaml, const std::string& extra_meta = "") {
  return yaml<api::Pod>("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: default\n"
                        "  creationTimestamp: \"2024-01-01T00:00:00Z\"\n"
                        + extra_meta + "spec:\n  containers:\n  - name: web\n    image: nginx\n"
                        + status_yaml);
}

} // namespace

BOOST_AUTO_TEST_SUITE(ctl_printers)

BOOST_AUTO_TEST_CASE(human_duration_matches_kubectl) {
  const std::vector<std::pair<std::chrono::nanoseconds, std::string>> cases{
    {-5s, "<invalid>"}, {-1s, "0s"},     {0s, "0s"},          {45s, "45s"},
    {119s, "119s"},     {120s, "2m"},    {330s, "5m30s"},     {10min, "10m"},
    {179min, "179m"},   {3h, "3h"},      {3h + 20min, "3h20m"}, {10h, "10h"},
    {50h, "2d2h"},      {72h, "3d"},     {240h, "10d"},       {800 * 24h, "2y70d"},
    {3000 * 24h, "8y"},
  };
  for (const auto& [d, want] : cases)
    BOOST_TEST(human_duration(d) == want, "for " << d.count() << "ns");
}

BOOST_AUTO_TEST_CASE(ages_and_times) {
  google::protobuf::Timestamp unset, ts;
  ts.set_seconds(1704067200);
  BOOST_TEST(age_since(unset, t0) == "<unknown>");
  BOOST_TEST(age_since(ts, t0 + 90s) == "90s");
  BOOST_TEST(format_rfc3339(ts) == "2024-01-01T00:00:00Z");
  BOOST_TEST(format_rfc1123(ts) == "Mon, 01 Jan 2024 00:00:00 +0000");
}

BOOST_AUTO_TEST_CASE(pod_table_has_kubectl_columns_and_wide_ones) {
  auto pod = pod_with_status("status:\n  phase: Running\n  podIP: 10.0.0.5\n"
                             "  containerStatuses:\n  - name: web\n    ready: true\n"
                             "    restartCount: 0\n    state:\n      running: {}\n",
                             "");
  pod.mutable_spec()->set_node_name("n1");
  BOOST_TEST(table_columns("Pod", at(t0)) == (strings{"NAME", "READY", "STATUS", "RESTARTS", "AGE"}));
  BOOST_TEST(table_row(pod, at(t0 + 5min)) == (strings{"web", "1/1", "Running", "0", "5m"}));
  BOOST_TEST(table_columns("Pod", at(t0, true))
             == (strings{"NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                         "NOMINATED NODE", "READINESS GATES"}));
  BOOST_TEST(table_row(pod, at(t0 + 5min, true))
             == (strings{"web", "1/1", "Running", "0", "5m", "10.0.0.5", "n1", "<none>",
                         "<none>"}));
  auto opts = at(t0 + 5min);
  opts.with_namespace = true;
  opts.with_kind = true;
  opts.show_labels = true;
  BOOST_TEST(table_columns("Pod", opts)
             == (strings{"NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "LABELS"}));
  BOOST_TEST(table_row(pod, opts)
             == (strings{"default", "pod/web", "1/1", "Running", "0", "5m", "<none>"}));
}

BOOST_AUTO_TEST_CASE(pod_status_is_derived_like_kubectl) {
  struct test_case {
    std::string name, status_yaml, extra_meta, want_status, want_ready;
  };
  const std::vector<test_case> cases{
    {"no status yet", "", "", "", "0/1"},
    {"pending", "status:\n  phase: Pending\n", "", "Pending", "0/1"},
    {"creating", "status:\n  phase: Pending\n  containerStatuses:\n  - name: web\n    state:\n"
                 "      waiting: {reason: ContainerCreating}\n",
     "", "ContainerCreating", "0/1"},
    {"crash loop", "status:\n  phase: Running\n  containerStatuses:\n  - name: web\n    state:\n"
                   "      waiting: {reason: CrashLoopBackOff}\n    restartCount: 3\n",
     "", "CrashLoopBackOff", "0/1"},
    {"running not ready", "status:\n  phase: Running\n  containerStatuses:\n  - name: web\n"
                          "    state:\n      running: {}\n",
     "", "Running", "0/1"},
    {"completed", "status:\n  phase: Succeeded\n  containerStatuses:\n  - name: web\n"
                  "    state:\n      terminated: {reason: Completed, exitCode: 0}\n",
     "", "Completed", "0/1"},
    {"exit code", "status:\n  phase: Failed\n  containerStatuses:\n  - name: web\n    state:\n"
                  "      terminated: {exitCode: 2}\n",
     "", "ExitCode:2", "0/1"},
    {"signal", "status:\n  phase: Failed\n  containerStatuses:\n  - name: web\n    state:\n"
               "      terminated: {exitCode: 137, signal: 9}\n",
     "", "Signal:9", "0/1"},
    {"evicted", "status:\n  phase: Failed\n  reason: Evicted\n", "", "Evicted", "0/1"},
    {"terminating", "status:\n  phase: Running\n", "  deletionTimestamp: \"2024-01-01T00:01:00Z\"\n",
     "Terminating", "0/1"},
    {"terminal pods are not terminating", "status:\n  phase: Succeeded\n",
     "  deletionTimestamp: \"2024-01-01T00:01:00Z\"\n", "Succeeded", "0/1"},
    {"node lost", "status:\n  phase: Running\n  reason: NodeLost\n",
     "  deletionTimestamp: \"2024-01-01T00:01:00Z\"\n", "Unknown", "0/1"},
    {"scheduling gated", "status:\n  phase: Pending\n  conditions:\n  - type: PodScheduled\n"
                         "    status: \"False\"\n    reason: SchedulingGated\n",
     "", "SchedulingGated", "0/1"},
  };
  for (const auto& c : cases) {
    auto s = summarize_pod(pod_with_status(c.status_yaml, c.extra_meta));
    BOOST_TEST(s.status == c.want_status, c.name);
    BOOST_TEST(std::to_string(s.ready) + "/" + std::to_string(s.total) == c.want_ready, c.name);
  }
}

BOOST_AUTO_TEST_CASE(init_containers_and_sidecars) {
  const std::string spec = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                           "  initContainers:\n  - {name: a, image: x}\n  - {name: b, image: x}\n"
                           "  containers:\n  - {name: web, image: x}\n";
  auto init = [&](const std::string& a_state, const std::string& b_state) {
    return yaml<api::Pod>(spec + "status:\n  phase: Pending\n  initContainerStatuses:\n"
                          "  - name: a\n    state: " + a_state + "\n  - name: b\n    state: "
                          + b_state + "\n");
  };
  BOOST_TEST(summarize_pod(init("{waiting: {reason: PodInitializing}}", "{waiting: {}}")).status
             == "Init:0/2");
  BOOST_TEST(summarize_pod(init("{terminated: {exitCode: 0}}", "{running: {}}")).status
             == "Init:1/2");
  BOOST_TEST(summarize_pod(init("{waiting: {reason: CrashLoopBackOff}}", "{waiting: {}}")).status
             == "Init:CrashLoopBackOff");
  BOOST_TEST(summarize_pod(init("{terminated: {exitCode: 1, reason: Error}}", "{}")).status
             == "Init:Error");
  BOOST_TEST(summarize_pod(init("{terminated: {exitCode: 3}}", "{}")).status
             == "Init:ExitCode:3");
  // A sidecar (restartPolicy: Always) that started counts toward READY/total.
  auto sidecar = yaml<api::Pod>(
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n"
    "  - {name: log, image: x, restartPolicy: Always}\n  containers:\n  - {name: web, image: x}\n"
    "status:\n  phase: Running\n  conditions:\n  - {type: Initialized, status: \"True\"}\n"
    "  initContainerStatuses:\n  - {name: log, ready: true, started: true, restartCount: 2,"
    " state: {running: {}}}\n  containerStatuses:\n  - {name: web, ready: true, restartCount: 1,"
    " state: {running: {}}}\n");
  auto s = summarize_pod(sidecar);
  BOOST_TEST(s.status == "Running");
  BOOST_TEST(s.ready == 2);
  BOOST_TEST(s.total == 2);
  BOOST_TEST(s.restarts == 3);
}

BOOST_AUTO_TEST_CASE(completed_with_a_running_container_is_running_or_not_ready) {
  const std::string base = "status:\n  phase: Running\n  containerStatuses:\n"
                           "  - name: web\n    ready: true\n    state: {running: {}}\n"
                           "  - name: job\n    state: {terminated: {exitCode: 0, reason: Completed}}\n";
  BOOST_TEST(summarize_pod(pod_with_status(base)).status == "NotReady");
  auto ready = base + "  conditions:\n  - {type: Ready, status: \"True\"}\n";
  BOOST_TEST(summarize_pod(pod_with_status(ready)).status == "Running");
}

BOOST_AUTO_TEST_CASE(restarts_say_when_the_last_one_was) {
  auto pod = pod_with_status("status:\n  phase: Running\n  containerStatuses:\n  - name: web\n"
                             "    restartCount: 3\n    state: {waiting: {reason: CrashLoopBackOff}}\n"
                             "    lastState:\n      terminated:\n        exitCode: 1\n"
                             "        finishedAt: \"2024-01-01T00:08:00Z\"\n");
  auto s = summarize_pod(pod);
  BOOST_TEST(s.restarts == 3);
  BOOST_TEST(format_restarts(s, t0 + 10min) == "3 (2m ago)");
  BOOST_TEST(table_row(pod, at(t0 + 10min))
             == (strings{"web", "0/1", "CrashLoopBackOff", "3 (2m ago)", "10m"}));
}

BOOST_AUTO_TEST_CASE(node_status_roles_and_columns) {
  auto node = yaml<api::Node>(
    "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n  creationTimestamp: \"2024-01-01T00:00:00Z\"\n"
    "  labels:\n    node-role.kubernetes.io/control-plane: \"\"\n    node-role.kubernetes.io/worker: \"\"\n"
    "status:\n  conditions:\n  - {type: Ready, status: \"True\"}\n  addresses:\n"
    "  - {type: InternalIP, address: 10.1.0.1}\n  nodeInfo:\n    kubeletVersion: v1.32.0-convoy\n"
    "    osImage: Debian 12\n    kernelVersion: 6.1.0\n");
  BOOST_TEST(node_status(node) == "Ready");
  BOOST_TEST(node_roles(node) == "control-plane,worker");
  BOOST_TEST(table_columns("Node", at(t0)) == (strings{"NAME", "STATUS", "ROLES", "AGE", "VERSION"}));
  BOOST_TEST(table_row(node, at(t0 + 3h))
             == (strings{"n1", "Ready", "control-plane,worker", "3h", "v1.32.0-convoy"}));
  BOOST_TEST(table_row(node, at(t0 + 3h, true))
             == (strings{"n1", "Ready", "control-plane,worker", "3h", "v1.32.0-convoy", "10.1.0.1",
                         "<none>", "Debian 12", "6.1.0", "<unknown>"}));
  node.mutable_spec()->set_unschedulable(true);
  BOOST_TEST(node_status(node) == "Ready,SchedulingDisabled");
  node.mutable_status()->mutable_conditions(0)->set_status("Unknown");
  BOOST_TEST(node_status(node) == "NotReady,SchedulingDisabled");
  node.mutable_status()->clear_conditions();
  node.mutable_spec()->set_unschedulable(false);
  node.mutable_metadata()->clear_labels();
  BOOST_TEST(node_status(node) == "Unknown");
  BOOST_TEST(node_roles(node) == "<none>");
}

BOOST_AUTO_TEST_CASE(service_types_ports_and_external_ips) {
  auto svc = [](const std::string& spec) {
    return yaml<api::Service>("apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n"
                              "  creationTimestamp: \"2024-01-01T00:00:00Z\"\nspec:\n" + spec);
  };
  auto o = at(t0 + 1h);
  BOOST_TEST(table_columns("Service", o)
             == (strings{"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"}));
  BOOST_TEST(table_row(svc("  type: ClusterIP\n  clusterIP: 10.96.0.10\n  ports:\n"
                           "  - {port: 80, protocol: TCP}\n  - {port: 53, protocol: UDP}\n"), o)
             == (strings{"web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,53/UDP", "60m"}));
  BOOST_TEST(table_row(svc("  type: NodePort\n  clusterIP: 10.96.0.11\n  ports:\n"
                           "  - {port: 80, nodePort: 30080, protocol: TCP}\n"), o)[4]
             == "80:30080/TCP");
  BOOST_TEST(table_row(svc("  type: LoadBalancer\n  ports: [{port: 80}]\n"), o)[3] == "<pending>");
  BOOST_TEST(table_row(svc("  type: ExternalName\n  externalName: db.example.com\n"), o)[3]
             == "db.example.com");
  auto wide = table_row(svc("  selector: {app: web, tier: front}\n  ports: [{port: 80}]\n"),
                        at(t0, true));
  BOOST_TEST(wide.back() == "app=web,tier=front");
  BOOST_TEST(wide[4] == "80/TCP");
}

BOOST_AUTO_TEST_CASE(endpoints_show_three_then_how_many_more) {
  auto ep = yaml<api::Endpoints>(
    "apiVersion: v1\nkind: Endpoints\nmetadata: {name: web}\nsubsets:\n"
    "- addresses: [{ip: 10.0.0.1}, {ip: 10.0.0.2}, {ip: 10.0.0.3}, {ip: 10.0.0.4}]\n"
    "  ports: [{port: 8080}]\n");
  BOOST_TEST(table_row(ep, at(t0))[1] == "10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...");
  api::Endpoints empty;
  empty.mutable_metadata()->set_name("none");
  BOOST_TEST(table_row(empty, at(t0))[1] == "<none>");
}

BOOST_AUTO_TEST_CASE(replicated_workloads) {
  const std::string tmpl = "  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
                           "      containers: [{name: web, image: nginx}, {name: log, image: busybox}]\n";
  auto rc = yaml<api::ReplicationController>(
    "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\n"
    "  creationTimestamp: \"2024-01-01T00:00:00Z\"\nspec:\n  replicas: 3\n  selector: {app: web}\n"
    + tmpl + "status: {replicas: 3, readyReplicas: 2}\n");
  BOOST_TEST(table_columns("ReplicationController", at(t0))
             == (strings{"NAME", "DESIRED", "CURRENT", "READY", "AGE"}));
  BOOST_TEST(table_row(rc, at(t0 + 30s)) == (strings{"web", "3", "3", "2", "30s"}));
  BOOST_TEST(table_row(rc, at(t0 + 30s, true))
             == (strings{"web", "3", "3", "2", "30s", "web,log", "nginx,busybox", "app=web"}));
  auto rs = yaml<api::ReplicaSet>(
    "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  replicas: 0\n"
    "  selector:\n    matchLabels: {app: web}\n    matchExpressions:\n"
    "    - {key: tier, operator: In, values: [b, a]}\n" + tmpl);
  BOOST_TEST(table_row(rs, at(t0, true))[7] == "app=web,tier in (a,b)");
  BOOST_TEST(table_row(rs, at(t0))[1] == "0");
  auto d = yaml<api::Deployment>(
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
    "  selector: {matchLabels: {app: web}}\n" + tmpl
    + "status: {readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1}\n");
  BOOST_TEST(table_columns("Deployment", at(t0))
             == (strings{"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"}));
  BOOST_TEST(table_row(d, at(t0)) == (strings{"web", "1/1", "1", "1", "<unknown>"}));
}

BOOST_AUTO_TEST_CASE(label_selectors_format_like_kubectl) {
  auto sel = yaml<api::LabelSelector>(
    "matchLabels: {b: \"2\", a: \"1\"}\nmatchExpressions:\n"
    "- {key: env, operator: NotIn, values: [prod]}\n- {key: gpu, operator: Exists}\n"
    "- {key: a, operator: DoesNotExist}\n");
  BOOST_TEST(format_label_selector(sel) == "a=1,!a,b=2,env notin (prod),gpu");
  BOOST_TEST(format_label_selector(api::LabelSelector{}) == "<none>");
}

BOOST_AUTO_TEST_CASE(configuration_kinds_and_events) {
  auto cm = yaml<api::ConfigMap>("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"
                                 "data: {a: x, b: y}\n");
  BOOST_TEST(table_row(cm, at(t0)) == (strings{"c", "2", "<unknown>"}));
  auto secret = yaml<api::Secret>("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n"
                                  "data: {k: dmFsdWU=}\n");
  BOOST_TEST(table_columns("Secret", at(t0)) == (strings{"NAME", "TYPE", "DATA", "AGE"}));
  BOOST_TEST(table_row(secret, at(t0)) == (strings{"s", "Opaque", "1", "<unknown>"}));
  auto ns = yaml<api::Namespace>("apiVersion: v1\nkind: Namespace\nmetadata: {name: dev}\n"
                                 "status: {phase: Active}\n");
  BOOST_TEST(table_row(ns, at(t0)) == (strings{"dev", "Active", "<unknown>"}));
  auto ev = yaml<api::Event>(
    "apiVersion: v1\nkind: Event\nmetadata: {name: web.1}\n"
    "involvedObject: {kind: Pod, name: web}\nreason: Scheduled\ntype: Normal\n"
    "message: \"assigned to n1 \"\nsource: {component: default-scheduler}\n"
    "firstTimestamp: \"2024-01-01T00:00:00Z\"\nlastTimestamp: \"2024-01-01T00:01:00Z\"\ncount: 2\n");
  BOOST_TEST(table_columns("Event", at(t0))
             == (strings{"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"}));
  BOOST_TEST(table_row(ev, at(t0 + 2min))
             == (strings{"60s", "Normal", "Scheduled", "pod/web", "assigned to n1"}));
  BOOST_TEST(table_row(ev, at(t0 + 2min, true))
             == (strings{"60s", "Normal", "Scheduled", "pod/web", "", "default-scheduler",
                         "assigned to n1", "2m", "2", "web.1"}));
}

BOOST_AUTO_TEST_CASE(lists_print_one_row_per_item_and_names_qualify) {
  api::PodList list;
  list.add_items()->mutable_metadata()->set_name("a");
  list.add_items()->mutable_metadata()->set_name("b");
  auto rows = table_rows(list, at(t0));
  BOOST_REQUIRE_EQUAL(rows.size(), 2u);
  BOOST_TEST(rows[1][0] == "b");
  const auto& reg = codec::resource_registry::builtin();
  BOOST_TEST(qualified_name(*reg.find("po"), "web") == "pod/web");
  BOOST_TEST(qualified_name(*reg.find("deploy"), "web") == "deployment.apps/web");
  // Kinds without their own printer get NAME and AGE.
  BOOST_TEST(table_columns("Lease", at(t0)) == (strings{"NAME", "HOLDER", "AGE"}));
  BOOST_TEST(table_columns("Unknown", at(t0)) == (strings{"NAME", "AGE"}));
}

BOOST_AUTO_TEST_CASE(tables_align_like_kubectl) {
  column_widths widths;
  auto text = format_table({"NAME", "READY"}, {{"web-1", "1/1"}, {"db", "0/1"}}, &widths);
  BOOST_TEST(text == "NAME    READY\nweb-1   1/1\ndb      0/1\n");
  // A longer row arriving later (get -w) widens the column from then on.
  widen(widths, {"a-much-longer-name", "1/1"});
  BOOST_TEST(format_line({"x", "1/1"}, widths) == "x                    1/1\n");
}

BOOST_AUTO_TEST_CASE(tabwrite_aligns_runs_of_cells) {
  auto out = tabwrite("Name:\tweb\nService Account:\tdefault\nContainers:\n"
                      "  web:\n    Image:\tnginx\n    Restart Count:\t0\nLabels:\ta=1\n\tb=2\n");
  BOOST_TEST(out == "Name:             web\nService Account:  default\nContainers:\n  web:\n"
                    "    Image:          nginx\n    Restart Count:  0\nLabels:             a=1\n"
                    "                    b=2\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ctl_json_tree)

BOOST_AUTO_TEST_CASE(parses_and_dumps_compactly) {
  auto t = json(R"( {"a": [1, -2.5e3, true, null], "b": {"c": "x\"y\\n\u00e9\ud83d\ude00"}} )");
  BOOST_TEST(t.dump() == "{\"a\":[1,-2.5e3,true,null],\"b\":{\"c\":\"x\\\"y\\\\n\xc3\xa9\xf0\x9f\x98\x80\"}}");
  BOOST_TEST(t.find("b")->find("c")->text() == "x\"y\\n\xc3\xa9\xf0\x9f\x98\x80");
  BOOST_TEST((json(R"({"x":1,"y":2})") == json(R"({"y":2,"x":1})")));
  BOOST_TEST((json("[1,2]") != json("[2,1]")));
}

BOOST_AUTO_TEST_CASE(rejects_malformed_json_with_an_offset) {
  for (const char* bad : {"", "{", "{\"a\" 1}", "[1,]", "tru", "\"abc", "01x", "{} {}", "{\"a\":}"}) {
    std::string error;
    BOOST_TEST(!json_tree::parse(bad, error).has_value(), bad);
    BOOST_TEST(error.find("offset") != std::string::npos, bad);
  }
  std::string deep(300, '[');
  std::string error;
  BOOST_TEST(!json_tree::parse(deep, error).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ctl_apply_patch)

BOOST_AUTO_TEST_CASE(merge_keys_follow_kubernetes) {
  BOOST_TEST(apply_patch::merge_key("spec.containers") == "name");
  BOOST_TEST(apply_patch::merge_key("spec.template.spec.containers.ports") == "containerPort");
  BOOST_TEST(apply_patch::merge_key("spec.containers.env") == "name");
  BOOST_TEST(apply_patch::merge_key("spec.containers.volumeMounts") == "mountPath");
  BOOST_TEST(apply_patch::merge_key("spec.ports") == "port");
  BOOST_TEST(apply_patch::merge_key("subsets.ports").empty());
  BOOST_TEST(apply_patch::merge_key("spec.containers.args").empty());
  BOOST_TEST(apply_patch::merge_key("spec.tolerations").empty());
}

BOOST_AUTO_TEST_CASE(three_way_patches) {
  struct test_case {
    const char* name;
    const char* original; // "" = no last-applied
    const char* modified;
    const char* current;
    const char* want;
  };
  const std::vector<test_case> cases{
    {"defaults and other writers are left alone",
     R"({"spec":{"containers":[{"name":"web","image":"a"}]}})",
     R"({"spec":{"containers":[{"name":"web","image":"a"}]}})",
     R"({"spec":{"containers":[{"name":"web","image":"a","imagePullPolicy":"Always"}],"restartPolicy":"Always"},"status":{"phase":"Running"}})",
     "{}"},
    {"a changed image patches only that container field",
     R"({"spec":{"containers":[{"name":"web","image":"a"}]}})",
     R"({"spec":{"containers":[{"name":"web","image":"b"}]}})",
     R"({"spec":{"containers":[{"name":"log","image":"l"},{"name":"web","image":"a","imagePullPolicy":"Always"}]}})",
     R"({"spec":{"containers":[{"name":"web","image":"b"}]}})"},
    {"a label dropped from the manifest is removed; foreign labels stay",
     R"({"metadata":{"labels":{"a":"1","b":"2"}}})", R"({"metadata":{"labels":{"a":"1"}}})",
     R"({"metadata":{"labels":{"a":"1","b":"2","c":"3"}}})",
     R"({"metadata":{"labels":{"b":null}}})"},
    {"without last-applied nothing is deleted", "", R"({"metadata":{"labels":{"a":"1"}}})",
     R"({"metadata":{"labels":{"a":"1","b":"2"}}})", "{}"},
    {"a dropped container is deleted by merge key",
     R"({"spec":{"containers":[{"name":"web","image":"a"},{"name":"log","image":"l"}]}})",
     R"({"spec":{"containers":[{"name":"web","image":"a"}]}})",
     R"({"spec":{"containers":[{"name":"web","image":"a"},{"name":"log","image":"l"}]}})",
     R"({"spec":{"containers":[{"name":"log","$patch":"delete"}]}})"},
    {"a new container is added whole",
     R"({"spec":{"containers":[{"name":"web","image":"a"}]}})",
     R"({"spec":{"containers":[{"name":"web","image":"a"},{"name":"log","image":"l"}]}})",
     R"({"spec":{"containers":[{"name":"web","image":"a"}]}})",
     R"({"spec":{"containers":[{"name":"log","image":"l"}]}})"},
    {"lists without a merge key are replaced",
     R"({"spec":{"args":["a"]}})", R"({"spec":{"args":["a","b"]}})",
     R"({"spec":{"args":["a"]}})", R"({"spec":{"args":["a","b"]}})"},
    {"a field dropped inside a container becomes null",
     R"({"spec":{"containers":[{"name":"web","image":"a","workingDir":"/w"}]}})",
     R"({"spec":{"containers":[{"name":"web","image":"a"}]}})",
     R"({"spec":{"containers":[{"name":"web","image":"a","workingDir":"/w"}]}})",
     R"({"spec":{"containers":[{"name":"web","workingDir":null}]}})"},
    {"service ports merge by port",
     R"({"spec":{"ports":[{"port":80,"name":"http"}]}})",
     R"({"spec":{"ports":[{"port":80,"name":"web"}]}})",
     R"({"spec":{"ports":[{"port":80,"name":"http","targetPort":80,"protocol":"TCP"}]}})",
     R"({"spec":{"ports":[{"port":80,"name":"web"}]}})"},
    {"scaled replicas are reset only when the manifest sets them",
     R"({"spec":{"replicas":2}})", R"({"spec":{"replicas":2}})", R"({"spec":{"replicas":5}})",
     R"({"spec":{"replicas":2}})"},
  };
  for (const auto& c : cases) {
    std::optional<json_tree> original;
    if (*c.original != '\0')
      original = json(c.original);
    auto patch = apply_patch::three_way(original ? &*original : nullptr, json(c.modified),
                                        json(c.current));
    BOOST_TEST(patch.dump() == c.want, c.name);
  }
}

BOOST_AUTO_TEST_CASE(server_fields_are_stripped) {
  auto t = json(R"({"metadata":{"name":"a","uid":"u","resourceVersion":"5","generation":2,)"
                R"("creationTimestamp":"x","labels":{"a":"1"}},"spec":{},"status":{"phase":"Running"}})");
  apply_patch::strip_server_fields(t);
  BOOST_TEST(t.dump() == R"({"metadata":{"name":"a","labels":{"a":"1"}},"spec":{}})");
}

BOOST_AUTO_TEST_CASE(plan_apply_is_unchanged_after_apply_and_configured_after_an_edit) {
  const std::string manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
                               "  namespace: default\n  labels: {app: web}\n"
                               "spec:\n  containers:\n  - name: web\n    image: nginx:1\n";
  auto desired = yaml<api::Pod>(manifest + "status: {phase: Running}\n");
  annotate_last_applied(desired);
  BOOST_TEST(!desired.has_status());
  const auto& notes = desired.metadata().annotations();
  auto it = notes.find(std::string{apply_patch::last_applied_annotation});
  BOOST_REQUIRE(it != notes.end());
  BOOST_TEST(it->second.find("\"image\":\"nginx:1\"") != std::string::npos);
  BOOST_TEST(it->second.find("last-applied") == std::string::npos);
  // What the server holds after creating it: the same plus defaults and status.
  auto live = desired;
  live.mutable_metadata()->set_uid("u1");
  live.mutable_metadata()->set_resource_version("7");
  live.mutable_spec()->set_restart_policy("Always");
  live.mutable_spec()->mutable_containers(0)->set_image_pull_policy("IfNotPresent");
  live.mutable_status()->set_phase("Running");
  (*live.mutable_metadata()->mutable_labels())["added-by"] = "controller";
  auto again = yaml<api::Pod>(manifest);
  annotate_last_applied(again);
  BOOST_TEST(plan_apply(again, live).unchanged);
  auto edited = yaml<api::Pod>(manifest);
  edited.mutable_spec()->mutable_containers(0)->set_image("nginx:2");
  edited.mutable_metadata()->clear_labels();
  (*edited.mutable_metadata()->mutable_labels())["tier"] = "db";
  annotate_last_applied(edited);
  auto plan = plan_apply(edited, live);
  BOOST_TEST(!plan.unchanged);
  auto patch = json(plan.patch);
  BOOST_TEST(patch.find("spec")->dump() == R"({"containers":[{"name":"web","image":"nginx:2"}]})");
  BOOST_TEST(patch.find("metadata")->find("labels")->dump() == R"({"tier":"db","app":null})");
  BOOST_TEST(patch.find("metadata")->find("annotations") != nullptr);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ctl_manifests)

BOOST_AUTO_TEST_CASE(documents_split_and_land_in_their_namespace) {
  const std::string text =
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, namespace: ignored}\n---\n"
    "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: w, image: x}]}\n"
    "---\n# only a comment\n---\n"
    "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\", "
    "\"namespace\": \"shop\"}}\n---\n"
    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n"
    "  metadata: {name: d}\n";
  std::vector<manifest_object> objs;
  auto err = load_manifest(text, "app.yaml", "", objs);
  BOOST_REQUIRE_MESSAGE(!err, err.value_or(""));
  BOOST_REQUIRE_EQUAL(objs.size(), 4u);
  BOOST_TEST(objs[0].info->kind == "Namespace");
  BOOST_TEST(objs[0].ns == "");
  BOOST_TEST(metadata_of(*objs[0].object).namespace_() == "");
  BOOST_TEST(objs[1].info->kind == "Pod");
  BOOST_TEST(objs[1].ns == "default");
  BOOST_TEST(objs[1].name == "web");
  BOOST_TEST(metadata_of(*objs[1].object).namespace_() == "default");
  BOOST_TEST(objs[2].ns == "shop");
  BOOST_TEST(objs[3].info->kind == "Deployment");
  BOOST_TEST(objs[3].source == "app.yaml");
  std::vector<manifest_object> in_dev;
  BOOST_REQUIRE(!load_manifest("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n", "-", "dev", in_dev));
  BOOST_TEST(in_dev[0].ns == "dev");
}

BOOST_AUTO_TEST_CASE(bad_manifests_name_the_problem) {
  struct test_case {
    std::string text, ns, want;
  };
  const std::vector<test_case> cases{
    {"apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a}\n", "b",
     "does not match the namespace \"b\""},
    {"apiVersion: v1\nkind: Deployment\nmetadata: {name: d}\n", "",
     "no matches for kind \"Deployment\" in version \"v1\""},
    {"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {replicas: 2}\n", "", "spec.replicas"},
    {"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: 3}]}\n---\n"
     "kind: Pod\n", "", "apiVersion"},
    {"a: [\n", "", "error parsing x.yaml"},
  };
  for (const auto& c : cases) {
    std::vector<manifest_object> objs;
    auto err = load_manifest(c.text, "x.yaml", c.ns, objs);
    BOOST_REQUIRE_MESSAGE(err.has_value(), c.text);
    BOOST_TEST(err->find(c.want) != std::string::npos, *err << " should mention " << c.want);
  }
}

BOOST_AUTO_TEST_CASE(directories_expand_to_manifests_in_name_order) {
  namespace fs = std::filesystem;
  auto dir = fs::temp_directory_path() / ("convoy-ctl-test-" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  for (const char* f : {"b.yaml", "a.json", "c.yml", "notes.txt", "sub/d.yaml"})
    std::ofstream{dir / f} << "{}";
  std::vector<std::string> files;
  auto err = expand_paths({dir.string(), "-"}, files);
  BOOST_REQUIRE(!err);
  BOOST_TEST(files == (strings{(dir / "a.json").string(), (dir / "b.yaml").string(),
                               (dir / "c.yml").string(), "-"}));
  files.clear();
  BOOST_TEST(expand_paths({(dir / "missing.yaml").string()}, files).has_value());
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(object_refs_and_short_names) {
  const auto& reg = codec::resource_registry::builtin();
  for (auto [short_name, resource] : std::vector<std::pair<std::string, std::string>>{
         {"po", "pods"}, {"no", "nodes"}, {"rc", "replicationcontrollers"},
         {"rs", "replicasets"}, {"svc", "services"}, {"ep", "endpoints"},
         {"cm", "configmaps"}, {"ns", "namespaces"}, {"sa", "serviceaccounts"}}) {
    std::string error;
    const auto* info = find_resource(short_name, error);
    BOOST_REQUIRE_MESSAGE(info != nullptr, short_name);
    BOOST_TEST(info->resource == resource);
  }
  std::string error;
  BOOST_TEST(find_resource("frobs", error) == nullptr);
  BOOST_TEST(error == "the server doesn't have a resource type \"frobs\"");
  std::vector<object_ref> refs;
  BOOST_REQUIRE(!parse_object_refs({"po", "a", "b"}, refs));
  BOOST_TEST(refs.size() == 2u);
  BOOST_TEST(refs[1].name == "b");
  refs.clear();
  BOOST_REQUIRE(!parse_object_refs({"svc/web", "deploy/web"}, refs));
  BOOST_TEST(refs[1].info == reg.find("deployments"));
  BOOST_TEST(parse_object_refs({"po"}, refs).has_value());
  BOOST_TEST(parse_object_refs({"po", "svc/web"}, refs).has_value());
  BOOST_TEST(parse_object_refs({"web/"}, refs).has_value());
}

BOOST_AUTO_TEST_CASE(errors_print_like_kubectl) {
  api_result r;
  r.status.set_status("Failure");
  r.status.set_reason("NotFound");
  r.status.set_code(404);
  r.status.set_message("pods \"web\" not found");
  BOOST_TEST(!r.ok());
  BOOST_TEST(r.not_found());
  BOOST_TEST(format_api_error(r) == "Error from server (NotFound): pods \"web\" not found");
  BOOST_TEST(format_api_error(r, "error when deleting \"a.yaml\": ")
             == "Error from server (NotFound): error when deleting \"a.yaml\": pods \"web\" not found");
  r.status.set_reason("Invalid");
  r.status.set_code(422);
  r.status.set_message("Pod \"web\" is invalid: spec.containers[0].image: Required value");
  BOOST_TEST(format_api_error(r)
             == "The Pod \"web\" is invalid: spec.containers[0].image: Required value");
  api_result down;
  down.transport_error = true;
  down.status.set_message("cannot reach a convoy node");
  BOOST_TEST(!down.ok());
  BOOST_TEST(!down.not_found());
  BOOST_TEST(format_api_error(down) == "error: cannot reach a convoy node");
  BOOST_TEST(api_result{}.ok());
}

BOOST_AUTO_TEST_CASE(token_comes_from_env_then_file) {
  namespace fs = std::filesystem;
  auto file = fs::temp_directory_path() / ("convoy-token-" + std::to_string(::getpid()));
  std::ofstream{file} << "file-token \n";
  ::unsetenv("CONVOY_TOKEN");
  BOOST_TEST(default_token(file.string()) == "file-token");
  BOOST_TEST(default_token((file.string() + ".missing")) == "");
  ::setenv("CONVOY_TOKEN", "env-token", 1);
  BOOST_TEST(default_token(file.string()) == "env-token");
  ::unsetenv("CONVOY_TOKEN");
  fs::remove(file);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ctl_describe)

BOOST_AUTO_TEST_CASE(pod_description_has_kubectl_fields_and_events) {
  auto pod = yaml<api::Pod>(
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: default\n"
    "  labels: {app: web, tier: front}\n  annotations:\n"
    "    kubectl.kubernetes.io/last-applied-configuration: '{}'\n"
    "spec:\n  nodeName: n1\n  serviceAccountName: default\n  containers:\n  - name: web\n"
    "    image: nginx\n    ports: [{containerPort: 80, protocol: TCP}]\n"
    "status:\n  phase: Running\n  hostIP: 10.1.0.1\n  podIP: 10.0.0.5\n  qosClass: BestEffort\n"
    "  conditions: [{type: Ready, status: \"True\"}]\n"
    "  containerStatuses:\n  - name: web\n    ready: true\n    restartCount: 1\n"
    "    state: {running: {startedAt: \"2024-01-01T00:00:05Z\"}}\n");
  std::vector<api::Event> events{
    yaml<api::Event>("apiVersion: v1\nkind: Event\nmetadata: {name: b}\ninvolvedObject: {kind: Pod, name: web}\n"
                     "type: Normal\nreason: Started\nmessage: Started container web\n"
                     "source: {component: kubelet}\nfirstTimestamp: \"2024-01-01T00:00:05Z\"\n"),
    yaml<api::Event>("apiVersion: v1\nkind: Event\nmetadata: {name: a}\ninvolvedObject: {kind: Pod, name: web}\n"
                     "type: Normal\nreason: Scheduled\nmessage: assigned default/web to n1\n"
                     "source: {component: default-scheduler}\nfirstTimestamp: \"2024-01-01T00:00:00Z\"\n"),
  };
  auto text = describe_object(pod, events, t0 + 1min);
  for (const char* want : {"Name:             web\n", "Namespace:        default\n",
                           "Node:             n1/10.1.0.1\n", "Labels:           app=web\n",
                           "                  tier=front\n", "Annotations:      <none>\n",
                           "Status:           Running\n", "IP:               10.0.0.5\n",
                           "    Image:          nginx\n", "    Port:           80/TCP\n",
                           "    State:          Running\n",
                           "      Started:      Mon, 01 Jan 2024 00:00:05 +0000\n",
                           "    Restart Count:  1\n", "  Ready          True\n",
                           "QoS Class:       BestEffort\n"})
    BOOST_TEST(text.find(want) != std::string::npos, "missing '" << want << "' in\n" << text);
  auto scheduled = text.find("Scheduled");
  auto started = text.find("Started ");
  BOOST_TEST(scheduled < text.find("  Normal  Started"), "events sorted oldest first\n" << text);
  BOOST_TEST(started != std::string::npos);
  BOOST_TEST(text.find("  Normal  Scheduled  60s   default-scheduler  assigned default/web to n1")
               != std::string::npos,
             text);
  // Like kubectl, "Events:  <none>" aligns with the block above it.
  auto quiet = describe_object(pod, {}, t0);
  BOOST_TEST(quiet.substr(quiet.rfind("Events:")) == "Events:          <none>\n", quiet);
}

BOOST_AUTO_TEST_CASE(other_kinds_describe_their_key_fields) {
  auto rc = yaml<api::ReplicationController>(
    "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: web, namespace: default}\n"
    "spec:\n  replicas: 2\n  selector: {app: web}\n  template:\n    metadata: {labels: {app: web}}\n"
    "    spec: {containers: [{name: web, image: nginx}]}\nstatus: {replicas: 1}\n");
  auto text = describe_object(rc, {}, t0);
  BOOST_TEST(text.find("Replicas:        1 current / 2 desired") != std::string::npos, text);
  BOOST_TEST(text.find("Pod Template:") != std::string::npos, text);
  auto svc = yaml<api::Service>(
    "apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: default}\n"
    "spec: {clusterIP: 10.96.0.9, selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}\n");
  auto ep = yaml<api::Endpoints>(
    "apiVersion: v1\nkind: Endpoints\nmetadata: {name: web}\n"
    "subsets: [{addresses: [{ip: 10.0.0.5}], ports: [{name: http, port: 8080}]}]\n");
  text = describe_object(svc, {}, t0, &ep);
  BOOST_TEST(text.find("TargetPort:") != std::string::npos, text);
  BOOST_TEST(text.find("10.0.0.5:8080") != std::string::npos, text);
  auto cm = yaml<api::ConfigMap>("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: v}\n");
  text = describe_object(cm, {}, t0);
  BOOST_TEST(text.find("Data\n====\nk:\n----\nv\n") != std::string::npos, text);
}

BOOST_AUTO_TEST_SUITE_END()
