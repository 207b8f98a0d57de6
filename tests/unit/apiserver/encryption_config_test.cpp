// --encryption-provider-config: Kubernetes' EncryptionConfiguration as
// convoy supports it (secrets; aesgcm and identity), every error naming its
// field and never a key.

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include "actors/apiserver/auth/auth_config_error.hpp"
#include "actors/apiserver/auth/random_source.hpp"
#include "actors/apiserver/storage/encryption_config.hpp"

using namespace convoy::apiserver;

namespace {

const std::string b64_32 = "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s="; // "k" x 32
const std::string b64_16 = "a2tra2tra2tra2tra2traw==";                     // "k" x 16
const std::string b64_20 = "a2tra2tra2tra2tra2tra2tra2s=";                 // "k" x 20

const std::string header = "apiVersion: apiserver.config.k8s.io/v1\n"
                           "kind: EncryptionConfiguration\n";

std::string with_providers(const std::string& providers) {
  return header + "resources:\n  - resources: [secrets]\n    providers:\n" + providers;
}

std::string parse_error(const std::string& text) {
  try {
    parse_encryption_config(text);
  } catch (const auth_config_error& e) {
    return e.what();
  }
  return "(parsed)";
}

} // namespace

BOOST_AUTO_TEST_SUITE(encryption_config_tests)

BOOST_AUTO_TEST_CASE(the_kubernetes_example_parses) {
  auto config = parse_encryption_config(with_providers("      - aesgcm:\n"
                                                       "          keys:\n"
                                                       "            - name: key1\n"
                                                       "              secret: " + b64_32 + "\n"
                                                       "            - name: key0\n"
                                                       "              secret: " + b64_16 + "\n"
                                                       "      - identity: {}\n"));
  BOOST_REQUIRE_EQUAL(config.providers.size(), 2u);
  BOOST_TEST((config.providers[0].kind == encryption_provider::type::aesgcm));
  BOOST_REQUIRE_EQUAL(config.providers[0].keys.size(), 2u);
  BOOST_TEST(config.providers[0].keys[0].name == "key1");
  BOOST_TEST(config.providers[0].keys[0].secret == std::string(32, 'k'));
  BOOST_TEST(config.providers[0].keys[1].secret.size() == 16u);
  BOOST_TEST((config.providers[1].kind == encryption_provider::type::identity));

  auto t = make_value_transformer(config, std::make_shared<openssl_random>());
  BOOST_TEST(t->encrypts_writes());
  BOOST_TEST(t->key_names() == (std::vector<std::string>{"key1", "key0"}));
  auto stored = t->encrypt("v", "/registry/secrets/ns/x");
  BOOST_TEST(stored.rfind("k8s:enc:aesgcm:v1:key1:", 0) == 0);
}

BOOST_AUTO_TEST_CASE(identity_first_makes_writes_plain) {
  auto config = parse_encryption_config(with_providers("      - identity: {}\n"
                                                       "      - aesgcm:\n"
                                                       "          keys:\n"
                                                       "            - name: key1\n"
                                                       "              secret: " + b64_32 + "\n"));
  auto t = make_value_transformer(config, std::make_shared<openssl_random>());
  BOOST_TEST(!t->encrypts_writes());
  BOOST_TEST(t->encrypt("plain", "/registry/secrets/ns/x") == "plain");
}

