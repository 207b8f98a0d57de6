#include "actors/apiserver/validation/config_validation.hpp"

#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"
#include "messages/map_equal.hpp"

namespace convoy::apiserver {

namespace {

const field_path metadata_path{"metadata"};

template <class Map>
size_t validate_config_keys(const Map& data, const field_path& path, field_error_list& errs) {
  size_t total = 0;
  auto from = errs.size();
  for (const auto& [key, value] : data) {
    for (auto& msg : is_config_map_key(key))
      errs.push_back(invalid(path.key(key), key, std::move(msg)));
    total += value.size();
  }
  sort_errors_from(errs, from);
  return total;
}

void validate_secret_type(const api::Secret& secret, const field_path& data,
                          field_error_list& errs) {
  const auto& type = secret.type();
  auto has = [&](const char* key) { return secret.data().count(key) > 0; };
  if (type == "kubernetes.io/service-account-token") {
    auto it = secret.metadata().annotations().find("kubernetes.io/service-account.name");
    if (it == secret.metadata().annotations().end() || it->second.empty()) {
      const field_path annotations{"metadata.annotations"};
      errs.push_back(required(annotations.key("kubernetes.io/service-account.name")));
    }
  } else if (type == "kubernetes.io/basic-auth") {
    if (!has("username") && !has("password")) {
      errs.push_back(required(data.key("username")));
      errs.push_back(required(data.key("password")));
    }
  } else if (type == "kubernetes.io/ssh-auth") {
    auto it = secret.data().find("ssh-privatekey");
    if (it == secret.data().end() || it->second.empty())
      errs.push_back(required(data.key("ssh-privatekey")));
  } else if (type == "kubernetes.io/tls") {
    if (!has("tls.crt"))
      errs.push_back(required(data.key("tls.crt")));
    if (!has("tls.key"))
      errs.push_back(required(data.key("tls.key")));
  }
}

void validate_frozen(bool old_immutable, bool new_present, bool new_immutable, bool data_same,
                     bool binary_same, field_error_list& errs) {
  if (!old_immutable)
    return;
  static constexpr const char* msg = "field is immutable when `immutable` is set";
  if (!new_present || !new_immutable)
    errs.push_back(forbidden(field_path{"immutable"}, msg));
  if (!data_same)
    errs.push_back(forbidden(field_path{"data"}, msg));
  if (!binary_same)
    errs.push_back(forbidden(field_path{"binaryData"}, msg));
}

} // namespace

field_error_list validate_config_map(const api::ConfigMap& cm) {
  field_error_list errs;
  validate_object_meta(cm.metadata(), true, name_is_dns_subdomain, metadata_path, errs);
  const field_path data{"data"};
  const field_path binary{"binaryData"};
  size_t total = validate_config_keys(cm.data(), data, errs);
  for (const auto& [key, value] : cm.data())
    if (cm.binary_data().count(key) > 0)
      errs.push_back(invalid(data.key(key), key, "duplicate of key present in binaryData"));
  total += validate_config_keys(cm.binary_data(), binary, errs);
  if (total > max_secret_size_bytes)
    errs.push_back(too_long(field_path{""}, max_secret_size_bytes));
  return errs;
}

field_error_list validate_config_map_update(const api::ConfigMap& updated,
                                            const api::ConfigMap& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_frozen(old.has_immutable() && old.immutable(), updated.has_immutable(),
                  updated.immutable(), same_map(updated.data(), old.data()),
                  same_map(updated.binary_data(), old.binary_data()), errs);
  auto more = validate_config_map(updated);
  errs.insert(errs.end(), more.begin(), more.end());
  return errs;
}

field_error_list validate_secret(const api::Secret& secret) {
  field_error_list errs;
  validate_object_meta(secret.metadata(), true, name_is_dns_subdomain, metadata_path, errs);
  const field_path data{"data"};
  size_t total = validate_config_keys(secret.data(), data, errs);
  total += validate_config_keys(secret.string_data(), field_path{"stringData"}, errs);
  if (total > max_secret_size_bytes)
    errs.push_back(too_long(data, max_secret_size_bytes));
  validate_secret_type(secret, data, errs);
  return errs;
}

field_error_list validate_secret_update(const api::Secret& updated, const api::Secret& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_immutable(updated.type(), old.type(), field_path{"type"}, errs);
  validate_frozen(old.has_immutable() && old.immutable(), updated.has_immutable(),
                  updated.immutable(), same_map(updated.data(), old.data()), true, errs);
  auto more = validate_secret(updated);
  errs.insert(errs.end(), more.begin(), more.end());
  return errs;
}

field_error_list validate_service_account(const api::ServiceAccount& account) {
  field_error_list errs;
  validate_object_meta(account.metadata(), true, name_is_dns_subdomain, metadata_path, errs);
  return errs;
}

field_error_list validate_service_account_update(const api::ServiceAccount& updated,
                                                 const api::ServiceAccount& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  return errs;
}

field_error_list validate_namespace(const api::Namespace& ns) {
  field_error_list errs;
  validate_object_meta(ns.metadata(), false, name_is_dns_label, metadata_path, errs);
  validate_finalizers(ns.spec().finalizers(), field_path{"spec.finalizers"}, errs);
  return errs;
}

field_error_list validate_namespace_update(const api::Namespace& updated,
                                           const api::Namespace& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_finalizers(updated.spec().finalizers(), field_path{"spec.finalizers"}, errs);
  return errs;
}

} // namespace convoy::apiserver
