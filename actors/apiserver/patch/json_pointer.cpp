#include "actors/apiserver/patch/json_pointer.hpp"

#include <limits>

namespace convoy::apiserver {

bool json_pointer::parse(std::string_view text, json_pointer& out, std::string& error) {
  out.text_.assign(text);
  out.tokens_.clear();
  if (text.empty())
    return true;
  if (text.front() != '/') {
    error = "JSON pointer \"" + out.text_ + "\" must be empty or start with '/'";
    return false;
  }
  std::string token;
  for (std::size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      out.tokens_.push_back(std::move(token));
      token.clear();
      continue;
    }
    char c = text[i];
    if (c == '~') {
      char next = i + 1 < text.size() ? text[i + 1] : '\0';
      if (next != '0' && next != '1') {
        error = "JSON pointer \"" + out.text_ + "\" has '~' not followed by '0' or '1'";
        return false;
      }
      c = next == '0' ? '~' : '/';
      ++i;
    }
    token.push_back(c);
  }
  return true;
}

bool json_pointer::is_proper_prefix_of(const json_pointer& other) const noexcept {
  if (tokens_.size() >= other.tokens_.size())
    return false;
  for (std::size_t i = 0; i < tokens_.size(); ++i)
    if (tokens_[i] != other.tokens_[i])
      return false;
  return true;
}

std::optional<std::size_t> json_pointer::array_index(std::string_view token) noexcept {
  if (token.empty() || (token.size() > 1 && token.front() == '0'))
    return std::nullopt;
  std::size_t value = 0;
  constexpr auto max = std::numeric_limits<std::size_t>::max();
  for (char c : token) {
    if (c < '0' || c > '9')
      return std::nullopt;
    auto digit = static_cast<std::size_t>(c - '0');
    if (value > (max - digit) / 10)
      return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

json* json_pointer::step(json& node, const std::string& token) noexcept {
  if (node.is_object()) {
    auto it = node.find(token);
    return it == node.end() ? nullptr : &*it;
  }
  if (node.is_array()) {
    auto index = array_index(token);
    if (!index || *index >= node.size())
      return nullptr;
    return &node[*index];
  }
  return nullptr;
}

json* json_pointer::find(json& doc) const noexcept {
  json* node = &doc;
  for (const auto& token : tokens_) {
    node = step(*node, token);
    if (node == nullptr)
      return nullptr;
  }
  return node;
}

json* json_pointer::find_parent(json& doc) const noexcept {
  if (tokens_.empty())
    return nullptr;
  json* node = &doc;
  for (std::size_t i = 0; i + 1 < tokens_.size(); ++i) {
    node = step(*node, tokens_[i]);
    if (node == nullptr)
      return nullptr;
  }
  return node->is_object() || node->is_array() ? node : nullptr;
}

std::string json_pointer::parent_text() const {
  auto slash = text_.rfind('/');
  return slash == std::string::npos ? std::string{} : text_.substr(0, slash);
}

} // namespace convoy::apiserver
