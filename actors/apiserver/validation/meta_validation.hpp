#pragma once

#include <string>
#include <string_view>

#include <google/protobuf/map.h>

#include "actors/apiserver/validation/field_error.hpp"
#include "actors/apiserver/validation/field_path.hpp"
#include "actors/apiserver/validation/name_rules.hpp"
#include "api/meta.pb.h"

/// Validation shared by every kind: object metadata (Kubernetes'
/// apimachinery ValidateObjectMeta and its update variant), labels,
/// annotations, label selectors, and the small field checks the per-kind
/// validators build on. Each function appends to `errs`.
namespace convoy::apiserver {

using string_map = google::protobuf::Map<std::string, std::string>;

/// Total size (keys + values) Kubernetes allows for an object's annotations.
constexpr size_t total_annotation_size_limit_bytes = 256 * 1024;

/// ValidateObjectMeta: name (checked by `name_fn`) or generateName, namespace
/// required iff `namespaced`, generation >= 0, labels, annotations, owner
/// references, finalizers.
void validate_object_meta(const api::ObjectMeta& meta, bool namespaced, name_validator name_fn,
                          const field_path& path, field_error_list& errs);

/// ValidateObjectMetaUpdate: name, namespace, uid, creationTimestamp,
/// deletionTimestamp, deletionGracePeriodSeconds are immutable; the
/// resourceVersion must be set (the apiserver fills it in from the stored
/// object for unconditional updates, as Kubernetes' registry does, before
/// validating); generation never decreases; no new finalizers while
/// deleting; labels/annotations/owner references re-validated.
void validate_object_meta_update(const api::ObjectMeta& updated, const api::ObjectMeta& old,
                                 const field_path& path, field_error_list& errs);

/// Every key a qualified name, every value a label value; errors name
/// `path` itself (as Kubernetes does), sorted for a stable order.
void validate_labels(const string_map& labels, const field_path& path, field_error_list& errs);

/// A label key (qualified name).
void validate_label_name(std::string_view name, const field_path& path, field_error_list& errs);

/// Keys qualified names (case-insensitively), total size limited.
void validate_annotations(const string_map& annotations, const field_path& path,
                          field_error_list& errs);

/// metav1 ValidateLabelSelector: matchLabels as labels; each expression has
/// a valid key, a known operator (In, NotIn, Exists, DoesNotExist), values
/// iff In/NotIn, each value a label value.
void validate_label_selector(const api::LabelSelector& selector, const field_path& path,
                             field_error_list& errs);

/// Finalizer names: qualified names; a standard name ("kubernetes",
/// "orphan", "foregroundDeletion") or one with a domain prefix.
void validate_finalizers(const google::protobuf::RepeatedPtrField<std::string>& finalizers,
                         const field_path& path, field_error_list& errs);

// -- small field checks ------------------------------------------------------

/// `Invalid value: N: must be greater than or equal to 0` when value < 0.
void validate_nonnegative(int64_t value, const field_path& path, field_error_list& errs);

/// Invalid for each IsDNS1123Label message.
void validate_dns1123_label(std::string_view value, const field_path& path,
                            field_error_list& errs);

/// Invalid for each IsDNS1123Subdomain message.
void validate_dns1123_subdomain(std::string_view value, const field_path& path,
                                field_error_list& errs);

/// Invalid for each IsQualifiedName message.
void validate_qualified_name(std::string_view value, const field_path& path,
                             field_error_list& errs);

/// Invalid for each message `name_fn` returns.
void validate_name_with(name_validator name_fn, std::string_view value, const field_path& path,
                        field_error_list& errs);

/// `Invalid value: "new": field is immutable` when the strings differ.
void validate_immutable(std::string_view updated, std::string_view old, const field_path& path,
                        field_error_list& errs);

/// Sorts errs[from..] by their rendered text, so errors found while
/// iterating a (hash-ordered) protobuf map come out in a stable order.
void sort_errors_from(field_error_list& errs, size_t from);

} // namespace convoy::apiserver
