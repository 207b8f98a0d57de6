#include "runtime/cli/ctl_verbs.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "actors/apiserver/auth/client_certificate.hpp"
#include "actors/apiserver/auth/private_file.hpp"
#include "net/middleman/tls_files.hpp"
#include "runtime/cli/command.hpp"

namespace convoy::cli {

namespace {

std::optional<std::string> check_output(const std::string& text) {
  for (const char* known : {"table", "wide", "json", "yaml", "name"})
    if (text == known)
      return std::nullopt;
  return "'" + text + "' is not an output format (table, wide, json, yaml or name)";
}

std::optional<std::string> check_address(const std::string& text) {
  std::string error;
  if (!net::host_port::parse(text, error))
    return error;
  return std::nullopt;
}

} // namespace

void add_ctl_flags(config::flag_set& flags) {
  flags
    .add_string("server", "127.0.0.1:7000", "the convoy node to talk to", "HOST:PORT",
                check_address)
    .add_string("output", "table", "output format: table, wide, json, yaml or name", "FORMAT",
                check_output)
    .alias('o')
    .add_duration("timeout", std::chrono::seconds{5}, "give up waiting for an answer after this")
    .add_string("token", "",
                "bearer token (default: $CONVOY_TOKEN, else the client certificate of "
                "$CONVOY_TLS_CERT, else ./convoy-data/admin.token)",
                "TOKEN");
}

namespace {

/// A fresh credential of the client certificate in CONVOY_TLS_CERT and
/// CONVOY_TLS_KEY; nothing without them (or when they do not load: the TLS
/// set-up reports why).
std::optional<std::string> certificate_credential() {
  net::tls_files tls;
  if (net::tls_files_from_env(tls) || !tls.enabled())
    return std::nullopt;
  try {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
    return apiserver::make_certificate_credential(apiserver::read_whole_file(tls.certificate),
                                                  apiserver::read_whole_file(tls.key), now.count());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

} // namespace

std::string default_token(const std::string& token_file) {
  if (const char* env = std::getenv("CONVOY_TOKEN"); env != nullptr && *env != '\0')
    return env;
  if (auto credential = certificate_credential())
    return *credential;
  std::ifstream in{token_file};
  std::string line;
  if (!in || !std::getline(in, line))
    return {};
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.pop_back();
  return line;
}

std::optional<std::string> read_ctl_flags(const config::flag_set& flags, ctl_options& out,
                                          const ctl_options* fallback) {
  std::string error;
  if (fallback && !flags.is_set("server"))
    out.server = fallback->server;
  else
    out.server = *net::host_port::parse(flags.str("server"), error);
  out.output = fallback && !flags.is_set("output") ? fallback->output : flags.str("output");
  out.timeout = fallback && !flags.is_set("timeout")
                  ? fallback->timeout
                  : std::chrono::duration_cast<std::chrono::milliseconds>(
                    flags.duration("timeout"));
  out.timeout_given = flags.is_set("timeout") || (fallback && fallback->timeout_given);
  if (out.timeout.count() <= 0)
    return std::string{"--timeout: must be positive"};
  if (flags.is_set("token"))
    out.token = flags.str("token");
  else if (fallback)
    out.token = fallback->token;
  else
    out.token = default_token();
  return std::nullopt;
}

std::optional<int> parse_verb_flags(const std::string& verb, config::flag_set& flags,
                                    const std::vector<std::string>& args,
                                    ctl_options& common) {
  if (auto err = flags.parse(args))
    return usage_error("ctl " + verb, *err);
  if (flags.help_requested()) {
    std::cout << flags.help();
    return exit_ok;
  }
  auto before = common;
  if (auto err = read_ctl_flags(flags, common, &before))
    return usage_error("ctl " + verb, *err);
  return std::nullopt;
}

} // namespace convoy::cli
