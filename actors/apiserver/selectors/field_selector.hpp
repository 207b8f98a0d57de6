#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/apiserver/selectors/field_accessors.hpp"
#include "actors/apiserver/selectors/selector_result.hpp"

namespace convoy::apiserver {

/// One clause of a field selector: `field=value` or `field!=value`.
struct field_term {
  std::string field;
  bool negated = false;
  std::string value;
  /// Bound accessor (nullptr until the selector is parsed for a kind).
  const field_accessor* accessor = nullptr;

  friend bool operator==(const field_term& x, const field_term& y) {
    return x.field == y.field && x.negated == y.negated && x.value == y.value;
  }
};

/// A Kubernetes field selector ("metadata.name=web,status.phase!=Running,
/// spec.nodeName="): a conjunction of equality terms on a kind's selectable
/// fields. Values escape '\', ',' and '=' with a backslash.
///
/// Parsed for a kind, each term is bound to that kind's accessor
/// (field_table), so matching an object costs one indirect call per term
/// and no lookups; a field the kind does not support is rejected with
/// Kubernetes' "field label not supported: x".
class field_selector {
public:
  /// Matches everything.
  field_selector() = default;

  /// Syntax only; the terms stay unbound (matches() is false for an
  /// unbound non-empty selector). For clients that only print or forward.
  static selector_result<field_selector> parse(std::string_view text);

  /// Parses and binds every term to a selectable field of `kind` ("Pod").
  static selector_result<field_selector> parse(std::string_view text, std::string_view kind);

  /// Whether `object` (a message of the bound kind) satisfies every term.
  bool matches(const google::protobuf::Message& object) const;

  bool empty() const noexcept { return terms_.empty(); }

  const std::vector<field_term>& terms() const noexcept { return terms_; }

  /// The bound kind's table, nullptr when unbound.
  const field_table* table() const noexcept { return table_; }

  /// The value `field` must equal (a `field=value` term), if any: lets the
  /// apiserver answer e.g. spec.nodeName=n1 from an index.
  std::optional<std::string_view> requires_exact_match(std::string_view field) const;

  /// Canonical form: terms sorted, "==" printed as "=", values escaped.
  std::string to_string() const;

  friend bool operator==(const field_selector& x, const field_selector& y) {
    return x.terms_ == y.terms_;
  }

private:
  std::vector<field_term> terms_;
  const field_table* table_ = nullptr;
};

/// Escapes '\', ',' and '=' in a field selector value.
std::string escape_field_value(std::string_view value);

/// Undoes escape_field_value; rejects unknown escapes and bare ',' / '='.
selector_result<std::string> unescape_field_value(std::string_view value);

} // namespace convoy::apiserver
