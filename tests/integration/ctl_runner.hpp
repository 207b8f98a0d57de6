#pragma once

// `convoy ctl` run as a user would, against one server.

#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

#include "child_process.hpp"

namespace convoy::test {

/// Runs `convoy ctl --server SERVER --token TOKEN --timeout 20s ARGS...`.
inline std::pair<int, std::string> run_ctl(const std::string& server, const std::string& token,
                                           std::vector<std::string> args) {
  using namespace std::chrono_literals;
  std::vector<std::string> argv{CONVOY_BINARY, "ctl",   "--server", server,
                                "--token",     token,   "--timeout", "20s"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, 60s);
}

/// run_ctl that must succeed; returns its output.
inline std::string ctl_ok(const std::string& server, const std::string& token,
                          std::vector<std::string> args) {
  auto [code, out] = run_ctl(server, token, std::move(args));
  BOOST_REQUIRE_MESSAGE(code == 0, "convoy ctl failed (" << code << "): " << out);
  return out;
}

} // namespace convoy::test
