// Real `convoy` processes: bad command lines, two nodes exchanging the node
// request across processes, kill -9 of the server.

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>

#include <google/protobuf/util/json_util.h>

#include "child_process.hpp"
#include "node/node.pb.h"

using namespace convoy;
using namespace std::chrono_literals;
using test::child_process;
using test::run_command;

namespace {

const std::string convoy_bin = CONVOY_BINARY;

std::string addr(uint16_t port) {
  return "127.0.0.1:" + std::to_string(port);
}

/// `convoy ctl --server ADDR node -o json`, parsed.
std::optional<node::NodeInfoResponse> ask_node(uint16_t port) {
  auto [code, out] = run_command({convoy_bin, "ctl", "--server", addr(port), "node", "-o",
                                  "json"},
                                 20s);
  if (code != 0) {
    BOOST_TEST_MESSAGE("ctl failed (" << code << "): " << out);
    return std::nullopt;
  }
  node::NodeInfoResponse info;
  auto status = google::protobuf::util::JsonStringToMessage(out, &info);
  BOOST_REQUIRE_MESSAGE(status.ok(), "ctl printed no JSON: " << out);
  return info;
}

/// Exactly one line on stderr/stdout, exit code 2, naming `expected`.
void expect_usage_error(std::vector<std::string> args, const std::string& expected) {
  args.insert(args.begin(), convoy_bin);
  auto [code, out] = run_command(args, 20s);
  BOOST_TEST_INFO("output: " << out);
  BOOST_CHECK_EQUAL(code, 2);
  BOOST_CHECK_NE(out.find(expected), std::string::npos);
  BOOST_CHECK_EQUAL(std::count(out.begin(), out.end(), '\n'), 1);
}

} // namespace

BOOST_AUTO_TEST_SUITE(cli_input)

BOOST_AUTO_TEST_CASE(bad_command_lines_fail_with_one_clear_line_and_exit_code_2) {
  expect_usage_error({"node", "--name", "a", "--bogus"}, "unknown flag --bogus");
  expect_usage_error({"node", "--name", "a", "--listen", "localhost"},
                     "--listen: malformed address 'localhost': expected HOST:PORT");
  expect_usage_error({"node", "--name", "a", "--join", "h:99999"},
                     "port 99999 is out of range");
  expect_usage_error({"node", "--name", "a", "--config", "/nonexistent/c.yaml"},
                     "--config: cannot open '/nonexistent/c.yaml'");
  expect_usage_error({"node", "--listen", "127.0.0.1:1"}, "--name: required");
  expect_usage_error({"node", "--name", "Bad_Name"}, "is not a valid node name");
  expect_usage_error({"node", "--name", "a", "--roles", "etcd"}, "unknown role 'etcd'");
  expect_usage_error({"node", "--name", "a", "--listen", "0.0.0.0:7000"},
                     "--advertise-address: required when --listen binds every address");
  expect_usage_error({"node", "--name", "a", "--advertise-address", "h:x"},
                     "--advertise-address");
  expect_usage_error({"up", "--runtime", "docker"}, "'docker' is not a container runtime");
  expect_usage_error({"ctl", "--server", "nowhere", "node"}, "malformed address 'nowhere'");
  expect_usage_error({"ctl", "node", "-o", "xml"}, "'xml' is not an output format");
  expect_usage_error({"ctl", "frobnicate"}, "unknown verb 'frobnicate'");
  expect_usage_error({"launch"}, "unknown command 'launch'");
}

BOOST_AUTO_TEST_CASE(help_describes_every_subcommand) {
  for (auto sub : {"up", "node", "ctl", "console"}) {
    auto [code, out] = run_command({convoy_bin, sub, "--help"}, 20s);
    BOOST_CHECK_EQUAL(code, 0);
    BOOST_CHECK_NE(out.find("Usage: convoy " + std::string{sub}), std::string::npos);
    BOOST_CHECK_NE(out.find("--config FILE"), std::string::npos);
  }
  auto [code, out] = run_command({convoy_bin, "--help"}, 20s);
  BOOST_CHECK_EQUAL(code, 0);
  for (auto sub : {"up", "node", "ctl", "console"})
    BOOST_CHECK_NE(out.find(std::string{"  "} + sub), std::string::npos);
}

BOOST_AUTO_TEST_CASE(inspection_verbs_name_the_node_they_cannot_reach) {
  auto where = addr(test::free_port());
  for (std::vector<std::string> verb : {std::vector<std::string>{"actors"}, {"inspect", "web"}}) {
    std::vector<std::string> cmd{convoy_bin, "ctl", "--server", where};
    cmd.insert(cmd.end(), verb.begin(), verb.end());
    auto [code, out] = run_command(cmd, 20s);
    BOOST_CHECK_NE(code, 0);
    BOOST_CHECK_MESSAGE(out.find(where) != std::string::npos, out);
  }
}

