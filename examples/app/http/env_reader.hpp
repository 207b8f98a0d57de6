#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace convoy::examples::http {

/// Reads the settings a container gets through its environment. The lookup
/// is injected (std::getenv in the programs, a table in tests) and errors
/// are collected, so a program can report every bad variable at once, each
/// message naming its variable, and exit 1.
class env_reader {
public:
  /// Returns the value of a variable, or nullptr when it is unset.
  using lookup = std::function<const char*(const char* name)>;

  explicit env_reader(lookup get);

  /// The value, or `fallback` when unset or empty.
  std::string text(const char* name, std::string fallback);

  /// A TCP port 1..65535; `fallback` when unset or empty.
  std::uint16_t port(const char* name, std::uint16_t fallback);

  /// A dotted IPv4 address; `fallback` when unset or empty.
  std::string ipv4(const char* name, std::string fallback);

  const std::vector<std::string>& errors() const {
    return errors_;
  }

private:
  const char* get(const char* name) const;

  lookup get_;
  std::vector<std::string> errors_;
};

} // namespace convoy::examples::http
