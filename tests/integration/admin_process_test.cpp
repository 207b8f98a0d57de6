// The inspection console's actions that change things, against real
// processes: a three-replica store (s1 also runs the apiserver, s2 and s3
// are store-only nodes that joined s1). `ctl raft step-down` and `ctl kill`
// are authorized by the apiserver's RBAC whichever node is asked, act on the
// node that hosts the target, and land in the apiserver's audit log.

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "child_process.hpp"
#include "ctl_runner.hpp"
#include "process_helpers.hpp"

using namespace std::chrono_literals;
using convoy::test::child_process;
using convoy::test::eventually;
using json = nlohmann::json;

namespace {

const std::string convoy_bin = CONVOY_BINARY;
const std::string admin_token = "admin-token-for-the-admin-test";

std::string loopback(uint16_t port) {
  return "127.0.0.1:" + std::to_string(port);
}

struct admin_cluster {
  admin_cluster() {
    root =
      std::filesystem::temp_directory_path() / ("convoy-admin-it-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    auto tokens = (root / "tokens.csv").string();
    convoy::test::write_cluster_tokens(tokens, admin_token, {"w1"});
    std::string initial;
    for (const auto& n : names) {
      ports[n] = convoy::test::free_port();
      initial += (initial.empty() ? "" : ",") + n + "=" + loopback(ports[n]);
    }
    for (const auto& n : names) {
      std::vector<std::string> argv{convoy_bin,
                                    "node",
                                    "--name",
                                    n,
                                    "--listen",
                                    loopback(ports[n]),
                                    "--data-dir",
                                    (root / n).string(),
                                    "--initial-cluster",
                                    initial};
      if (n == "s1")
        argv.insert(argv.end(), {"--roles", "store,apiserver", "--token-auth-file", tokens,
                                 "--audit-log-path", audit_log().string()});
      else
        argv.insert(argv.end(), {"--roles", "store", "--join", loopback(ports["s1"])});
      procs[n] = std::make_unique<child_process>(argv);
      BOOST_REQUIRE_MESSAGE(procs[n]->wait_for_output("listening on", 30s), procs[n]->output());
    }
    BOOST_REQUIRE_MESSAGE(eventually([&] { return !leader().empty(); }, 30s),
                          "no store leader: " << procs["s1"]->output());
    current = this;
  }

  ~admin_cluster() {
    current = nullptr;
    for (auto& [name, proc] : procs)
      if (proc && proc->running()) {
        proc->signal(SIGTERM);
        proc->wait_exit(30s);
      }
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }

  std::filesystem::path audit_log() const { return root / "audit.log"; }

  std::pair<int, std::string> ctl(const std::string& node, const std::string& token,
                                  std::vector<std::string> args) {
    return convoy::test::run_ctl(loopback(ports[node]), token, std::move(args));
  }

  /// The member name of the store leader, or "" while there is none or
  /// while some replica does not know it yet (a step-down asked of that
  /// replica would find no leader to forward to).
  std::string leader() {
    auto raft = convoy::test::ctl_json(loopback(ports["s1"]), admin_token, {"raft"});
    if (!raft.is_object())
      return "";
    std::string name;
    std::set<std::string> known;
    for (const auto& r : raft["replicas"]) {
      if (!r["status"].is_object())
        return "";
      auto id = r["status"]["header"].value("memberId", "");
      auto lead = r["status"].value("leader", "");
      known.insert(lead);
      if (!id.empty() && id == lead)
        name = r["member"].value("name", "");
    }
    return known.size() == 1 ? name : "";
  }

  /// Lines of the audit log that contain every one of `parts`.
  size_t audit_lines_with(const std::vector<std::string>& parts) const {
    std::ifstream in{audit_log()};
    size_t n = 0;
    for (std::string line; std::getline(in, line);) {
      bool all = true;
      for (const auto& p : parts)
        all = all && line.find(p) != std::string::npos;
      n += all ? 1 : 0;
    }
    return n;
  }

  static admin_cluster* current;
  std::filesystem::path root;
  const std::vector<std::string> names{"s1", "s2", "s3"};
  std::map<std::string, uint16_t> ports;
  std::map<std::string, std::unique_ptr<child_process>> procs;
};

admin_cluster* admin_cluster::current = nullptr;

admin_cluster& cluster() {
  BOOST_REQUIRE(admin_cluster::current != nullptr);
  return *admin_cluster::current;
}

} // namespace

BOOST_AUTO_TEST_SUITE(admin_process, *boost::unit_test::fixture<admin_cluster>())

BOOST_AUTO_TEST_CASE(actions_need_a_token_that_rbac_allows) {
  auto& c = cluster();
  auto before = c.leader();
  auto [bad, bad_out] = c.ctl("s2", "not-a-token", {"raft", "step-down"});
  BOOST_CHECK_NE(bad, 0);
  BOOST_CHECK_MESSAGE(bad_out.find("bearer token is missing or invalid") != std::string::npos,
                      bad_out);
  auto [node, node_out] = c.ctl("s2", "node-token-w1", {"kill", "store-replica@s3"});
  BOOST_CHECK_NE(node, 0);
  BOOST_CHECK_MESSAGE(node_out.find("system:node:w1 may not kill actors") != std::string::npos,
                      node_out);
  BOOST_CHECK_EQUAL(c.leader(), before);
  BOOST_CHECK_MESSAGE(eventually(
                        [&] {
                          return c.audit_lines_with({"\"kill\"", "system:node:w1", "forbid"}) == 1;
                        },
                        5s),
                      "the refused kill is not in the audit log");
}

BOOST_AUTO_TEST_CASE(step_down_moves_the_leadership_from_any_node) {
  auto& c = cluster();
  auto before = c.leader();
  // Asked of a store-only node: it finds the apiserver on its peer s1.
  auto out = convoy::test::ctl_ok(loopback(c.ports["s3"]), admin_token,
                                  {"raft", "step-down", "--reason", "test"});
  BOOST_CHECK_MESSAGE(out.find("store leader is now") != std::string::npos, out);
  std::string after;
  BOOST_CHECK_MESSAGE(eventually(
                        [&] {
                          after = c.leader();
                          return !after.empty() && after != before;
                        },
                        10s),
                      "leader stayed " << before << ": " << out);
  // To a named member.
  auto target = after == "s2" ? "s1" : "s2";
  out = convoy::test::ctl_ok(loopback(c.ports["s1"]), admin_token,
                             {"raft", "step-down", "--to", target});
  BOOST_CHECK_MESSAGE(out.find(std::string{"store leader is now "} + target) != std::string::npos,
                      out);
  BOOST_CHECK_MESSAGE(eventually([&] { return c.leader() == target; }, 10s),
                      "leader is " << c.leader() << ", not " << target);
  auto [code, bogus] = c.ctl("s1", admin_token, {"raft", "step-down", "--to", "nope"});
  BOOST_CHECK_NE(code, 0);
  BOOST_CHECK_MESSAGE(bogus.find("no store member named nope") != std::string::npos, bogus);
  BOOST_CHECK_GE(c.audit_lines_with({"\"stepdown\"", "\"admin\"", "allow"}), 3u);
}

BOOST_AUTO_TEST_CASE(kill_stops_an_actor_on_the_node_that_hosts_it) {
  auto& c = cluster();
  auto listed = [&](const std::string& node) {
    auto actors =
      convoy::test::ctl_json(loopback(c.ports["s1"]), admin_token, {"actors", "--node", node});
    for (const auto& a : actors["actors"])
      if (a.value("name", "") == "store-replica")
        return true;
    return false;
  };
  BOOST_REQUIRE(listed("s3"));
  auto out = convoy::test::ctl_ok(loopback(c.ports["s1"]), admin_token,
                                  {"kill", "store-replica@s3", "--reason", "test"});
  BOOST_CHECK_MESSAGE(out.find("killed store-replica") != std::string::npos, out);
  BOOST_CHECK_MESSAGE(out.find("@s3") != std::string::npos, out);
  BOOST_CHECK(eventually([&] { return !listed("s3"); }, 10s));
  BOOST_CHECK_MESSAGE(
    c.procs["s3"]->wait_for_output("admin: user admin killed actor store-replica", 5s),
    c.procs["s3"]->output());
  BOOST_CHECK_GE(c.audit_lines_with({"\"kill\"", "store-replica@s3", "allow"}), 1u);
  auto [again, again_out] = c.ctl("s1", admin_token, {"kill", "store-replica@s3"});
  BOOST_CHECK_NE(again, 0);
  BOOST_CHECK_MESSAGE(again_out.find("no node knows actor store-replica@s3") != std::string::npos,
                      again_out);
  auto [self_kill, self_out] = c.ctl("s1", admin_token, {"kill", "node@s1"});
  BOOST_CHECK_NE(self_kill, 0);
  BOOST_CHECK_MESSAGE(self_out.find("the node actor cannot be killed") != std::string::npos,
                      self_out);
}

BOOST_AUTO_TEST_SUITE_END()
