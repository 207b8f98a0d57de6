#include "messages/codec/yaml_loader.hpp"

#include <yaml-cpp/eventhandler.h>

#include <array>
#include <cstdio>
#include <sstream>

namespace convoy::codec::yaml_loader {

namespace {

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int hex4(std::string_view s, size_t pos) noexcept {
  if (pos + 4 > s.size())
    return -1;
  int v = 0;
  for (size_t i = pos; i < pos + 4; ++i) {
    char c = s[i];
    int d = c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0)
      return -1;
    v = v * 16 + d;
  }
  return v;
}

constexpr size_t max_json_depth = 128;

/// Skips a JSON string starting at s[i] == '"'.
bool skip_string(std::string_view s, size_t& i) noexcept {
  static constexpr std::string_view simple_escapes = "\"\\/bfnrt";
  for (++i; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '"') {
      ++i;
      return true;
    }
    if (c < 0x20)
      return false;
    if (c != '\\')
      continue;
    if (++i >= s.size())
      return false;
    if (s[i] == 'u') {
      if (hex4(s, i + 1) < 0)
        return false;
      i += 4;
    } else if (simple_escapes.find(s[i]) == std::string_view::npos) {
      return false;
    }
  }
  return false;
}

bool skip_digits(std::string_view s, size_t& i) noexcept {
  size_t start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9')
    ++i;
  return i > start;
}

/// Skips a JSON number, true, false or null.
bool skip_scalar(std::string_view s, size_t& i) noexcept {
  if (s[i] == '"')
    return skip_string(s, i);
  for (std::string_view word : {"true", "false", "null"}) {
    if (s.substr(i, word.size()) == word) {
      i += word.size();
      return true;
    }
  }
  if (s[i] == '-')
    ++i;
  if (i < s.size() && s[i] == '0')
    ++i;
  else if (!skip_digits(s, i))
    return false;
  if (i < s.size() && s[i] == '.' && !skip_digits(s, ++i))
    return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
      ++i;
    return skip_digits(s, i);
  }
  return true;
}

/// Skips `"key" :` (with whitespace) inside an object.
bool skip_key(std::string_view s, size_t& i) noexcept {
  while (i < s.size() && is_space(s[i]))
    ++i;
  if (i >= s.size() || s[i] != '"' || !skip_string(s, i))
    return false;
  while (i < s.size() && is_space(s[i]))
    ++i;
  return i < s.size() && s[i++] == ':';
}

/// Rewrites surrogate-pair escapes as \UXXXXXXXX and lone surrogates as
/// U+FFFD (as Go does). Backslashes occur only inside JSON strings, so a scan
/// that skips every escape pair is exact.
std::string rewrite_surrogates(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 >= text.size()) {
      out += text[i];
      continue;
    }
    int hi = text[i + 1] == 'u' ? hex4(text, i + 2) : -1;
    if (hi < 0xD800 || hi > 0xDFFF) {
      out.append(text.data() + i, 2); // any other escape, kept as is
      ++i;
      continue;
    }
    bool pair = hi <= 0xDBFF && i + 12 <= text.size() && text[i + 6] == '\\'
                && text[i + 7] == 'u';
    int lo = pair ? hex4(text, i + 8) : -1;
    if (lo >= 0xDC00 && lo <= 0xDFFF) {
      unsigned cp = 0x10000u + ((static_cast<unsigned>(hi) - 0xD800u) << 10)
                    + (static_cast<unsigned>(lo) - 0xDC00u);
      char buf[16];
      std::snprintf(buf, sizeof(buf), "\\U%08X", cp);
      out += buf;
      i += 11;
    } else {
      out += "\\uFFFD";
      i += 5;
    }
  }
  return out;
}

/// Thrown by stall_detector to abort the guard pass.
struct stalled {
  YAML::Mark mark;
};

/// Parses without building nodes and stops at a document that starts where
/// the previous one started (yaml-cpp consumed nothing: the endless loop).
class stall_detector : public YAML::EventHandler {
public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (started_ && mark.pos == last_pos_)
      throw stalled{mark};
    started_ = true;
    last_pos_ = mark.pos;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

private:
  bool started_ = false;
  int last_pos_ = -1;
};

void guard_pass(const std::string& input) {
  std::istringstream in{input};
  YAML::Parser parser{in};
  stall_detector detector;
  while (parser.HandleNextDocument(detector)) {
  }
}

decode_error make_error(std::string message, const YAML::Mark& mark) {
  decode_error err;
  err.message = std::move(message);
  err.line = mark.is_null() ? 0 : mark.line + 1;
  return err;
}

} // namespace

char first_non_space(std::string_view text) noexcept {
  for (char c : text)
    if (!is_space(c))
      return c;
  return '\0';
}

bool json_shaped(std::string_view s) noexcept {
  std::array<char, max_json_depth> open{}; // '{' or '[' per level
  size_t depth = 0;
  size_t i = 0;
  bool need_value = true;
  auto ws = [&] {
    while (i < s.size() && is_space(s[i]))
      ++i;
  };
  ws();
  if (i == s.size() || (s[i] != '{' && s[i] != '['))
    return false;
  while (true) {
    ws();
    if (!need_value && depth == 0)
      return i == s.size(); // one value, then only whitespace
    if (i == s.size())
      return false;
    char c = s[i];
    if (!need_value) {
      char top = open[depth - 1];
      if (c == (top == '{' ? '}' : ']')) {
        --depth, ++i;
        continue;
      }
      if (c != ',')
        return false;
      ++i;
      if (top == '{' && !skip_key(s, i))
        return false;
      need_value = true;
      continue;
    }
    if (c == '{' || c == '[') {
      if (depth == open.size())
        return false; // deeper than we check: let the guard pass decide
      open[depth++] = c;
      ++i;
      ws();
      if (i < s.size() && s[i] == (c == '{' ? '}' : ']')) {
        --depth, ++i, need_value = false;
      } else if (c == '{' && !skip_key(s, i)) {
        return false;
      }
      continue;
    }
    if (!skip_scalar(s, i))
      return false;
    need_value = false;
  }
}

result<std::vector<YAML::Node>> load_all(std::string_view text) {
  try {
    char first = first_non_space(text);
    std::string input = first == '{' || first == '[' ? rewrite_surrogates(text)
                                                     : std::string{text};
    if (!json_shaped(input))
      guard_pass(input);
    return YAML::LoadAll(input);
  } catch (const stalled& s) {
    return make_error("syntax error: unexpected ','", s.mark);
  } catch (const YAML::Exception& e) {
    return make_error("syntax error: " + e.msg, e.mark);
  } catch (const std::exception& e) {
    return make_error(std::string{"cannot parse: "} + e.what(), YAML::Mark::null_mark());
  }
}

} // namespace convoy::codec::yaml_loader
