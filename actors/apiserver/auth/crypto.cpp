#include "actors/apiserver/auth/crypto.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <memory>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "actors/apiserver/auth/auth_config_error.hpp"
#include "actors/apiserver/auth/random_source.hpp"
#include "messages/codec/scalar_text.hpp"

namespace convoy::apiserver::crypto {

digest sha256(std::string_view data) {
  digest out;
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1
      || len != out.size())
    throw std::runtime_error("EVP_Digest(SHA-256) failed");
  return out;
}

size_t digest_hash::operator()(const digest& d) const noexcept {
  size_t h = 0;
  std::memcpy(&h, d.data(), sizeof h);
  return h;
}

bool equal_constant_time(const digest& a, const digest& b) noexcept {
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64url(std::string_view data) {
  std::string out;
  codec::scalar_text::append_base64(out, data);
  while (!out.empty() && out.back() == '=')
    out.pop_back();
  std::replace(out.begin(), out.end(), '+', '-');
  std::replace(out.begin(), out.end(), '/', '_');
  return out;
}

namespace {

using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

} // namespace

std::string sign_sha256(EVP_PKEY* key, std::string_view data) {
  md_ctx_ptr ctx{EVP_MD_CTX_new(), EVP_MD_CTX_free};
  size_t len = 0;
  auto* in = reinterpret_cast<const unsigned char*>(data.data());
  std::string sig;
  bool ok = ctx && EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1
            && EVP_DigestSign(ctx.get(), nullptr, &len, in, data.size()) == 1;
  if (ok) {
    sig.resize(len);
    ok =
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in, data.size())
      == 1;
  }
  if (!ok) {
    ERR_clear_error();
    throw auth_config_error("SHA-256 signing failed");
  }
  sig.resize(len);
  return sig;
}

bool verify_sha256(EVP_PKEY* key, std::string_view data, std::string_view signature) {
  md_ctx_ptr ctx{EVP_MD_CTX_new(), EVP_MD_CTX_free};
  bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1
            && EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                                signature.size(),
                                reinterpret_cast<const unsigned char*>(data.data()), data.size())
                 == 1;
  ERR_clear_error();
  return ok;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.find_first_of("\r\n=+/") != std::string_view::npos)
    return std::nullopt;
  std::string padded{text};
  std::replace(padded.begin(), padded.end(), '-', '+');
  std::replace(padded.begin(), padded.end(), '_', '/');
  padded.append((4 - padded.size() % 4) % 4, '=');
  std::string out;
  if (!codec::scalar_text::decode_base64(padded, out))
    return std::nullopt;
  return out;
}

} // namespace convoy::apiserver::crypto

namespace convoy::apiserver {

std::string random_bytes(random_source& random, size_t n) {
  std::string out(n, '\0');
  if (n > 0)
    random.fill(reinterpret_cast<unsigned char*>(out.data()), n);
  return out;
}

} // namespace convoy::apiserver
