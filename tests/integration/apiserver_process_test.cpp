// `convoy up` (store + apiserver + scheduler in one real process) driven by
// `convoy ctl` as a user would: apply the example app, get, re-apply, scale,
// label, delete; a request refused for a token without rights; pods placed
// on a node by the scheduler, or reported unschedulable; a pod whose own
// `convoy ctl` acts as its service account.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "ctl_runner.hpp"
#include "messages/codec/scalar_text.hpp"

using namespace std::chrono_literals;
using convoy::test::child_process;
using convoy::test::run_command;

namespace {

const std::string convoy_bin = CONVOY_BINARY;
const std::string example = std::string{CONVOY_SOURCE_DIR} + "/examples/app/web-db.yaml";

struct up_cluster {
  explicit up_cluster(int kubelets = 0) {
    root = std::filesystem::temp_directory_path()
           / ("convoy-api-it-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    auto tokens = (root / "tokens.csv").string();
    std::ofstream{tokens} << "admin-secret,admin,admin,\"system:masters\"\n"
                          << "viewer-secret,viewer,viewer\n"
                          << "scheduler-secret,system:kube-scheduler,scheduler\n"
                          << "controllers-secret,system:kube-controller-manager,controllers\n"
                          << "proxy-secret,system:kube-proxy,proxy\n"
                          << "node-secret,system:node:worker-1,worker-1,\"system:nodes\"\n";
    server = "127.0.0.1:" + std::to_string(convoy::test::free_port());
    up = std::make_unique<child_process>(std::vector<std::string>{
      convoy_bin, "up", "--listen", server, "--data-dir", (root / "data").string(),
      "--token-auth-file", tokens, "--kubelets", std::to_string(kubelets)});
    BOOST_REQUIRE_MESSAGE(up->wait_for_output("listening on", 30s), up->output());
  }

  ~up_cluster() {
    up->signal(SIGTERM);
    BOOST_CHECK_EQUAL(up->wait_exit(30s), 0);
    std::filesystem::remove_all(root);
  }

  /// Waits until the store elected itself and the apiserver bootstrapped
  /// all four default namespaces (ctl retries nothing); returns `get
  /// namespaces`. The apiserver creates them one by one, so seeing one of
  /// them does not mean the others are there yet.
  std::string wait_ready() {
    std::string namespaces;
    auto all_there = [&] {
      for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"})
        if (namespaces.find(ns) == std::string::npos)
          return false;
      return true;
    };
    for (int i = 0; i < 50 && !all_there(); ++i)
      namespaces = ctl({"get", "namespaces"}).second;
    BOOST_REQUIRE_MESSAGE(all_there(), namespaces);
    return namespaces;
  }

  /// Runs `convoy ctl` against the cluster with `token`.
  std::pair<int, std::string> ctl(std::vector<std::string> args,
                                  const std::string& token = "admin-secret") {
    return convoy::test::run_ctl(server, token, std::move(args));
  }

  /// ctl that must succeed; returns its output.
  std::string ok(std::vector<std::string> args) {
    return convoy::test::ctl_ok(server, "admin-secret", std::move(args));
  }

  std::filesystem::path root;
  std::string server;
  std::unique_ptr<child_process> up;
};

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(apiserver_process)

BOOST_AUTO_TEST_CASE(apply_get_update_delete_round_trip) {
  up_cluster c;
  c.wait_ready();

  auto applied = c.ok({"apply", "-f", example});
  BOOST_TEST(has(applied, "configmap/web-config created"), applied);
  BOOST_TEST(has(applied, "service/db created"), applied);
  BOOST_TEST(has(applied, "replicationcontroller/web created"), applied);

  auto again = c.ok({"apply", "-f", example});
  BOOST_TEST(has(again, "replicationcontroller/web unchanged"), again);

  auto rcs = c.ok({"get", "rc"});
  BOOST_TEST(has(rcs, "NAME"), rcs);
  BOOST_TEST(has(rcs, "db"), rcs);
  BOOST_TEST(has(rcs, "web"), rcs);

  // The apiserver allocated the db Service a ClusterIP from its range.
  auto svc = c.ok({"get", "svc", "db", "-o", "json"});
  BOOST_TEST(has(svc, "\"clusterIP\": \"127.96."), svc);

  c.ok({"scale", "rc", "web", "--replicas", "3"});
  BOOST_TEST(has(c.ok({"get", "rc", "web", "-o", "json"}), "\"replicas\": 3"));
  c.ok({"label", "rc", "web", "tier=front"});
  BOOST_TEST(has(c.ok({"get", "rc", "-l", "tier=front"}), "web"));
  BOOST_TEST(!has(c.ok({"get", "rc", "-l", "tier=front"}), "db "));

  auto deleted = c.ok({"delete", "-f", example});
  BOOST_TEST(has(deleted, "replicationcontroller \"web\" deleted"), deleted);
  auto [code, out] = c.ctl({"get", "rc", "web"});
  BOOST_TEST(code != 0);
  BOOST_TEST(has(out, "Error from server (NotFound)"), out);
}

BOOST_AUTO_TEST_CASE(token_without_rights_is_refused_and_changes_nothing) {
  up_cluster c;
  c.wait_ready();

  auto [code, out] = c.ctl({"apply", "-f", example}, "viewer-secret");
  BOOST_TEST(code != 0);
  BOOST_TEST(has(out, "Forbidden"), out);
  auto [code2, out2] = c.ctl({"get", "pods"}, "not-a-token");
  BOOST_TEST(code2 != 0);
  BOOST_TEST(has(out2, "Unauthorized"), out2);
  auto [code3, out3] = c.ctl({"get", "configmap", "web-config"});
  BOOST_TEST(code3 != 0);
  BOOST_TEST(has(out3, "NotFound"), out3);
}

BOOST_AUTO_TEST_CASE(scheduler_binds_what_fits_and_explains_what_does_not) {
  up_cluster c;
  c.wait_ready();
  auto manifest = c.root / "sched.yaml";
  std::ofstream{manifest} << R"(apiVersion: v1
kind: Node
metadata: {name: w1, labels: {zone: a}}
status:
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
---
apiVersion: v1
kind: Pod
metadata: {name: small}
spec:
  containers: [{name: c, image: busybox, resources: {requests: {cpu: "1"}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: huge}
spec:
  containers: [{name: c, image: busybox, resources: {requests: {cpu: "16"}}}]
)";
  c.ok({"create", "-f", manifest.string()});
  std::string pods;
  std::string huge;
  for (int i = 0; i < 100; ++i) {
    pods = c.ok({"get", "pods", "-o", "wide"});
    huge = c.ok({"describe", "pod", "huge"});
    if (has(pods, "w1") && has(huge, "FailedScheduling"))
      break;
    std::this_thread::sleep_for(100ms);
  }
  BOOST_TEST(has(c.ok({"get", "pod", "small", "-o", "json"}), "\"nodeName\": \"w1\""));
  BOOST_TEST(has(huge, "0/1 nodes are available: 1 Insufficient cpu."), huge);
  BOOST_TEST(has(huge, "FailedScheduling"), huge);
}

BOOST_AUTO_TEST_CASE(controllers_create_the_pods_of_a_replication_controller) {
  up_cluster c;
  c.wait_ready();
  auto manifest = c.root / "rc.yaml";
  std::ofstream{manifest} << R"(apiVersion: v1
kind: Node
metadata: {name: w1}
status:
  allocatable: {cpu: "4", memory: 8Gi, pods: "110"}
  capacity: {cpu: "4", memory: 8Gi, pods: "110"}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: web}
spec:
  replicas: 3
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: busybox, resources: {requests: {cpu: 100m}}}]
)";
  c.ok({"create", "-f", manifest.string()});
  std::string pods;
  auto bound = [&] { // header + 3 pods, each scheduled to w1
    size_t n = 0;
    for (auto at = pods.find(" w1 "); at != std::string::npos; at = pods.find(" w1 ", at + 1))
      ++n;
    return std::count(pods.begin(), pods.end(), '\n') == 4 && n == 3;
  };
  for (int i = 0; i < 200 && !bound(); ++i) {
    pods = c.ok({"get", "pods", "-l", "app=web", "-o", "wide"});
    std::this_thread::sleep_for(100ms);
  }
  BOOST_TEST(std::count(pods.begin(), pods.end(), '\n') == 4, pods); // header + 3
  BOOST_TEST(has(pods, "web-"), pods);
  BOOST_TEST(has(pods, "w1"), pods); // the scheduler bound them
  c.ok({"scale", "rc", "web", "--replicas", "1"});
  // No kubelet runs here to finish the graceful deletes: two stay Terminating.
  auto terminating = [&] {
    size_t n = 0;
    for (auto at = pods.find("Terminating"); at != std::string::npos;
         at = pods.find("Terminating", at + 1))
      ++n;
    return n;
  };
  for (int i = 0; i < 100 && terminating() != 2; ++i) {
    pods = c.ok({"get", "pods", "-l", "app=web"});
    std::this_thread::sleep_for(100ms);
  }
  BOOST_TEST(terminating() == 2u, pods);
  auto rc = c.ok({"get", "rc", "web", "-o", "json"});
  BOOST_TEST(has(rc, "\"observedGeneration\": 2"), rc);
}

