// Workers joining with bootstrap tokens, as real processes: a control plane
// node (store, apiserver, scheduler, controllers), `convoy ctl token create`,
// a worker `--join ... --join-token T` without any tokens.csv registers its
// Node Ready; a bad token is refused and registers nothing; after `token
// delete` a new join fails while the joined worker keeps working.

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "child_process.hpp"
#include "process_helpers.hpp"
#include "ctl_runner.hpp"

using namespace std::chrono_literals;
using convoy::test::child_process;
using convoy::test::eventually;

namespace {

const std::string convoy_bin = CONVOY_BINARY;

std::string first_line(const std::filesystem::path& p) {
  std::ifstream in{p};
  std::string line;
  std::getline(in, line);
  return line;
}

struct join_cluster {
  join_cluster() {
    root = std::filesystem::temp_directory_path()
           / ("convoy-join-it-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    server = "127.0.0.1:" + std::to_string(convoy::test::free_port());
    control = std::make_unique<child_process>(std::vector<std::string>{
      convoy_bin, "node", "--name", "cp", "--roles", "store,apiserver,scheduler,controllers",
      "--listen", server, "--data-dir", (root / "cp").string()});
    BOOST_REQUIRE_MESSAGE(control->wait_for_output("listening on", 20s), control->output());
    BOOST_REQUIRE(eventually([&] { return std::filesystem::exists(root / "cp/admin.token"); },
                             10s));
    admin = first_line(root / "cp/admin.token");
    BOOST_REQUIRE_MESSAGE(
      eventually([&] { return ctl({"get", "namespaces"}).second.find("kube-system")
                              != std::string::npos; },
                 15s),
      control->output());
  }

  ~join_cluster() {
    for (auto* p : {worker_bad.get(), worker_late.get(), worker.get(), control.get()})
      if (p)
        p->signal(SIGTERM);
    for (auto* p : {worker_bad.get(), worker_late.get(), worker.get(), control.get()})
      if (p)
        p->wait_exit(10s);
    std::filesystem::remove_all(root);
  }

  std::pair<int, std::string> ctl(std::vector<std::string> args) {
    return convoy::test::run_ctl(server, admin, std::move(args));
  }

  std::unique_ptr<child_process> start_worker(const std::string& name, const std::string& token) {
    auto dir = root / name;
    std::filesystem::create_directories(dir);
    return std::make_unique<child_process>(std::vector<std::string>{
      convoy_bin, "node", "--name", name, "--roles", "kubelet,proxy", "--listen",
      "127.0.0.1:" + std::to_string(convoy::test::free_port()), "--join", server,
      "--join-token", token, "--data-dir", dir.string(), "--runtime", "simulated"});
  }

  /// Whether `get nodes` lists `name` with status Ready.
  bool node_ready(const std::string& name) {
    std::istringstream rows{ctl({"get", "nodes"}).second};
    std::string line;
    while (std::getline(rows, line)) {
      std::istringstream cols{line};
      std::string n, status;
      cols >> n >> status;
      if (n == name)
        return status == "Ready";
    }
    return false;
  }

  bool node_listed(const std::string& name) {
    return ctl({"get", "nodes"}).second.find(name) != std::string::npos;
  }

  std::filesystem::path root;
  std::string server;
  std::string admin;
  std::unique_ptr<child_process> control, worker, worker_bad, worker_late;
};

} // namespace

BOOST_AUTO_TEST_SUITE(join_process)

BOOST_AUTO_TEST_CASE(join_token_lifecycle) {
  join_cluster c;
  auto [code, created] = c.ctl({"token", "create", "--ttl", "1h", "--description", "it"});
  BOOST_REQUIRE_MESSAGE(code == 0, created);
  auto token = created.substr(0, created.find_first_of("\r\n"));
  BOOST_REQUIRE_EQUAL(token.size(), 23u);
  auto id = token.substr(0, 6);
  auto listed = c.ctl({"token", "list"}).second;
  BOOST_TEST(listed.find(id) != std::string::npos, listed);
  BOOST_TEST(listed.find(token.substr(7)) == std::string::npos, "list shows the secret");

  c.worker = c.start_worker("w1", token);
  c.worker_bad = c.start_worker("w-bad", id + ".zzzzzzzzzzzzzzzz");
  BOOST_TEST_REQUIRE(eventually([&] { return c.node_ready("w1"); }, 15s), c.worker->output());
  BOOST_TEST(std::filesystem::exists(c.root / "w1/credentials/node.token"));
  auto perms = std::filesystem::status(c.root / "w1/credentials/node.token").permissions();
  BOOST_TEST(((perms & std::filesystem::perms::group_all) == std::filesystem::perms::none));
  BOOST_TEST(c.worker_bad->wait_for_output("join refused", 5s), c.worker_bad->output());
  BOOST_TEST(!c.node_listed("w-bad"));

  auto [deleted, out] = c.ctl({"token", "delete", id});
  BOOST_TEST(deleted == 0, out);
  c.worker_late = c.start_worker("w2", token);
  BOOST_TEST(c.worker_late->wait_for_output("join refused", 5s), c.worker_late->output());
  BOOST_TEST(!c.node_listed("w2"));
  // The joined worker's own credential still works: its lease keeps it Ready
  // and its kubelet is still talking to the apiserver.
  BOOST_TEST(c.node_ready("w1"));
  BOOST_TEST(c.worker->output().find("invalid bearer token") == std::string::npos,
             c.worker->output());
  // Its proxy works with the same node credential (one exchange per node).
  BOOST_TEST(c.worker->wait_for_output("proxy synced", 5s), c.worker->output());
  // Restarted, the worker uses its saved credential: the deleted token is
  // never presented again.
  c.worker->signal(SIGTERM);
  BOOST_TEST(c.worker->wait_exit(20s) == 0);
  c.worker = c.start_worker("w1", token);
  BOOST_TEST(c.worker->wait_for_output("listening on", 20s), c.worker->output());
  BOOST_TEST(c.worker->wait_for_output("proxy synced", 10s), c.worker->output());
  BOOST_TEST(c.worker->output().find("join refused") == std::string::npos, c.worker->output());
  BOOST_TEST(c.node_ready("w1"));
}

BOOST_AUTO_TEST_SUITE_END()
