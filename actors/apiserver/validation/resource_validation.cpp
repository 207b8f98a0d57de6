#include <optional>
#include <string>

#include "actors/apiserver/validation/container_validation.hpp"
#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"
#include "messages/quantity.hpp"

namespace convoy::apiserver {

namespace {

bool is_hugepages(std::string_view name) {
  return name.rfind("hugepages-", 0) == 0;
}

// Kubernetes' IsNativeResource: unprefixed or in the kubernetes.io domain.
bool is_native(std::string_view name) {
  return name.find('/') == std::string_view::npos
         || name.find("kubernetes.io/") != std::string_view::npos;
}

bool is_extended(std::string_view name) {
  if (is_native(name) || name.rfind("requests.", 0) == 0)
    return false;
  return is_qualified_name("requests." + std::string{name}).empty();
}

// Hugepages and extended resources cannot be overcommitted: request == limit.
bool overcommit_allowed(std::string_view name) {
  return is_native(name) && !is_hugepages(name);
}

bool is_standard_container_resource(std::string_view name) {
  return name == "cpu" || name == "memory" || name == "ephemeral-storage" || is_hugepages(name);
}

bool is_cpu_or_memory(std::string_view name) {
  return name == "cpu" || name == "memory";
}

void validate_resource_name(std::string_view name, const field_path& path,
                            field_error_list& errs) {
  validate_qualified_name(name, path, errs);
  if (name.find('/') == std::string_view::npos) {
    if (!is_standard_container_resource(name))
      errs.push_back(invalid(path, name, "must be a standard resource for containers"));
  } else if (!is_native(name) && !is_extended(name)) {
    errs.push_back(invalid(path, name, "doesn't follow extended resource name standard"));
  }
}

std::optional<quantity> parse_quantity(std::string_view name, std::string_view text,
                                       const field_path& path, field_error_list& errs) {
  auto result = quantity::parse_with_error(text);
  if (!result) {
    errs.push_back(invalid(path, text, std::move(result.error)));
    return std::nullopt;
  }
  const auto& q = *result.value;
  if (q.sign() < 0)
    errs.push_back(invalid(path, q.to_string(), is_negative_error_msg));
  if (is_extended(name) && q.milli_value() % 1000 != 0)
    errs.push_back(invalid(path, bad_value::raw(q.to_string()), is_not_integer_error_msg));
  return result.value;
}

void check_request_against_limit(const std::string& name, const quantity& request,
                                 const string_map& limits, const field_path& requests_path,
                                 const field_path& limits_path, field_error_list& errs) {
  auto it = limits.find(name);
  if (it == limits.end()) {
    if (!overcommit_allowed(name))
      errs.push_back(required(limits_path, "Limit must be set for non overcommitable resources"));
    return;
  }
  auto limit = quantity::parse(it->second);
  if (!limit)
    return; // already reported under limits
  if (request != *limit && !overcommit_allowed(name))
    errs.push_back(invalid(requests_path, request.to_string(),
                           "must be equal to " + name + " limit of " + limit->to_string()));
  else if (request > *limit)
    errs.push_back(invalid(requests_path, request.to_string(),
                           "must be less than or equal to " + name + " limit of "
                             + limit->to_string()));
}

} // namespace

void validate_resource_requirements(const api::ResourceRequirements& resources,
                                    const field_path& path, field_error_list& errs) {
  const auto from = errs.size();
  const auto limits_path = path.child("limits");
  const auto requests_path = path.child("requests");
  bool cpu_or_memory = false;
  bool hugepages = false;
  for (const auto& [name, text] : resources.limits()) {
    const auto at = limits_path.key(name);
    validate_resource_name(name, at, errs);
    parse_quantity(name, text, at, errs);
    cpu_or_memory = cpu_or_memory || is_cpu_or_memory(name);
    hugepages = hugepages || is_hugepages(name);
  }
  for (const auto& [name, text] : resources.requests()) {
    const auto at = requests_path.key(name);
    validate_resource_name(name, at, errs);
    if (auto request = parse_quantity(name, text, at, errs))
      check_request_against_limit(name, *request, resources.limits(), requests_path, limits_path,
                                  errs);
    cpu_or_memory = cpu_or_memory || is_cpu_or_memory(name);
    hugepages = hugepages || is_hugepages(name);
  }
  sort_errors_from(errs, from);
  if (hugepages && !cpu_or_memory)
    errs.push_back(forbidden(path, "HugePages require cpu or memory"));
}

} // namespace convoy::apiserver
