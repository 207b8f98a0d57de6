#include "messages/codec/yaml_writer.hpp"

#include <cstdint>

#include "messages/codec/scalar_text.hpp"

namespace convoy::codec {

namespace {

enum class style : unsigned char { plain, double_quoted, literal };

/// Printable in every YAML style (YAML 1.2 c-printable minus the characters
/// YAML 1.1 readers take as line breaks, and the BOM).
bool printable(int32_t cp) {
  if (cp < 0x20)
    return false;
  if (cp < 0x7F)
    return true;
  if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF)
    return false;
  return cp < 0xD800 || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

/// Scans once: are all code points printable (`\n` and, in line interiors,
/// `\t` allowed for literal blocks)? Does a line start with a blank?
struct scan_result {
  bool printable = true;
  bool has_newline = false;
  bool has_tab = false;
  bool line_starts_blank = false;
};

scan_result scan(std::string_view s) {
  scan_result r;
  size_t pos = 0;
  bool line_start = true;
  while (pos < s.size()) {
    int32_t cp = scalar_text::next_code_point(s, pos);
    if (line_start && (cp == ' ' || cp == '\t'))
      r.line_starts_blank = true;
    line_start = cp == '\n';
    if (cp == '\n')
      r.has_newline = true;
    else if (cp == '\t')
      r.has_tab = true;
    else if (!printable(cp))
      r.printable = false;
  }
  return r;
}

bool plain_safe(std::string_view s) {
  static constexpr std::string_view indicators = "-?:,[]{}#&*!|>'\"%@`";
  char first = s.front();
  if (first == ' ' || s.back() == ' ' || s.back() == ':')
    return false;
  if (indicators.find(first) != std::string_view::npos) {
    // "-c", "--port=80" are fine; "- x", "-", "---" are not.
    if (first != '-' || s.size() < 2 || s[1] == ' ' || s.substr(0, 3) == "---")
      return false;
  }
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos)
    return false;
  return !scalar_text::resolves_as_non_string(s);
}

style choose(std::string_view s, bool allow_literal) {
  if (s.empty())
    return style::double_quoted;
  auto r = scan(s);
  if (!r.printable)
    return style::double_quoted;
  if (r.has_newline) {
    bool trailing_ok = s.size() < 2 || s.substr(s.size() - 2) != "\n\n";
    bool ok = allow_literal && !r.line_starts_blank && trailing_ok && s != "\n";
    return ok ? style::literal : style::double_quoted;
  }
  if (r.has_tab)
    return style::double_quoted;
  return plain_safe(s) ? style::plain : style::double_quoted;
}

void append_escape(std::string& out, int32_t cp) {
  static constexpr char hex[] = "0123456789abcdef";
  switch (cp) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\n': out += "\\n"; return;
    case '\t': out += "\\t"; return;
    case '\r': out += "\\r"; return;
    default: break;
  }
  int digits = cp > 0xFFFF ? 8 : 4;
  out += digits == 8 ? "\\U" : "\\u";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
    out += hex[cp >> shift & 15];
}

void append_double_quoted(std::string& out, std::string_view s) {
  out += '"';
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    int32_t cp = scalar_text::next_code_point(s, pos);
    if (cp < 0)
      out += "\xEF\xBF\xBD"; // invalid UTF-8 -> U+FFFD
    else if (cp == '"' || cp == '\\' || !printable(cp))
      append_escape(out, cp);
    else
      out.append(s.data() + start, pos - start);
  }
  out += '"';
}

/// `|` / `|-` block; content lines at `indent`, empty lines left bare.
void append_literal(std::string& out, std::string_view s, int indent) {
  bool clip = s.back() == '\n';
  out += clip ? "|\n" : "|-\n";
  if (clip)
    s.remove_suffix(1);
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find('\n', pos);
    if (end == std::string_view::npos)
      end = s.size();
    if (end > pos) {
      out.append(static_cast<size_t>(indent), ' ');
      out.append(s.data() + pos, end - pos);
    }
    out += '\n';
    pos = end + 1;
  }
}

void append_string(std::string& out, std::string_view s, bool allow_literal, int indent) {
  switch (choose(s, allow_literal)) {
    case style::plain: out += s; break;
    case style::double_quoted: append_double_quoted(out, s); break;
    case style::literal: append_literal(out, s, indent); return;
  }
  if (allow_literal)
    out += '\n';
}

} // namespace

void yaml_writer::open_header(const frame& f) {
  if (f.from == origin::key) {
    out_ += '\n';
  } else if (f.from == origin::item) {
    spaces(f.parent_indent);
    out_ += f.array ? "-\n" : "- ";
  }
}

void yaml_writer::begin(bool array) {
  frame f{array, origin::root, 0, 0, 0};
  if (after_key_) {
    f.from = origin::key;
    f.indent = frames_.back().indent + (array ? 0 : 2);
    after_key_ = false;
  } else if (!frames_.empty()) {
    auto& parent = frames_.back(); // an array: this container is an item
    if (parent.count++ == 0)
      open_header(parent);
    f.from = origin::item;
    f.parent_indent = parent.indent;
    f.indent = parent.indent + 2;
  }
  frames_.push_back(f);
}

void yaml_writer::end(const char* empty_form) {
  frame f = frames_.back();
  frames_.pop_back();
  if (f.count > 0)
    return;
  if (f.from == origin::key) {
    out_ += ' ';
  } else if (f.from == origin::item) {
    spaces(f.parent_indent);
    out_ += "- ";
  }
  out_ += empty_form;
  out_ += '\n';
}

void yaml_writer::begin_object() {
  begin(false);
}

void yaml_writer::key(std::string_view name) {
  auto& f = frames_.back();
  if (f.count++ == 0) {
    open_header(f);
    if (f.from != origin::item)
      spaces(f.indent);
  } else {
    spaces(f.indent);
  }
  append_string(out_, name, false, 0);
  out_ += ':';
  after_key_ = true;
}

void yaml_writer::end_object() {
  end("{}");
}

void yaml_writer::begin_array() {
  begin(true);
}

void yaml_writer::end_array() {
  end("[]");
}

int yaml_writer::start_scalar() {
  if (after_key_) {
    after_key_ = false;
    out_ += ' ';
    return frames_.back().indent + 2;
  }
  if (frames_.empty())
    return 2;
  auto& f = frames_.back();
  if (f.count++ == 0)
    open_header(f);
  spaces(f.indent);
  out_ += "- ";
  return f.indent + 2;
}

void yaml_writer::string_value(std::string_view text) {
  int indent = start_scalar();
  append_string(out_, text, true, indent);
}

void yaml_writer::raw_value(std::string_view text) {
  start_scalar();
  out_ += text;
  out_ += '\n';
}

} // namespace convoy::codec
