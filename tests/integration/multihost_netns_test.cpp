// Several hosts, each a network namespace on one test bridge (10.231.0.0/24),
// each running one `convoy node` process: h1 store+apiserver+scheduler+
// controllers, h2 store+apiserver, h3 store, h4 and h5 kubelet+proxy with
// bridge pod networks. The example app runs across the workers: a web pod
// on h5, reached through h4's NodePort, answers with the db pinned to h4
// (host-gw routes both ways, the proxies in between). Cutting h5's link
// makes it NotReady and moves its pods to h4; cutting the store-only host
// h3 keeps writes working, and h3 catches up once its link is back.
// Needs root and a working `ip netns`; skipped (and passing) otherwise.
// The fixture removes its namespaces, links and pod processes also when the
// test fails, and first those of aborted runs (by name pattern).

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
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
using json = nlohmann::json;

namespace {

const std::string convoy_bin = CONVOY_BINARY;
const std::string example = std::string{CONVOY_SOURCE_DIR} + "/examples/app/web-db.yaml";
const std::string pid_text = std::to_string(::getpid());
const std::string subnet = "10.231.0.";
constexpr int hosts = 5;

void sh_ok(std::vector<std::string> argv) {
  auto joined = argv.front() + " " + argv.at(1);
  auto [code, out] = sh(std::move(argv));
  BOOST_REQUIRE_MESSAGE(code == 0, joined << ": " << out);
}

std::string ip_of(int i) {
  return subnet + std::to_string(i);
}
std::string bridge() {
  return "cvt-" + pid_text;
}
std::string netns_of(int i) {
  return "cvh" + std::to_string(i) + "-" + pid_text;
}
/// The root-namespace end of host i's veth (the link the test cuts).
std::string veth_of(int i) {
  return "cvh" + std::to_string(i) + "r-" + pid_text;
}
std::string name_of(int i) {
  return "h" + std::to_string(i);
}
std::string server_of(int i) {
  return ip_of(i) + ":7000";
}

/// Why the test cannot run here, or "".
std::string cannot_run() {
  if (::access("/usr/bin/nsenter", X_OK) != 0)
    return "needs /usr/bin/nsenter";
  return convoy::test::netns_unavailable();
}

bool alive(const std::string& pid) {
  return std::filesystem::exists("/proc/" + pid);
}

/// Namespaces and links of runs whose process is gone (cvh<i>-<pid>,
/// cvh<i>r-<pid>, cvt-<pid>).
void remove_aborted_runs() {
  static const std::regex ns_re{R"(cvh\d+-(\d+))"};
  static const std::regex link_re{R"((cvt-|cvh\d+r-)(\d+))"};
  std::istringstream names{sh({"ip", "netns", "list"}).second};
  std::string line;
  std::smatch m;
  while (std::getline(names, line)) {
    auto name = line.substr(0, line.find(' '));
    if (std::regex_match(name, m, ns_re) && !alive(m[1]))
      sh({"ip", "netns", "del", name});
  }
  std::istringstream links{sh({"ip", "-o", "link", "show"}).second};
  while (std::getline(links, line)) {
    std::istringstream words{line};
    std::string index, name;
    words >> index >> name;
    name = name.substr(0, name.find_first_of(":@"));
    if (std::regex_match(name, m, link_re) && !alive(m[2]))
      sh({"ip", "link", "del", name});
  }
}

/// Inode of a network namespace file (0 if absent).
ino_t netns_inode(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

/// SIGKILLs every process whose network namespace is `inode`.
void kill_processes_in(ino_t inode) {
  for (const auto& e : std::filesystem::directory_iterator{"/proc"}) {
    auto pid = e.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos)
      continue;
    if (netns_inode(e.path().string() + "/ns/net") == inode)
      ::kill(std::atoi(pid.c_str()), SIGKILL);
  }
}

/// The example app: one db pinned to h4 (the host that stays up), two web
/// pods spread over the workers; short grace periods.
std::string app_yaml() {
  auto text = convoy::test::read_file(example);
  auto put = [&](const std::string& anchor, const std::string& insert) {
    auto at = text.find(anchor);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, "web-db.yaml changed: no " << anchor);
    text.insert(at, insert);
  };
  put("      containers:\n      - name: db",
      "      terminationGracePeriodSeconds: 1\n"
      "      nodeSelector:\n        kubernetes.io/hostname: h4\n");
  put("      containers:\n      - name: web",
      "      terminationGracePeriodSeconds: 1\n"
      "      topologySpreadConstraints:\n"
      "      - maxSkew: 1\n        topologyKey: kubernetes.io/hostname\n"
      "        whenUnsatisfiable: ScheduleAnyway\n"
      "        labelSelector:\n          matchLabels:\n            app: web\n");
  auto db = text.find("name: db\nspec:\n  replicas: 2");
  BOOST_REQUIRE(db != std::string::npos);
  text.replace(text.find("replicas: 2", db), 11, "replicas: 1");
  return text;
}