BOOST_AUTO_TEST_CASE(config_file_settings_reach_the_node) {
  auto port = test::free_port();
  auto file = std::filesystem::temp_directory_path()
              / ("convoy-node-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream{file} << "name: from-config\nlisten: " << addr(port) << "\n";
  child_process node{{convoy_bin, "node", "--config", file.string()}};
  BOOST_REQUIRE(node.wait_for_output("listening on", 20s));
  auto info = ask_node(port);
  BOOST_REQUIRE(info);
  BOOST_CHECK_EQUAL(info->name(), "from-config");
  node.signal(SIGTERM);
  BOOST_CHECK_EQUAL(node.wait_exit(20s), 0);
  std::filesystem::remove(file);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(node_process)

BOOST_AUTO_TEST_CASE(two_processes_exchange_node_info_and_notice_a_killed_peer) {
  auto port_a = test::free_port();
  auto port_b = test::free_port();
  child_process a{{convoy_bin, "node", "--name", "a", "--listen", addr(port_a),
                   "--advertise-address", "127.0.0.9"}};
  BOOST_REQUIRE_MESSAGE(a.wait_for_output("advertised as 127.0.0.9:", 20s), a.output());
  child_process b{{convoy_bin, "node", "--name", "b", "--listen", addr(port_b), "--join",
                   addr(port_a)}};
  // b asked a for its NodeInfo over a remote typed request.
  BOOST_REQUIRE_MESSAGE(b.wait_for_output("joined peer a at " + addr(port_a), 20s), b.output());
  auto info_b = ask_node(port_b);
  BOOST_REQUIRE(info_b);
  BOOST_CHECK_EQUAL(info_b->name(), "b");
  BOOST_CHECK_EQUAL(info_b->version(), CONVOY_VERSION);
  BOOST_REQUIRE_EQUAL(info_b->peers_size(), 1);
  BOOST_CHECK_EQUAL(info_b->peers(0).name(), "a");
  BOOST_CHECK_EQUAL(info_b->peers(0).state(), "connected");
  BOOST_CHECK_EQUAL(info_b->actors(0).component(), "node");
  auto info_a = ask_node(port_a);
  BOOST_REQUIRE(info_a);
  BOOST_CHECK_EQUAL(info_a->name(), "a");
  BOOST_CHECK_EQUAL(info_a->listen(), "127.0.0.9:" + std::to_string(port_a)); // advertised
  // kill -9 the server: b notices at once and says so clearly.
  a.signal(SIGKILL);
  BOOST_CHECK_EQUAL(a.wait_exit(20s), 128 + SIGKILL);
  BOOST_CHECK_MESSAGE(b.wait_for_output("peer a at " + addr(port_a)
                                          + " is gone: remote link unreachable",
                                        20s),
                      b.output());
  info_b = ask_node(port_b);
  BOOST_REQUIRE(info_b);
  BOOST_CHECK_EQUAL(info_b->peers(0).state(), "gone");
  // A client asking the dead node gets one clear line and exit code 1.
  auto [code, out] = run_command({convoy_bin, "ctl", "--server", addr(port_a), "node"}, 20s);
  BOOST_CHECK_EQUAL(code, 1);
  BOOST_CHECK_NE(out.find("cannot reach a convoy node at " + addr(port_a)), std::string::npos);
  // SIGTERM stops b cleanly.
  b.signal(SIGTERM);
  BOOST_CHECK_EQUAL(b.wait_exit(20s), 0);
  BOOST_CHECK_NE(b.output().find("received SIGTERM, shutting down"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_busy_port_is_reported_not_ignored) {
  auto port = test::free_port();
  child_process first{{convoy_bin, "node", "--name", "one", "--listen", addr(port)}};
  BOOST_REQUIRE(first.wait_for_output("listening on", 20s));
  auto [code, out] = run_command({convoy_bin, "node", "--name", "two", "--listen", addr(port)},
                                 20s);
  BOOST_CHECK_EQUAL(code, 1);
  BOOST_CHECK_NE(out.find("cannot listen on " + addr(port)), std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_role_that_cannot_start_stops_the_node_including_the_roles_started) {
  auto dir = std::filesystem::temp_directory_path()
             / ("convoy-role-error-" + std::to_string(::getpid()));
  // The store starts, then the scheduler has no token (no tokens.csv): the
  // node must exit 1, not hang on the running store replica.
  auto [code, out] = run_command({convoy_bin, "node", "--name", "a", "--listen",
                                  addr(test::free_port()), "--roles", "store,scheduler",
                                  "--data-dir", dir.string()},
                                 30s);
  std::filesystem::remove_all(dir);
  BOOST_CHECK_EQUAL(code, 1);
  BOOST_CHECK_NE(out.find("scheduler: cannot open"), std::string::npos);
  // The store replica, stopped (logged by the thread that waited for it; the
  // node actor's own "exited" line may lose the race with its own exit).
  BOOST_CHECK_MESSAGE(out.find("stopped the 1 actors of the roles") != std::string::npos, out);
}

BOOST_AUTO_TEST_SUITE_END()
