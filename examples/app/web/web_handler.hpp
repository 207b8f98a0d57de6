#pragma once

#include <functional>
#include <optional>
#include <string>

#include "examples/app/http/client.hpp"
#include "examples/app/http/message.hpp"

namespace convoy::examples::web {

/// Who this web replica is, as shown in its answers.
struct web_identity {
  std::string pod_name;
  std::string node_name;
  /// "host:port" of the db Service, for error messages.
  std::string db_address;
  /// $GREETING (from the web-config ConfigMap), if set.
  std::optional<std::string> greeting;
};

/// The web's behaviour as a pure function of the request and the db's
/// answers; the db call is injected (a real HTTP fetch with a 2 s timeout in
/// the program, a fake in tests).
///
///   GET /        200 "web POD (node NODE) -> db DBPOD: <greeting key>\n"
///                    [+ "greeting: $GREETING\n"]; 502 when the db fails
///   GET /count   increments key "hits" in the db (GET then PUT), 200 "<n>\n"
///   GET /healthz 200 "ok" (never asks the db: a db outage must not make
///                every web replica unready)
class web_handler {
public:
  using db_call = std::function<http::fetch_result(const http::request&)>;

  web_handler(web_identity identity, db_call db);

  http::response handle(const http::request& req);

private:
  http::response home();
  http::response count();
  http::response answer(int status, std::string body) const;
  /// 502 naming the db address and what went wrong.
  http::response bad_gateway(const std::string& what) const;

  web_identity identity_;
  db_call db_;
};

} // namespace convoy::examples::web
