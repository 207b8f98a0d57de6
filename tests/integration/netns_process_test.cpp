// `convoy up --pod-network bridge`: every pod in its own network namespace
// (veth on a per-node bridge) with an IP from --cluster-cidr, the example
// web -> db app answering through the NodePort (the proxy on the host
// reaches pod IPs through the bridges; pods reach ClusterIPs, made local on
// the host, through their gateway), and deleting the app removing the
// namespaces and veths. Needs root and a working `ip netns`; skipped (and
// passing) otherwise. The fixture removes every convoy netns, bridge and
// route before and after, also when the test fails.

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "ctl_runner.hpp"
#include "netns_helpers.hpp"
#include "process_helpers.hpp"
#include "runtime/network/ip_commands.hpp"

using namespace std::chrono_literals;
using convoy::test::sh;
using convoy::test::child_process;
using convoy::test::eventually;
using convoy::test::http_get;
using convoy::test::running_and_ready;
using json = nlohmann::json;

namespace {

const std::string convoy_bin = CONVOY_BINARY;
const std::string example = std::string{CONVOY_SOURCE_DIR} + "/examples/app/web-db.yaml";
const std::string cluster_cidr = "10.213.0.0/16";
const std::string service_cidr = "10.214.0.0/16";

/// The lines of `ip netns list` naming convoy namespaces ("cv-...").
std::vector<std::string> convoy_netns() {
  std::vector<std::string> out;
  std::istringstream lines{sh({"ip", "netns", "list"}).second};
  std::string name;
  while (lines >> name) {
    if (name.rfind("cv-", 0) == 0 && name.size() == 15)
      out.push_back(name);
    std::getline(lines, name); // "(id: N)"
  }
  return out;
}

bool link_exists(const std::string& name) {
  return sh({"ip", "link", "show", name}).first == 0;
}

/// Everything `convoy up --pod-network bridge` of this test can leave.
void remove_leftovers() {
  for (const auto& ns : convoy_netns())
    sh({"ip", "netns", "del", ns});
  for (const auto* node : {"worker-1", "worker-2"})
    sh({"ip", "link", "del", convoy::network::bridge_name(node)});
  sh({"ip", "route", "del", "local", service_cidr, "dev", "lo", "table", "local"});
}

struct bridge_cluster {
  bridge_cluster() {
    root = std::filesystem::temp_directory_path()
           / ("convoy-netns-it-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    server = "127.0.0.1:" + std::to_string(convoy::test::free_port());
    remove_leftovers();
  }

  ~bridge_cluster() {
    if (up && up->running()) {
      up->signal(SIGTERM);
      BOOST_CHECK_EQUAL(up->wait_exit(30s), 0);
    }
    remove_leftovers();
    BOOST_CHECK(convoy_netns().empty());
    BOOST_CHECK(!link_exists(convoy::network::bridge_name("worker-1")));
    std::filesystem::remove_all(root);
  }

  void start() {
    up = std::make_unique<child_process>(std::vector<std::string>{
      convoy_bin, "up", "--listen", server, "--data-dir", (root / "data").string(), "--kubelets",
      "2", "--pod-network", "bridge", "--cluster-cidr", cluster_cidr,
      "--service-cluster-ip-range", service_cidr, "--node-lease-renew-interval", "2s",
      "--node-status-update-frequency", "2s"});
    BOOST_REQUIRE_MESSAGE(up->wait_for_output("listening on", 20s), up->output());
    token = convoy::test::read_file(root / "data" / "admin.token");
    token.erase(token.find_last_not_of("\n") + 1);
    BOOST_REQUIRE_MESSAGE(eventually([&] { return ctl({"get", "nodes"}).second.find("worker-2")
                                                    != std::string::npos; },
                                     20s),
                          "the workers did not register: " << up->output());
  }

  std::pair<int, std::string> ctl(std::vector<std::string> args) {
    return convoy::test::run_ctl(server, token, std::move(args));
  }

  std::string ok(std::vector<std::string> args) {
    return convoy::test::ctl_ok(server, token, std::move(args));
  }

  json pod(const std::string& name) {
    auto [code, out] = ctl({"get", "pod", name, "-o", "json"});
    return code == 0 ? json::parse(out, nullptr, false) : json{};
  }

  json pods() {
    return json::parse(ok({"get", "pods", "-o", "json"}), nullptr, false)["items"];
  }

  std::filesystem::path root;
  std::string server;
  std::string token;
  std::unique_ptr<child_process> up;
};

} // namespace

BOOST_AUTO_TEST_SUITE(netns_process)

BOOST_AUTO_TEST_CASE(bridge_pods_run_the_example_app_in_their_own_netns) {
  if (auto why = convoy::test::netns_unavailable(); !why.empty()) {
    BOOST_TEST_MESSAGE("skipped: " << why);
    return;
  }
  bridge_cluster c;
  c.start();
  c.ok({"apply", "-f", example});
  auto all_ready = [&] {
    auto items = c.pods();
    size_t ready = 0;
    for (const auto& p : items)
      ready += running_and_ready(p);
    return items.size() == 4u && ready == 4u;
  };
  BOOST_REQUIRE_MESSAGE(eventually(all_ready, 30s),
                        c.ok({"get", "pods", "-o", "wide"}) << c.up->output());

  std::vector<std::string> tags;
  for (const auto& p : c.pods()) {
    auto ip = p["status"].value("podIP", "");
    auto uid = p["metadata"].value("uid", "");
    BOOST_TEST_CONTEXT(p["metadata"].value("name", "") << " " << ip) {
      BOOST_TEST(ip.rfind("10.213.", 0) == 0u);
      auto ns = convoy::network::netns_name(uid);
      auto listed = convoy_netns();
      BOOST_TEST((std::find(listed.begin(), listed.end(), ns) != listed.end()));
      auto addr = sh({"ip", "netns", "exec", ns, "ip", "-4", "-o", "addr", "show", "dev", "eth0"});
      BOOST_TEST(addr.second.find("inet " + ip + "/") != std::string::npos);
      BOOST_TEST(link_exists(convoy::network::veth_host_name(uid)));
      tags.push_back(uid);
    }
  }

  std::pair<int, std::string> answer;
  BOOST_REQUIRE_MESSAGE(eventually([&] {
                          answer = http_get("127.0.0.1", 30080, "/");
                          return answer.first == 200;
                        }, 20s),
                        "NodePort: " << answer.first << " " << answer.second << c.up->output());
  BOOST_TEST(answer.second.find("-> db ") != std::string::npos); // web reached db via its Service

  // An exec probe runs in the pod's network namespace: only there does
  // eth0 hold the pod's IP, so the pod turns Ready only if it does.
  auto probe_yaml = c.root / "netprobe.yaml";
  std::ofstream{probe_yaml} << R"yaml(apiVersion: v1
kind: Pod
metadata:
  name: netprobe
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: sh
    command: ["sh", "-c", "exec sleep 3600"]
    readinessProbe:
      exec:
        command: ["sh", "-c", "/usr/sbin/ip -4 -o addr show dev eth0 | grep -q \"inet $POD_IP/\""]
      periodSeconds: 1
)yaml";
  c.ok({"apply", "-f", probe_yaml.string()});
  BOOST_CHECK_MESSAGE(eventually([&] { return running_and_ready(c.pod("netprobe")); }, 20s),
                      c.ok({"describe", "pod", "netprobe"}));
  c.ok({"delete", "-f", probe_yaml.string()});

  c.ok({"delete", "-f", example});
  auto gone = [&] {
    if (!c.pods().empty() || !convoy_netns().empty())
      return false;
    for (const auto& uid : tags)
      if (link_exists(convoy::network::veth_host_name(uid)))
        return false;
    return true;
  };
  BOOST_TEST_MESSAGE("waiting for the pods' networks to go");
  BOOST_TEST(eventually(gone, 30s), c.ok({"get", "pods", "-o", "wide"}));
}

BOOST_AUTO_TEST_SUITE_END()
