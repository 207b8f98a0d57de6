#include "examples/app/http/env_reader.hpp"

#include <arpa/inet.h>

#include <utility>

namespace convoy::examples::http {

env_reader::env_reader(lookup get) : get_(std::move(get)) {
}

const char* env_reader::get(const char* name) const {
  const char* value = get_(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

std::string env_reader::text(const char* name, std::string fallback) {
  const char* value = get(name);
  return value != nullptr ? std::string(value) : std::move(fallback);
}

std::uint16_t env_reader::port(const char* name, std::uint16_t fallback) {
  const char* value = get(name);
  if (value == nullptr)
    return fallback;
  std::string text(value);
  unsigned long port = 0;
  bool digits = text.size() <= 5 && text.find_first_not_of("0123456789") == std::string::npos;
  if (digits)
    port = std::stoul(text);
  if (!digits || port == 0 || port > 65535) {
    errors_.push_back(std::string(name) + "='" + text + "' is not a port number (1-65535)");
    return fallback;
  }
  return static_cast<std::uint16_t>(port);
}

std::string env_reader::ipv4(const char* name, std::string fallback) {
  const char* value = get(name);
  if (value == nullptr)
    return fallback;
  in_addr addr{};
  if (inet_pton(AF_INET, value, &addr) != 1) {
    errors_.push_back(std::string(name) + "='" + value + "' is not an IPv4 address");
    return fallback;
  }
  return value;
}

} // namespace convoy::examples::http
