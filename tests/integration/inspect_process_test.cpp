// The inspection verbs against a real `convoy up` (simulated runtime, one
// kubelet): `ctl actors`, `inspect`, `trace`, `top`, `nodes` and `raft` as a
// user runs them, asserted on their JSON (or text) output.

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <sstream>
#include <thread>

#include "child_process.hpp"
#include "ctl_runner.hpp"
#include "process_helpers.hpp"

using namespace std::chrono_literals;
using convoy::test::child_process;
using convoy::test::eventually;
using json = nlohmann::json;

namespace {

const std::string convoy_bin = CONVOY_BINARY;

/// One all-in-one cluster shared by the suite (starting it takes seconds).
struct inspect_cluster {
  inspect_cluster() {
    root = std::filesystem::temp_directory_path()
           / ("convoy-inspect-it-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    server = "127.0.0.1:" + std::to_string(convoy::test::free_port());
    up = std::make_unique<child_process>(std::vector<std::string>{
      convoy_bin, "up", "--runtime", "simulated", "--kubelets", "1", "--data-dir",
      (root / "data").string(), "--listen", server});
    BOOST_REQUIRE_MESSAGE(up->wait_for_output("listening on", 30s), up->output());
    token = convoy::test::read_line_file(root / "data" / "admin.token");
    BOOST_REQUIRE_MESSAGE(eventually([&] { return ctl({"get", "nodes"}).second.find("worker-1")
                                                    != std::string::npos; },
                                     30s),
                          "the worker did not register: " << up->output());
    current = this;
  }

  ~inspect_cluster() {
    current = nullptr;
    up->signal(SIGTERM);
    BOOST_CHECK_EQUAL(up->wait_exit(30s), 0);
    std::filesystem::remove_all(root);
  }

  std::pair<int, std::string> ctl(std::vector<std::string> args) const {
    return convoy::test::run_ctl(server, token, std::move(args));
  }

  json ctl_json(std::vector<std::string> args) const {
    return convoy::test::ctl_json(server, token, std::move(args));
  }

  static inspect_cluster* current;

  std::filesystem::path root;
  std::string server;
  std::string token;
  std::unique_ptr<child_process> up;
};

inspect_cluster* inspect_cluster::current = nullptr;

inspect_cluster& cluster() {
  BOOST_REQUIRE(inspect_cluster::current != nullptr);
  return *inspect_cluster::current;
}

/// Protobuf JSON prints 64-bit integers as strings.
uint64_t u64(const json& x) {
  if (x.is_string())
    return std::stoull(x.get<std::string>());
  return x.is_number() ? x.get<uint64_t>() : 0;
}

const json* find_component(const json& actors, const std::string& component) {
  for (const auto& a : actors["actors"])
    if (a.value("component", "") == component)
      return &a;
  return nullptr;
}

/// Runs `ctl get pods` in a loop while alive: traffic for the apiserver.
struct load {
  load(std::string server, std::string token)
    : thread([this, server, token] {
        while (!stop)
          convoy::test::run_ctl(server, token, {"get", "pods", "-A"});
      }) {}
  ~load() {
    stop = true;
    thread.join();
  }
  std::atomic<bool> stop{false};
  std::thread thread;
};

size_t count_of(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (auto i = text.find(part); i != std::string::npos; i = text.find(part, i + 1))
    ++n;
  return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(inspect_process, *boost::unit_test::fixture<inspect_cluster>())

BOOST_AUTO_TEST_CASE(actors_lists_every_component_with_counters) {
  auto& c = cluster();
  json actors;
  BOOST_REQUIRE_MESSAGE(eventually([&] {
                          actors = c.ctl_json({"actors"});
                          auto* api = find_component(actors, "apiserver");
                          return api && u64((*api)["processedTotal"]) > 0;
                        },
                                   10s),
                        actors.dump());
  for (auto component : {"store", "apiserver", "scheduler", "kubelet", "node"})
    BOOST_CHECK_MESSAGE(find_component(actors, component), "missing " << component);
  BOOST_CHECK_EQUAL(actors["nodes"].size(), 1u);
  // Rates need a sampled window: a later call reports one.
  BOOST_CHECK(eventually([&] {
    auto later = c.ctl_json({"actors"});
    auto* api = find_component(later, "apiserver");
    return api && (*api).value("windowSeconds", 0.0) > 0;
  },
                         5s));
  auto sorted = c.ctl_json({"actors", "--sort", "rate", "--limit", "3"});
  BOOST_REQUIRE_EQUAL(sorted["actors"].size(), 3u);
  for (size_t i = 1; i < 3; ++i)
    BOOST_CHECK_GE(sorted["actors"][i - 1].value("processedPerSec", 0.0),
                   sorted["actors"][i].value("processedPerSec", 0.0));
  auto [code, table] = c.ctl({"actors", "--node", "local"});
  BOOST_CHECK_EQUAL(code, 0);
  BOOST_CHECK_EQUAL(table.rfind("NODE ", 0), 0u); // the header first
  BOOST_CHECK_NE(table.find("BUSY%"), std::string::npos);
  BOOST_CHECK_NE(table.find("apiserver"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_flag_values_are_usage_errors_naming_the_flag) {
  auto& c = cluster();
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
    {{"actors", "--sort", "size"}, "--sort: 'size' is not a sort key"},
    {{"top", "--sort", "name"}, "--sort: 'name' is not a sort key"},
    {{"top", "--interval", "fast"}, "--interval"},
    {{"top", "--limit", "0"}, "--limit"},
    {{"trace", "apiserver", "--for", "0s"}, "--for: must be between"},
    {{"trace", "apiserver", "--count", "-1"}, "--count"},
    {{"trace"}, "expected exactly one TARGET"},
    {{"inspect"}, "expected exactly one ACTOR"},
  };
  for (const auto& [args, expected] : cases) {
    auto [code, out] = c.ctl(args);
    BOOST_TEST_INFO(args.front() << ": " << out);
    BOOST_CHECK_EQUAL(code, 2);
    BOOST_CHECK_NE(out.find(expected), std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(inspect_shows_stats_and_the_component_summary) {
  auto& c = cluster();
  auto scheduler = c.ctl_json({"inspect", "scheduler"});
  BOOST_REQUIRE_MESSAGE(scheduler.is_object(), "inspect scheduler failed");
  BOOST_CHECK_EQUAL(scheduler["stats"].value("component", ""), "scheduler");
  BOOST_CHECK_MESSAGE(!scheduler["summary"]["fields"].empty(), scheduler.dump());
  auto store = c.ctl_json({"inspect", "store"});
  bool has_raft_field = false;
  for (const auto& f : store["summary"]["fields"]) {
    auto key = f.value("key", "");
    has_raft_field |= key.find("erm") != std::string::npos || key.find("leader") != std::string::npos;
  }
  BOOST_CHECK_MESSAGE(has_raft_field, store.dump());
  auto [code, text] = c.ctl({"inspect", "store"});
  BOOST_CHECK_EQUAL(code, 0);
  BOOST_CHECK_NE(text.find("processed_total: "), std::string::npos);
  BOOST_CHECK_NE(text.find("Summary ("), std::string::npos);
  auto [missing_code, missing] = c.ctl({"inspect", "nosuchactor"});
  BOOST_CHECK_EQUAL(missing_code, 1);
  BOOST_CHECK_MESSAGE(missing.find("nosuchactor") != std::string::npos, missing);
}

BOOST_AUTO_TEST_CASE(trace_stops_at_the_count_budget_or_the_time) {
  auto& c = cluster();
  {
    load traffic{c.server, c.token};
    auto trace = c.ctl_json({"trace", "apiserver", "--count", "5", "--for", "5s"});
    BOOST_REQUIRE_MESSAGE(trace.is_object(), "trace failed");
    // The budget was reached: exactly 5 events, gathered from the stream.
    BOOST_CHECK_EQUAL(trace["events"].size(), 5u);
    BOOST_CHECK_MESSAGE(trace.value("budgetReached", false), trace.dump());
    BOOST_CHECK(!trace["traced"].empty());
  }
  auto start = std::chrono::steady_clock::now();
  auto [code, out] = c.ctl({"trace", "apiserver", "--count", "100000", "--for", "1s"});
  auto took_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - start)
                   .count();
  BOOST_CHECK_EQUAL(code, 0);
  BOOST_CHECK_MESSAGE(out.find("ended by: the time (1s)") != std::string::npos, out);
  // The footer counts the event lines printed (streamed) above it.
  std::istringstream lines{out};
  size_t events = 0;
  for (std::string line; std::getline(lines, line);)
    events += !line.empty() && line[0] == '+';
  BOOST_CHECK_MESSAGE(out.find("\n" + std::to_string(events) + " events from ") != std::string::npos,
                      out);
  BOOST_CHECK_GE(took_ms, 1000);
  BOOST_CHECK_LT(took_ms, 5000); // 1 s of trace plus process start and connect
}

BOOST_AUTO_TEST_CASE(trace_prints_events_while_it_runs) {
  auto& c = cluster();
  load traffic{c.server, c.token};
  // A minute-long trace: its first events show long before it ends.
  child_process trace{{convoy_bin, "ctl", "--server", c.server, "--token", c.token, "trace",
                       "apiserver", "--count", "100000", "--for", "60s"}};
  BOOST_CHECK_MESSAGE(trace.wait_for_output(" apiserver (", 20s), trace.output());
  BOOST_CHECK(trace.running());
  BOOST_CHECK(trace.output().find("ended by") == std::string::npos);
  trace.signal(SIGKILL);
  trace.wait_exit(10s);
}

BOOST_AUTO_TEST_CASE(top_prints_one_refresh_per_iteration) {
  auto& c = cluster();
  auto [code, out] = c.ctl({"top", "--iterations", "2", "--interval", "500ms", "--limit", "4"});
  BOOST_CHECK_EQUAL(code, 0);
  BOOST_CHECK_EQUAL(count_of(out, "convoy top "), 2u);
  BOOST_CHECK_EQUAL(count_of(out, "\nNODE "), 2u);
  BOOST_CHECK_EQUAL(out.find("\033["), std::string::npos); // not a terminal: no clearing
  auto [json_code, lines] = c.ctl({"top", "--iterations", "2", "--interval", "200ms", "-o",
                                   "json", "--limit", "2"});
  BOOST_CHECK_EQUAL(json_code, 0);
  std::istringstream in{lines};
  std::string line;
  size_t refreshes = 0;
  while (std::getline(in, line)) {
    auto refresh = json::parse(line, nullptr, false);
    BOOST_CHECK_MESSAGE(refresh.is_object() && refresh["actors"].size() == 2, line);
    ++refreshes;
  }
  BOOST_CHECK_EQUAL(refreshes, 2u);
}

BOOST_AUTO_TEST_CASE(nodes_and_raft_show_the_cluster) {
  auto& c = cluster();
  auto [code, nodes] = c.ctl({"nodes"});
  BOOST_CHECK_EQUAL(code, 0);
  BOOST_CHECK_MESSAGE(nodes.find("reachable") != std::string::npos, nodes);
  BOOST_CHECK_NE(nodes.find(c.server), std::string::npos);
  auto raft = c.ctl_json({"raft"});
  BOOST_REQUIRE_EQUAL(raft["replicas"].size(), 1u);
  const auto& replica = raft["replicas"][0];
  BOOST_CHECK_EQUAL(u64(replica["status"]["leader"]), u64(replica["member"]["ID"]));
  BOOST_CHECK_GT(u64(replica["status"]["raftTerm"]), 0u);
  auto [raft_code, table] = c.ctl({"raft"});
  BOOST_CHECK_EQUAL(raft_code, 0);
  BOOST_CHECK_NE(table.find("leader"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(ctl_watch_ends_on_ctrl_c) {
  // `get -w` waits for events until interrupted; SIGINT must end it (main
  // blocks the signal only for commands that wait for it).
  auto& c = cluster();
  child_process watch{{convoy_bin, "ctl", "--server", c.server, "--token", c.token, "get",
                       "nodes", "-w"}};
  BOOST_REQUIRE_MESSAGE(watch.wait_for_output("worker-1", 20s), watch.output());
  watch.signal(SIGINT);
  BOOST_CHECK_EQUAL(watch.wait_exit(5s), 128 + SIGINT);
}

BOOST_AUTO_TEST_SUITE_END()
