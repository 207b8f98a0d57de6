// `convoy console` driven like a person would, inside a detached tmux session
// against `convoy up --runtime simulated --kubelets 1`: the inspection verbs
// (actors, inspect, top until Ctrl-C, trace ending by itself), tab
// completion, the read-only guard and exit. Every step polls `capture-pane`
// with a deadline for the text it expects.

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "ctl_runner.hpp"
#include "process_helpers.hpp"
#include "temp_dir.hpp"

using namespace std::chrono_literals;
using convoy::test::child_process;
using convoy::test::eventually;
using convoy::test::run_command;

namespace {

const std::string convoy_bin = CONVOY_BINARY;

/// tmux's full path from $PATH (the process helpers spawn without a PATH
/// lookup); empty if it is not installed.
std::string find_tmux() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (size_t start = 0; start <= dirs.size();) {
    auto end = dirs.find(':', start);
    if (end == std::string::npos)
      end = dirs.size();
    auto candidate = dirs.substr(start, end - start) + "/tmux";
    if (end > start && access(candidate.c_str(), X_OK) == 0)
      return candidate;
    start = end + 1;
  }
  return {};
}

/// One detached tmux session on a private server (-S), killed with the
/// server when the guard goes, also when a check failed.
class tmux_session {
public:
  /// `socket`: the server's socket path (in the test's directory, so no
  /// socket file outlives the test).
  tmux_session(const std::string& socket, const std::string& command)
    : tmux_(find_tmux()), socket_(socket) {
    BOOST_REQUIRE_MESSAGE(!tmux_.empty(),
                          "tmux is not installed (.ci/install-deps installs it); "
                          "this test drives the console in a tmux session");
    auto started = tmux({"new-session", "-d", "-s", "console", "-x", "200", "-y", "50",
                         command});
    BOOST_REQUIRE_MESSAGE(started.first == 0, "tmux new-session failed: " << started.second);
  }

  ~tmux_session() {
    tmux({"kill-server"});
  }

  /// Types `text` literally, then Enter.
  void type_line(const std::string& text) {
    type(text);
    keys("Enter");
  }
  void type(const std::string& text) {
    tmux({"send-keys", "-t", "console", "-l", text});
  }
  /// Named keys: "Enter", "Tab", "C-c".
  void keys(const std::string& key) {
    tmux({"send-keys", "-t", "console", key});
  }

  /// The pane with 500 lines of history, wrapped lines joined.
  std::string capture() {
    return tmux({"capture-pane", "-p", "-J", "-S", "-500", "-t", "console"}).second;
  }

  bool alive() {
    return tmux({"has-session", "-t", "console"}).first == 0;
  }

private:
  std::pair<int, std::string> tmux(std::vector<std::string> args) {
    args.insert(args.begin(), {tmux_, "-f", "/dev/null", "-S", socket_});
    return run_command(args, 10s);
  }

  std::string tmux_;
  std::string socket_;
};

/// The last line that is not blank.
std::string last_line(const std::string& screen) {
  auto end = screen.find_last_not_of(" \n");
  if (end == std::string::npos)
    return {};
  auto newline = screen.rfind('\n', end);
  auto start = newline == std::string::npos ? 0 : newline + 1;
  return screen.substr(start, end + 1 - start);
}

bool at_prompt(const std::string& screen) {
  static const std::regex prompt{R"(^convoy\([^)]+\)> ?$)"};
  return std::regex_match(last_line(screen), prompt);
}

/// What the screen shows after the last echo of `line` at a prompt.
std::string output_of(const std::string& screen, const std::string& line) {
  auto at = screen.rfind(")> " + line);
  return at == std::string::npos ? std::string{} : screen.substr(at);
}

/// The clock of the last `top` header on the screen ("" if none).
std::string last_top_clock(const std::string& screen) {
  static const std::regex header{R"(convoy top\s+(\d\d:\d\d:\d\d))"};
  std::string clock;
  for (std::sregex_iterator i{screen.begin(), screen.end(), header}, end; i != end; ++i)
    clock = (*i)[1];
  return clock;
}

struct console_cluster {
  convoy::test::temp_dir root;
  std::string server = "127.0.0.1:" + std::to_string(convoy::test::free_port());
  std::string token;
  std::unique_ptr<child_process> up;

