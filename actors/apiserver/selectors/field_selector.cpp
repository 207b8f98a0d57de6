#include "actors/apiserver/selectors/field_selector.hpp"

#include <algorithm>

#include <google/protobuf/message.h>

namespace convoy::apiserver {

namespace {

// Splits on commas that are not escaped (Kubernetes' splitTerms).
std::vector<std::string_view> split_terms(std::string_view text) {
  std::vector<std::string_view> terms;
  if (text.empty())
    return terms;
  size_t start = 0;
  bool in_slash = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_slash)
      in_slash = false;
    else if (c == '\\')
      in_slash = true;
    else if (c == ',') {
      terms.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  terms.push_back(text.substr(start));
  return terms;
}

// Finds the first operator ("!=", "==", "=") in a term (Kubernetes' splitTerm).
bool split_term(std::string_view term, std::string_view& lhs, std::string_view& op,
                std::string_view& rhs) {
  static constexpr std::string_view ops[] = {"!=", "==", "="};
  for (size_t i = 0; i < term.size(); ++i) {
    for (auto candidate : ops) {
      if (term.substr(i, candidate.size()) == candidate) {
        lhs = term.substr(0, i);
        op = candidate;
        rhs = term.substr(i + candidate.size());
        return true;
      }
    }
  }
  return false;
}

} // namespace

std::string escape_field_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\' || c == ',' || c == '=')
      out += '\\';
    out += c;
  }
  return out;
}

selector_result<std::string> unescape_field_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool in_slash = false;
  for (char c : value) {
    if (in_slash) {
      if (c != '\\' && c != ',' && c != '=')
        return {std::nullopt,
                "invalid field selector: invalid escape sequence: \\" + std::string(1, c)};
      out += c;
      in_slash = false;
    } else if (c == '\\') {
      in_slash = true;
    } else if (c == ',' || c == '=') {
      return {std::nullopt,
              "invalid field selector: unescaped character in value: " + std::string(1, c)};
    } else {
      out += c;
    }
  }
  if (in_slash)
    return {std::nullopt, "invalid field selector: invalid escape sequence: \\"};
  return {std::move(out), {}};
}

selector_result<field_selector> field_selector::parse(std::string_view text) {
  auto parts = split_terms(text);
  std::sort(parts.begin(), parts.end());
  field_selector result;
  for (auto part : parts) {
    if (part.empty())
      continue;
    std::string_view lhs, op, rhs;
    if (!split_term(part, lhs, op, rhs))
      return {std::nullopt, "invalid selector: '" + std::string{text} + "'; can't understand '"
                              + std::string{part} + "'"};
    auto value = unescape_field_value(rhs);
    if (!value)
      return {std::nullopt, std::move(value.error)};
    result.terms_.push_back(field_term{std::string{lhs}, op == "!=", std::move(*value.value)});
  }
  return {std::move(result), {}};
}

selector_result<field_selector> field_selector::parse(std::string_view text,
                                                      std::string_view kind) {
  const auto* table = field_table::find(kind);
  if (table == nullptr)
    return {std::nullopt,
            "field selectors are not supported for kind \"" + std::string{kind} + "\""};
  auto result = parse(text);
  if (!result)
    return result;
  auto& sel = *result.value;
  for (auto& term : sel.terms_) {
    term.accessor = table->accessor(term.field);
    if (term.accessor == nullptr)
      return {std::nullopt, "field label not supported: " + term.field};
  }
  sel.table_ = table;
  return result;
}

bool field_selector::matches(const google::protobuf::Message& object) const {
  if (terms_.empty())
    return true;
  if (table_ == nullptr || object.GetDescriptor() != table_->descriptor())
    return false;
  std::string scratch;
  for (const auto& term : terms_) {
    bool equal = term.accessor->get(object, scratch) == term.value;
    if (equal == term.negated)
      return false;
  }
  return true;
}

std::optional<std::string_view> field_selector::requires_exact_match(std::string_view field) const {
  for (const auto& term : terms_)
    if (!term.negated && term.field == field)
      return std::string_view{term.value};
  return std::nullopt;
}

std::string field_selector::to_string() const {
  std::string out;
  for (const auto& term : terms_) {
    if (!out.empty())
      out += ',';
    out += term.field;
    out += term.negated ? "!=" : "=";
    out += escape_field_value(term.value);
  }
  return out;
}

} // namespace convoy::apiserver
