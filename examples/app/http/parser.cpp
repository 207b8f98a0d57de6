#include "examples/app/http/parser.hpp"

#include <cstring>
#include <utility>
#include <vector>

namespace convoy::examples::http {

namespace {

/// The start line and headers of a message, before its body.
struct head {
  std::string_view start_line;
  std::vector<header> headers;
  std::size_t size = 0;
};

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
         || (c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
}

bool is_token(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s)
    if (!is_token_char(c))
      return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

/// Quotes a line for an error message, cut short so a garbage flood does not
/// end up verbatim in logs.
std::string quoted(std::string_view line) {
  constexpr std::size_t max_shown = 60;
  std::string out = "'" + std::string(line.substr(0, max_shown));
  return out + (line.size() > max_shown ? "...'" : "'");
}

bool parse_header_line(std::string_view line, std::vector<header>& out, std::string& error) {
  if (line.front() == ' ' || line.front() == '\t') {
    error = "header line " + quoted(line) + " starts with whitespace (folding is not supported)";
    return false;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
    error = "header line " + quoted(line) + ": expected 'Name: value'";
    return false;
  }
  out.push_back({std::string(line.substr(0, colon)), std::string(trim(line.substr(colon + 1)))});
  return true;
}

parse_status split_head(std::string_view input, std::size_t max_head, head& out,
                        std::string& error) {
  std::size_t pos = 0;
  while (true) {
    auto nl = input.find('\n', pos);
    if (nl == std::string_view::npos || nl + 1 > max_head) {
      if (input.size() <= max_head)
        return parse_status::need_more;
      error = "message head exceeds " + std::to_string(max_head) + " bytes";
      return parse_status::error;
    }
    auto line = input.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    pos = nl + 1;
    if (out.start_line.empty()) {
      out.start_line = line; // leading empty lines are skipped (RFC 9112 2.2)
    } else if (line.empty()) {
      out.size = pos;
      return parse_status::complete;
    } else if (!parse_header_line(line, out.headers, error)) {
      return parse_status::error;
    }
  }
}

/// Reads Content-Length into `length`; false with `error` on a bad value.
bool body_length(const std::vector<header>& headers, const parse_limits& limits,
                 std::size_t& length, std::string& error) {
  if (find_header(headers, "Transfer-Encoding") != nullptr) {
    error = "Transfer-Encoding is not supported; send Content-Length";
    return false;
  }
  length = 0;
  const auto* value = find_header(headers, "Content-Length");
  if (value == nullptr)
    return true;
  if (value->empty() || value->size() > 12
      || value->find_first_not_of("0123456789") != std::string::npos) {
    error = "Content-Length '" + *value + "' is not a non-negative integer";
    return false;
  }
  length = std::stoull(*value);
  if (length > limits.max_body) {
    error = "Content-Length " + *value + " exceeds the limit of "
            + std::to_string(limits.max_body) + " bytes";
    return false;
  }
  return true;
}

bool is_version(std::string_view v) {
  return v == "HTTP/1.1" || v == "HTTP/1.0";
}

bool parse_request_line(std::string_view line, request& req, std::string& error) {
  auto sp1 = line.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    error = "request line " + quoted(line) + ": expected 'METHOD TARGET HTTP/1.x'";
    return false;
  }
  auto method = line.substr(0, sp1);
  auto target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  auto version = line.substr(sp2 + 1);
  if (!is_token(method))
    error = "request method " + quoted(method) + " is not a token";
  else if (target.empty() || (target.front() != '/' && target != "*"))
    error = "request target " + quoted(target) + " must start with '/'";
  else if (!is_version(version))
    error = "HTTP version " + quoted(version) + " is not HTTP/1.0 or HTTP/1.1";
  if (!error.empty())
    return false;
  req.method = std::string(method);
  req.target = std::string(target);
  req.version = std::string(version);
  return true;
}

bool parse_status_line(std::string_view line, response& resp, std::string& error) {
  auto sp = line.find(' ');
  auto version = line.substr(0, sp);
  auto rest = sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
  auto code = rest.substr(0, 3);
  bool code_ok = code.size() == 3 && code.find_first_not_of("0123456789") == std::string_view::npos
                 && code[0] >= '1' && code[0] <= '5' && (rest.size() == 3 || rest[3] == ' ');
  if (!is_version(version) || !code_ok) {
    error = "status line " + quoted(line) + ": expected 'HTTP/1.x CODE REASON'";
    return false;
  }
  resp.status = std::stoi(std::string(code));
  return true;
}

/// A request without Content-Length simply has no body.
bool request_needs_length(const request&) {
  return false;
}

/// Only 1xx, 204 and 304 responses are bodiless by definition; for the rest
/// the length would be "until close", which the db never relies on.
bool response_needs_length(const response& resp) {
  return !(resp.status < 200 || resp.status == 204 || resp.status == 304);
}

/// The common tail of both parsers: head, then a Content-Length body.
template <class Message, class StartLineParser>
parse_result<Message> parse_message(std::string_view input, const parse_limits& limits,
                                    StartLineParser&& parse_start,
                                    bool (*needs_length)(const Message&)) {
  parse_result<Message> result;
  head h;
  result.status = split_head(input, limits.max_head, h, result.error);
  if (result.status != parse_status::complete)
    return result;
  std::size_t length = 0;
  bool has_length = find_header(h.headers, "Content-Length") != nullptr;
  if (!parse_start(h.start_line, result.message, result.error)
      || !body_length(h.headers, limits, length, result.error)) {
    result.status = parse_status::error;
    return result;
  }
  if (!has_length && needs_length(result.message)) {
    result.status = parse_status::error;
    result.error = "response without Content-Length is not supported";
    return result;
  }
  if (input.size() - h.size < length) {
    result.status = parse_status::need_more;
    return result;
  }
  result.message.headers = std::move(h.headers);
  result.message.body = std::string(input.substr(h.size, length));
  result.consumed = h.size + length;
  return result;
}

} // namespace

request_parse parse_request(std::string_view input, const parse_limits& limits) {
  return parse_message<request>(input, limits, parse_request_line, request_needs_length);
}

response_parse parse_response(std::string_view input, const parse_limits& limits) {
  return parse_message<response>(input, limits, parse_status_line, response_needs_length);
}

} // namespace convoy::examples::http
