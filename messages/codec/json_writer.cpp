#include "messages/codec/json_writer.hpp"

#include "messages/codec/scalar_text.hpp"

namespace convoy::codec {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

void append_unicode_escape(std::string& out, unsigned code) {
  out += "\\u";
  out += hex_digits[code >> 12 & 15];
  out += hex_digits[code >> 8 & 15];
  out += hex_digits[code >> 4 & 15];
  out += hex_digits[code & 15];
}

/// Escape for an ASCII byte that needs one, or nullptr.
const char* short_escape(char c) {
  switch (c) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    default:
      return nullptr;
  }
}

} // namespace

void json_writer::append_quoted(std::string& out, std::string_view text) {
  out += '"';
  size_t pos = 0;
  size_t run = 0; // start of the pending run of bytes copied verbatim
  while (pos < text.size()) {
    auto c = static_cast<unsigned char>(text[pos]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++pos;
      continue;
    }
    size_t start = pos;
    int32_t cp = c < 0x80 ? (++pos, c) : scalar_text::next_code_point(text, pos);
    if (cp >= 0x80)
      continue; // valid multi-byte sequence: keep it verbatim
    out.append(text.data() + run, start - run);
    run = pos;
    if (cp < 0)
      out += "\xEF\xBF\xBD"; // U+FFFD
    else if (const char* esc = short_escape(static_cast<char>(cp)))
      out += esc;
    else
      append_unicode_escape(out, static_cast<unsigned>(cp));
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

void json_writer::newline_indent() {
  out_ += '\n';
  out_.append(counts_.size() * 4, ' ');
}

void json_writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (counts_.empty())
    return;
  if (counts_.back()++ > 0)
    out_ += ',';
  if (pretty_)
    newline_indent();
}

void json_writer::open(char bracket) {
  before_value();
  out_ += bracket;
  counts_.push_back(0);
}

void json_writer::close(char bracket) {
  bool empty = counts_.back() == 0;
  counts_.pop_back();
  if (pretty_ && !empty)
    newline_indent();
  out_ += bracket;
}

void json_writer::begin_object() {
  open('{');
}

void json_writer::key(std::string_view name) {
  if (counts_.back()++ > 0)
    out_ += ',';
  if (pretty_)
    newline_indent();
  append_quoted(out_, name);
  out_ += pretty_ ? ": " : ":";
  after_key_ = true;
}

void json_writer::end_object() {
  close('}');
}

void json_writer::begin_array() {
  open('[');
}

void json_writer::end_array() {
  close(']');
}

void json_writer::string_value(std::string_view text) {
  before_value();
  append_quoted(out_, text);
}

void json_writer::raw_value(std::string_view text) {
  before_value();
  out_ += text;
}

} // namespace convoy::codec
