#include "actors/kubelet/core/env_expansion.hpp"

#include <cctype>

namespace convoy::kubelet {

std::string expand(std::string_view input, const env_lookup& lookup) {
  std::string out;
  out.reserve(input.size());
  std::size_t i = 0;
  while (i < input.size()) {
    char ch = input[i];
    if (ch != '$' || i + 1 == input.size()) {
      out += ch;
      ++i;
      continue;
    }
    char next = input[i + 1];
    if (next == '$') { // escaped
      out += '$';
      i += 2;
      continue;
    }
    if (next != '(') { // not a reference: keep both characters
      out += '$';
      out += next;
      i += 2;
      continue;
    }
    auto close = input.find(')', i + 2);
    if (close == std::string_view::npos) { // unterminated: keep "$(", go on
      out += "$(";
      i += 2;
      continue;
    }
    auto name = input.substr(i + 2, close - i - 2);
    if (const auto* value = lookup(name)) {
      out += *value;
    } else {
      out += "$(";
      out += name;
      out += ')';
    }
    i = close + 1;
  }
  return out;
}

bool is_env_var_name(std::string_view name) {
  if (name.empty())
    return false;
  auto ok = [](char ch, bool first) {
    auto u = static_cast<unsigned char>(ch);
    return std::isalpha(u) || ch == '-' || ch == '.' || ch == '_' || (!first && std::isdigit(u));
  };
  if (!ok(name[0], true))
    return false;
  for (std::size_t i = 1; i < name.size(); ++i)
    if (!ok(name[i], false))
      return false;
  return true;
}

} // namespace convoy::kubelet
