// Secrets at rest: the aesgcm value transformer (Kubernetes' format, the
// store key as authenticated data, rotation, identity passthrough) and the
// EncryptionConfiguration file that configures it.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>

#include "actors/apiserver/auth/auth_config_error.hpp"
#include "actors/apiserver/auth/random_source.hpp"
#include "actors/apiserver/storage/encryption_config.hpp"
#include "actors/apiserver/storage/value_transformer.hpp"

using namespace convoy::apiserver;

namespace {

/// Deterministic bytes, so failures replay; never the same nonce twice.
class counting_random final : public random_source {
public:
  void fill(unsigned char* out, size_t n) override {
    for (size_t i = 0; i < n; ++i)
      out[i] = static_cast<unsigned char>(next_++ * 37 + 11);
  }

private:
  unsigned next_ = 0;
};

const std::string key_a = "/registry/secrets/default/a";
const std::string key_b = "/registry/secrets/default/b";

aesgcm_key make_key(std::string name, size_t size, char fill = 'k') {
  return aesgcm_key{std::move(name), std::string(size, fill)};
}

std::shared_ptr<value_transformer> make(std::vector<aesgcm_key> keys, bool encrypt = true) {
  return std::make_shared<value_transformer>(std::move(keys), encrypt,
                                             std::make_shared<counting_random>());
}

std::string decrypt_error(const value_transformer& t, const std::string& stored,
                          const std::string& key) {
  auto r = t.decrypt(stored, key);
  BOOST_REQUIRE_MESSAGE(!r, "decrypted although it should not");
  return r.error;
}

} // namespace

BOOST_AUTO_TEST_SUITE(value_transformer_tests)

BOOST_AUTO_TEST_CASE(round_trip_with_each_aes_key_size) {
  const std::string plain = std::string("secret-data\0with nul", 20);
  for (size_t size : {16u, 24u, 32u}) {
    BOOST_TEST_CONTEXT("key of " << size << " bytes") {
      auto t = make({make_key("key1", size)});
      auto stored = t->encrypt(plain, key_a);
      BOOST_TEST(stored.rfind("k8s:enc:aesgcm:v1:key1:", 0) == 0);
      BOOST_TEST(stored.size() == 23 + 12 + plain.size() + 16);
      BOOST_TEST(stored.find("secret-data") == std::string::npos);
      auto back = t->decrypt(stored, key_a);
      BOOST_REQUIRE(back);
      BOOST_TEST(*back.value == plain);
    }
  }
}

BOOST_AUTO_TEST_CASE(known_answer_matches_an_independent_aes_gcm) {
  // Python's cryptography AESGCM(b"k" * 32).encrypt(nonce, b"hello", key_a)
  // with the first 12 bytes of counting_random as nonce: what Kubernetes'
  // aesgcm provider (Go's cipher.AEAD) writes for the same inputs.
  const std::string expected_hex = "0b30557a9fc4e90e33587da2dda1feb454f9f96736326fda67119e85"
                                   "2a0e136242";
  auto stored = make({make_key("key1", 32)})->encrypt("hello", key_a);
  const std::string header = "k8s:enc:aesgcm:v1:key1:";
  BOOST_REQUIRE(stored.rfind(header, 0) == 0);
  std::string hex;
  for (size_t i = header.size(); i < stored.size(); ++i) {
    static const char digits[] = "0123456789abcdef";
    auto byte = static_cast<unsigned char>(stored[i]);
    hex += digits[byte >> 4];
    hex += digits[byte & 15];
  }
  BOOST_TEST(hex == expected_hex);
}

BOOST_AUTO_TEST_CASE(same_value_twice_gets_fresh_nonces) {
  auto t = make({make_key("key1", 32)});
  BOOST_TEST(t->encrypt("x", key_a) != t->encrypt("x", key_a));
}

BOOST_AUTO_TEST_CASE(empty_value_round_trips) {
  auto t = make({make_key("key1", 32)});
  auto back = t->decrypt(t->encrypt("", key_a), key_a);
  BOOST_REQUIRE(back);
  BOOST_TEST(back.value->empty());
}

BOOST_AUTO_TEST_CASE(value_moved_to_another_key_does_not_decrypt) {
  auto t = make({make_key("key1", 32)});
  auto stored = t->encrypt("token", key_a);
  BOOST_TEST(decrypt_error(*t, stored, key_b)
             == "decrypting " + key_b + ": authentication failed (wrong key or corrupted value)");
}

