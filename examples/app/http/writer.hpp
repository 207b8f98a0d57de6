#pragma once

#include <string>
#include <string_view>

#include "examples/app/http/message.hpp"

namespace convoy::examples::http {

/// "OK", "Not Found", ... for the codes these programs use; "Unknown" else.
std::string_view reason_phrase(int status);

/// Serialises `resp` as HTTP/1.1. Writes Content-Length (none for 1xx, 204
/// and 304, which cannot have a body) and "Connection: close" unless
/// `keep_alive`; headers of those names in `resp.headers` are skipped so the
/// framing can never contradict the body.
std::string format_response(const response& resp, bool keep_alive);

/// Serialises `req` as HTTP/1.1 with Host, Content-Length and
/// "Connection: close": the web opens one short connection per db call.
std::string format_request(const request& req, std::string_view host);

/// A response with a text/plain body (the shape of every answer here).
response text_response(int status, std::string body);

} // namespace convoy::examples::http
