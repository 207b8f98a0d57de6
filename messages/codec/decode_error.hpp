#pragma once

#include <string>
#include <utility>
#include <variant>

#include "caf/fwd.hpp"

namespace convoy::codec {

/// Why a manifest or request body did not decode. Decoding is the only part
/// of the codec that can fail (encoding a message always succeeds), so this is
/// the codec's single error type. It names the field by its Kubernetes path so
/// a user can find the mistake ("spec.containers[0].ports[0].containerPort").
struct decode_error {
  /// Kubernetes field path ("spec.replicas", "metadata.labels[app]"); empty
  /// when the problem is the document as a whole (syntax, not an object).
  std::string path;
  /// What is wrong, without the location, e.g. `expected integer, got "abc"`.
  std::string message;
  /// 0-based position of the document in a multi-document stream; -1 when the
  /// input was a single document.
  int document = -1;
  /// 0-based position in the `items` of a `kind: List` document, or -1.
  int item = -1;
  /// 1-based line in the input text, or 0 when unknown.
  int line = 0;

  /// One line for a human: `document 2, items[1], line 14: spec.replicas:
  /// expected integer, got "x"`. Documents are numbered from 1 here.
  std::string to_string() const;
};

/// A value or a decode_error, never both. Small on purpose: callers test it,
/// then take the value or the error; nothing throws.
template <class T>
class result {
public:
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  result(decode_error err) : v_(std::in_place_index<1>, std::move(err)) {}

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /// Precondition: ok().
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// Precondition: !ok().
  const decode_error& error() const { return std::get<1>(v_); }

private:
  std::variant<T, decode_error> v_;
};

/// Success, or a decode_error (what decoding into a caller's message returns).
template <>
class result<void> {
public:
  result() = default;
  result(decode_error err) : err_(std::move(err)), failed_(true) {}

  bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }

  /// Precondition: !ok().
  const decode_error& error() const { return err_; }

private:
  decode_error err_;
  bool failed_ = false;
};

using status = result<void>;

/// The error as a convoy caf::error (errc::invalid_argument, same text), for
/// actors that answer a request whose body did not decode.
caf::error to_caf_error(const decode_error& err);

} // namespace convoy::codec
