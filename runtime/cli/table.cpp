#include "runtime/cli/table.hpp"

#include <algorithm>

namespace convoy::cli {

table::table(std::vector<std::string> headers) : headers_(std::move(headers)) {
  // nop
}

void table::add_row(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

void table::print(std::ostream& out) const {
  std::vector<size_t> widths;
  for (const auto& h : headers_)
    widths.push_back(h.size());
  for (const auto& row : rows_)
    for (size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      line += cells[i];
      if (i + 1 < cells.size())
        line += std::string(widths[i] - cells[i].size() + 3, ' ');
    }
    out << line << "\n";
  };
  print_row(headers_);
  for (const auto& row : rows_)
    print_row(row);
}

std::string format_age(std::chrono::nanoseconds age) {
  using namespace std::chrono;
  auto s = duration_cast<seconds>(age).count();
  if (s < 120)
    return std::to_string(s) + "s";
  if (s < 3600 * 2)
    return std::to_string(s / 60) + "m";
  if (s < 86400 * 2)
    return std::to_string(s / 3600) + "h";
  return std::to_string(s / 86400) + "d";
}

} // namespace convoy::cli