BOOST_AUTO_TEST_CASE(wrong_key_with_the_same_name_fails_authentication) {
  auto writer = make({make_key("key1", 32, 'a')});
  auto reader = make({make_key("key1", 32, 'b')});
  auto stored = writer->encrypt("token", key_a);
  BOOST_TEST(decrypt_error(*reader, stored, key_a).find("authentication failed")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_key_name_is_named) {
  auto writer = make({make_key("k2", 32)});
  auto reader = make({make_key("key1", 32)});
  BOOST_TEST(decrypt_error(*reader, writer->encrypt("v", key_a), key_a)
             == "decrypting " + key_a + ": key \"k2\" is not configured");
}

BOOST_AUTO_TEST_CASE(any_tampered_byte_fails_authentication) {
  auto t = make({make_key("key1", 32)});
  const auto stored = t->encrypt("some secret value", key_a);
  // Every byte after the header: nonce, ciphertext and tag.
  for (size_t i = 23; i < stored.size(); ++i) {
    auto tampered = stored;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    BOOST_TEST_CONTEXT("byte " << i) {
      BOOST_TEST(!t->decrypt(tampered, key_a));
    }
  }
}

BOOST_AUTO_TEST_CASE(malformed_prefixed_values_give_clear_errors) {
  auto t = make({make_key("key1", 32)});
  struct row {
    std::string stored;
    std::string error;
  };
  std::vector<row> rows = {
    {"k8s:enc:aesgcm:v1:", "no key name after \"k8s:enc:aesgcm:v1:\""},
    {"k8s:enc:aesgcm:v1::abc", "no key name after \"k8s:enc:aesgcm:v1:\""},
    {"k8s:enc:aesgcm:v1:key1:" + std::string(27, 'x'),
     "the value is too short to be AES-GCM ciphertext"},
  };
  for (const auto& r : rows)
    BOOST_TEST(decrypt_error(*t, r.stored, key_a) == "decrypting " + key_a + ": " + r.error);
}

BOOST_AUTO_TEST_CASE(unencrypted_values_pass_through) {
  auto t = make({make_key("key1", 32)});
  for (std::string plain : {std::string{}, std::string{"\x0a\x05hello"}, std::string{"k8s:enc:"},
                            std::string{"k8s:enc:aescbc:v1:key1:xyz"}}) {
    auto back = t->decrypt(plain, key_a);
    BOOST_REQUIRE(back);
    BOOST_TEST(*back.value == plain);
  }
}

BOOST_AUTO_TEST_CASE(rotation_new_key_writes_old_key_still_reads) {
  auto before = make({make_key("old", 32, 'o')});
  auto old_value = before->encrypt("v1", key_a);
  auto after = make({make_key("new", 32, 'n'), make_key("old", 32, 'o')});
  auto read = after->decrypt(old_value, key_a);
  BOOST_REQUIRE(read);
  BOOST_TEST(*read.value == "v1");
  auto new_value = after->encrypt("v2", key_a);
  BOOST_TEST(new_value.rfind("k8s:enc:aesgcm:v1:new:", 0) == 0);
  BOOST_TEST(decrypt_error(*before, new_value, key_a).find("key \"new\" is not configured")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(identity_first_writes_plain_and_still_reads_encrypted) {
  auto encrypting = make({make_key("key1", 32)});
  auto stored = encrypting->encrypt("v", key_a);
  auto identity = make({make_key("key1", 32)}, false);
  BOOST_TEST(identity->encrypt("plain", key_a) == "plain");
  auto back = identity->decrypt(stored, key_a);
  BOOST_REQUIRE(back);
  BOOST_TEST(*back.value == "v");
}

BOOST_AUTO_TEST_CASE(bad_keys_are_refused_naming_the_key) {
  struct row {
    std::vector<aesgcm_key> keys;
    std::string error;
  };
  std::vector<row> rows = {
    {{make_key("k", 20)}, "aesgcm key \"k\": the secret must be 16, 24 or 32 bytes"},
    {{make_key("a:b", 32)}, "aesgcm key \"a:b\": the name must be non-empty and contain no ':'"},
    {{make_key("", 32)}, "aesgcm key \"\": the name must be non-empty and contain no ':'"},
    {{make_key("k", 32), make_key("k", 16)}, "aesgcm key \"k\": the name is used twice"},
    {{}, "aesgcm: at least one key is needed to encrypt"},
  };
  for (auto& r : rows) {
    std::string error;
    try {
      make(r.keys);
    } catch (const std::invalid_argument& e) {
      error = e.what();
    }
    BOOST_TEST(error == r.error);
    BOOST_TEST(error.find("kkkk") == std::string::npos); // never the secret
  }
}

BOOST_AUTO_TEST_SUITE_END()
