// A cluster of separate `convoy node` processes on loopback, as users run
// one per host: a control-plane node (store, apiserver, scheduler,
// controllers) and worker nodes (kubelet, proxy) that reach the apiserver
// through --join. A worker killed with SIGKILL goes NotReady and its pods
// come back on the other worker; restarted, it rejoins and removes the
// containers of the pods deleted meanwhile. A worker whose apiserver dies
// fails over to another apiserver and keeps working.

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "ctl_runner.hpp"
#include "process_helpers.hpp"

using namespace std::chrono_literals;
using convoy::test::child_process;
using convoy::test::eventually;
using json = nlohmann::json;

namespace {

const std::string convoy_bin = CONVOY_BINARY;

/// The command line of a sleeper container on `node` (see sleepers_yaml:
/// the kubelet expands $(NODE_NAME)).
std::vector<std::string> sleeper_argv(const std::string& node) {
  return {"sh", "-c", "sleep 4242; echo " + node};
}

std::string loopback(uint16_t port) {
  return "127.0.0.1:" + std::to_string(port);
}

/// Nodes of one test cluster, each a `convoy node` process with its own
/// data dir; the tokens of every identity in one static token file.
struct node_cluster {
  node_cluster() {
    root = std::filesystem::temp_directory_path()
           / ("convoy-nodes-it-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    tokens = (root / "tokens.csv").string();
    convoy::test::write_cluster_tokens(tokens, admin_token, {"w1", "w2"});
  }

  ~node_cluster() {
    for (auto& [name, proc] : nodes)
      if (proc && proc->running()) {
        proc->signal(SIGTERM);
        proc->wait_exit(30s);
      }
    stop_leftover_containers();
    std::error_code ec; // never throw while a failed check unwinds
    std::filesystem::remove_all(root, ec);
  }

  /// Flags every node gets: fast leases, quick node monitoring and eviction
  /// (so a dead worker is noticed in seconds, not minutes).
  std::vector<std::string> common(const std::string& name, uint16_t port) {
    return {convoy_bin,         "node",
            "--name",           name,
            "--listen",         loopback(port),
            "--data-dir",       (root / name).string(),
            "--token-auth-file", tokens,
            "--peer-timeout",   "1s"};
  }

  void start(const std::string& name, std::vector<std::string> argv) {
    nodes[name] = std::make_unique<child_process>(argv);
    BOOST_REQUIRE_MESSAGE(nodes[name]->wait_for_output("listening on", 30s),
                          nodes[name]->output());
  }

  /// store, apiserver, scheduler and controllers; or, given the node
  /// with the store, only an apiserver.
  void start_control_plane(const std::string& name, const std::string& store_node = "") {
    bool full = store_node.empty();
    auto port = convoy::test::free_port();
    ports[name] = port;
    auto argv = common(name, port);
    std::vector<std::string> more{"--roles",
                                  full ? "store,apiserver,scheduler,controllers" : "apiserver",
                                  "--node-monitor-period", "500ms",
                                  "--node-monitor-grace-period", "4s",
                                  "--node-eviction-rate", "100",
                                  "--default-not-ready-toleration-seconds", "1",
                                  "--default-unreachable-toleration-seconds", "1"};
    if (!full)
      more.insert(more.end(), {"--etcd-servers", loopback(ports.at(store_node))});
    argv.insert(argv.end(), more.begin(), more.end());
    start(name, argv);
    if (server.empty())
      server = loopback(port);
  }

  void start_worker(const std::string& name, const std::string& ip,
                    const std::vector<std::string>& join) {
    if (!ports.count(name))
      ports[name] = convoy::test::free_port();
    auto argv = common(name, ports[name]);
    std::string joined;
    for (const auto& j : join)
      joined += (joined.empty() ? "" : ",") + loopback(ports.at(j));
    std::vector<std::string> more{"--roles", "kubelet,proxy", "--join", joined, "--node-ip", ip,
                                  "--node-lease-renew-interval", "1s",
                                  "--node-status-update-frequency", "1s"};
    argv.insert(argv.end(), more.begin(), more.end());
    start(name, argv);
  }

  std::pair<int, std::string> ctl(std::vector<std::string> args) {
    return convoy::test::run_ctl(server, admin_token, std::move(args));
  }

  json get_json(std::vector<std::string> args) {
    return convoy::test::ctl_json(server, admin_token, std::move(args));
  }

  bool node_ready(const std::string& name) {
    return convoy::test::node_ready(server, admin_token, name);
  }

  /// Running and ready pods of `selector` by node (deleted ones excluded).
  std::map<std::string, int> running_by_node(const std::string& selector) {
    return convoy::test::ready_pods_by_node(server, admin_token, selector);
  }

  void apply(const std::string& name, const std::string& yaml) {
    auto path = root / (name + ".yaml");
    std::ofstream{path} << yaml;
    convoy::test::ctl_ok(server, admin_token, {"apply", "-f", path.string()});
  }

  /// Containers a killed worker left behind must not outlive the test.
  void stop_leftover_containers() {
    for (const auto& name : {"w1", "w2"})
      for (auto pid : convoy::test::processes_running(sleeper_argv(name)))
        ::kill(pid, SIGKILL);
  }

  std::filesystem::path root;
  std::string tokens;
  std::string admin_token = "admin-token-for-the-nodes-test";
  std::string server;
  std::map<std::string, uint16_t> ports;
  std::map<std::string, std::unique_ptr<child_process>> nodes;
};

/// An RC whose containers sleep; the marker in the command line makes them
/// easy to find in the process table.
std::string sleepers_yaml(int replicas) {
  return R"yaml(apiVersion: v1
kind: ReplicationController
metadata:
  name: sleepers
spec:
  replicas: )yaml" + std::to_string(replicas) + R"yaml(
  selector:
    app: sleepers
  template:
    metadata:
      labels:
        app: sleepers
    spec:
      terminationGracePeriodSeconds: 1
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app: sleepers
      containers:
      - name: main
        image: sleep
        command: ["sh", "-c", "sleep 4242; echo $(NODE_NAME)"]
        env:
        - name: NODE_NAME
          valueFrom:
            fieldRef:
              fieldPath: spec.nodeName
)yaml";
}

/// Containers of the sleepers that run on `node`.
int sleepers_on(const std::string& node) {
  return static_cast<int>(convoy::test::processes_running(sleeper_argv(node)).size());
}

} // namespace

