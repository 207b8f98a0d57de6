// label_selector::parse: Kubernetes' labels.Parse (lexer + recursive descent
// parser of k8s.io/apimachinery/pkg/labels/selector.go), with its messages.

#include <string>
#include <vector>

#include "actors/apiserver/selectors/label_selector.hpp"
#include "actors/apiserver/validation/field_error.hpp"
#include "actors/apiserver/validation/name_rules.hpp"

namespace convoy::apiserver {

namespace {

enum class token {
  error,
  end_of_string,
  closed_par,
  comma,
  does_not_exist,
  double_equals,
  equals,
  greater_than,
  identifier,
  in,
  less_than,
  not_equals,
  not_in,
  open_par,
};

struct item {
  token tok;
  std::string_view literal;
};

bool is_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_special(char c) {
  switch (c) {
    case '=':
    case '!':
    case '(':
    case ')':
    case ',':
    case '>':
    case '<':
      return true;
    default:
      return false;
  }
}

token symbol_token(std::string_view s) {
  if (s == ")")
    return token::closed_par;
  if (s == ",")
    return token::comma;
  if (s == "!")
    return token::does_not_exist;
  if (s == "!=")
    return token::not_equals;
  if (s == "==")
    return token::double_equals;
  if (s == "=")
    return token::equals;
  if (s == ">")
    return token::greater_than;
  if (s == "<")
    return token::less_than;
  if (s == "(")
    return token::open_par;
  return token::error;
}

/// Splits the input into items; like Kubernetes' Lexer, a run of special
/// characters yields its longest prefix that is an operator.
std::vector<item> lex(std::string_view s) {
  std::vector<item> items;
  size_t pos = 0;
  while (true) {
    while (pos < s.size() && is_whitespace(s[pos]))
      ++pos;
    if (pos >= s.size()) {
      items.push_back({token::end_of_string, {}});
      return items;
    }
    size_t start = pos;
    if (is_special(s[pos])) {
      token best = token::error;
      size_t best_end = pos;
      for (size_t end = pos + 1; end <= s.size() && is_special(s[end - 1]); ++end) {
        auto tok = symbol_token(s.substr(pos, end - pos));
        if (tok != token::error) {
          best = tok;
          best_end = end;
        } else if (best != token::error) {
          break;
        }
      }
      pos = best_end;
      items.push_back({best, s.substr(start, best_end - start)});
      continue;
    }
    while (pos < s.size() && !is_whitespace(s[pos]) && !is_special(s[pos]))
      ++pos;
    auto word = s.substr(start, pos - start);
    token tok = word == "in" ? token::in : word == "notin" ? token::not_in : token::identifier;
    items.push_back({tok, word});
  }
}

enum class context { key_and_operator, values };

class parser {
public:
  explicit parser(std::string_view text) : items_(lex(text)) {}

  selector_result<label_selector> parse();

private:
  item lookahead(context ctx) const {
    auto it = items_[pos_];
    if (ctx == context::values && (it.tok == token::in || it.tok == token::not_in))
      it.tok = token::identifier;
    return it;
  }

  item consume(context ctx) {
    auto it = lookahead(ctx);
    if (pos_ + 1 < items_.size())
      ++pos_;
    return it;
  }

  static std::string found(std::string_view literal, std::string_view expected) {
    return "found '" + std::string{literal} + "', expected: " + std::string{expected};
  }

  bool parse_key(std::string& key, selector_op& op, bool& unary, std::string& error);
  bool parse_operator(selector_op& op, std::string& error);
  bool parse_values(std::vector<std::string>& values, std::string& error);
  bool parse_identifier_list(std::vector<std::string>& values, std::string& error);
  bool parse_exact_value(std::vector<std::string>& values, std::string& error);
  selector_result<label_requirement> parse_requirement();

