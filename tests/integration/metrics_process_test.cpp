// `convoy up --metrics-listen`: /healthz, /readyz and /metrics over HTTP from
// a real process, with the apiserver's probe counting messages; a node
// without the flag listens on no metrics port.

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "child_process.hpp"
#include "process_helpers.hpp"

using namespace std::chrono_literals;
using convoy::test::child_process;

namespace {

const std::string convoy_bin = CONVOY_BINARY;

struct metrics_up {
  explicit metrics_up(bool with_metrics) {
    root = std::filesystem::temp_directory_path()
           / ("convoy-metrics-it-" + std::to_string(::getpid()) + (with_metrics ? "a" : "b"));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    server = "127.0.0.1:" + std::to_string(convoy::test::free_port());
    metrics_port = convoy::test::free_port();
    std::vector<std::string> argv{convoy_bin,  "up",        "--listen",   server,
                                  "--data-dir", (root / "data").string(), "--runtime",
                                  "simulated", "--kubelets", "1"};
    if (with_metrics)
      argv.insert(argv.end(), {"--metrics-listen", "127.0.0.1:" + std::to_string(metrics_port)});
    up = std::make_unique<child_process>(argv);
    BOOST_REQUIRE_MESSAGE(up->wait_for_output("listening on", 30s), up->output());
  }

  ~metrics_up() {
    up->signal(SIGTERM);
    BOOST_CHECK_EQUAL(up->wait_exit(30s), 0);
    std::filesystem::remove_all(root);
  }

  std::pair<int, std::string> get(const std::string& path) {
    return convoy::test::http_get("127.0.0.1", metrics_port, path);
  }

  std::filesystem::path root;
  std::string server;
  uint16_t metrics_port = 0;
  std::unique_ptr<child_process> up;
};

/// The value of the first sample line that starts with `name{` and
/// contains `label`, or -1.
double sample_value(const std::string& text, const std::string& name, const std::string& label) {
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    if (line.rfind(name + "{", 0) == 0 && line.find(label) != std::string::npos)
      return std::stod(line.substr(line.rfind(' ') + 1));
  return -1;
}

} // namespace

BOOST_AUTO_TEST_SUITE(metrics_process)

BOOST_AUTO_TEST_CASE(up_serves_health_readiness_and_metrics) {
  metrics_up node{true};
  BOOST_TEST(node.get("/healthz").first == 200);
  BOOST_TEST(convoy::test::eventually([&] { return node.get("/readyz").first == 200; }, 10s));
  std::string text;
  BOOST_TEST(convoy::test::eventually(
    [&] {
      text = node.get("/metrics").second;
      return sample_value(text, "convoy_actor_messages_processed_total",
                          "component=\"apiserver\"")
             > 0;
    },
    15s), text);
  BOOST_TEST(text.find("# TYPE convoy_actor_processing_seconds histogram") != std::string::npos);
  BOOST_TEST(text.find("convoy_node_info{node=\"local\"") != std::string::npos);
  BOOST_TEST(node.get("/nope").first == 404);
}

BOOST_AUTO_TEST_CASE(no_flag_no_listener) {
  metrics_up node{false};
  BOOST_TEST(node.get("/healthz").first == 0);
  BOOST_TEST(node.up->output().find("serving /metrics") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_address_is_refused_naming_the_flag) {
  child_process bad{{convoy_bin, "up", "--metrics-listen", "nope", "--kubelets", "0"}};
  BOOST_TEST(bad.wait_exit(10s) == 2);
  BOOST_TEST(bad.output().find("--metrics-listen") != std::string::npos, bad.output());
}

BOOST_AUTO_TEST_SUITE_END()
