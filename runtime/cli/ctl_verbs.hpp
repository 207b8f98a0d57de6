#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "net/address/host_port.hpp"
#include "runtime/config/flag_set.hpp"

namespace convoy::cli {

/// Flags every ctl verb accepts, before or after the verb.
struct ctl_options {
  net::host_port server;
  std::string output = "table";
  std::chrono::milliseconds timeout{5000};
};

/// Adds --server, -o/--output and --timeout.
void add_ctl_flags(config::flag_set& flags);

/// Reads the common flags from `flags`; `fallback` supplies the values given
/// before the verb (flags after the verb win).
std::optional<std::string> read_ctl_flags(const config::flag_set& flags, ctl_options& out,
                                          const ctl_options* fallback = nullptr);

/// Parses a verb's arguments with its flag set (which includes the common
/// flags); returns an exit code if the verb must stop (help, usage error).
std::optional<int> parse_verb_flags(const std::string& verb, config::flag_set& flags,
                                    const std::vector<std::string>& args,
                                    ctl_options& common);

int run_ctl_node(const ctl_options& common, const std::vector<std::string>& args);
int run_ctl_store(const ctl_options& common, const std::vector<std::string>& args);

} // namespace convoy::cli
