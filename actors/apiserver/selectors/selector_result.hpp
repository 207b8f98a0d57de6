#pragma once

#include <optional>
#include <string>

namespace convoy::apiserver {

/// What the selector parsers return: a value, or a message naming the
/// problem in Kubernetes' words (never both).
template <class T>
struct selector_result {
  std::optional<T> value;
  std::string error;

  explicit operator bool() const noexcept {
    return value.has_value();
  }
};

} // namespace convoy::apiserver
