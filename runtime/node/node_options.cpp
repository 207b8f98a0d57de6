#include "runtime/node/node_options.hpp"

#include "runtime/logging/log.hpp"
#include "runtime/node/roles.hpp"

namespace convoy {

namespace {

std::optional<std::string> check_address(const std::string& text) {
  std::string error;
  if (!net::host_port::parse(text, error))
    return error;
  return std::nullopt;
}

std::optional<std::string> check_name(const std::string& text) {
  if (text.empty())
    return std::string{"must not be empty"};
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
      return "'" + text + "' is not a valid node name (lowercase letters, digits, '-', '.')";
  return std::nullopt;
}

std::optional<std::string> check_role_flag(const std::string& role) {
  auto why = check_role(role);
  if (why.empty())
    return std::nullopt;
  return why;
}

std::optional<std::string> check_level(const std::string& text) {
  if (log::parse_level(text))
    return std::nullopt;
  return "'" + text + "' is not a log level (trace, debug, info, warn, error, off)";
}

} // namespace

void add_node_flags(config::flag_set& flags, const std::string& default_name,
                    const std::string& default_data_dir) {
  flags
    .add_string("name", default_name, "name of this node, unique in the cluster", "NAME",
                check_name)
    .add_list("roles", {}, "roles to run: store, apiserver, scheduler, controllers, kubelet, proxy",
              "ROLE,...", check_role_flag)
    .add_string("listen", "127.0.0.1:7000",
                "address the node's actors are published on (loopback unless you say otherwise)",
                "HOST:PORT", check_address)
    .add_list("join", {}, "addresses of nodes to join", "HOST:PORT,...", check_address)
    .add_string("data-dir", default_data_dir, "directory for this node's durable state", "DIR")
    .add_duration("peer-timeout", std::chrono::seconds{2},
                  "a peer silent this long is declared gone")
    .add_string("log-level", "info", "trace, debug, info, warn, error or off", "LEVEL",
                check_level)
    .add_int("seed", 1, 0, INT64_MAX, "seed of the node's random generator (jitter)");
}

std::optional<std::string> read_node_options(const config::flag_set& flags,
                                             node_options& out) {
  std::string error;
  out.name = flags.str("name");
  if (out.name.empty())
    return std::string{"--name: required"};
  out.roles = flags.list("roles");
  out.listen = *net::host_port::parse(flags.str("listen"), error);
  for (const auto& item : flags.list("join"))
    out.join.push_back(*net::host_port::parse(item, error));
  out.data_dir = flags.str("data-dir");
  out.peer_timeout =
    std::chrono::duration_cast<std::chrono::milliseconds>(flags.duration("peer-timeout"));
  if (out.peer_timeout < std::chrono::milliseconds{100})
    return std::string{"--peer-timeout: must be at least 100ms"};
  out.log_level = flags.str("log-level");
  out.seed = static_cast<uint64_t>(flags.integer("seed"));
  return std::nullopt;
}

} // namespace convoy
