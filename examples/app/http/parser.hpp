#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "examples/app/http/message.hpp"

namespace convoy::examples::http {

/// Bounds that keep one connection from making the server buffer without end.
struct parse_limits {
  std::size_t max_head = 8 * 1024;
  std::size_t max_body = 1024 * 1024;
};

enum class parse_status {
  complete,  ///< `message` holds the first message; `consumed` bytes belong to it.
  need_more, ///< the input is a valid prefix; read more and call again.
  error,     ///< the input can never become a message; `error` says why.
};

template <class Message>
struct parse_result {
  parse_status status = parse_status::need_more;
  Message message;
  /// Bytes of the input taken by `message` (pipelined bytes after it stay).
  std::size_t consumed = 0;
  std::string error;
};

using request_parse = parse_result<request>;
using response_parse = parse_result<response>;

/// Parses the first HTTP/1.x request of `input`. Pure: the caller buffers
/// bytes from the socket and calls again on `need_more`. Bodies need
/// Content-Length (chunked encoding is rejected: these programs never send
/// it). Lines may end in CRLF or a bare LF.
request_parse parse_request(std::string_view input, const parse_limits& limits = {});

/// Parses the first HTTP/1.x response of `input` (the web's view of a db
/// answer). A response without Content-Length has an empty body only for
/// 1xx/204/304; otherwise it is an error, since the db always sends one.
response_parse parse_response(std::string_view input, const parse_limits& limits = {});

} // namespace convoy::examples::http
