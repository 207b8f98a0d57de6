#include <iostream>

#include "runtime/cli/command.hpp"

namespace convoy::cli {

int usage_error(const std::string& sub, const std::string& message) {
  std::cerr << "convoy " << sub << ": " << message << " (see 'convoy " << sub
            << " --help')\n";
  return exit_usage;
}

} // namespace convoy::cli
