#include "actors/apiserver/storage/encryption_config.hpp"

#include <algorithm>
#include <filesystem>
#include <initializer_list>

#include <openssl/crypto.h>
#include <yaml-cpp/yaml.h>

#include "actors/apiserver/auth/auth_config_error.hpp"
#include "actors/apiserver/auth/private_file.hpp"
#include "messages/codec/scalar_text.hpp"
#include "messages/codec/yaml_loader.hpp"

namespace convoy::apiserver {

namespace {

constexpr std::string_view api_version = "apiserver.config.k8s.io/v1";
constexpr std::string_view kind = "EncryptionConfiguration";

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw auth_config_error(path.empty() ? problem : path + ": " + problem);
}

std::string join(const std::string& path, std::string_view field) {
  return path.empty() ? std::string{field} : path + "." + std::string{field};
}

std::string index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

/// Refuses fields a Kubernetes EncryptionConfiguration (as convoy supports
/// it) does not have: a typo must not silently disable encryption.
void expect_map(const YAML::Node& node, const std::string& path,
                std::initializer_list<std::string_view> fields) {
  if (!node.IsMap())
    fail(path, "must be a mapping");
  for (const auto& entry : node) {
    auto name = entry.first.Scalar();
    if (std::find(fields.begin(), fields.end(), name) == fields.end())
      fail(join(path, name), "unknown field");
  }
}

YAML::Node expect_sequence(const YAML::Node& node, const std::string& path) {
  if (!node.IsDefined() || node.IsNull())
    fail(path, "required");
  if (!node.IsSequence() || node.size() == 0)
    fail(path, "must be a non-empty list");
  return node;
}

std::string expect_string(const YAML::Node& node, const std::string& path) {
  if (!node.IsDefined() || node.IsNull())
    fail(path, "required");
  if (!node.IsScalar() || node.Scalar().empty())
    fail(path, "must be a non-empty string");
  return node.Scalar();
}

void check_resources(const YAML::Node& node, const std::string& path) {
  expect_sequence(node, path);
  for (size_t i = 0; i < node.size(); ++i) {
    auto at = index(path, i);
    if (expect_string(node[i], at) != "secrets")
      fail(at, "only secrets can be encrypted");
  }
}

aesgcm_key parse_key(const YAML::Node& node, const std::string& path) {
  expect_map(node, path, {"name", "secret"});
  aesgcm_key key;
  key.name = expect_string(node["name"], join(path, "name"));
  if (key.name.find(':') != std::string::npos)
    fail(join(path, "name"), "must not contain ':'");
  auto secret_path = join(path, "secret");
  auto text = expect_string(node["secret"], secret_path);
  bool ok = codec::scalar_text::decode_base64(text, key.secret);
  OPENSSL_cleanse(text.data(), text.size());
  auto size = key.secret.size();
  if (!ok || (size != 16 && size != 24 && size != 32))
    fail(secret_path, "must be base64 of 16, 24 or 32 bytes");
  return key;
}

encryption_provider parse_aesgcm(const YAML::Node& node, const std::string& path,
                                 std::vector<std::string>& names) {
  expect_map(node, path, {"keys"});
  auto keys_path = join(path, "keys");
  auto keys = expect_sequence(node["keys"], keys_path);
  encryption_provider out;
  out.kind = encryption_provider::type::aesgcm;
  for (size_t i = 0; i < keys.size(); ++i) {
    auto key = parse_key(keys[i], index(keys_path, i));
    if (std::find(names.begin(), names.end(), key.name) != names.end())
      fail(join(index(keys_path, i), "name"), "\"" + key.name + "\" is used twice");
    names.push_back(key.name);
    out.keys.push_back(std::move(key));
  }
  return out;
}

encryption_provider parse_provider(const YAML::Node& node, const std::string& path,
                                   std::vector<std::string>& names) {
  if (!node.IsMap() || node.size() != 1)
    fail(path, "must name exactly one provider (aesgcm or identity)");
  auto type = node.begin()->first.Scalar();
  YAML::Node body = node.begin()->second;
  auto at = join(path, type);
  if (type == "aesgcm")
    return parse_aesgcm(body, at, names);
  if (type == "identity") {
    if (!body.IsNull() && !(body.IsMap() && body.size() == 0))
      fail(at, "must be {}");
    return encryption_provider{};
  }
  fail(at, "unsupported provider (convoy supports aesgcm and identity)");
}

std::vector<encryption_provider> parse_entry(const YAML::Node& node, const std::string& path) {
  expect_map(node, path, {"resources", "providers"});
  check_resources(node["resources"], join(path, "resources"));
  auto providers_path = join(path, "providers");
  auto providers = expect_sequence(node["providers"], providers_path);
  std::vector<encryption_provider> out;
  std::vector<std::string> names;
  for (size_t i = 0; i < providers.size(); ++i)
    out.push_back(parse_provider(providers[i], index(providers_path, i), names));
  return out;
}

YAML::Node load_document(std::string_view text) {
  auto docs = codec::yaml_loader::load_all(text);
  if (!docs)
    fail("", docs.error().to_string());
  if (docs.value().size() != 1 || docs.value()[0].IsNull())
    fail("", "expected exactly one YAML document");
  return docs.value()[0];
}

} // namespace

encryption_config parse_encryption_config(std::string_view text) {
  auto root = load_document(text);
  expect_map(root, "", {"apiVersion", "kind", "resources"});
  if (expect_string(root["apiVersion"], "apiVersion") != api_version)
    fail("apiVersion", "must be " + std::string{api_version});
  if (expect_string(root["kind"], "kind") != kind)
    fail("kind", "must be " + std::string{kind});
  auto resources = expect_sequence(root["resources"], "resources");
  if (resources.size() != 1)
    fail("resources", "must have exactly one entry (the one for secrets)");
  encryption_config out;
  out.providers = parse_entry(resources[0], "resources[0]");
  return out;
}

encryption_config load_encryption_config(const std::string& path) {
  auto text = read_whole_file(path); // its errors name the path
  encryption_config out;
  try {
    out = parse_encryption_config(text);
  } catch (const auth_config_error& e) {
    OPENSSL_cleanse(text.data(), text.size());
    throw auth_config_error(path + ": " + e.what());
  }
  OPENSSL_cleanse(text.data(), text.size());
  namespace fs = std::filesystem;
  std::error_code ec;
  auto perms = fs::status(path, ec).permissions();
  if (!ec && (perms & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none)
    out.warnings.push_back(path + ": readable by others than its owner (it holds encryption "
                           "keys; chmod 600 it)");
  return out;
}

std::shared_ptr<const value_transformer>
make_value_transformer(const encryption_config& config, std::shared_ptr<random_source> random) {
  std::vector<aesgcm_key> keys;
  for (const auto& p : config.providers)
    keys.insert(keys.end(), p.keys.begin(), p.keys.end());
  bool encrypt = !config.providers.empty()
                 && config.providers.front().kind == encryption_provider::type::aesgcm;
  return std::make_shared<const value_transformer>(std::move(keys), encrypt, std::move(random));
}

} // namespace convoy::apiserver