  std::vector<item> items_;
  size_t pos_ = 0;
};

bool parser::parse_key(std::string& key, selector_op& op, bool& unary, std::string& error) {
  unary = false;
  auto it = consume(context::values);
  bool negated = false;
  if (it.tok == token::does_not_exist) {
    negated = true;
    it = consume(context::values);
  }
  if (it.tok != token::identifier) {
    error = found(it.literal, "identifier");
    return false;
  }
  if (auto msgs = is_qualified_name(it.literal); !msgs.empty()) {
    std::string joined;
    for (const auto& msg : msgs)
      joined += (joined.empty() ? "" : "; ") + msg;
    // Kubernetes validates the key against a nil field path here.
    error = "<nil>: " + invalid(field_path{""}, it.literal, std::move(joined)).body();
    return false;
  }
  key = std::string{it.literal};
  auto next = lookahead(context::values).tok;
  if (negated) {
    op = selector_op::does_not_exist;
    unary = true;
  } else if (next == token::end_of_string || next == token::comma) {
    op = selector_op::exists;
    unary = true;
  }
  return true;
}

bool parser::parse_operator(selector_op& op, std::string& error) {
  auto it = consume(context::key_and_operator);
  switch (it.tok) {
    case token::in:
      op = selector_op::in;
      return true;
    case token::equals:
      op = selector_op::equals;
      return true;
    case token::double_equals:
      op = selector_op::double_equals;
      return true;
    case token::greater_than:
      op = selector_op::greater_than;
      return true;
    case token::less_than:
      op = selector_op::less_than;
      return true;
    case token::not_in:
      op = selector_op::not_in;
      return true;
    case token::not_equals:
      op = selector_op::not_equals;
      return true;
    default:
      if (it.literal == "exists")
        error = found(it.literal, "in, notin, =, ==, !=, gt, lt");
      else
        error = found(it.literal, "in, notin, =, ==, !=, gt, lt, exists, !");
      return false;
  }
}

bool parser::parse_values(std::vector<std::string>& values, std::string& error) {
  auto it = consume(context::values);
  if (it.tok != token::open_par) {
    error = "found '" + std::string{it.literal} + "' expected: '('";
    return false;
  }
  auto next = lookahead(context::values);
  switch (next.tok) {
    case token::identifier:
    case token::comma:
      if (!parse_identifier_list(values, error))
        return false;
      if (consume(context::values).tok != token::closed_par) {
        error = found(next.literal, "')'");
        return false;
      }
      return true;
    case token::closed_par:
      consume(context::values);
      values.emplace_back(); // "()" means the empty value
      return true;
    default:
      error = found(next.literal, "',', ')' or identifier");
      return false;
  }
}

bool parser::parse_identifier_list(std::vector<std::string>& values, std::string& error) {
  while (true) {
    auto it = consume(context::values);
    if (it.tok == token::identifier) {
      values.emplace_back(it.literal);
      auto next = lookahead(context::values);
      if (next.tok == token::comma)
        continue;
      if (next.tok == token::closed_par)
        return true;
      error = found(next.literal, "',' or ')'");
      return false;
    }
    if (it.tok == token::comma) {
      // Empty entries ("(,a" "a,,b" "a,)") stand for the empty value.
      if (values.empty())
        values.emplace_back();
      auto next = lookahead(context::values).tok;
      if (next == token::closed_par) {
        values.emplace_back();
        return true;
      }
      if (next == token::comma) {
        consume(context::values);
        values.emplace_back();
      }
      continue;
    }
    error = found(it.literal, "',', or identifier");
    return false;
  }
}

bool parser::parse_exact_value(std::vector<std::string>& values, std::string& error) {
  auto next = lookahead(context::values).tok;
  if (next == token::end_of_string || next == token::comma) {
    values.emplace_back();
    return true;
  }
  auto it = consume(context::values);
  if (it.tok == token::identifier) {
    values.emplace_back(it.literal);
    return true;
  }
  error = found(it.literal, "identifier");
  return false;
}

selector_result<label_requirement> parser::parse_requirement() {
  std::string key;
  std::string error;
  selector_op op = selector_op::equals;
  bool unary = false;
  if (!parse_key(key, op, unary, error))
    return {std::nullopt, std::move(error)};
  if (unary)
    return label_requirement::make(std::move(key), op, {});
  if (!parse_operator(op, error))
    return {std::nullopt, std::move(error)};
  std::vector<std::string> values;
  bool ok = (op == selector_op::in || op == selector_op::not_in)
              ? parse_values(values, error)
              : parse_exact_value(values, error);
  if (!ok)
    return {std::nullopt, std::move(error)};
  return label_requirement::make(std::move(key), op, std::move(values));
}

selector_result<label_selector> parser::parse() {
  std::vector<label_requirement> reqs;
  while (true) {
    auto it = lookahead(context::values);
    if (it.tok == token::end_of_string)
      return {label_selector::from_requirements(std::move(reqs)), {}};
    if (it.tok != token::identifier && it.tok != token::does_not_exist)
      return {std::nullopt, found(it.literal, "!, identifier, or 'end of string'")};
    auto req = parse_requirement();
    if (!req)
      return {std::nullopt, "unable to parse requirement: " + req.error};
    reqs.push_back(std::move(*req.value));
    auto after = consume(context::values);
    if (after.tok == token::end_of_string)
      return {label_selector::from_requirements(std::move(reqs)), {}};
    if (after.tok != token::comma)
      return {std::nullopt, found(after.literal, "',' or 'end of string'")};
    auto next = lookahead(context::values);
    if (next.tok != token::identifier && next.tok != token::does_not_exist)
      return {std::nullopt, found(next.literal, "identifier after ','")};
  }
}

} // namespace

selector_result<label_selector> label_selector::parse(std::string_view text) {
  return parser{text}.parse();
}

} // namespace convoy::apiserver
