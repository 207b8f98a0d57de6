#include "persistence/mvcc/store_error.hpp"

#include <ostream>

namespace convoy {

const char* to_string(store_errc code) noexcept {
  switch (code) {
    case store_errc::compacted:
      return "compacted";
    case store_errc::future_revision:
      return "future revision";
    case store_errc::not_found:
      return "not found";
    case store_errc::invalid_argument:
      return "invalid argument";
    case store_errc::request_too_large:
      return "request too large";
    case store_errc::lease_not_found:
      return "lease not found";
    case store_errc::lease_exists:
      return "lease exists";
    case store_errc::internal:
      return "internal";
  }
  return "unknown";
}

bool operator==(const store_error& x, const store_error& y) {
  return x.code == y.code && x.message == y.message;
}

std::string to_string(const store_error& e) {
  return std::string{to_string(e.code)} + ": " + e.message;
}

std::ostream& operator<<(std::ostream& out, const store_error& e) {
  return out << to_string(e);
}

} // namespace convoy
