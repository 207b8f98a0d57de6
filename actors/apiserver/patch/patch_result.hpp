#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace convoy::apiserver {

/// Why a patch was refused. The REST layer maps each code to the status
/// Kubernetes answers with, so clients see the same failure either way.
enum class patch_errc : uint8_t {
  /// The document or the patch is not valid JSON, or the patch is not shaped
  /// like its patch type (a JSON patch that is not a list of operations, an
  /// unknown `$patch` directive, ...): 400 BadRequest.
  malformed,
  /// A well-formed patch that cannot be applied to this object (a `test`
  /// operation failed, a path does not exist, a list item lacks its merge
  /// key, ...): 422 Unprocessable Entity.
  unprocessable,
  /// More JSON patch operations than Kubernetes accepts (10,000):
  /// 413 RequestEntityTooLarge.
  too_large,
};

/// Kubernetes' HTTP status for the code (400, 422 or 413).
int http_status(patch_errc code) noexcept;

/// What every patch function returns: the patched JSON text, or an error
/// whose message names the offending path (never both). The original is
/// never half-patched: on error nothing of the patch applies.
struct patch_result {
  std::optional<std::string> value;
  patch_errc code = patch_errc::malformed;
  std::string error;

  explicit operator bool() const noexcept {
    return value.has_value();
  }

  static patch_result ok(std::string json) {
    patch_result r;
    r.value = std::move(json);
    return r;
  }

  static patch_result fail(patch_errc code, std::string message) {
    patch_result r;
    r.code = code;
    r.error = std::move(message);
    return r;
  }
};

} // namespace convoy::apiserver