  console_cluster() {
    up = std::make_unique<child_process>(std::vector<std::string>{
      convoy_bin, "up", "--listen", server, "--data-dir", root.sub("data"), "--runtime",
      "simulated", "--kubelets", "1"});
    BOOST_REQUIRE_MESSAGE(up->wait_for_output("listening on", 30s), up->output());
    token = convoy::test::read_line_file(root.sub("data") + "/admin.token");
    BOOST_REQUIRE_MESSAGE(
      eventually([&] { return convoy::test::run_ctl(server, token, {"get", "nodes"}).second
                                .find("Ready") != std::string::npos; },
                 30s),
      "the worker did not become Ready: " << up->output());
  }

  ~console_cluster() {
    up->signal(SIGTERM);
    up->wait_exit(30s);
  }

  /// The console command tmux runs; HOME points at the test directory so the
  /// user's history file is left alone.
  std::string console_command() const {
    return "env HOME='" + root.path() + "' '" + convoy_bin + "' console --server " + server
           + " --token '" + token + "'";
  }
};

/// Types `line` and waits until its output satisfies `done` and the prompt
/// is back; reports the screen otherwise.
template <class Predicate>
void step(tmux_session& tmux, const std::string& line, Predicate done,
          std::chrono::milliseconds limit = 15s) {
  tmux.type_line(line);
  std::string screen;
  bool ok = eventually(
    [&] {
      screen = tmux.capture();
      return at_prompt(screen) && done(output_of(screen, line));
    },
    limit);
  BOOST_CHECK_MESSAGE(ok, "'" << line << "' did not show what was expected; screen:\n"
                                << screen);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(console_tmux)

BOOST_FIXTURE_TEST_CASE(inspection_session_in_a_terminal, console_cluster) {
  tmux_session tmux{root.sub("tmux.sock"), console_command()};
  std::string screen;
  BOOST_REQUIRE_MESSAGE(eventually([&] { return at_prompt(screen = tmux.capture()); }, 15s),
                        "no prompt; screen:\n" << screen);

  step(tmux, "actors", [](const std::string& out) {
    return has(out, "scheduler") && has(out, "apiserver");
  });
  step(tmux, "inspect scheduler", [](const std::string& out) { return has(out, "Summary"); });

  // top refreshes until Ctrl-C: its header clock must change between two
  // captures, then Ctrl-C ends top and not the console.
  tmux.type_line("top --iterations 0");
  std::string first;
  bool refreshed = eventually(
    [&] {
      auto clock = last_top_clock(screen = tmux.capture());
      if (first.empty()) {
        first = clock;
        return false;
      }
      return clock != first;
    },
    15s);
  BOOST_CHECK_MESSAGE(refreshed, "top did not refresh; screen:\n" << screen);
  tmux.keys("C-c");
  BOOST_CHECK_MESSAGE(eventually([&] { return at_prompt(screen = tmux.capture()); }, 10s),
                      "Ctrl-C did not return to the prompt; screen:\n" << screen);

  step(
    tmux, "trace apiserver --count 3 --for 5s",
    [](const std::string& out) { return has(out, "ended by:"); }, 20s);

  // Tab completes the verb on the line being edited.
  tmux.type("ins");
  tmux.keys("Tab");
  BOOST_CHECK_MESSAGE(eventually([&] { return has(last_line(screen = tmux.capture()),
                                                  ")> inspect"); },
                                 10s),
                      "Tab did not complete 'ins'; screen:\n" << screen);
  tmux.keys("C-u"); // clears the line again
  BOOST_CHECK_MESSAGE(eventually([&] { return at_prompt(screen = tmux.capture()); }, 10s),
                      "C-u did not clear the line; screen:\n" << screen);

  step(tmux, "delete pod x", [](const std::string& out) {
    return has(out, "read-only") && has(out, "--admin");
  });

  tmux.type_line("exit");
  BOOST_CHECK_MESSAGE(eventually([&] { return !tmux.alive(); }, 10s),
                      "exit did not end the console; screen:\n" << tmux.capture());
  BOOST_CHECK_MESSAGE(std::filesystem::exists(root.sub(".convoy_history")),
                      "the history was not saved in $HOME/.convoy_history");
}

BOOST_AUTO_TEST_SUITE_END()
