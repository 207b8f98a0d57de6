#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace convoy::apiserver {

class strategic_type;

/// The strategic-merge metadata of one field: Kubernetes' patchStrategy and
/// patchMergeKey struct tags, plus the type of the field's value (of its
/// elements for a list) so nested fields resolve too.
struct strategic_field {
  /// Struct type of the value or of the list's elements; nullptr when no
  /// field below carries metadata.
  const strategic_type* type = nullptr;
  /// patchStrategy "merge": the list merges with the live list instead of
  /// replacing it (lists without it are atomic, as in Kubernetes).
  bool merge = false;
  /// patchMergeKey: the field identifying an item of a merged list of
  /// objects; empty for a merged list of primitives (a set, e.g. finalizers).
  std::string merge_key;
  /// A second identifying field (the list-map keys Kubernetes added later,
  /// e.g. protocol for ports). Items whose merge keys are equal are told
  /// apart by it only when both carry it, so patches that omit it behave
  /// exactly as in Kubernetes while 53/TCP and 53/UDP stay two items.
  std::string second_key;
};

/// A struct type: the fields that carry strategic-merge metadata or lead
/// to such fields. Fields not listed merge as maps or replace as values.
class strategic_type {
public:
  /// The field's metadata, or nullptr for a field without any.
  const strategic_field* field(std::string_view name) const noexcept;

private:
  friend class strategic_schema;
  std::map<std::string, strategic_field, std::less<>> fields_;
};

/// The strategic-merge metadata of a family of API kinds, declared field by
/// field. kubernetes() holds the tags of the Kubernetes API types convoy
/// serves; tests may declare their own.
class strategic_schema {
public:
  strategic_schema() = default;
  strategic_schema(const strategic_schema&) = delete;
  strategic_schema& operator=(const strategic_schema&) = delete;
  strategic_schema(strategic_schema&&) = default;
  strategic_schema& operator=(strategic_schema&&) = default;

  /// The schema of Kubernetes' built-in kinds, built once.
  static const strategic_schema& kubernetes();

  /// `owner.field` holds a struct of type `type`. Types are created on
  /// first mention.
  strategic_schema& object(std::string_view owner, std::string_view field, std::string_view type);

  /// `owner.field` is a list of `element_type` objects merged by
  /// `merge_key` (patchStrategy:"merge" patchMergeKey:"...").
  strategic_schema& merge_list(std::string_view owner, std::string_view field,
                               std::string_view element_type, std::string_view merge_key,
                               std::string_view second_key = {});

  /// `owner.field` is a list of primitives merged as a set
  /// (patchStrategy:"merge" without a merge key, e.g. finalizers).
  strategic_schema& primitive_set(std::string_view owner, std::string_view field);

  /// Objects of kind `kind` have root type `type`.
  strategic_schema& kind(std::string_view kind, std::string_view type);

  /// Root type for kinds not declared (e.g. only metadata is known).
  strategic_schema& fallback(std::string_view type);

  /// Whether `kind` was declared.
  bool has_kind(std::string_view kind) const noexcept;

  /// The root type of `kind`, else the fallback type, else nullptr (then
  /// every list replaces, as in a JSON merge patch).
  const strategic_type* root(std::string_view kind) const noexcept;

private:
  strategic_type& type_named(std::string_view name);
  strategic_field& field_of(std::string_view owner, std::string_view field);

  std::map<std::string, std::unique_ptr<strategic_type>, std::less<>> types_;
  std::map<std::string, const strategic_type*, std::less<>> kinds_;
  const strategic_type* fallback_ = nullptr;
};

} // namespace convoy::apiserver
