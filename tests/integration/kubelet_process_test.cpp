// `convoy up --kubelets 2` with the process runtime, driven by `convoy ctl`:
// real containers (processes) started, restarted after a kill with their
// restartCount, restarted by a failing liveness probe, their logs (and the
// previous instance's) readable, nothing left in the process table once a
// pod is deleted; the example web → db app answering through the proxy's
// NodePort across two kubelets, also while a db replica is deleted and
// after `convoy up` itself was killed with SIGKILL and restarted (the
// containers are adopted, not duplicated).

#include <boost/test/unit_test.hpp>


#include <csignal>
#include <dirent.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "ctl_runner.hpp"
#include "process_helpers.hpp"

using namespace std::chrono_literals;
using convoy::test::child_process;
using convoy::test::run_command;
using convoy::test::eventually;
using convoy::test::http_get;
using convoy::test::processes_running;
using convoy::test::read_file;
using convoy::test::running_and_ready;
using json = nlohmann::json;

namespace {

const std::string convoy_bin = CONVOY_BINARY;
const std::string example = std::string{CONVOY_SOURCE_DIR} + "/examples/app/web-db.yaml";

struct workers_cluster {
  workers_cluster() {
    root = std::filesystem::temp_directory_path()
           / ("convoy-kubelet-it-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    server = "127.0.0.1:" + std::to_string(convoy::test::free_port());
    start();
  }

  /// SIGTERM: `convoy up` stops every container before it exits.
  ~workers_cluster() {
    if (up && up->running()) {
      up->signal(SIGTERM);
      BOOST_CHECK_EQUAL(up->wait_exit(60s), 0);
    }
    std::filesystem::remove_all(root);
  }

  void start() {
    up = std::make_unique<child_process>(std::vector<std::string>{
      convoy_bin, "up", "--listen", server, "--data-dir", (root / "data").string(), "--kubelets",
      "2", "--node-lease-renew-interval", "2s", "--node-status-update-frequency", "2s"});
    BOOST_REQUIRE_MESSAGE(up->wait_for_output("listening on", 30s), up->output());
    token = read_file(root / "data" / "admin.token");
    token.erase(token.find_last_not_of("\n") + 1);
    BOOST_REQUIRE_MESSAGE(eventually([&] { return ctl({"get", "nodes"}).second.find("worker-2")
                                                    != std::string::npos; },
                                     30s),
                          "the workers did not register: " << up->output());
  }

  std::pair<int, std::string> ctl(std::vector<std::string> args) {
    return convoy::test::run_ctl(server, token, std::move(args));
  }

  std::string ok(std::vector<std::string> args) {
    return convoy::test::ctl_ok(server, token, std::move(args));
  }

  void apply(const std::string& name, const std::string& yaml) {
    auto path = root / (name + ".yaml");
    std::ofstream{path} << yaml;
    ok({"apply", "-f", path.string()});
  }

  /// The pod as JSON, or null if it does not exist.
  json pod(const std::string& name) {
    auto [code, out] = ctl({"get", "pod", name, "-o", "json"});
    if (code != 0)
      return nullptr;
    return json::parse(out, nullptr, false);
  }

  json pods(const std::string& selector) {
    auto out = ok({"get", "pods", "-l", selector, "-o", "json"});
    return json::parse(out, nullptr, false)["items"];
  }

  std::filesystem::path root;
  std::string server;
  std::string token;
  std::unique_ptr<child_process> up;
};

/// The lines of `output` about container starts and informer failures.
std::string kubelet_log(const std::string& output) {
  std::istringstream in{output};
  std::string out, line;
  while (std::getline(in, line))
    if (line.find("started container") != std::string::npos
        || line.find("list failed") != std::string::npos
        || line.find("watch ") != std::string::npos)
      out += line + "\n";
  return "\n" + out;
}

int restarts(const json& p) {
  if (p.is_null() || !p["status"].contains("containerStatuses"))
    return -1;
  return p["status"]["containerStatuses"][0].value("restartCount", 0);
}

const char* sleeper_yaml = R"(apiVersion: v1
kind: Pod
metadata:
  name: sleeper
spec:
  containers:
  - name: main
    image: sh
    command: ["sh", "-c", "echo started $$$$; exec sleep 31337"]
)";

const char* unhealthy_yaml = R"(apiVersion: v1
kind: Pod
metadata:
  name: unhealthy
spec:
  containers:
  - name: main
    image: sleep
    command: ["sleep", "31338"]
    livenessProbe:
      exec:
        command: ["false"]
      periodSeconds: 1
      failureThreshold: 2
)";

