#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "net/address/host_port.hpp"

namespace convoy::cli {

/// What the console learns from the server: the name for its prompt and
/// the words that complete actor arguments.
struct console_server_info {
  /// The server node's name; empty if it did not answer NodeInfoRequest.
  std::string node_name;
  /// Names, ids and components of the actors of the cluster.
  std::vector<std::string> actor_words;
};

/// Asks the node at `server` for its name (NodeInfoRequest) and the actors
/// of the cluster (ActorsRequest), in a forked child so the console never
/// starts CAF threads itself (see console_process.hpp). nullopt if the node
/// could not be reached within `limit`; a node without the inspection
/// protocol yields a name and no actor words.
std::optional<console_server_info> fetch_server_info(const net::host_port& server,
                                                     std::chrono::milliseconds limit);

/// The child's report, one "node\tNAME" or "actor\tWORD" per line, parsed;
/// other lines are ignored. Pure (exposed for tests).
console_server_info parse_server_info(const std::string& text);

} // namespace convoy::cli