struct multihost {
  multihost() {
    remove_aborted_runs();
    root = std::filesystem::temp_directory_path() / ("convoy-multihost-it-" + pid_text);
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    tokens = (root / "tokens.csv").string();
    convoy::test::write_cluster_tokens(tokens, admin_token, {"h4", "h5"});
  }

  ~multihost() {
    for (auto& [i, proc] : nodes)
      if (proc && proc->running())
        proc->signal(SIGKILL);
    for (auto& [i, proc] : nodes)
      if (proc)
        proc->wait_exit(10s);
    remove_pod_networks();
    for (int i = 1; i <= hosts; ++i) {
      sh({"ip", "netns", "del", netns_of(i)});
      sh({"ip", "link", "del", veth_of(i)});
    }
    sh({"ip", "link", "del", bridge()});
    std::error_code ec; // never throw while a failed check unwinds
    std::filesystem::remove_all(root, ec);
  }

  /// The pods' processes outlive their kubelets: kill what runs in each
  /// pod namespace the workers' network state lists, then delete it.
  void remove_pod_networks() {
    for (auto w : {"h4", "h5"}) {
      std::error_code ec;
      auto dir = root / w / "kubelet" / w / "network";
      for (const auto& e : std::filesystem::directory_iterator{dir, ec}) {
        auto ns = convoy::network::netns_name(e.path().filename().string());
        if (auto inode = netns_inode(std::string{convoy::network::netns_dir} + "/" + ns))
          kill_processes_in(inode);
        sh({"ip", "netns", "del", ns});
      }
    }
  }

