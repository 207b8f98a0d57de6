#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <variant>

namespace convoy {

/// Why a store request failed. Each maps to one etcd error, so the etcd
/// gateway can answer with etcd's gRPC status and text.
enum class store_errc : uint8_t {
  /// The requested revision was compacted away (etcd ErrCompacted).
  compacted,
  /// The requested revision is newer than the store's (ErrFutureRev).
  future_revision,
  /// ignore_value / ignore_lease on a key that does not exist
  /// (ErrKeyNotFound).
  not_found,
  /// A malformed request: empty key, duplicate key in a txn, too many txn
  /// operations, value/lease given with ignore_*, key too long, TTL too
  /// large... The message says which.
  invalid_argument,
  /// The request is larger than the configured limit (ErrRequestTooLarge).
  request_too_large,
  /// The lease does not exist (ErrLeaseNotFound).
  lease_not_found,
  /// A lease with the requested ID exists already (ErrLeaseExist).
  lease_exists,
  /// The stored data violates an invariant (a bug or corruption).
  internal,
};

/// Lowercase name, e.g. "future revision".
const char* to_string(store_errc code) noexcept;

/// A failed store request. `message` is etcd's exact error text where etcd
/// has one (e.g. "etcdserver: mvcc: required revision has been compacted"),
/// because etcd clients recognise errors by that text.
struct store_error {
  store_errc code;
  std::string message;
};

bool operator==(const store_error& x, const store_error& y);

/// "<code>: <message>".
std::string to_string(const store_error& e);

std::ostream& operator<<(std::ostream& out, const store_error& e);

/// A value or a store_error (a tiny std::expected).
template <class T>
class store_result {
public:
  store_result(T value) : state_(std::in_place_index<0>, std::move(value)) {
    // nop
  }

  store_result(store_error error) : state_(std::in_place_index<1>, std::move(error)) {
    // nop
  }

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const store_error& error() const { return std::get<1>(state_); }

private:
  std::variant<T, store_error> state_;
};

} // namespace convoy

namespace convoy::mvcc {

// The MVCC layer's error types, also reachable as mvcc::store_error etc.
using convoy::store_errc;
using convoy::store_error;
using convoy::store_result;

} // namespace convoy::mvcc
