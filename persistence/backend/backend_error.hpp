#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace convoy::backend {

/// What went wrong below the key-value interface. Callers branch on this:
/// only `map_full` is recoverable by the write retry loop (see write_retry.hpp).
enum class backend_error_kind : uint8_t {
  /// The storage has no room left for this write txn. Recoverable: abort the
  /// txn, kv_backend::grow(), run the whole txn again.
  map_full,
  /// The data on disk is damaged or not ours. Not recoverable by retrying.
  corrupted,
  /// A failed commit (fsync error, injected fault): the txn's writes are
  /// gone; the state is the one before the txn.
  commit_failed,
  /// Misuse or an environment problem (closed txn, key too long, ...).
  other,
};

/// Lowercase name, e.g. "map full".
const char* to_string(backend_error_kind kind) noexcept;

/// A storage failure. Thrown, never returned: a backend failure aborts the
/// whole write txn, so nothing half-applied can ever commit.
class backend_error : public std::runtime_error {
public:
  backend_error(backend_error_kind kind, const std::string& what)
    : std::runtime_error(what), kind_(kind) {
    // nop
  }

  backend_error_kind kind() const noexcept { return kind_; }

private:
  backend_error_kind kind_;
};

} // namespace convoy::backend
