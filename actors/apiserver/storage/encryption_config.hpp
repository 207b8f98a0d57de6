#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "actors/apiserver/storage/value_transformer.hpp"

namespace convoy::apiserver {

class random_source;

/// One entry of `providers`, in the file's order (the first one writes).
struct encryption_provider {
  enum class type { aesgcm, identity };
  type kind = type::identity;
  std::vector<aesgcm_key> keys; ///< aesgcm only
};

/// A Kubernetes EncryptionConfiguration (apiserver.config.k8s.io/v1) as
/// convoy supports it: the resource `secrets`, providers aesgcm and
/// identity. Holds key material: never log it.
struct encryption_config {
  std::vector<encryption_provider> providers;
  /// Things worth a log line that do not stop the apiserver (a key file
  /// others can read). Never contain key material.
  std::vector<std::string> warnings;
};

/// Parses the YAML text. Throws auth_config_error whose message names the
/// field, e.g. "resources[0].providers[0].aesgcm.keys[1].secret: must be
/// base64 of 16, 24 or 32 bytes" (never a secret's value).
encryption_config parse_encryption_config(std::string_view text);

/// Reads and parses `path` (--encryption-provider-config); errors start
/// with the path. Warns (in `warnings`) if the file is group/world readable.
encryption_config load_encryption_config(const std::string& path);

/// The transformer for Secrets: every aesgcm key decrypts, the first
/// provider decides whether writes are encrypted (and with its first key).
std::shared_ptr<const value_transformer>
make_value_transformer(const encryption_config& config, std::shared_ptr<random_source> random);

} // namespace convoy::apiserver
