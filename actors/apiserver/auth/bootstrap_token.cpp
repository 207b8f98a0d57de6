#include "actors/apiserver/auth/bootstrap_token.hpp"

#include <google/protobuf/util/time_util.h>

#include "actors/apiserver/auth/random_source.hpp"

namespace convoy::apiserver {

namespace {

constexpr std::string_view token_alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr size_t id_length = 6;
constexpr size_t secret_length = 16;

bool all_token_chars(std::string_view s) noexcept {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
      return false;
  return true;
}

/// `n` characters of the alphabet; bytes >= 252 (= 7 * 36) are dropped so
/// that each character has probability exactly 1/36.
std::string random_token_chars(random_source& random, size_t n) {
  std::string out;
  out.reserve(n);
  unsigned char buf[32];
  while (out.size() < n) {
    random.fill(buf, sizeof buf);
    for (unsigned char b : buf)
      if (b < 252 && out.size() < n)
        out.push_back(token_alphabet[b % token_alphabet.size()]);
  }
  return out;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace

std::optional<bootstrap_token> parse_bootstrap_token(std::string_view text) {
  if (text.size() != id_length + 1 + secret_length || text[id_length] != '.')
    return std::nullopt;
  auto id = text.substr(0, id_length);
  auto secret = text.substr(id_length + 1);
  if (!all_token_chars(id) || !all_token_chars(secret))
    return std::nullopt;
  return bootstrap_token{std::string{id}, std::string{secret}};
}

bool is_bootstrap_token_id(std::string_view id) noexcept {
  return id.size() == id_length && all_token_chars(id);
}

bootstrap_token generate_bootstrap_token(random_source& random) {
  bootstrap_token t;
  t.id = random_token_chars(random, id_length);
  t.secret = random_token_chars(random, secret_length);
  return t;
}

std::string bootstrap_token_secret_name(std::string_view id) {
  return std::string{bootstrap_token_prefix} + std::string{id};
}

api::Secret make_bootstrap_token_secret(const bootstrap_token& token,
                                        std::optional<int64_t> expires_unix_seconds,
                                        const std::string& description) {
  api::Secret s;
  s.set_kind("Secret");
  s.set_api_version("v1");
  s.mutable_metadata()->set_name(bootstrap_token_secret_name(token.id));
  s.mutable_metadata()->set_namespace_(std::string{join_secrets_namespace});
  s.set_type(std::string{bootstrap_token_type});
  auto& data = *s.mutable_data();
  data["token-id"] = token.id;
  data["token-secret"] = token.secret;
  data["usage-bootstrap-authentication"] = "true";
  if (expires_unix_seconds)
    data["expiration"] = format_rfc3339(*expires_unix_seconds);
  if (!description.empty())
    data["description"] = description;
  return s;
}

std::string format_rfc3339(int64_t unix_seconds) {
  return google::protobuf::util::TimeUtil::ToString(
    google::protobuf::util::TimeUtil::SecondsToTimestamp(unix_seconds));
}

std::optional<int64_t> parse_rfc3339(std::string_view text) {
  google::protobuf::Timestamp ts;
  if (!google::protobuf::util::TimeUtil::FromString(std::string{text}, &ts))
    return std::nullopt;
  return ts.seconds();
}

std::string node_credential_secret_name(std::string_view node_name) {
  return std::string{node_credential_prefix} + std::string{node_name};
}

api::Secret make_node_credential_secret(std::string_view node_name, const crypto::digest& digest) {
  api::Secret s;
  s.set_kind("Secret");
  s.set_api_version("v1");
  s.mutable_metadata()->set_name(node_credential_secret_name(node_name));
  s.mutable_metadata()->set_namespace_(std::string{join_secrets_namespace});
  s.set_type(std::string{node_credential_type});
  (*s.mutable_data())["node-name"] = std::string{node_name};
  (*s.mutable_data())["token-sha256"] = to_hex(digest);
  return s;
}

std::string to_hex(const crypto::digest& d) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(d.size() * 2);
  for (unsigned char b : d) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xf]);
  }
  return out;
}

std::optional<crypto::digest> digest_from_hex(std::string_view hex) {
  crypto::digest d{};
  if (hex.size() != d.size() * 2)
    return std::nullopt;
  for (size_t i = 0; i < d.size(); ++i) {
    int hi = hex_value(hex[2 * i]);
    int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0)
      return std::nullopt;
    d[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return d;
}

} // namespace convoy::apiserver
