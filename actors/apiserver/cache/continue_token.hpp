#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace convoy::apiserver {

/// Where a paginated list continues: Kubernetes' continue token
/// (apiserver/pkg/storage/continue.go), base64url without padding of
/// `{"v":"meta.k8s.io/v1","rv":R,"start":"<key after prefix>\u0000"}`.
/// `start` is the last returned key relative to the list's key prefix,
/// followed by "\0" (the smallest key after it); `revision` is the
/// revision the list is consistent at, or -1 for "at the latest revision"
/// (the token an Expired status hands out to continue inconsistently).
struct continue_token {
  int64_t revision = 0;
  std::string start;

  /// The opaque string clients send back.
  std::string encode() const;

  /// Parses and checks a client's token; on failure `error` says why in
  /// Kubernetes' words (without the "continue key is not valid: " lead).
  static std::optional<continue_token> decode(std::string_view text, std::string& error);
};

} // namespace convoy::apiserver
