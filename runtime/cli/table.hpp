#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

namespace convoy::cli {

/// A kubectl-style text table: upper-case headers, columns padded to the
/// widest cell and separated by three spaces, no borders.
class table {
public:
  explicit table(std::vector<std::string> headers);

  void add_row(std::vector<std::string> cells);

  void print(std::ostream& out) const;

private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

/// kubectl's AGE format: "45s", "12m", "5h", "3d".
std::string format_age(std::chrono::nanoseconds age);

} // namespace convoy::cli
