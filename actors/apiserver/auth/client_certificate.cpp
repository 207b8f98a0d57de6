#include "actors/apiserver/auth/client_certificate.hpp"

#include <algorithm>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "actors/apiserver/auth/auth_config_error.hpp"

namespace convoy::apiserver {

namespace {

constexpr std::string_view prefix = "x509.";
/// How far ahead of the apiserver's clock a client's may be.
constexpr int64_t max_clock_skew_seconds = 60;
/// A certificate chain of a few KiB, far below any request limit.
constexpr size_t max_credential_bytes = 16 * 1024;

using bio_ptr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using x509_ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using store_ctx_ptr = std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)>;

bio_ptr memory_bio(std::string_view text) {
  return bio_ptr{BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), BIO_free};
}

/// Drops what a failed OpenSSL call left on this thread's error queue (TLS
/// code on the same thread would find it).
struct clear_errors {
  ~clear_errors() { ERR_clear_error(); }
};

/// The parts of a credential: the signed text, the DER certificate, the
/// time and the signature; nullopt when it is not shaped like one.
struct parts {
  std::string_view signed_text;
  std::string der;
  int64_t issued = 0;
  std::string signature;
};

std::optional<parts> split(std::string_view token) {
  if (!looks_like_certificate_credential(token))
    return std::nullopt;
  auto cert_end = token.find('.', prefix.size());
  auto time_end = token.find('.', cert_end + 1);
  auto der = crypto::base64url_decode(token.substr(prefix.size(), cert_end - prefix.size()));
  auto signature = crypto::base64url_decode(token.substr(time_end + 1));
  auto time = token.substr(cert_end + 1, time_end - cert_end - 1);
  if (!der || !signature || time.empty() || time.size() > 12
      || !std::all_of(time.begin(), time.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return parts{token.substr(0, time_end), std::move(*der), std::stoll(std::string{time}),
               std::move(*signature)};
}

/// The UTF-8 values of `nid` entries of `name`, in order.
std::vector<std::string> entries(X509_NAME* name, int nid) {
  std::vector<std::string> out;
  for (int i = X509_NAME_get_index_by_NID(name, nid, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(name, nid, i)) {
    unsigned char* utf8 = nullptr;
    int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
    if (len >= 0)
      out.emplace_back(reinterpret_cast<char*>(utf8), static_cast<size_t>(len));
    OPENSSL_free(utf8);
  }
  return out;
}

/// Why the chain of `cert` does not verify against `store` at `now`
/// (nothing: it does, for client authentication).
std::optional<std::string> chain_error(X509_STORE* store, X509* cert, int64_t now) {
  store_ctx_ptr ctx{X509_STORE_CTX_new(), X509_STORE_CTX_free};
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store, cert, nullptr) != 1)
    return "cannot verify certificates";
  X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), static_cast<time_t>(now));
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_CLIENT);
  if (X509_verify_cert(ctx.get()) == 1)
    return std::nullopt;
  return std::string{"the certificate does not verify: "}
         + X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
}

} // namespace

std::string make_certificate_credential(std::string_view cert_pem, std::string_view key_pem,
                                        int64_t now_unix_seconds) {
  clear_errors clear;
  x509_ptr cert{PEM_read_bio_X509(memory_bio(cert_pem).get(), nullptr, nullptr, nullptr),
                X509_free};
  if (!cert)
    throw auth_config_error("the client certificate is not a PEM certificate");
  pkey_ptr key{PEM_read_bio_PrivateKey(memory_bio(key_pem).get(), nullptr, nullptr, nullptr),
               EVP_PKEY_free};
  if (!key)
    throw auth_config_error("the client key is not a PEM private key");
  unsigned char* der = nullptr;
  int der_len = i2d_X509(cert.get(), &der);
  if (der_len <= 0)
    throw auth_config_error("cannot encode the client certificate");
  std::string text = std::string{prefix}
                     + crypto::base64url({reinterpret_cast<char*>(der), size_t(der_len)}) + "."
                     + std::to_string(now_unix_seconds);
  OPENSSL_free(der);
  std::string sig;
  try {
    sig = crypto::sign_sha256(key.get(), text);
  } catch (const auth_config_error&) {
    throw auth_config_error("cannot sign with the client key");
  }
  return text + "." + crypto::base64url(sig);
}

bool looks_like_certificate_credential(std::string_view token) noexcept {
  return token.size() <= max_credential_bytes && token.substr(0, prefix.size()) == prefix
         && std::count(token.begin(), token.end(), '.') == 3;
}

certificate_authenticator::certificate_authenticator(std::string_view ca_pem,
                                                     const std::string& source)
    : store_(X509_STORE_new(), X509_STORE_free) {
  clear_errors clear;
  auto bio = memory_bio(ca_pem);
  int added = 0;
  while (auto* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    added += X509_STORE_add_cert(store_.get(), cert) == 1;
    X509_free(cert);
  }
  if (added == 0)
    throw auth_config_error(source + ": no PEM certificate found");
}

certificate_authenticator::~certificate_authenticator() = default;

certificate_authenticator::result certificate_authenticator::authenticate(std::string_view token,
                                                                          int64_t now) {
  auto d = crypto::sha256(token);
  if (auto it = verified_.find(d); it != verified_.end()) {
    if (now < it->second.expires)
      return {it->second.user, {}};
    verified_.erase(it);
  }
  int64_t issued = 0;
  auto r = verify(token, now, issued);
  if (r.user)
    remember(d, *r.user, issued + credential_lifetime_seconds, now);
  return r;
}

certificate_authenticator::result
certificate_authenticator::verify(std::string_view token, int64_t now, int64_t& issued) const {
  clear_errors clear;
  auto p = split(token);
  if (!p)
    return {std::nullopt, "not a certificate credential"};
  issued = p->issued;
  if (now - p->issued >= credential_lifetime_seconds)
    return {std::nullopt, "the credential expired"};
  if (p->issued - now > max_clock_skew_seconds)
    return {std::nullopt, "the credential is from the future"};
  const auto* der = reinterpret_cast<const unsigned char*>(p->der.data());
  x509_ptr cert{d2i_X509(nullptr, &der, static_cast<long>(p->der.size())), X509_free};
  if (!cert)
    return {std::nullopt, "the certificate does not parse"};
  if (auto why = chain_error(store_.get(), cert.get(), now))
    return {std::nullopt, std::move(*why)};
  if (!crypto::verify_sha256(X509_get0_pubkey(cert.get()), p->signed_text, p->signature))
    return {std::nullopt, "the signature is not the certificate key's"};
  auto* subject = X509_get_subject_name(cert.get());
  auto cn = entries(subject, NID_commonName);
  if (cn.empty() || cn.front().empty())
    return {std::nullopt, "the certificate has no common name"};
  authenticated_user who{{cn.front(), entries(subject, NID_organizationName)}, cn.front()};
  add_authenticated_group(who.user);
  return {std::move(who), {}};
}

void certificate_authenticator::remember(const crypto::digest& d, const authenticated_user& user,
                                         int64_t expires, int64_t now) {
  if (verified_.size() >= max_remembered)
    for (auto it = verified_.begin(); it != verified_.end();)
      it = it->second.expires <= now ? verified_.erase(it) : std::next(it);
  if (verified_.size() >= max_remembered)
    verified_.clear();
  verified_[d] = {user, expires};
}

} // namespace convoy::apiserver