BOOST_AUTO_TEST_SUITE(cluster_nodes)

BOOST_AUTO_TEST_CASE(a_killed_worker_loses_its_pods_to_the_other_and_rejoins_when_restarted) {
  node_cluster c;
  c.start_control_plane("cp");
  c.start_worker("w1", "127.0.0.1", {"cp"});
  c.start_worker("w2", "127.0.0.2", {"cp"});
  BOOST_REQUIRE_MESSAGE(eventually([&] { return c.node_ready("w1") && c.node_ready("w2"); }, 30s),
                        c.nodes["w1"]->output() << c.nodes["w2"]->output());

  c.apply("sleepers", sleepers_yaml(4));
  std::map<std::string, int> by;
  BOOST_REQUIRE_MESSAGE(eventually(
                          [&] {
                            by = c.running_by_node("app=sleepers");
                            return by["w1"] > 0 && by["w2"] > 0 && by["w1"] + by["w2"] == 4;
                          },
                          40s),
                        c.ctl({"get", "pods", "-o", "wide"}).second);
  BOOST_CHECK_EQUAL(sleepers_on("w1"), by["w1"]);

  c.nodes["w1"]->signal(SIGKILL);
  c.nodes["w1"]->wait_exit(10s);
  BOOST_CHECK_EQUAL(sleepers_on("w1"), by["w1"]); // containers outlive their kubelet
  BOOST_REQUIRE_MESSAGE(eventually([&] { return c.running_by_node("app=sleepers")["w2"] == 4; },
                                   60s),
                        c.ctl({"get", "pods", "-o", "wide"}).second
                          << c.ctl({"get", "nodes"}).second);
  BOOST_CHECK(!c.node_ready("w1"));

  c.start_worker("w1", "127.0.0.1", {"cp"});
  BOOST_REQUIRE_MESSAGE(eventually([&] { return c.node_ready("w1"); }, 30s),
                        c.nodes["w1"]->output());
  // The pods evicted meanwhile are finished: their containers stopped and
  // their deletion confirmed; the four replacements stay where they are.
  BOOST_CHECK_MESSAGE(eventually([&] { return sleepers_on("w1") == 0; }, 30s),
                      c.nodes["w1"]->output());
  BOOST_CHECK_MESSAGE(
    eventually(
      [&] { return c.get_json({"get", "pods", "-l", "app=sleepers"})["items"].size() == 4; },
      30s),
    c.ctl({"get", "pods", "-o", "wide"}).second);
  BOOST_CHECK_EQUAL(c.running_by_node("app=sleepers")["w2"], 4);
}

BOOST_AUTO_TEST_CASE(a_worker_fails_over_to_another_apiserver_when_its_own_dies) {
  node_cluster c;
  c.start_control_plane("cp");
  c.start_control_plane("api2", "cp");
  // w1 prefers api2; cp is its second choice.
  c.start_worker("w1", "127.0.0.1", {"api2", "cp"});
  BOOST_REQUIRE_MESSAGE(eventually([&] { return c.node_ready("w1"); }, 30s),
                        c.nodes["w1"]->output());
  BOOST_REQUIRE(c.nodes["w1"]->wait_for_output("using the apiserver of " + loopback(c.ports["api2"]),
                                               1s));

  c.nodes["api2"]->signal(SIGKILL);
  c.nodes["api2"]->wait_exit(10s);
  BOOST_REQUIRE_MESSAGE(
    c.nodes["w1"]->wait_for_output("using the apiserver of " + loopback(c.ports["cp"]), 10s),
    c.nodes["w1"]->output());

  // The kubelet's watch moved along: a pod created now runs on w1, and the
  // node's lease keeps it Ready through the node monitor's grace period.
  c.apply("sleepers", sleepers_yaml(1));
  BOOST_CHECK_MESSAGE(eventually([&] { return c.running_by_node("app=sleepers")["w1"] == 1; },
                                 30s),
                      c.ctl({"get", "pods", "-o", "wide"}).second << c.nodes["w1"]->output());
  BOOST_CHECK(c.node_ready("w1"));
}

BOOST_AUTO_TEST_SUITE_END()
