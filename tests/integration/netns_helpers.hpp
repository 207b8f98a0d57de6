#pragma once

// What the tests that build networks in namespaces share: running `ip`,
// and whether this machine lets them (root, a working `ip netns`).

#include <unistd.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "child_process.hpp"

namespace convoy::test {

/// Runs a command; `ip` by its full path (run_command does not search PATH).
inline std::pair<int, std::string> sh(std::vector<std::string> argv) {
  if (argv.front() == "ip")
    for (const char* path : {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"})
      if (::access(path, X_OK) == 0) {
        argv.front() = path;
        break;
      }
  return run_command(std::move(argv), std::chrono::seconds{10});
}

/// Why network namespaces cannot be made here (not root, no working
/// `ip netns`), or "" when they can.
inline std::string netns_unavailable() {
  if (::geteuid() != 0)
    return "needs root";
  auto probe = "cvt-probe-" + std::to_string(::getpid());
  auto [code, out] = sh({"ip", "netns", "add", probe});
  if (code != 0)
    return "`ip netns add` does not work here: " + out;
  sh({"ip", "netns", "del", probe});
  return {};
}

} // namespace convoy::test