BOOST_AUTO_TEST_CASE(errors_name_the_field) {
  const std::string one_key = "      - aesgcm:\n          keys:\n            - name: key1\n"
                              "              secret: " + b64_32 + "\n";
  struct row {
    std::string text;
    std::string error;
  };
  std::vector<row> rows = {
    {"", "expected exactly one YAML document"},
    {"[1, 2]", "must be a mapping"},
    {"apiVersion: v1\nkind: EncryptionConfiguration\nresources: []\n",
     "apiVersion: must be apiserver.config.k8s.io/v1"},
    {"apiVersion: apiserver.config.k8s.io/v1\nkind: Foo\n",
     "kind: must be EncryptionConfiguration"},
    {header, "resources: required"},
    {header + "resources: []\n", "resources: must be a non-empty list"},
    {header + "resource: []\n", "resource: unknown field"},
    {header + "resources:\n  - resources: [secrets, configmaps]\n    providers:\n" + one_key,
     "resources[0].resources[1]: only secrets can be encrypted"},
    {header + "resources:\n  - providers:\n" + one_key, "resources[0].resources: required"},
    {header + "resources:\n  - resources: [secrets]\n", "resources[0].providers: required"},
    {header + "resources:\n  - resources: [secrets]\n    providers:\n" + one_key
       + "  - resources: [secrets]\n    providers:\n" + one_key,
     "resources: must have exactly one entry (the one for secrets)"},
    {with_providers("      - aescbc:\n          keys: []\n"),
     "resources[0].providers[0].aescbc: unsupported provider (convoy supports aesgcm and "
     "identity)"},
    {with_providers("      - identity: {}\n        aesgcm: {}\n"),
     "resources[0].providers[0]: must name exactly one provider (aesgcm or identity)"},
    {with_providers("      - identity: {x: 1}\n"),
     "resources[0].providers[0].identity: must be {}"},
    {with_providers("      - aesgcm: {}\n"), "resources[0].providers[0].aesgcm.keys: required"},
    {with_providers("      - aesgcm:\n          keys:\n            - secret: " + b64_32 + "\n"),
     "resources[0].providers[0].aesgcm.keys[0].name: required"},
    {with_providers("      - aesgcm:\n          keys:\n            - name: a:b\n"
                    "              secret: " + b64_32 + "\n"),
     "resources[0].providers[0].aesgcm.keys[0].name: must not contain ':'"},
    {with_providers("      - aesgcm:\n          keys:\n            - name: k\n"
                    "              secret: " + b64_32 + "\n            - name: k2\n"
                    "              secret: " + b64_20 + "\n"),
     "resources[0].providers[0].aesgcm.keys[1].secret: must be base64 of 16, 24 or 32 bytes"},
    {with_providers("      - aesgcm:\n          keys:\n            - name: k\n"
                    "              secret: not*base64\n"),
     "resources[0].providers[0].aesgcm.keys[0].secret: must be base64 of 16, 24 or 32 bytes"},
    {with_providers("      - aesgcm:\n          keys:\n            - name: k\n"
                    "              secret: " + b64_32 + "\n              extra: 1\n"),
     "resources[0].providers[0].aesgcm.keys[0].extra: unknown field"},
    {with_providers(one_key + one_key),
     "resources[0].providers[1].aesgcm.keys[0].name: \"key1\" is used twice"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.text) {
      auto error = parse_error(r.text);
      BOOST_TEST(error == r.error);
      BOOST_TEST(error.find(b64_32) == std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(yaml_syntax_errors_are_reported_not_thrown_raw) {
  auto error = parse_error("apiVersion: [unclosed\n");
  BOOST_TEST(error != "(parsed)");
  BOOST_TEST(!error.empty());
}

BOOST_AUTO_TEST_CASE(load_names_the_file_and_warns_when_others_can_read_it) {
  auto dir = std::filesystem::temp_directory_path()
             / ("convoy-encryption-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "enc.yaml").string();
  {
    std::ofstream out(path);
    out << with_providers("      - aesgcm:\n          keys:\n            - name: key1\n"
                          "              secret: " + b64_32 + "\n");
  }
  ::chmod(path.c_str(), 0644);
  auto config = load_encryption_config(path);
  BOOST_REQUIRE_EQUAL(config.warnings.size(), 1u);
  BOOST_TEST(config.warnings[0].find(path) == 0u);
  BOOST_TEST(config.warnings[0].find(b64_32) == std::string::npos);

  ::chmod(path.c_str(), 0600);
  BOOST_TEST(load_encryption_config(path).warnings.empty());

  {
    std::ofstream out(path);
    out << header << "resources: []\n";
  }
  std::string error;
  try {
    load_encryption_config(path);
  } catch (const auth_config_error& e) {
    error = e.what();
  }
  BOOST_TEST(error == path + ": resources: must be a non-empty list");

  error.clear();
  try {
    load_encryption_config((dir / "missing.yaml").string());
  } catch (const auth_config_error& e) {
    error = e.what();
  }
  BOOST_TEST(error.find("missing.yaml") != std::string::npos);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