/// A db behind Service "gate" whose readiness is a file the test controls.
std::string gate_yaml(const std::string& flag) {
  return R"(apiVersion: v1
kind: Service
metadata:
  name: gate
spec:
  selector:
    app: gate
  ports:
  - port: 9000
    targetPort: 9000
---
apiVersion: v1
kind: Pod
metadata:
  name: gate
  labels:
    app: gate
spec:
  containers:
  - name: db
    image: convoy-example-db
    command: ["convoy-example-db"]
    env:
    - name: PORT
      value: "9000"
    readinessProbe:
      exec:
        command: ["test", "-e", ")" + flag + R"("]
      periodSeconds: 1
)";
}

} // namespace

BOOST_AUTO_TEST_SUITE(kubelet_process)

BOOST_AUTO_TEST_CASE(readiness_gates_the_endpoints_and_the_proxy) {
  workers_cluster c;
  auto flag = (c.root / "ready").string();
  c.apply("gate", gate_yaml(flag));
  BOOST_REQUIRE(eventually([&] {
    auto p = c.pod("gate");
    return !p.is_null() && p["status"].value("phase", "") == "Running";
  }, 30s));
  auto svc = json::parse(c.ok({"get", "service", "gate", "-o", "json"}));
  auto cluster_ip = svc["spec"]["clusterIP"].get<std::string>();
  // null until the endpoints controller wrote the object.
  auto endpoints = [&] {
    auto [code, out] = c.ctl({"get", "endpoints", "gate", "-o", "json"});
    return code == 0 ? json::parse(out, nullptr, false) : json(nullptr);
  };
  // Not ready: listed as not ready, and the proxy has nowhere to send.
  BOOST_REQUIRE(eventually([&] {
    auto ep = endpoints();
    return ep.contains("subsets") && ep["subsets"][0].contains("notReadyAddresses");
  }, 30s));
  BOOST_TEST(!running_and_ready(c.pod("gate")));
  BOOST_TEST(http_get(cluster_ip, 9000, "/healthz").first != 200);
  // Ready: the address moves over, and the ClusterIP answers.
  std::ofstream{flag} << "yes";
  BOOST_REQUIRE_MESSAGE(eventually([&] { return http_get(cluster_ip, 9000, "/healthz").first
                                                == 200; },
                                   30s),
                        endpoints().dump());
  BOOST_TEST(running_and_ready(c.pod("gate")));
  // Unready again: new connections are no longer forwarded to it.
  std::filesystem::remove(flag);
  BOOST_TEST(eventually([&] { return http_get(cluster_ip, 9000, "/healthz").first != 200; },
                        30s));
}

BOOST_AUTO_TEST_CASE(containers_run_restart_log_and_leave_nothing_behind) {
  workers_cluster c;
  c.apply("sleeper", sleeper_yaml);
  BOOST_REQUIRE_MESSAGE(eventually([&] { return running_and_ready(c.pod("sleeper")); }, 30s),
                        c.pod("sleeper").dump() << c.up->output());
  auto pids = processes_running({"sleep", "31337"});
  BOOST_REQUIRE_EQUAL(pids.size(), 1u);
  auto first = pids[0];
  BOOST_TEST(c.ok({"logs", "sleeper"}).find("started " + std::to_string(first))
             != std::string::npos);

  ::kill(first, SIGKILL);
  BOOST_REQUIRE_MESSAGE(eventually([&] {
                          auto p = c.pod("sleeper");
                          return restarts(p) == 1 && running_and_ready(p);
                        }, 30s),
                        c.pod("sleeper").dump());
  auto p = c.pod("sleeper");
  BOOST_TEST(p["status"]["containerStatuses"][0]["lastState"]["terminated"]["exitCode"] == 137);
  pids = processes_running({"sleep", "31337"});
  BOOST_REQUIRE_EQUAL(pids.size(), 1u);
  BOOST_TEST(pids[0] != first);
  BOOST_TEST(c.ok({"logs", "sleeper", "--previous"}).find("started " + std::to_string(first))
             != std::string::npos);
  BOOST_TEST(c.ok({"logs", "sleeper"}).find("started " + std::to_string(pids[0]))
             != std::string::npos);

  c.ok({"delete", "pod", "sleeper"});
  BOOST_TEST(eventually([&] { return c.pod("sleeper").is_null(); }, 30s));
  BOOST_TEST(processes_running({"sleep", "31337"}).empty());
}

