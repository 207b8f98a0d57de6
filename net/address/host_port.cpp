#include "net/address/host_port.hpp"

#include <charconv>

namespace convoy::net {

namespace {

bool valid_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
         || c == '.' || c == '-' || c == '_' || c == ':';
}

std::string quoted(std::string_view text) {
  return "'" + std::string{text} + "'";
}

} // namespace

std::string host_port::to_string() const {
  if (host.find(':') != std::string::npos)
    return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

std::optional<host_port> host_port::parse(std::string_view text, std::string& error) {
  auto fail = [&](const std::string& why) -> std::optional<host_port> {
    error = "malformed address " + quoted(text) + ": " + why;
    return std::nullopt;
  };
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return fail("expected [IPV6]:PORT");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos)
      return fail("expected HOST:PORT");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos)
      return fail("IPv6 hosts need brackets, as in [::1]:7000");
  }
  if (host.empty())
    return fail("empty host");
  for (char c : host)
    if (!valid_host_char(c))
      return fail("invalid character in host " + quoted(host));
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc{} || end != port.data() + port.size())
    return fail("port " + quoted(port) + " is not a number");
  if (value > 65535)
    return fail("port " + std::to_string(value) + " is out of range 0-65535");
  return host_port{std::string{host}, static_cast<uint16_t>(value)};
}

std::optional<std::vector<host_port>> host_port::parse_list(std::string_view text,
                                                            std::string& error) {
  std::vector<host_port> out;
  size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    auto item = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    auto parsed = parse(item, error);
    if (!parsed)
      return std::nullopt;
    out.push_back(std::move(*parsed));
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  return out;
}

bool host_port::is_loopback() const {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

} // namespace convoy::net
