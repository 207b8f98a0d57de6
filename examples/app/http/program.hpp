#pragma once

#include <string>

#include "examples/app/http/env_reader.hpp"
#include "examples/app/http/message.hpp"
#include "examples/app/http/server.hpp"

namespace convoy::examples::http {

/// One access-log line: "GET /kv/greeting 200 17" (method, target, status,
/// body bytes). Pure, so the format is tested.
std::string access_line(const request& req, const response& resp);

/// The name a program reports as X-Served-By: $POD_NAME, else the hostname.
std::string pod_name(env_reader& env);

/// Prints every env error to stderr ("<program>: ...") and returns whether
/// there were any; the programs then exit 1.
bool report_env_errors(const char* program, const env_reader& env);

/// Wraps `h` so every request is logged to stdout as one flushed line (the
/// kubelet keeps a container's stdout as its log).
server::handler logged(std::string program, server::handler h);

/// Serves on ip:port until SIGTERM/SIGINT; returns the exit code (0 after a
/// signal, 1 when the socket cannot be opened, with the reason on stderr).
/// `served_by` also labels the 400 answers to unparsable input.
int serve_until_stopped(const char* program, const std::string& ip, std::uint16_t port,
                        const std::string& served_by, server::handler h);

} // namespace convoy::examples::http
