#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "actors/apiserver/auth/authenticated_user.hpp"
#include "actors/apiserver/auth/crypto.hpp"

typedef struct x509_store_st X509_STORE;

namespace convoy::apiserver {

/// Client certificates as credentials (Kubernetes' --client-ca-file: CN is
/// the user, each O a group). CAF 0.17's TLS transport verifies every peer
/// against the cluster CA but never shows the certificate to the actors, so
/// `convoy ctl` proves it holds the certificate's key in the request
/// itself: the credential is
///
///   x509.<base64url DER certificate>.<unix seconds>.<base64url signature>
///
/// signed (SHA-256, the certificate's EC or RSA key) over everything before
/// the last dot. It is valid for credential_lifetime after its time (and
/// not from more than a minute ahead), like a short-lived token minted by
/// the key; the channel is TLS.
inline constexpr int64_t credential_lifetime_seconds = 300;

/// The credential for the PEM certificate and key at `now`. Throws
/// auth_config_error naming what does not parse.
std::string make_certificate_credential(std::string_view cert_pem, std::string_view key_pem,
                                        int64_t now_unix_seconds);

/// Whether `token` is shaped like such a credential.
bool looks_like_certificate_credential(std::string_view token) noexcept;

/// Verifies credentials against the client CA (chain, validity at `now`,
/// clientAuth use, the signature, the time window). A verified credential
/// is remembered until it expires, so a client's further requests cost a
/// hash and a lookup, not a chain verification. Not thread-safe: one actor
/// (the apiserver) uses it.
class certificate_authenticator {
public:
  /// `ca_pem`: one or more CA certificates; `source` names them in errors.
  /// Throws auth_config_error when none parses.
  certificate_authenticator(std::string_view ca_pem, const std::string& source);
  ~certificate_authenticator();
  certificate_authenticator(const certificate_authenticator&) = delete;
  certificate_authenticator& operator=(const certificate_authenticator&) = delete;

  struct result {
    std::optional<authenticated_user> user;
    std::string why;
  };
  result authenticate(std::string_view token, int64_t now_unix_seconds);

  /// Credentials remembered (bounded by max_remembered).
  size_t remembered() const noexcept { return verified_.size(); }
  static constexpr size_t max_remembered = 4096;

private:
  /// Checks `token` at `now`; `issued` gets its time once it parses.
  result verify(std::string_view token, int64_t now, int64_t& issued) const;
  void remember(const crypto::digest& d, const authenticated_user& user, int64_t expires,
                int64_t now);

  struct entry {
    authenticated_user user;
    int64_t expires = 0;
  };
  std::unique_ptr<X509_STORE, void (*)(X509_STORE*)> store_;
  std::unordered_map<crypto::digest, entry, crypto::digest_hash> verified_;
};

} // namespace convoy::apiserver
