#include "actors/apiserver/auth/static_token_file.hpp"

#include <unordered_map>

#include "actors/apiserver/auth/auth_config_error.hpp"
#include "actors/apiserver/auth/private_file.hpp"

namespace convoy::apiserver {

namespace {

[[noreturn]] void fail(std::string_view file, size_t line, const std::string& problem) {
  throw auth_config_error(std::string{file} + ":" + std::to_string(line) + ": " + problem);
}

/// Splits one CSV record (RFC 4180 quoting; leading spaces trimmed).
/// Returns false with `problem` set for a malformed record.
bool split_record(std::string_view line, std::vector<std::string>& fields, std::string& problem) {
  fields.clear();
  size_t i = 0;
  for (;;) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
      ++i;
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) {
          problem = "unterminated quoted field in column " + std::to_string(fields.size() + 1);
          return false;
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += line[i++];
      }
      if (i < line.size() && line[i] != ',') {
        problem = "unexpected character after the closing quote in column "
                  + std::to_string(fields.size() + 1);
        return false;
      }
    } else {
      while (i < line.size() && line[i] != ',') {
        if (line[i] == '"') {
          problem = "bare quote in unquoted column " + std::to_string(fields.size() + 1);
          return false;
        }
        field += line[i++];
      }
    }
    fields.push_back(std::move(field));
    if (i >= line.size())
      return true;
    ++i; // the comma
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool has_space_or_control(std::string_view s) {
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f)
      return true;
  return false;
}

std::vector<std::string> split_groups(std::string_view column) {
  std::vector<std::string> groups;
  size_t start = 0;
  while (start <= column.size()) {
    size_t comma = column.find(',', start);
    if (comma == std::string_view::npos)
      comma = column.size();
    if (auto g = trim(column.substr(start, comma - start)); !g.empty())
      groups.emplace_back(g);
    start = comma + 1;
  }
  return groups;
}

bool needs_quotes(std::string_view s) {
  return s.find_first_of(",\"\n") != std::string_view::npos || (!s.empty() && s.front() == ' ');
}

void append_field(std::string& out, std::string_view s, bool always_quote = false) {
  if (!always_quote && !needs_quotes(s)) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"')
      out += '"';
    out += c;
  }
  out += '"';
}

} // namespace

std::vector<static_token> parse_token_file(std::string_view text, std::string_view file_name) {
  std::vector<static_token> tokens;
  std::vector<size_t> lines;
  std::vector<std::string> fields;
  std::string problem;
  size_t line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos)
      end = text.size();
    auto line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    auto content = trim(line);
    if (content.empty() || content.front() == '#')
      continue;
    if (!split_record(line, fields, problem))
      fail(file_name, line_no, problem);
    if (fields.size() < 3)
      fail(file_name, line_no,
           "expected at least 3 columns (token, user name, uid), found " + std::to_string(fields.size()));
    if (fields[0].empty())
      fail(file_name, line_no, "empty token");
    if (has_space_or_control(fields[0]))
      fail(file_name, line_no, "the token contains whitespace or control characters");
    if (trim(fields[1]).empty())
      fail(file_name, line_no, "empty user name");
    static_token t{std::move(fields[0]), std::string{trim(fields[1])}, std::string{trim(fields[2])},
                   fields.size() >= 4 ? split_groups(fields[3]) : std::vector<std::string>{}};
    tokens.push_back(std::move(t));
    lines.push_back(line_no);
  }
  // Duplicates are checked once the vector stops moving its strings.
  std::unordered_map<std::string_view, size_t> first_line;
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto [it, fresh] = first_line.emplace(tokens[i].token, lines[i]);
    if (!fresh)
      fail(file_name, lines[i], "duplicate token (same as line " + std::to_string(it->second) + ")");
  }
  return tokens;
}

std::vector<static_token> load_token_file(const std::string& path) {
  return parse_token_file(read_whole_file(path), path);
}

std::string render_token_file(const std::vector<static_token>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    append_field(out, t.token);
    out += ',';
    append_field(out, t.user);
    out += ',';
    append_field(out, t.uid);
    if (!t.groups.empty()) {
      out += ',';
      std::string joined;
      for (const auto& g : t.groups) {
        if (!joined.empty())
          joined += ',';
        joined += g;
      }
      append_field(out, joined, true);
    }
    out += '\n';
  }
  return out;
}

void write_token_file(const std::string& path, const std::vector<static_token>& tokens) {
  write_private_file(path, render_token_file(tokens));
}

} // namespace convoy::apiserver
