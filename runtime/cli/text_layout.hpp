#pragma once

#include <string>
#include <string_view>
#include <vector>

/// Plain-text layout kubectl's output relies on: space-aligned table columns
/// (get), and Go's text/tabwriter (describe). Pure string functions.
namespace convoy::cli {

/// Column widths of a table printed so far: `get -w` keeps them so rows that
/// arrive later line up with the first ones (and widens for longer cells).
using column_widths = std::vector<size_t>;

void widen(column_widths& widths, const std::vector<std::string>& cells);

/// One line of cells padded to `widths` with three spaces between columns
/// (the last cell unpadded), ending in '\n'.
std::string format_line(const std::vector<std::string>& cells, const column_widths& widths);

/// Header plus rows, aligned; `widths` (if given) receives the widths.
std::string format_table(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows,
                         column_widths* widths = nullptr);

/// Go's text/tabwriter as kubectl configures it (padding 2, spaces): cells
/// end in '\t'; a column is aligned across each run of consecutive lines
/// that have a cell in it.
std::string tabwrite(std::string_view text);

} // namespace convoy::cli
