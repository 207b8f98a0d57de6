// convoy-example-web: the web tier of the example app
// (examples/app/web-db.yaml). Answers GET / with the greeting it reads from
// the db through the db Service, and GET /count with a counter kept in the db.
//
//   DB_SERVICE_HOST=127.0.0.1 DB_SERVICE_PORT=5432 PORT=8080 convoy-example-web
//   curl http://127.0.0.1:8080/
//
// Env: POD_IP (default 127.0.0.1), PORT (default 8080), POD_NAME (default the
// hostname), NODE_NAME, GREETING (optional), DB_SERVICE_HOST and
// DB_SERVICE_PORT (injected by the kubelet for Service "db"; default
// 127.0.0.1:5432). Exits 0 on SIGTERM.
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "examples/app/http/client.hpp"
#include "examples/app/http/program.hpp"
#include "examples/app/web/web_handler.hpp"

namespace {

constexpr const char* program = "convoy-example-web";
constexpr std::chrono::milliseconds db_timeout{2000};

} // namespace

int main() {
  using namespace convoy::examples;
  http::env_reader env([](const char* name) { return std::getenv(name); });
  auto ip = env.ipv4("POD_IP", "127.0.0.1");
  auto port = env.port("PORT", 8080);
  auto db_host = env.text("DB_SERVICE_HOST", "127.0.0.1");
  auto db_port = env.port("DB_SERVICE_PORT", 5432);
  web::web_identity identity;
  identity.pod_name = http::pod_name(env);
  identity.node_name = env.text("NODE_NAME", "unknown");
  identity.db_address = db_host + ":" + std::to_string(db_port);
  if (auto greeting = env.text("GREETING", ""); !greeting.empty())
    identity.greeting = greeting;
  if (http::report_env_errors(program, env))
    return 1;

  auto name = identity.pod_name;
  web::web_handler handler(std::move(identity), [db_host, db_port](const http::request& req) {
    return http::fetch(db_host, db_port, req, db_timeout);
  });
  auto serve = [&handler](const http::request& req) { return handler.handle(req); };
  return http::serve_until_stopped(program, ip, port, name, http::logged(program, serve));
}
