#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace convoy::apiserver {

/// A path to a field inside an API object ("spec.containers[0].image",
/// "metadata.labels[app]"), rendered exactly like Kubernetes' field.Path.
///
/// Validation walks every field of every written object, but reports errors
/// rarely, so a path is a chain of nodes on the caller's stack (each points
/// to its parent) and becomes a string only when an error names it: walking
/// an object allocates nothing.
///
/// Lifetime rule: a child refers to its parent and to its name/key text, so
/// the parent (a named variable or a function parameter) must outlive the
/// child. Taking a child of a temporary does not compile, which catches
/// `auto p = root.child("a").index(0);` (p would point at a dead node).
/// Names are string literals; keys point into the validated object.
class field_path {
public:
  /// A root path, e.g. field_path{"spec"}. An empty name renders as "".
  explicit constexpr field_path(std::string_view name) noexcept : text_(name) {}

  /// `parent.name`; `name` may hold dots ("metadata.labels") as a shortcut
  /// for two steps, since it renders the same.
  field_path child(std::string_view name) const& noexcept {
    return field_path{this, kind::name, name, 0};
  }

  /// `parent[i]`.
  field_path index(size_t i) const& noexcept {
    return field_path{this, kind::index, {}, i};
  }

  /// `parent[i].name` in one node: the common "item's field" step.
  field_path index(size_t i, std::string_view name) const& noexcept {
    return field_path{this, kind::index_name, name, i};
  }

  /// `parent[key]` (map entries; the key is not quoted, as in Kubernetes).
  field_path key(std::string_view key) const& noexcept {
    return field_path{this, kind::key, key, 0};
  }

  field_path child(std::string_view) const&& = delete;
  field_path index(size_t) const&& = delete;
  field_path index(size_t, std::string_view) const&& = delete;
  field_path key(std::string_view) const&& = delete;

  std::string to_string() const;

  /// Appends the rendered path to `out`.
  void append_to(std::string& out) const;

private:
  enum class kind : uint8_t { name, index, index_name, key };

  void render(std::string& out, size_t start) const;

  constexpr field_path(const field_path* parent, kind k, std::string_view text,
                       size_t index) noexcept
    : parent_(parent), text_(text), index_(index), kind_(k) {}

  const field_path* parent_ = nullptr;
  std::string_view text_;
  size_t index_ = 0;
  kind kind_ = kind::name;
};

} // namespace convoy::apiserver