BOOST_AUTO_TEST_CASE(a_pod_acts_as_its_service_account) {
  up_cluster c{1};
  c.wait_ready();
  // `convoy up` made the signing key, readable by its owner only.
  struct stat key {};
  BOOST_REQUIRE_EQUAL(::stat((c.root / "data" / "sa.key").c_str(), &key), 0);
  BOOST_TEST((key.st_mode & 0777) == 0600u);
  auto manifest = c.root / "bot.yaml";
  std::ofstream{manifest} << "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: bot}\n";
  c.ok({"apply", "-f", manifest.string()});
  std::string token;
  for (int i = 0; i < 100 && token.empty(); ++i) {
    auto sa = nlohmann::json::parse(c.ok({"get", "sa", "bot", "-o", "json"}));
    if (sa.contains("secrets")) {
      auto secret = nlohmann::json::parse(
        c.ok({"get", "secret", sa["secrets"][0]["name"].get<std::string>(), "-o", "json"}));
      BOOST_REQUIRE(convoy::codec::scalar_text::decode_base64(
        secret["data"]["token"].get<std::string>(), token));
    } else {
      std::this_thread::sleep_for(100ms);
    }
  }
  BOOST_REQUIRE(!token.empty());
  // The token is the account's; RBAC denies it by default.
  auto [code, out] = c.ctl({"get", "pods"}, token);
  BOOST_TEST(code != 0);
  BOOST_TEST(has(out, "Forbidden"), out);
  BOOST_TEST(has(out, "system:serviceaccount:default:bot"), out);
  std::ofstream{manifest} << R"(apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: bot-reads-pods}
subjects: [{kind: ServiceAccount, name: bot, namespace: default}]
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
---
apiVersion: v1
kind: Pod
metadata: {name: whoami}
spec:
  serviceAccountName: bot
  restartPolicy: OnFailure
  containers:
    - name: ctl
      image: convoy
      command: [sh, -c, "$0 ctl --server $1 get services 2>&1; $0 ctl --server $1 get pods",
                ")" << convoy_bin
                          << R"(", ")" << c.server << R"("]
)";
  c.ok({"apply", "-f", manifest.string()});
  // The kubelet gives the pod its account's token in CONVOY_TOKEN, which
  // the pod's own `convoy ctl` uses: it may list pods (itself included),
  // not services, and the refusal names the account. Wait for the pod's row
  // in the list, which comes after the refusal: until the pod runs, `logs`
  // answers an error that names the pod too ("pod \"whoami\" has no node").
  std::string logs;
  for (int i = 0; i < 600 && !has(logs, "\nwhoami "); ++i) {
    logs = c.ctl({"logs", "whoami"}).second;
    std::this_thread::sleep_for(100ms);
  }
  BOOST_TEST(has(logs, "NAME"), logs << c.ctl({"describe", "pod", "whoami"}).second
                                     << c.ctl({"get", "nodes", "-o", "wide"}).second);
  BOOST_TEST(has(logs, "User \"system:serviceaccount:default:bot\" cannot list resource "
                       "\"services\""),
             logs);
  BOOST_TEST(has(logs, "\nwhoami "), logs);
}

BOOST_AUTO_TEST_SUITE_END()
