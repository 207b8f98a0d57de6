#include "actors/apiserver/storage/value_transformer.hpp"

#include <climits>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "actors/apiserver/auth/random_source.hpp"

namespace convoy::apiserver {

struct value_transformer::cipher_key {
  std::string name;
  std::string secret;
  const EVP_CIPHER* cipher = nullptr;

  ~cipher_key() {
    if (!secret.empty())
      OPENSSL_cleanse(secret.data(), secret.size());
  }
};

namespace {

struct ctx_deleter {
  void operator()(EVP_CIPHER_CTX* ctx) const noexcept { EVP_CIPHER_CTX_free(ctx); }
};
using cipher_ctx = std::unique_ptr<EVP_CIPHER_CTX, ctx_deleter>;

const EVP_CIPHER* cipher_for(size_t key_size) noexcept {
  switch (key_size) {
    case 16: return EVP_aes_128_gcm();
    case 24: return EVP_aes_192_gcm();
    case 32: return EVP_aes_256_gcm();
    default: return nullptr;
  }
}

const unsigned char* bytes(std::string_view s) noexcept {
  return reinterpret_cast<const unsigned char*>(s.data());
}

unsigned char* bytes(std::string& s) noexcept {
  return reinterpret_cast<unsigned char*>(s.data());
}

/// Lengths OpenSSL takes as int; store values and keys are far below.
int length(std::string_view s) {
  if (s.size() > static_cast<size_t>(INT_MAX))
    throw std::length_error("value too large to encrypt");
  return static_cast<int>(s.size());
}

cipher_ctx new_ctx() {
  cipher_ctx ctx{EVP_CIPHER_CTX_new()};
  if (!ctx)
    throw std::runtime_error("EVP_CIPHER_CTX_new failed");
  return ctx;
}

} // namespace

value_transformer::value_transformer(std::vector<aesgcm_key> keys, bool encrypt_writes,
                                     std::shared_ptr<random_source> random)
  : encrypt_writes_(encrypt_writes), random_(std::move(random)) {
  if (!random_)
    throw std::invalid_argument("value_transformer: no random source");
  if (encrypt_writes_ && keys.empty())
    throw std::invalid_argument("aesgcm: at least one key is needed to encrypt");
  for (auto& k : keys) {
    if (k.name.empty() || k.name.find(':') != std::string::npos)
      throw std::invalid_argument("aesgcm key \"" + k.name
                                  + "\": the name must be non-empty and contain no ':'");
    if (find(k.name) != nullptr)
      throw std::invalid_argument("aesgcm key \"" + k.name + "\": the name is used twice");
    auto* cipher = cipher_for(k.secret.size());
    if (cipher == nullptr)
      throw std::invalid_argument("aesgcm key \"" + k.name
                                  + "\": the secret must be 16, 24 or 32 bytes");
    auto ck = std::make_unique<cipher_key>();
    ck->name = std::move(k.name);
    ck->secret = std::move(k.secret);
    ck->cipher = cipher;
    keys_.push_back(std::move(ck));
  }
  for (auto& k : keys)
    if (!k.secret.empty())
      OPENSSL_cleanse(k.secret.data(), k.secret.size());
}

value_transformer::~value_transformer() = default;

const value_transformer::cipher_key*
value_transformer::find(std::string_view name) const noexcept {
  for (const auto& k : keys_) // a handful of keys: a scan beats a map
    if (k->name == name)
      return k.get();
  return nullptr;
}

std::vector<std::string> value_transformer::key_names() const {
  std::vector<std::string> out;
  for (const auto& k : keys_)
    out.push_back(k->name);
  return out;
}

std::string value_transformer::encrypt(std::string_view plain, std::string_view store_key) const {
  if (!encrypt_writes_)
    return std::string{plain};
  const auto& key = *keys_.front();
  std::string out;
  out.reserve(prefix.size() + key.name.size() + 1 + nonce_size + plain.size() + tag_size);
  out.append(prefix).append(key.name).push_back(':');
  const auto header = out.size();
  out.resize(header + nonce_size + plain.size() + tag_size);
  auto* nonce = bytes(out) + header;
  random_->fill(nonce, nonce_size);
  auto ctx = new_ctx();
  int n = 0;
  if (EVP_EncryptInit_ex(ctx.get(), key.cipher, nullptr, bytes(key.secret), nonce) != 1
      || EVP_EncryptUpdate(ctx.get(), nullptr, &n, bytes(store_key), length(store_key)) != 1
      || EVP_EncryptUpdate(ctx.get(), nonce + nonce_size, &n, bytes(plain), length(plain)) != 1
      || EVP_EncryptFinal_ex(ctx.get(), nonce + nonce_size + n, &n) != 1
      || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_size),
                             nonce + nonce_size + plain.size()) != 1)
    throw std::runtime_error("AES-GCM encryption failed");
  return out;
}

transform_result value_transformer::decrypt(std::string_view stored,
                                            std::string_view store_key) const {
  if (stored.substr(0, prefix.size()) != prefix)
    return {std::string{stored}, {}};
  auto fail = [&](std::string why) {
    return transform_result{std::nullopt, "decrypting " + std::string{store_key} + ": " + why};
  };
  auto rest = stored.substr(prefix.size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return fail("no key name after \"" + std::string{prefix} + "\"");
  auto name = rest.substr(0, colon);
  const auto* key = find(name);
  if (key == nullptr)
    return fail("key \"" + std::string{name} + "\" is not configured");
  auto data = rest.substr(colon + 1);
  if (data.size() < nonce_size + tag_size)
    return fail("the value is too short to be AES-GCM ciphertext");
  auto nonce = data.substr(0, nonce_size);
  auto sealed = data.substr(nonce_size, data.size() - nonce_size - tag_size);
  std::string tag{data.substr(data.size() - tag_size)};
  std::string plain(sealed.size(), '\0');
  auto ctx = new_ctx();
  int n = 0;
  if (EVP_DecryptInit_ex(ctx.get(), key->cipher, nullptr, bytes(key->secret), bytes(nonce)) != 1
      || EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes(store_key), length(store_key)) != 1
      || EVP_DecryptUpdate(ctx.get(), bytes(plain), &n, bytes(sealed), length(sealed)) != 1
      || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_size),
                             bytes(tag)) != 1
      || EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + n, &n) != 1)
    return fail("authentication failed (wrong key or corrupted value)");
  return {std::move(plain), {}};
}

} // namespace convoy::apiserver
