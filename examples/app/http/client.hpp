#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "examples/app/http/message.hpp"

namespace convoy::examples::http {

struct fetch_result {
  bool ok = false;
  response resp; ///< valid when ok
  std::string error; ///< why the exchange failed, when !ok
};

/// One HTTP exchange over a fresh connection to host:port (an IPv4 address
/// or a resolvable name), all of it (resolve excepted: names go through the
/// blocking resolver) within `timeout`. Never throws: every failure, from
/// "connection refused" to a malformed answer, comes back as an error
/// naming host:port.
fetch_result fetch(const std::string& host, std::uint16_t port, const request& req,
                   std::chrono::milliseconds timeout);

} // namespace convoy::examples::http
