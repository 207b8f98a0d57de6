#include "examples/app/http/message.hpp"

#include <cctype>

namespace convoy::examples::http {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto x = static_cast<unsigned char>(a[i]);
    auto y = static_cast<unsigned char>(b[i]);
    if (std::tolower(x) != std::tolower(y))
      return false;
  }
  return true;
}

const std::string* find_header(const std::vector<header>& headers, std::string_view name) {
  for (const auto& h : headers)
    if (iequals(h.name, name))
      return &h.value;
  return nullptr;
}

bool wants_keep_alive(const request& req) {
  const auto* connection = find_header(req.headers, "Connection");
  if (req.version == "HTTP/1.0")
    return connection != nullptr && iequals(*connection, "keep-alive");
  return connection == nullptr || !iequals(*connection, "close");
}

} // namespace convoy::examples::http
