#include "actors/apiserver/validation/meta_validation.hpp"

#include <algorithm>
#include <cctype>

#include <google/protobuf/util/time_util.h>

namespace convoy::apiserver {

namespace {

bool is_standard_finalizer(std::string_view name) {
  return name == "kubernetes" || name == "orphan" || name == "foregroundDeletion";
}

// The version part of an apiVersion ("apps/v1" -> "v1", "v1" -> "v1").
std::string_view version_of(std::string_view api_version) {
  auto slash = api_version.find('/');
  if (slash == std::string_view::npos)
    return api_version;
  if (api_version.find('/', slash + 1) != std::string_view::npos)
    return {};
  return api_version.substr(slash + 1);
}

void validate_owner_reference(const api::OwnerReference& ref, const field_path& path,
                              field_error_list& errs) {
  if (version_of(ref.api_version()).empty())
    errs.push_back(invalid(path.child("apiVersion"), ref.api_version(), "version must not be empty"));
  if (ref.kind().empty())
    errs.push_back(invalid(path.child("kind"), ref.kind(), "must not be empty"));
  if (ref.name().empty())
    errs.push_back(invalid(path.child("name"), ref.name(), "must not be empty"));
  if (ref.uid().empty())
    errs.push_back(invalid(path.child("uid"), ref.uid(), "must not be empty"));
}

void validate_owner_references(
  const google::protobuf::RepeatedPtrField<api::OwnerReference>& refs, const field_path& path,
  field_error_list& errs) {
  std::string first_controller;
  for (const auto& ref : refs) {
    validate_owner_reference(ref, path, errs);
    if (!ref.has_controller() || !ref.controller())
      continue;
    auto current = ref.kind() + "/" + ref.name();
    if (first_controller.empty()) {
      first_controller = std::move(current);
      continue;
    }
    std::string listed = "[";
    for (const auto& r : refs)
      listed += (listed.size() > 1 ? ", " : "") + r.kind() + "/" + r.name();
    listed += "]";
    errs.push_back(invalid(path, bad_value::raw(std::move(listed)),
                           "Only one reference can have Controller set to true. Found \"true\" "
                           "in references for "
                             + first_controller + " and " + current));
  }
}

std::string render_timestamp(bool present, const google::protobuf::Timestamp& ts) {
  if (!present)
    return "null";
  return google::protobuf::util::TimeUtil::ToString(ts);
}

void validate_immutable_timestamp(bool new_present, const google::protobuf::Timestamp& updated,
                                  bool old_present, const google::protobuf::Timestamp& old,
                                  const field_path& path, field_error_list& errs) {
  bool same = new_present == old_present
              && (!new_present
                  || (updated.seconds() == old.seconds() && updated.nanos() == old.nanos()));
  if (!same)
    errs.push_back(invalid(path, bad_value::raw(render_timestamp(new_present, updated)),
                           field_immutable_error_msg));
}

std::vector<std::string> to_vector(const google::protobuf::RepeatedPtrField<std::string>& items) {
  return {items.begin(), items.end()};
}

void validate_no_new_finalizers(const api::ObjectMeta& updated, const api::ObjectMeta& old,
                                const field_path& path, field_error_list& errs) {
  std::vector<std::string> extra;
  for (const auto& name : updated.finalizers())
    if (std::find(old.finalizers().begin(), old.finalizers().end(), name) == old.finalizers().end())
      extra.push_back(name);
  if (extra.empty())
    return;
  std::sort(extra.begin(), extra.end());
  extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
  errs.push_back(forbidden(path, "no new finalizers can be added if the object is being "
                                 "deleted, found new finalizers "
                                   + go_string_slice(extra)));
}

} // namespace

void validate_object_meta(const api::ObjectMeta& meta, bool namespaced, name_validator name_fn,
                          const field_path& path, field_error_list& errs) {
  if (!meta.generate_name().empty()) {
    for (auto& msg : name_fn(meta.generate_name(), true))
      errs.push_back(invalid(path.child("generateName"), meta.generate_name(), std::move(msg)));
  }
  if (meta.name().empty())
    errs.push_back(required(path.child("name"), "name or generateName is required"));
  else
    validate_name_with(name_fn, meta.name(), path.child("name"), errs);
  if (namespaced) {
    if (meta.namespace_().empty())
      errs.push_back(required(path.child("namespace")));
    else
      validate_name_with(name_is_dns_label, meta.namespace_(), path.child("namespace"), errs);
  } else if (!meta.namespace_().empty()) {
    errs.push_back(forbidden(path.child("namespace"), "not allowed on this type"));
  }
  validate_nonnegative(meta.generation(), path.child("generation"), errs);
  validate_labels(meta.labels(), path.child("labels"), errs);
  validate_annotations(meta.annotations(), path.child("annotations"), errs);
  validate_owner_references(meta.owner_references(), path.child("ownerReferences"), errs);
  validate_finalizers(meta.finalizers(), path.child("finalizers"), errs);
}

void validate_object_meta_update(const api::ObjectMeta& updated, const api::ObjectMeta& old,
                                 const field_path& path, field_error_list& errs) {
  if (old.has_deletion_timestamp())
    validate_no_new_finalizers(updated, old, path.child("finalizers"), errs);
  if (updated.resource_version().empty())
    errs.push_back(invalid(path.child("resourceVersion"), updated.resource_version(),
                           "must be specified for an update"));
  if (updated.generation() < old.generation())
    errs.push_back(invalid(path.child("generation"), updated.generation(), "must not be decremented"));
  validate_immutable(updated.name(), old.name(), path.child("name"), errs);
  validate_immutable(updated.namespace_(), old.namespace_(), path.child("namespace"), errs);
  validate_immutable(updated.uid(), old.uid(), path.child("uid"), errs);
  validate_immutable_timestamp(updated.has_creation_timestamp(), updated.creation_timestamp(),
                               old.has_creation_timestamp(), old.creation_timestamp(),
                               path.child("creationTimestamp"), errs);
  validate_immutable_timestamp(updated.has_deletion_timestamp(), updated.deletion_timestamp(),
                               old.has_deletion_timestamp(), old.deletion_timestamp(),
                               path.child("deletionTimestamp"), errs);
  bool same_grace = updated.has_deletion_grace_period_seconds()
                      == old.has_deletion_grace_period_seconds()
                    && updated.deletion_grace_period_seconds()
                         == old.deletion_grace_period_seconds();
  if (!same_grace) {
    auto rendered = updated.has_deletion_grace_period_seconds()
                      ? std::to_string(updated.deletion_grace_period_seconds())
                      : std::string{"null"};
    errs.push_back(invalid(path.child("deletionGracePeriodSeconds"),
                           bad_value::raw(std::move(rendered)), field_immutable_error_msg));
  }
  validate_labels(updated.labels(), path.child("labels"), errs);
  validate_annotations(updated.annotations(), path.child("annotations"), errs);
  validate_owner_references(updated.owner_references(), path.child("ownerReferences"), errs);
}

void validate_labels(const string_map& labels, const field_path& path, field_error_list& errs) {
  auto from = errs.size();
  for (const auto& [key, value] : labels) {
    validate_label_name(key, path, errs);
    for (auto& msg : is_valid_label_value(value))
      errs.push_back(invalid(path, value, std::move(msg)));
  }
  sort_errors_from(errs, from);
}

void validate_label_name(std::string_view name, const field_path& path, field_error_list& errs) {
  for (auto& msg : is_qualified_name(name))
    errs.push_back(invalid(path, name, std::move(msg)));
}

void validate_annotations(const string_map& annotations, const field_path& path,
                          field_error_list& errs) {
  auto from = errs.size();
  size_t total = 0;
  std::string lowered;
  for (const auto& [key, value] : annotations) {
    lowered.assign(key);
    for (auto& c : lowered)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& msg : is_qualified_name(lowered))
      errs.push_back(invalid(path, key, std::move(msg)));
    total += key.size() + value.size();
  }
  sort_errors_from(errs, from);
  if (total > total_annotation_size_limit_bytes)
    errs.push_back(too_long(path, total_annotation_size_limit_bytes));
}

