#include "actors/apiserver/auth/rsa_key.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "actors/apiserver/auth/auth_config_error.hpp"
#include "actors/apiserver/auth/crypto.hpp"

namespace convoy::apiserver {

namespace {

/// Shorter keys are refused: 2048 bits is the floor NIST and Kubernetes'
/// own key generation use.
constexpr int min_bits = 2048;

using bio_ptr = std::unique_ptr<BIO, decltype(&BIO_free)>;

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* key) {
  return std::shared_ptr<EVP_PKEY>{key, EVP_PKEY_free};
}

bio_ptr memory_bio(std::string_view text) {
  return bio_ptr{BIO_new_mem_buf(text.data(), static_cast<int>(text.size())), BIO_free};
}

/// Refuses what is not an RSA key of at least min_bits.
void check_rsa(EVP_PKEY* key, const std::string& source, size_t block) {
  auto where = source + ": PEM block " + std::to_string(block + 1);
  if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA)
    throw auth_config_error(where + " is not an RSA key");
  if (EVP_PKEY_bits(key) < min_bits)
    throw auth_config_error(where + ": an RSA key of " + std::to_string(EVP_PKEY_bits(key))
                            + " bits is too short (at least " + std::to_string(min_bits) + ")");
}

/// The PEM blocks of `text` as (type, whole block) pairs.
std::vector<std::pair<std::string, std::string_view>> pem_blocks(std::string_view text,
                                                                 const std::string& source) {
  constexpr std::string_view begin = "-----BEGIN ";
  constexpr std::string_view end = "-----END ";
  std::vector<std::pair<std::string, std::string_view>> out;
  for (size_t at = text.find(begin); at != std::string_view::npos; at = text.find(begin, at)) {
    auto type_end = text.find("-----", at + begin.size());
    auto stop = text.find(end, at);
    auto stop_end = stop == std::string_view::npos ? stop : text.find("-----", stop + end.size());
    if (type_end == std::string_view::npos || stop_end == std::string_view::npos)
      throw auth_config_error(source + ": PEM block " + std::to_string(out.size() + 1)
                              + " has no END line");
    auto type = std::string{text.substr(at + begin.size(), type_end - at - begin.size())};
    out.emplace_back(type, text.substr(at, stop_end + 5 - at));
    at = stop_end + 5;
  }
  return out;
}

/// The key of one PEM block and whether it is private; throws for a block
/// that is neither a private nor a public key, or does not parse.
std::pair<EVP_PKEY*, bool> read_block(const std::string& type, std::string_view block,
                                      const std::string& source, size_t index) {
  auto where = source + ": PEM block " + std::to_string(index + 1) + " (" + type + ")";
  auto bio = memory_bio(block);
  bool is_private = type == "PRIVATE KEY" || type == "RSA PRIVATE KEY";
  EVP_PKEY* key = nullptr;
  if (is_private)
    key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  else if (type == "PUBLIC KEY")
    key = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  else
    throw auth_config_error(where + " is not a key (PRIVATE KEY, RSA PRIVATE KEY or PUBLIC KEY)");
  if (key == nullptr) {
    ERR_clear_error();
    throw auth_config_error(where + " does not parse");
  }
  auto guard = own(key);
  check_rsa(key, source, index);
  EVP_PKEY_up_ref(key);
  return {key, is_private};
}

} // namespace

rsa_key rsa_key::generate(int bits) {
  if (bits < min_bits)
    throw auth_config_error("RSA keys need at least " + std::to_string(min_bits) + " bits");
  EVP_PKEY* key = EVP_RSA_gen(static_cast<unsigned>(bits));
  if (key == nullptr)
    throw auth_config_error("RSA key generation failed");
  return rsa_key{own(key), true};
}

std::vector<rsa_key> rsa_key::all_from_pem(std::string_view text, const std::string& source) {
  std::vector<rsa_key> out;
  auto blocks = pem_blocks(text, source);
  for (size_t i = 0; i < blocks.size(); ++i) {
    auto [key, is_private] = read_block(blocks[i].first, blocks[i].second, source, i);
    out.push_back(rsa_key{own(key), is_private});
  }
  if (out.empty())
    throw auth_config_error(source + ": no PEM-encoded RSA key found");
  return out;
}

rsa_key rsa_key::private_from_pem(std::string_view text, const std::string& source) {
  auto keys = all_from_pem(text, source);
  if (!keys.front().has_private())
    throw auth_config_error(source + ": the first key is public; signing needs a private key");
  return keys.front();
}

std::string rsa_key::private_pem() const {
  if (!private_)
    throw auth_config_error("a public key has no private PEM");
  bio_ptr bio{BIO_new(BIO_s_mem()), BIO_free};
  if (!bio
      || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr)
           != 1)
    throw auth_config_error("cannot write the private key as PEM");
  char* data = nullptr;
  auto len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string rsa_key::sign_sha256(std::string_view data) const {
  if (!private_)
    throw auth_config_error("a public key cannot sign");
  return crypto::sign_sha256(key_.get(), data);
}

bool rsa_key::verify_sha256(std::string_view data, std::string_view signature) const {
  return crypto::verify_sha256(key_.get(), data, signature);
}

} // namespace convoy::apiserver
