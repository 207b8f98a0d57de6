#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace convoy::examples::http {

/// One header line. Kept in arrival order (a vector, not a map): messages
/// carry a handful of headers, so a linear case-insensitive lookup is cheaper
/// than building a map per request.
struct header {
  std::string name;
  std::string value;
};

struct request {
  std::string method;
  std::string target;
  std::string version = "HTTP/1.1";
  std::vector<header> headers;
  std::string body;
};

struct response {
  int status = 200;
  std::vector<header> headers;
  std::string body;
};

/// Value of the first header called `name` (ASCII case-insensitive), or
/// nullptr when absent.
const std::string* find_header(const std::vector<header>& headers, std::string_view name);

/// Whether the client wants the connection kept open after this request:
/// HTTP/1.1 unless "Connection: close", HTTP/1.0 only with
/// "Connection: keep-alive".
bool wants_keep_alive(const request& req);

/// ASCII case-insensitive equality (header names and tokens).
bool iequals(std::string_view a, std::string_view b);

} // namespace convoy::examples::http
