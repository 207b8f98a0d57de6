#include "actors/apiserver/cache/continue_token.hpp"

#include <cstdio>

#include "messages/codec/scalar_text.hpp"

namespace convoy::apiserver {

namespace {

constexpr std::string_view token_version = "meta.k8s.io/v1";

/// JSON string body as Go's encoding/json writes it (HTML-safe escapes).
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += ch;
    }
  }
  out += '"';
}

/// A reader for the one flat JSON object a token holds: string and integer
/// members only. Strict: anything else is an error.
class token_reader {
public:
  explicit token_reader(std::string_view text) : text_(text) {}

  bool parse(continue_token& token, std::string& version, std::string& error) {
    skip_ws();
    if (!eat('{'))
      return fail(error, "expected '{'");
    skip_ws();
    if (eat('}'))
      return finish(error);
    for (;;) {
      std::string name;
      skip_ws();
      if (!read_string(name))
        return fail(error, "expected a member name");
      skip_ws();
      if (!eat(':'))
        return fail(error, "expected ':'");
      skip_ws();
      bool ok = true;
      if (name == "v") {
        ok = read_string(version);
      } else if (name == "start") {
        ok = read_string(token.start);
      } else if (name == "rv") {
        ok = read_int(token.revision); // absent: 0, refused by decode()
      } else {
        std::string ignored;
        ok = read_string(ignored);
      }
      if (!ok)
        return fail(error, "bad value of member \"" + name + "\"");
      skip_ws();
      if (eat('}'))
        break;
      if (!eat(','))
        return fail(error, "expected ',' or '}'");
    }
    return finish(error);
  }

private:
  bool finish(std::string& error) {
    skip_ws();
    return pos_ == text_.size() || fail(error, "trailing data after the object");
  }

  static bool fail(std::string& error, std::string message) {
    error = std::move(message);
    return false;
  }

  void skip_ws() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  bool eat(char ch) {
    if (pos_ < text_.size() && text_[pos_] == ch) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool read_int(int64_t& value) {
    bool negative = eat('-');
    size_t start = pos_;
    uint64_t magnitude = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      if (magnitude > (uint64_t{1} << 62))
        return false;
      magnitude = magnitude * 10 + static_cast<uint64_t>(text_[pos_++] - '0');
    }
    if (pos_ == start)
      return false;
    value = negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
    return true;
  }

  bool read_hex4(uint32_t& value) {
    if (text_.size() - pos_ < 4)
      return false;
    value = 0;
    for (int i = 0; i < 4; ++i) {
      char ch = text_[pos_++];
      value <<= 4;
      if (ch >= '0' && ch <= '9')
        value |= static_cast<uint32_t>(ch - '0');
      else if (ch >= 'a' && ch <= 'f')
        value |= static_cast<uint32_t>(ch - 'a' + 10);
      else if (ch >= 'A' && ch <= 'F')
        value |= static_cast<uint32_t>(ch - 'A' + 10);
      else
        return false;
    }
    return true;
  }

  static void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool read_escape(std::string& out) {
    if (pos_ >= text_.size())
      return false;
    char ch = text_[pos_++];
    switch (ch) {
      case '"': case '\\': case '/': out += ch; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': {
        uint32_t cp = 0;
        if (!read_hex4(cp) || (cp >= 0xD800 && cp <= 0xDFFF))
          return false; // keys never need surrogate pairs
        append_utf8(out, cp);
        return true;
      }
      default:
        return false;
    }
  }

  bool read_string(std::string& out) {
    if (!eat('"'))
      return false;
    out.clear();
    while (pos_ < text_.size()) {
      char ch = text_[pos_++];
      if (ch == '"')
        return true;
      if (static_cast<unsigned char>(ch) < 0x20)
        return false;
      if (ch != '\\')
        out += ch;
      else if (!read_escape(out))
        return false;
    }
    return false;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

/// path.Clean would change it: empty, "." or ".." segments (a client
/// trying to range outside the list's prefix).
bool is_clean_path(std::string_view key) {
  size_t start = 0;
  for (;;) {
    size_t slash = key.find('/', start);
    auto segment = key.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (segment.empty() || segment == "." || segment == "..")
      return false;
    if (slash == std::string_view::npos)
      return true;
    start = slash + 1;
  }
}

} // namespace

std::string continue_token::encode() const {
  std::string json = "{\"v\":\"";
  json += token_version;
  json += "\",\"rv\":";
  json += std::to_string(revision);
  json += ",\"start\":";
  append_json_string(json, start);
  json += '}';
  std::string out;
  codec::scalar_text::append_base64(out, json);
  while (!out.empty() && out.back() == '=')
    out.pop_back();
  for (auto& ch : out)
    ch = ch == '+' ? '-' : ch == '/' ? '_' : ch;
  return out;
}

std::optional<continue_token> continue_token::decode(std::string_view text, std::string& error) {
  std::string b64{text};
  for (auto& ch : b64) {
    if (ch == '+' || ch == '/' || ch == '=') {
      error = "illegal base64 data";
      return std::nullopt;
    }
    ch = ch == '-' ? '+' : ch == '_' ? '/' : ch;
  }
  while (b64.size() % 4 != 0)
    b64 += '=';
  std::string json;
  if (!codec::scalar_text::decode_base64(b64, json)) {
    error = "illegal base64 data";
    return std::nullopt;
  }
  continue_token token;
  std::string version;
  if (!token_reader{json}.parse(token, version, error))
    return std::nullopt;
  if (version != token_version) {
    error = "server does not recognize this encoded version \"" + version + "\"";
    return std::nullopt;
  }
  if (token.revision == 0 || token.revision < -1) {
    error = "incorrect encoded start resourceVersion (version meta.k8s.io/v1)";
    return std::nullopt;
  }
  if (token.start.empty()) {
    error = "encoded start key empty (version meta.k8s.io/v1)";
    return std::nullopt;
  }
  if (!is_clean_path(token.start)) {
    error = token.start;
    return std::nullopt;
  }
  return token;
}

} // namespace convoy::apiserver