  /// The bridge in the root namespace and one namespace per host on it.
  void make_hosts() {
    sh_ok({"ip", "link", "add", bridge(), "type", "bridge"});
    sh_ok({"ip", "addr", "add", ip_of(254) + "/24", "dev", bridge()});
    sh_ok({"ip", "link", "set", bridge(), "up"});
    for (int i = 1; i <= hosts; ++i) {
      auto ns = netns_of(i);
      sh_ok({"ip", "netns", "add", ns});
      sh_ok({"ip", "link", "add", veth_of(i), "type", "veth", "peer", "name", "eth0", "netns", ns});
      sh_ok({"ip", "link", "set", veth_of(i), "master", bridge(), "up"});
      sh_ok({"ip", "-n", ns, "addr", "add", ip_of(i) + "/24", "dev", "eth0"});
      sh_ok({"ip", "-n", ns, "link", "set", "eth0", "up"});
      sh_ok({"ip", "-n", ns, "link", "set", "lo", "up"});
      sh_ok({"ip", "-n", ns, "route", "add", "default", "via", ip_of(254)});
      sh_ok({"ip", "netns", "exec", ns, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"});
    }
  }

  /// `convoy node` inside host i's namespace (nsenter keeps the mount
  /// namespace, so the pod namespaces the kubelets add stay visible here).
  /// Its output goes to a file: an unread pipe would fill up and stall it.
  void start(int i, const std::string& roles, std::vector<std::string> more) {
    auto log = log_of(i);
    std::vector<std::string> argv{"/bin/sh", "-c", "exec \"$0\" \"$@\" > " + log + " 2>&1",
                                  "/usr/bin/nsenter",
                                  "--net=" + std::string{convoy::network::netns_dir} + "/"
                                    + netns_of(i),
                                  convoy_bin, "node", "--name", name_of(i), "--roles", roles,
                                  "--listen", server_of(i), "--data-dir",
                                  (root / name_of(i)).string(), "--token-auth-file", tokens,
                                  "--peer-timeout", "1s"};
    argv.insert(argv.end(), more.begin(), more.end());
    nodes[i] = std::make_unique<child_process>(argv);
    BOOST_REQUIRE_MESSAGE(eventually(
                            [&] {
                              return convoy::test::read_file(log).find("listening on")
                                     != std::string::npos;
                            },
                            30s),
                          convoy::test::read_file(log));
  }

  std::string log_of(int i) const {
    return (root / (name_of(i) + ".log")).string();
  }

  void start_cluster() {
    make_hosts();
    std::string members, stores;
    for (int i = 1; i <= 3; ++i) {
      members += (i > 1 ? "," : "") + name_of(i) + "=" + server_of(i);
      stores += (i > 1 ? "," : "") + server_of(i);
    }
    const std::vector<std::string> control{
      "--initial-cluster", members, "--etcd-servers", stores,
      "--service-cluster-ip-range", "10.233.0.0/16", "--cluster-cidr", "10.232.0.0/16",
      "--node-monitor-period", "500ms", "--node-monitor-grace-period", "4s",
      "--node-eviction-rate", "100", "--default-not-ready-toleration-seconds", "1",
      "--default-unreachable-toleration-seconds", "1"};
    start(3, "store", {"--initial-cluster", members});
    start(2, "store,apiserver", control);
    start(1, "store,apiserver,scheduler,controllers", control);
    for (int i : {4, 5})
      start(i, "kubelet,proxy",
            {"--join", server_of(1) + "," + server_of(2), "--node-ip", ip_of(i), "--pod-network",
             "bridge", "--service-cluster-ip-range", "10.233.0.0/16",
             "--node-lease-renew-interval", "1s", "--node-status-update-frequency", "1s"});
  }

  std::pair<int, std::string> ctl(std::vector<std::string> args, int host = 1) {
    return convoy::test::run_ctl(server_of(host), admin_token, std::move(args));
  }

  json get_json(std::vector<std::string> args) {
    return convoy::test::ctl_json(server_of(1), admin_token, std::move(args));
  }

  bool node_ready(const std::string& name) {
    return convoy::test::node_ready(server_of(1), admin_token, name);
  }

  /// Running and ready pods of `selector` by node (deleted ones excluded).
  std::map<std::string, int> ready_by_node(const std::string& selector) {
    return convoy::test::ready_pods_by_node(server_of(1), admin_token, selector);
  }

  /// Asks h4's NodePort until a web pod on `web_node` answered from the db
  /// (or, with "", any web pod); the last answer.
  std::pair<int, std::string> app_answer(const std::string& web_node,
                                         std::chrono::milliseconds limit) {
    std::pair<int, std::string> got;
    eventually(
      [&] {
        got = http_get(ip_of(4), 30080, "/");
        return got.first == 200 && got.second.find("-> db ") != std::string::npos
               && (web_node.empty()
                   || got.second.find("(node " + web_node + ")") != std::string::npos);
      },
      limit);
    return got;
  }

  /// The REVISION column of `store status` per member name ("-" when
  /// unreachable).
  std::map<std::string, std::string> store_revisions() {
    std::map<std::string, std::string> out;
    std::istringstream lines{ctl({"store", "status"}).second};
    std::string line;
    while (std::getline(lines, line)) {
      std::istringstream in{line};
      std::vector<std::string> words;
      for (std::string w; in >> w;)
        words.push_back(w);
      if (words.size() >= 4 && words[1].size() == 2 && words[1][0] == 'h')
        out[words[1]] = words[words.size() - 2];
    }
    return out;
  }

  std::string dump() {
    std::string out = ctl({"get", "pods", "-o", "wide"}).second + ctl({"get", "nodes"}).second;
    for (auto& [i, proc] : nodes) {
      auto log = convoy::test::read_file(log_of(i));
      out += "\n--- h" + std::to_string(i) + " ---\n"
             + log.substr(log.size() > 3000 ? log.size() - 3000 : 0);
    }
    return out;
  }

  std::filesystem::path root;
  std::string tokens;
  std::string admin_token = "admin-token-for-the-multihost-test";
  std::map<int, std::unique_ptr<child_process>> nodes;
};

/// -1 if not a number ("-": unreachable).
long long as_number(const std::string& s) {
  return s.empty() || s.find_first_not_of("0123456789") != std::string::npos ? -1
                                                                              : std::stoll(s);
}

} // namespace

BOOST_AUTO_TEST_SUITE(multihost_netns)

BOOST_AUTO_TEST_CASE(the_app_spans_hosts_and_survives_cut_links) {
  if (auto why = cannot_run(); !why.empty()) {
    BOOST_TEST_MESSAGE("skipped: " << why);
    return;
  }
  multihost c;
  c.start_cluster();
  BOOST_REQUIRE_MESSAGE(eventually([&] { return c.node_ready("h4") && c.node_ready("h5"); }, 30s),
                        c.dump());

  // a) web on h5 reached through h4's NodePort answers from the db on h4.
  auto manifest = c.root / "app.yaml";
  std::ofstream{manifest} << app_yaml();
  convoy::test::ctl_ok(server_of(1), c.admin_token, {"apply", "-f", manifest.string()});
  BOOST_REQUIRE_MESSAGE(eventually(
                          [&] {
                            auto web = c.ready_by_node("app=web");
                            return web["h4"] == 1 && web["h5"] == 1
                                   && c.ready_by_node("app=db")["h4"] == 1;
                          },
                          40s),
                        c.dump());
  auto answer = c.app_answer("h5", 20s);
  BOOST_REQUIRE_MESSAGE(answer.second.find("(node h5) -> db ") != std::string::npos,
                        "NodePort: " << answer.first << " " << answer.second << c.dump());

  BOOST_TEST_MESSAGE("a) " << answer.second);
  // c) h5's link cut: NotReady, its web pod comes back on h4; link back:
  // Ready again, the app still answers.
  sh_ok({"ip", "link", "set", veth_of(5), "down"});
  BOOST_CHECK_MESSAGE(eventually([&] { return !c.node_ready("h5"); }, 15s), c.dump());
  BOOST_CHECK_MESSAGE(eventually([&] { return c.ready_by_node("app=web")["h4"] == 2; }, 40s),
                      c.dump());
  BOOST_CHECK(c.app_answer("h4", 10s).first == 200);
  sh_ok({"ip", "link", "set", veth_of(5), "up"});
  BOOST_CHECK_MESSAGE(eventually([&] { return c.node_ready("h5"); }, 30s), c.dump());
  answer = c.app_answer("", 10s);
  BOOST_CHECK_MESSAGE(answer.second.find("-> db ") != std::string::npos,
                      "after h5 came back: " << answer.first << " " << answer.second);

  BOOST_TEST_MESSAGE("c) h5 came back Ready; the app answers");
  // b) the store-only host h3 cut: writes go on (2 of 3 replicas); link
  // back: h3 catches up with the revision written meanwhile.
  auto configmap = c.root / "configmap.yaml";
  std::ofstream{configmap} << "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                              "  name: while-h3-was-away\ndata:\n  k: v\n";
  sh_ok({"ip", "link", "set", veth_of(3), "down"});
  std::pair<int, std::string> created;
  BOOST_CHECK_MESSAGE(eventually([&] {
                        created = c.ctl({"apply", "-f", configmap.string()});
                        return created.first == 0;
                      }, 20s),
                      created.second);
  long long written = 0;
  eventually([&] { return (written = as_number(c.store_revisions()["h1"])) > 0; }, 10s);
  sh_ok({"ip", "link", "set", veth_of(3), "up"});
  BOOST_CHECK_MESSAGE(eventually([&] { return as_number(c.store_revisions()["h3"]) >= written; },
                                 20s),
                      "h3 did not catch up with revision " << written << ":\n"
                                                           << c.ctl({"store", "status"}).second);
  BOOST_CHECK(c.app_answer("", 10s).first == 200);
}

BOOST_AUTO_TEST_SUITE_END()
