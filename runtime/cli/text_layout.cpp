#include "runtime/cli/text_layout.hpp"

#include <algorithm>

namespace convoy::cli {

void widen(column_widths& widths, const std::vector<std::string>& row) {
  if (widths.size() < row.size())
    widths.resize(row.size(), 0);
  for (size_t i = 0; i < row.size(); ++i)
    widths[i] = std::max(widths[i], row[i].size());
}

std::string format_line(const std::vector<std::string>& row, const column_widths& widths) {
  std::string line;
  for (size_t i = 0; i < row.size(); ++i) {
    line += row[i];
    if (i + 1 < row.size()) {
      size_t width = i < widths.size() ? std::max(widths[i], row[i].size()) : row[i].size();
      line.append(width - row[i].size() + 3, ' ');
    }
  }
  line += '\n';
  return line;
}

std::string format_table(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows,
                         column_widths* widths) {
  column_widths w;
  widen(w, header);
  for (const auto& r : rows)
    widen(w, r);
  std::string out = format_line(header, w);
  for (const auto& r : rows)
    out += format_line(r, w);
  if (widths != nullptr)
    *widths = std::move(w);
  return out;
}

namespace {

/// Cells of one line: every '\t'-terminated cell, then the rest (unaligned).
struct tab_line {
  std::vector<std::string> cells; ///< terminated cells
  std::string tail;
};

/// Pads column `col` across each run of lines [begin, end) that have it,
/// recursively for the next column (text/tabwriter's format()).
void align(std::vector<tab_line>& lines, size_t begin, size_t end, size_t col) {
  size_t i = begin;
  while (i < end) {
    if (lines[i].cells.size() <= col) {
      ++i;
      continue;
    }
    size_t j = i;
    size_t width = 0;
    while (j < end && lines[j].cells.size() > col)
      width = std::max(width, lines[j++].cells[col].size());
    for (size_t k = i; k < j; ++k)
      lines[k].cells[col].resize(width + 2, ' ');
    align(lines, i, j, col + 1);
    i = j;
  }
}

} // namespace

std::string tabwrite(std::string_view text) {
  std::vector<tab_line> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    auto line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    tab_line parsed;
    size_t from = 0;
    for (auto tab = line.find('\t'); tab != std::string_view::npos; tab = line.find('\t', from)) {
      parsed.cells.emplace_back(line.substr(from, tab - from));
      from = tab + 1;
    }
    parsed.tail = std::string{line.substr(from)};
    lines.push_back(std::move(parsed));
  }
  align(lines, 0, lines.size(), 0);
  std::string out;
  for (const auto& l : lines) {
    for (const auto& c : l.cells)
      out += c;
    out += l.tail;
    out += '\n';
  }
  // Trailing padding before the newline is noise (tabwriter keeps it only
  // for lines that end in a tab; kubectl's never matter).
  std::string cleaned;
  cleaned.reserve(out.size());
  size_t start = 0;
  while (start < out.size()) {
    auto nl = out.find('\n', start);
    auto end = nl;
    while (end > start && out[end - 1] == ' ')
      --end;
    cleaned.append(out, start, end - start);
    cleaned += '\n';
    start = nl + 1;
  }
  return cleaned;
}

} // namespace convoy::cli