void validate_label_selector(const api::LabelSelector& selector, const field_path& path,
                             field_error_list& errs) {
  validate_labels(selector.match_labels(), path.child("matchLabels"), errs);
  const auto exprs = path.child("matchExpressions");
  for (int i = 0; i < selector.match_expressions_size(); ++i) {
    const auto& expr = selector.match_expressions(i);
    const auto at = exprs.index(static_cast<size_t>(i));
    const auto& op = expr.operator_();
    if (op == "In" || op == "NotIn") {
      if (expr.values().empty())
        errs.push_back(required(at.child("values"),
                                "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op == "Exists" || op == "DoesNotExist") {
      if (!expr.values().empty())
        errs.push_back(forbidden(at.child("values"),
                                 "may not be specified when `operator` is 'Exists' or "
                                 "'DoesNotExist'"));
    } else {
      errs.push_back(invalid(at.child("operator"), op, "not a valid selector operator"));
    }
    validate_label_name(expr.key(), at.child("key"), errs);
    const auto values = at.child("values");
    for (int v = 0; v < expr.values_size(); ++v)
      for (auto& msg : is_valid_label_value(expr.values(v)))
        errs.push_back(invalid(values.index(static_cast<size_t>(v)), expr.values(v), std::move(msg)));
  }
}

void validate_finalizers(const google::protobuf::RepeatedPtrField<std::string>& finalizers,
                         const field_path& path, field_error_list& errs) {
  bool orphan = false;
  bool foreground = false;
  for (int i = 0; i < finalizers.size(); ++i) {
    const auto& name = finalizers[i];
    validate_qualified_name(name, path, errs);
    if (name.find('/') == std::string::npos && !is_standard_finalizer(name))
      errs.push_back(invalid(path.index(static_cast<size_t>(i)), name,
                             "name is neither a standard finalizer name nor is it fully "
                             "qualified"));
    orphan = orphan || name == "orphan";
    foreground = foreground || name == "foregroundDeletion";
  }
  if (orphan && foreground)
    errs.push_back(invalid(path, bad_value::raw(go_string_slice(to_vector(finalizers))),
                           "finalizer orphan and foregroundDeletion cannot be both set"));
}

void validate_nonnegative(int64_t value, const field_path& path, field_error_list& errs) {
  if (value < 0)
    errs.push_back(invalid(path, value, is_negative_error_msg));
}

void validate_dns1123_label(std::string_view value, const field_path& path,
                            field_error_list& errs) {
  for (auto& msg : is_dns1123_label(value))
    errs.push_back(invalid(path, value, std::move(msg)));
}

void validate_dns1123_subdomain(std::string_view value, const field_path& path,
                                field_error_list& errs) {
  for (auto& msg : is_dns1123_subdomain(value))
    errs.push_back(invalid(path, value, std::move(msg)));
}

void validate_qualified_name(std::string_view value, const field_path& path,
                             field_error_list& errs) {
  for (auto& msg : is_qualified_name(value))
    errs.push_back(invalid(path, value, std::move(msg)));
}

void validate_name_with(name_validator name_fn, std::string_view value, const field_path& path,
                        field_error_list& errs) {
  for (auto& msg : name_fn(value, false))
    errs.push_back(invalid(path, value, std::move(msg)));
}

void validate_immutable(std::string_view updated, std::string_view old, const field_path& path,
                        field_error_list& errs) {
  if (updated != old)
    errs.push_back(invalid(path, updated, field_immutable_error_msg));
}

void sort_errors_from(field_error_list& errs, size_t from) {
  if (errs.size() - from < 2)
    return;
  std::stable_sort(errs.begin() + static_cast<std::ptrdiff_t>(from), errs.end(),
                   [](const field_error& x, const field_error& y) {
                     if (x.field != y.field)
                       return x.field < y.field;
                     if (x.value != y.value)
                       return x.value < y.value;
                     return x.detail < y.detail;
                   });
}

} // namespace convoy::apiserver
