// Runs the built convoy-example-db and convoy-example-web as real processes
// on loopback, the way the kubelet would: env only, SIGTERM to stop.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "child_process.hpp"
#include "examples/app/http/parser.hpp"
#include "temp_dir.hpp"

using namespace std::chrono_literals;
using convoy::test::child_process;
namespace http = convoy::examples::http;

namespace {

struct reply {
  int status = 0; ///< 0 when the exchange failed
  std::string body;
  std::string served_by;
};

/// Sends `text` over a raw socket and reads to EOF. Socket timeouts bound
/// every call, so a hung server fails the test instead of hanging it.
reply raw_exchange(std::uint16_t port, const std::string& text) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  reply out;
  std::string in;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0
      && ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size())) {
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof(buf), 0)) > 0)
      in.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  auto parsed = http::parse_response(in);
  if (parsed.status == http::parse_status::complete) {
    out.status = parsed.message.status;
    out.body = parsed.message.body;
    if (const auto* by = http::find_header(parsed.message.headers, "X-Served-By"))
      out.served_by = *by;
  }
  return out;
}

/// One request with "Connection: close".
reply raw_request(std::uint16_t port, const std::string& method, const std::string& target,
                  const std::string& body = {}) {
  return raw_exchange(port, method + " " + target + " HTTP/1.1\r\nHost: test\r\n"
                              + "Connection: close\r\nContent-Length: "
                              + std::to_string(body.size()) + "\r\n\r\n" + body);
}

/// Starts a program with exactly `env` (plus nothing inherited) and waits
/// until it says it is listening.
std::unique_ptr<child_process> start(const std::string& binary, std::vector<std::string> env) {
  std::vector<std::string> argv = {"/usr/bin/env", "-i"};
  argv.insert(argv.end(), env.begin(), env.end());
  argv.push_back(binary);
  auto child = std::make_unique<child_process>(argv);
  BOOST_REQUIRE_MESSAGE(child->wait_for_output("listening on", 5s),
                        binary << " did not start: " << child->output());
  return child;
}

std::pair<std::uint16_t, std::uint16_t> two_free_ports() {
  auto a = convoy::test::free_port();
  auto b = convoy::test::free_port();
  for (int i = 0; i < 20 && b == a; ++i)
    b = convoy::test::free_port();
  BOOST_REQUIRE_NE(a, b);
  return {a, b};
}

} // namespace

BOOST_AUTO_TEST_SUITE(end_to_end)

BOOST_AUTO_TEST_CASE(web_reaches_db_counts_and_reports_a_dead_db) {
  auto [db_port, web_port] = two_free_ports();
  auto db = start(CONVOY_EXAMPLE_DB_BINARY,
                  {"POD_IP=127.0.0.1", "PORT=" + std::to_string(db_port), "POD_NAME=db-a"});
  auto web = start(CONVOY_EXAMPLE_WEB_BINARY,
                   {"POD_IP=127.0.0.1", "PORT=" + std::to_string(web_port), "POD_NAME=web-a",
                    "NODE_NAME=n1", "GREETING=hi", "DB_SERVICE_HOST=127.0.0.1",
                    "DB_SERVICE_PORT=" + std::to_string(db_port)});

  auto home = raw_request(web_port, "GET", "/");
  BOOST_TEST(home.status == 200);
  BOOST_TEST(home.body == "web web-a (node n1) -> db db-a: hello from the db\ngreeting: hi\n");
  BOOST_TEST(home.served_by == "web-a");
  BOOST_TEST(raw_request(web_port, "GET", "/healthz").status == 200);
  BOOST_TEST(raw_request(web_port, "GET", "/count").body == "1\n");
  BOOST_TEST(raw_request(web_port, "GET", "/count").body == "2\n");
  auto hits = raw_request(db_port, "GET", "/kv/hits");
  BOOST_TEST(hits.body == "2");
  BOOST_TEST(hits.served_by == "db-a");
  auto garbage = raw_exchange(db_port, "GARBAGE\r\n\r\n");
  BOOST_TEST(garbage.status == 400);
  BOOST_TEST(garbage.served_by == "db-a");

  db->signal(SIGTERM);
  BOOST_TEST(db->wait_exit(5s) == 0);
  auto dead = raw_request(web_port, "GET", "/");
  BOOST_TEST(dead.status == 502);
  BOOST_TEST(dead.body.find("db at 127.0.0.1:" + std::to_string(db_port) + " unavailable")
             != std::string::npos, dead.body);
  BOOST_TEST(raw_request(web_port, "GET", "/healthz").status == 200);

  web->signal(SIGTERM);
  BOOST_TEST(web->wait_exit(5s) == 0);
  BOOST_TEST(web->output().find("convoy-example-web: GET /count 200 2") != std::string::npos);
  BOOST_TEST(db->output().find("convoy-example-db: PUT /kv/hits 204 0") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(db_keeps_data_in_data_dir_across_restarts) {
  convoy::test::temp_dir dir;
  auto port = convoy::test::free_port();
  std::vector<std::string> env = {"PORT=" + std::to_string(port), "DATA_DIR=" + dir.path()};
  {
    auto db = start(CONVOY_EXAMPLE_DB_BINARY, env);
    BOOST_TEST(raw_request(port, "PUT", "/kv/color", "blue").status == 204);
    BOOST_TEST(raw_request(port, "PUT", "/kv/greeting", "changed").status == 204);
    db->signal(SIGTERM);
    BOOST_TEST(db->wait_exit(5s) == 0);
  }
  auto db = start(CONVOY_EXAMPLE_DB_BINARY, env);
  BOOST_TEST(raw_request(port, "GET", "/kv/color").body == "blue");
  BOOST_TEST(raw_request(port, "GET", "/kv/greeting").body == "changed");
  db->signal(SIGTERM);
  BOOST_TEST(db->wait_exit(5s) == 0);
}

BOOST_AUTO_TEST_CASE(bad_env_exits_1_naming_the_variable) {
  for (auto binary : {CONVOY_EXAMPLE_DB_BINARY, CONVOY_EXAMPLE_WEB_BINARY}) {
    BOOST_TEST_CONTEXT(binary) {
      auto [code, output] = convoy::test::run_command(
        {"/usr/bin/env", "-i", "PORT=eighty", "POD_IP=localhost", binary}, 5s);
      BOOST_TEST(code == 1);
      BOOST_TEST(output.find("PORT='eighty' is not a port number") != std::string::npos, output);
      BOOST_TEST(output.find("POD_IP='localhost' is not an IPv4 address") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
