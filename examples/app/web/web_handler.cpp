#include "examples/app/web/web_handler.hpp"

#include <utility>

#include "examples/app/http/writer.hpp"

namespace convoy::examples::web {

namespace {

http::request db_request(std::string method, std::string key, std::string body = {}) {
  http::request req;
  req.method = std::move(method);
  req.target = "/kv/" + std::move(key);
  req.body = std::move(body);
  return req;
}

/// Parses a stored counter; nullopt unless it is a plain decimal number.
std::optional<unsigned long long> parse_count(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoull(text);
}

} // namespace

web_handler::web_handler(web_identity identity, db_call db)
  : identity_(std::move(identity)), db_(std::move(db)) {
}

http::response web_handler::answer(int status, std::string body) const {
  auto resp = http::text_response(status, std::move(body));
  resp.headers.push_back({"X-Served-By", identity_.pod_name});
  return resp;
}

http::response web_handler::bad_gateway(const std::string& what) const {
  return answer(502, "web " + identity_.pod_name + ": db at " + identity_.db_address
                       + " unavailable: " + what + "\n");
}

http::response web_handler::handle(const http::request& req) {
  if (req.method != "GET")
    return answer(405, "method " + req.method + " not allowed (use GET)\n");
  if (req.target == "/healthz")
    return answer(200, "ok\n");
  if (req.target == "/")
    return home();
  if (req.target == "/count")
    return count();
  return answer(404, "no such path " + req.target + " (use /, /count or /healthz)\n");
}

http::response web_handler::home() {
  auto got = db_(db_request("GET", "greeting"));
  if (!got.ok)
    return bad_gateway(got.error);
  if (got.resp.status != 200)
    return bad_gateway("GET /kv/greeting answered " + std::to_string(got.resp.status));
  const auto* db_pod = http::find_header(got.resp.headers, "X-Served-By");
  std::string body = "web " + identity_.pod_name + " (node " + identity_.node_name + ") -> db "
                     + (db_pod != nullptr ? *db_pod : "?") + ": " + got.resp.body + "\n";
  if (identity_.greeting)
    body += "greeting: " + *identity_.greeting + "\n";
  return answer(200, std::move(body));
}

http::response web_handler::count() {
  // Not atomic across web replicas (GET then PUT): good enough to show that
  // state lives in the db, not in whichever web pod answered.
  auto got = db_(db_request("GET", "hits"));
  if (!got.ok)
    return bad_gateway(got.error);
  unsigned long long hits = 0;
  if (got.resp.status == 200) {
    auto parsed = parse_count(got.resp.body);
    if (!parsed)
      return bad_gateway("key hits holds '" + got.resp.body + "', not a number");
    hits = *parsed;
  } else if (got.resp.status != 404) {
    return bad_gateway("GET /kv/hits answered " + std::to_string(got.resp.status));
  }
  auto put = db_(db_request("PUT", "hits", std::to_string(hits + 1)));
  if (!put.ok)
    return bad_gateway(put.error);
  if (put.resp.status != 204 && put.resp.status != 200)
    return bad_gateway("PUT /kv/hits answered " + std::to_string(put.resp.status));
  return answer(200, std::to_string(hits + 1) + "\n");
}

} // namespace convoy::examples::web
