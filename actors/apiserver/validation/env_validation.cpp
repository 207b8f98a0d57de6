#include "actors/apiserver/validation/container_parts.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"
#include "messages/quantity.hpp"

namespace convoy::apiserver::detail {

namespace {

// Fields of the pod an env var may expose (sorted, as Kubernetes lists them).
constexpr std::array<std::string_view, 9> env_field_paths = {
  "metadata.name",  "metadata.namespace", "metadata.uid",   "spec.nodeName",
  "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
  "status.podIPs",
};

// Every field Kubernetes' downward API conversion knows for pods (v1).
constexpr std::array<std::string_view, 12> downward_field_paths = {
  "metadata.name",        "metadata.namespace", "metadata.uid",  "spec.nodeName",
  "spec.restartPolicy",   "spec.serviceAccountName", "spec.schedulerName", "status.phase",
  "status.hostIP",        "status.hostIPs",     "status.podIP",  "status.podIPs",
};

constexpr std::array<std::string_view, 6> container_resource_fields = {
  "limits.cpu",   "limits.ephemeral-storage",   "limits.memory",
  "requests.cpu", "requests.ephemeral-storage", "requests.memory",
};

template <size_t N>
bool contains(const std::array<std::string_view, N>& set, std::string_view value) {
  return std::find(set.begin(), set.end(), value) != set.end();
}

template <size_t N>
std::vector<std::string_view> as_vector(const std::array<std::string_view, N>& set) {
  return {set.begin(), set.end()};
}

// "metadata.labels['app']" -> ("metadata.labels", "app").
bool split_subscript(std::string_view path, std::string_view& base, std::string_view& key) {
  auto open = path.find("['");
  if (open == std::string_view::npos || path.size() < open + 4 || path.substr(path.size() - 2) != "']")
    return false;
  base = path.substr(0, open);
  key = path.substr(open + 2, path.size() - open - 4);
  return true;
}

void validate_object_field_selector(const api::ObjectFieldSelector& ref, const field_path& path,
                                    field_error_list& errs) {
  if (ref.api_version().empty()) {
    errs.push_back(required(path.child("apiVersion")));
    return;
  }
  if (ref.field_path().empty()) {
    errs.push_back(required(path.child("fieldPath")));
    return;
  }
  const auto fp = path.child("fieldPath");
  if (ref.api_version() != "v1") {
    errs.push_back(invalid(fp, ref.field_path(),
                           "error converting fieldPath: unsupported pod version: "
                             + ref.api_version()));
    return;
  }
  std::string_view base, key;
  if (split_subscript(ref.field_path(), base, key)) {
    if (base == "metadata.annotations") {
      std::string lowered{key};
      std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      validate_qualified_name(lowered, path, errs);
    } else if (base == "metadata.labels") {
      validate_qualified_name(key, path, errs);
    } else {
      errs.push_back(invalid(fp, ref.field_path(),
                             "error converting fieldPath: field label not supported: "
                               + ref.field_path()));
    }
    return;
  }
  if (!contains(downward_field_paths, ref.field_path()))
    errs.push_back(invalid(fp, ref.field_path(),
                           "error converting fieldPath: field label not supported: "
                             + ref.field_path()));
  else if (!contains(env_field_paths, ref.field_path()))
    errs.push_back(not_supported(fp, ref.field_path(), as_vector(env_field_paths)));
}

void validate_divisor(std::string_view resource, std::string_view divisor, const field_path& path,
                      field_error_list& errs) {
  if (divisor.empty())
    return;
  const auto at = path.child("divisor");
  auto q = quantity::parse_with_error(divisor);
  if (!q) {
    errs.push_back(invalid(at, divisor, q.error));
    return;
  }
  auto is = [&](const char* text) { return *q.value == *quantity::parse(text); };
  if (resource.find("cpu") != std::string_view::npos) {
    if (!is("1m") && !is("1"))
      errs.push_back(invalid(at, divisor,
                             "only divisor's values 1m and 1 are supported with the cpu resource"));
    return;
  }
  static constexpr const char* memory_divisors[] = {"1",  "1k",  "1M",  "1G",  "1T",  "1P",  "1E",
                                                    "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"};
  bool ok = false;
  for (auto d : memory_divisors)
    ok = ok || is(d);
  if (!ok)
    errs.push_back(invalid(at, divisor,
                           "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, "
                           "1Pi, 1Ei are supported with the memory resource"));
}

void validate_resource_field_selector(const api::ResourceFieldSelector& ref,
                                      const field_path& path, field_error_list& errs) {
  const auto& res = ref.resource();
  if (res.empty()) {
    errs.push_back(required(path.child("resource")));
  } else if (!contains(container_resource_fields, res)
             && res.rfind("limits.hugepages-", 0) != 0
             && res.rfind("requests.hugepages-", 0) != 0) {
    errs.push_back(not_supported(path.child("resource"), res, as_vector(container_resource_fields)));
  }
  validate_divisor(res, ref.divisor(), path, errs);
}

template <class Selector>
void validate_key_selector(const Selector& ref, const field_path& path, field_error_list& errs) {
  validate_name_with(name_is_dns_subdomain, ref.name(), path.child("name"), errs);
  if (ref.key().empty()) {
    errs.push_back(required(path.child("key")));
    return;
  }
  for (auto& msg : is_config_map_key(ref.key()))
    errs.push_back(invalid(path.child("key"), ref.key(), std::move(msg)));
}

void validate_value_from(const api::EnvVar& var, const field_path& path, field_error_list& errs) {
  if (!var.has_value_from())
    return;
  const auto& from = var.value_from();
  int sources = 0;
  if (from.has_field_ref()) {
    ++sources;
    validate_object_field_selector(from.field_ref(), path.child("fieldRef"), errs);
  }
  if (from.has_resource_field_ref()) {
    ++sources;
    validate_resource_field_selector(from.resource_field_ref(), path.child("resourceFieldRef"), errs);
  }
  if (from.has_config_map_key_ref()) {
    ++sources;
    validate_key_selector(from.config_map_key_ref(), path.child("configMapKeyRef"), errs);
  }
  if (from.has_secret_key_ref()) {
    ++sources;
    validate_key_selector(from.secret_key_ref(), path.child("secretKeyRef"), errs);
  }
  if (sources == 0)
    errs.push_back(invalid(path, "",
                           "must specify one of: `fieldRef`, `resourceFieldRef`, "
                           "`configMapKeyRef` or `secretKeyRef`"));
  else if (!var.value().empty())
    errs.push_back(invalid(path, "", "may not be specified when `value` is not empty"));
  else if (sources > 1)
    errs.push_back(invalid(path, "", "may not have more than one field specified at a time"));
}

template <class Source>
void validate_env_source_name(const Source& src, const field_path& path, field_error_list& errs) {
  if (src.name().empty()) {
    errs.push_back(required(path.child("name")));
    return;
  }
  for (auto& msg : name_is_dns_subdomain(src.name(), true))
    errs.push_back(invalid(path.child("name"), src.name(), std::move(msg)));
}

} // namespace

void validate_env(const repeated<api::EnvVar>& env, const field_path& path,
                  field_error_list& errs) {
  for (int i = 0; i < env.size(); ++i) {
    const auto& var = env[i];
    const auto at = path.index(static_cast<size_t>(i));
    if (var.name().empty()) {
      errs.push_back(required(at.child("name")));
    } else {
      for (auto& msg : is_env_var_name(var.name()))
        errs.push_back(invalid(at.child("name"), var.name(), std::move(msg)));
    }
    validate_value_from(var, at.child("valueFrom"), errs);
  }
}

void validate_env_from(const repeated<api::EnvFromSource>& env_from, const field_path& path,
                       field_error_list& errs) {
  for (int i = 0; i < env_from.size(); ++i) {
    const auto& src = env_from[i];
    const auto at = path.index(static_cast<size_t>(i));
    if (!src.prefix().empty())
      for (auto& msg : is_env_var_name(src.prefix()))
        errs.push_back(invalid(at.child("prefix"), src.prefix(), std::move(msg)));
    int sources = 0;
    if (src.has_config_map_ref()) {
      ++sources;
      validate_env_source_name(src.config_map_ref(), at.child("configMapRef"), errs);
    }
    if (src.has_secret_ref()) {
      ++sources;
      validate_env_source_name(src.secret_ref(), at.child("secretRef"), errs);
    }
    if (sources == 0)
      errs.push_back(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (sources > 1)
      errs.push_back(invalid(path, "", "may not have more than one field specified at a time"));
  }
}

} // namespace convoy::apiserver::detail
