#include "runtime/cli/json_tree.hpp"

#include <algorithm>

#include "messages/codec/json_writer.hpp"

namespace convoy::cli {

/// Recursive-descent RFC 8259 parser; reports the byte offset of a mistake.
class json_parser {
public:
  explicit json_parser(std::string_view text) : text_(text) {}

  std::optional<json_tree> run(std::string& error) {
    json_tree out;
    skip_space();
    if (value(out, 0)) {
      skip_space();
      if (pos_ == text_.size())
        return out;
      fail("unexpected text after the value");
    }
    error = error_;
    return std::nullopt;
  }

private:
  static constexpr int max_depth = 256;

  bool fail(const std::string& what) {
    error_ = "invalid JSON at offset " + std::to_string(pos_) + ": " + what;
    return false;
  }

  void skip_space() {
    while (pos_ < text_.size()
           && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r'
               || text_[pos_] == '\t'))
      ++pos_;
  }

  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word)
      return fail("unexpected character");
    pos_ += word.size();
    return true;
  }

  bool value(json_tree& out, int depth) {
    if (depth > max_depth)
      return fail("nested too deeply");
    if (pos_ >= text_.size())
      return fail("unexpected end of input");
    switch (text_[pos_]) {
      case '{':
        return object(out, depth);
      case '[':
        return array(out, depth);
      case '"':
        out.type_ = json_tree::type::string;
        return string(out.text_);
      case 't':
        out.type_ = json_tree::type::boolean;
        out.text_ = "true";
        return literal("true");
      case 'f':
        out.type_ = json_tree::type::boolean;
        out.text_ = "false";
        return literal("false");
      case 'n':
        out.type_ = json_tree::type::null;
        return literal("null");
      default:
        return number(out);
    }
  }

  bool object(json_tree& out, int depth) {
    out.type_ = json_tree::type::object;
    ++pos_;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_space();
      std::string key;
      if (pos_ >= text_.size() || text_[pos_] != '"')
        return fail("expected a member name");
      if (!string(key))
        return false;
      skip_space();
      if (pos_ >= text_.size() || text_[pos_++] != ':')
        return fail("expected ':'");
      skip_space();
      json_tree member;
      if (!value(member, depth + 1))
        return false;
      out.members_.emplace_back(std::move(key), std::move(member));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  bool array(json_tree& out, int depth) {
    out.type_ = json_tree::type::array;
    ++pos_;
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_space();
      json_tree item;
      if (!value(item, depth + 1))
        return false;
      out.items_.push_back(std::move(item));
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return fail("expected ',' or ']'");
    }
  }

  bool number(json_tree& out) {
    auto start = pos_;
    auto digits = [&] {
      auto from = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9')
        ++pos_;
      return pos_ > from;
    };
    if (pos_ < text_.size() && text_[pos_] == '-')
      ++pos_;
    if (!digits())
      return fail("unexpected character");
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digits())
        return fail("expected digits after '.'");
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-'))
        ++pos_;
      if (!digits())
        return fail("expected exponent digits");
    }
    out.type_ = json_tree::type::number;
    out.text_ = std::string{text_.substr(start, pos_ - start)};
    return true;
  }

  bool hex4(unsigned& out) {
    if (pos_ + 4 > text_.size())
      return fail("truncated \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_++];
      out <<= 4;
      if (c >= '0' && c <= '9')
        out |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        out |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        out |= static_cast<unsigned>(c - 'A' + 10);
      else
        return fail("bad \\u escape");
    }
    return true;
  }

  static void utf8(unsigned cp, std::string& out) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  bool escape(std::string& out) {
    if (pos_ >= text_.size())
      return fail("unterminated string");
    char c = text_[pos_++];
    switch (c) {
      case '"': case '\\': case '/': out += c; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return fail("bad escape");
    }
    unsigned cp = 0;
    if (!hex4(cp))
      return false;
    if (cp >= 0xd800 && cp < 0xdc00 && text_.substr(pos_, 2) == "\\u") {
      pos_ += 2;
      unsigned low = 0;
      if (!hex4(low))
        return false;
      if (low < 0xdc00 || low >= 0xe000)
        return fail("unpaired surrogate");
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    } else if (cp >= 0xd800 && cp < 0xe000) {
      cp = 0xfffd;
    }
    utf8(cp, out);
    return true;
  }

  bool string(std::string& out) {
    ++pos_; // opening quote
    for (;;) {
      auto stop = text_.find_first_of("\"\\", pos_);
      if (stop == std::string_view::npos)
        return fail("unterminated string");
      out.append(text_.data() + pos_, stop - pos_);
      pos_ = stop + 1;
      if (text_[stop] == '"')
        return true;
      if (!escape(out))
        return false;
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

json_tree json_tree::make_object() {
  json_tree t;
  t.type_ = type::object;
  return t;
}

json_tree json_tree::make_array() {
  json_tree t;
  t.type_ = type::array;
  return t;
}

json_tree json_tree::make_string(std::string text) {
  json_tree t;
  t.type_ = type::string;
  t.text_ = std::move(text);
  return t;
}

json_tree json_tree::make_number(int64_t n) {
  json_tree t;
  t.type_ = type::number;
  t.text_ = std::to_string(n);
  return t;
}

json_tree json_tree::make_bool(bool b) {
  json_tree t;
  t.type_ = type::boolean;
  t.text_ = b ? "true" : "false";
  return t;
}

std::optional<json_tree> json_tree::parse(std::string_view text, std::string& error) {
  return json_parser{text}.run(error);
}

const json_tree* json_tree::find(std::string_view key) const noexcept {
  for (const auto& m : members_)
    if (m.first == key)
      return &m.second;
  return nullptr;
}

json_tree* json_tree::find(std::string_view key) noexcept {
  for (auto& m : members_)
    if (m.first == key)
      return &m.second;
  return nullptr;
}

bool operator==(const json_tree& a, const json_tree& b) {
  if (a.type_ != b.type_ || a.text_ != b.text_ || a.items_ != b.items_
      || a.members_.size() != b.members_.size())
    return false;
  for (const auto& m : a.members_) {
    const auto* other = b.find(m.first);
    if (other == nullptr || *other != m.second)
      return false;
  }
  return true;
}

json_tree& json_tree::set(std::string key, json_tree value) {
  if (auto* existing = find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  members_.emplace_back(std::move(key), std::move(value));
  return members_.back().second;
}

void json_tree::prepend(std::string key, json_tree value) {
  erase(key);
  members_.emplace(members_.begin(), std::move(key), std::move(value));
}

void json_tree::erase(std::string_view key) {
  members_.erase(std::remove_if(members_.begin(), members_.end(),
                                [&](const member& m) { return m.first == key; }),
                 members_.end());
}

std::string json_tree::dump() const {
  std::string out;
  dump(out);
  return out;
}

void json_tree::dump(std::string& out) const {
  switch (type_) {
    case type::null:
      out += "null";
      return;
    case type::boolean:
    case type::number:
      out += text_;
      return;
    case type::string:
      codec::json_writer::append_quoted(out, text_);
      return;
    case type::array:
      out += '[';
      for (size_t i = 0; i < items_.size(); ++i) {
        if (i > 0)
          out += ',';
        items_[i].dump(out);
      }
      out += ']';
      return;
    case type::object:
      out += '{';
      for (size_t i = 0; i < members_.size(); ++i) {
        if (i > 0)
          out += ',';
        codec::json_writer::append_quoted(out, members_[i].first);
        out += ':';
        members_[i].second.dump(out);
      }
      out += '}';
      return;
  }
}

} // namespace convoy::cli
