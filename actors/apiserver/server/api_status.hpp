#pragma once

#include <string>
#include <string_view>

#include "api/meta.pb.h"
#include "caf/error.hpp"

#include "actors/apiserver/patch/patch_result.hpp"

namespace convoy::apiserver {

/// Kubernetes Status objects for failed requests, as the Go apiserver's
/// errors package builds them (reason, code, message, details), so every
/// client sees the same texts kubectl shows ("pods \"web\" not found").
struct api_status {
  static api::Status not_found(std::string_view resource, std::string_view name);
  static api::Status already_exists(std::string_view resource, std::string_view name);
  /// Optimistic concurrency lost: the object changed since it was read.
  static api::Status conflict(std::string_view resource, std::string_view name,
                              std::string_view why);
  static api::Status forbidden(std::string_view user, std::string_view verb,
                               std::string_view resource, std::string_view ns,
                               std::string_view name, std::string_view reason);
  static api::Status unauthorized(std::string_view why);
  static api::Status bad_request(std::string_view message);
  /// 410: a resourceVersion older than what is retained.
  static api::Status gone(std::string_view message);
  static api::Status method_not_allowed(std::string_view message);
  static api::Status internal(std::string_view message);
  static api::Status unavailable(std::string_view message);
  /// 504: the store did not confirm in time; the outcome may be unknown.
  static api::Status timeout(std::string_view message);

  /// A patch that did not apply: 400, 422 or 413 as patch_errc says.
  static api::Status patch_failed(const patch_result& result);

  /// Maps a failure of the store layer to the Status a client should see.
  static api::Status from_error(const caf::error& err);

  /// "Success" with code 200 (answers to deletes, like Kubernetes).
  static api::Status success(std::string_view message = {});
};

} // namespace convoy::apiserver