BOOST_AUTO_TEST_CASE(a_failing_liveness_probe_restarts_the_container) {
  workers_cluster c;
  c.apply("unhealthy", unhealthy_yaml);
  BOOST_TEST_MESSAGE("waiting for the liveness probe to restart the container");
  BOOST_REQUIRE_MESSAGE(eventually([&] { return restarts(c.pod("unhealthy")) >= 1; }, 40s),
                        c.pod("unhealthy").dump());
  c.ok({"delete", "pod", "unhealthy"});
  BOOST_TEST(eventually([&] { return processes_running({"sleep", "31338"}).empty(); }, 30s));
}

BOOST_AUTO_TEST_CASE(the_web_reaches_the_db_through_the_proxy_across_kubelets) {
  workers_cluster c;
  c.ok({"apply", "-f", example});
  auto all_ready = [&](const std::string& app, size_t n) {
    auto items = c.pods("app=" + app);
    size_t ready = 0;
    for (const auto& p : items)
      ready += running_and_ready(p);
    return ready == n;
  };
  BOOST_REQUIRE_MESSAGE(eventually([&] { return all_ready("db", 2) && all_ready("web", 2); },
                                   60s),
                        c.ok({"get", "pods", "-o", "wide"}) << c.up->output());
  std::set<std::string> nodes;
  for (const auto& app : {"web", "db"})
    for (const auto& p : c.pods(std::string{"app="} + app))
      nodes.insert(p["spec"].value("nodeName", ""));
  BOOST_TEST(nodes.size() == 2u); // the pods are spread over both kubelets

  std::pair<int, std::string> answer;
  BOOST_REQUIRE_MESSAGE(eventually([&] {
                          answer = http_get("127.0.0.1", 30080, "/");
                          return answer.first == 200;
                        }, 30s),
                        answer.first << " " << answer.second);
  BOOST_TEST(answer.second.find("hello from the db") != std::string::npos, answer.second);
  // worker-2's NodePort; a failure shows what the kubelets logged about
  // their containers' service variables and their informers.
  auto second = http_get("127.0.0.2", 30080, "/");
  BOOST_TEST(second.first == 200, second.second << kubelet_log(c.up->output()));

  // A db replica goes away: the web keeps answering (the proxy stops
  // sending to the deleted pod; the RC replaces it).
  auto dbs = c.pods("app=db");
  c.ok({"delete", "pod", dbs[0]["metadata"]["name"].get<std::string>(), "--wait=false"});
  int failures = 0;
  for (int i = 0; i < 30; ++i) {
    failures += http_get("127.0.0.1", 30080, "/").first != 200;
    std::this_thread::sleep_for(100ms);
  }
  BOOST_TEST(failures == 0, kubelet_log(c.up->output()));

  // convoy up dies hard: the containers live on, and the restarted
  // kubelets adopt them (the same processes, no duplicates).
  BOOST_REQUIRE(eventually([&] { return all_ready("db", 2); }, 60s));
  auto web_before = processes_running({"convoy-example-web"}).size();
  auto db_before = processes_running({"convoy-example-db"}).size();
  BOOST_TEST(web_before == 2u);
  BOOST_TEST(db_before == 2u);
  c.up->signal(SIGKILL);
  c.up->wait_exit(30s);
  BOOST_TEST(processes_running({"convoy-example-db"}).size() == db_before);
  c.start();
  BOOST_REQUIRE(eventually([&] { return http_get("127.0.0.1", 30080, "/").first == 200; }, 30s));
  std::this_thread::sleep_for(3s); // a few relists: nothing may be started twice
  BOOST_TEST(processes_running({"convoy-example-web"}).size() == web_before);
  BOOST_TEST(processes_running({"convoy-example-db"}).size() == db_before);
  for (const auto& p : c.pods("app=web"))
    BOOST_TEST(restarts(p) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
