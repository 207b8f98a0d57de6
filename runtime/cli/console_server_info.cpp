#include "runtime/cli/console_server_info.hpp"

#include <iostream>
#include <sstream>

#include <unistd.h>

#include "runtime/cli/console_process.hpp"
#include "runtime/cli/ctl_session.hpp"

namespace convoy::cli {

namespace {

/// The child's side: writes the report parse_server_info reads to stdout.
int report_server_info(const net::host_port& server, std::chrono::milliseconds timeout) {
  ctl_session session{server, timeout};
  auto node = session.connect<node_info_actor>();
  if (!node)
    return 1;
  auto info = session.ask<node::NodeInfoResponse>(*node, node::NodeInfoRequest{});
  if (info)
    std::cout << "node\t" << info->name() << "\n";
  auto actors = session.ask<node::ActorsResponse>(*node, node::ActorsRequest{});
  if (actors) {
    for (const auto& a : actors->actors())
      std::cout << "actor\t" << a.name() << "\nactor\t" << a.id() << "\nactor\t"
                << a.component() << "\n";
  }
  std::cout.flush();
  // The console waits for EOF: leave now rather than after a slow orderly
  // shutdown of the actor system and its connections.
  _exit(info || actors ? 0 : 1);
}

} // namespace

console_server_info parse_server_info(const std::string& text) {
  console_server_info out;
  std::istringstream in{text};
  std::string line;
  while (std::getline(in, line)) {
    auto tab = line.find('\t');
    if (tab == std::string::npos)
      continue;
    auto key = line.substr(0, tab);
    auto value = line.substr(tab + 1);
    if (value.empty())
      continue;
    if (key == "node")
      out.node_name = value;
    else if (key == "actor")
      out.actor_words.push_back(value);
  }
  return out;
}

std::optional<console_server_info> fetch_server_info(const net::host_port& server,
                                                     std::chrono::milliseconds limit) {
  auto text = capture_from_child([&] { return report_server_info(server, limit / 2); },
                                 limit);
  if (!text)
    return std::nullopt;
  return parse_server_info(*text);
}

} // namespace convoy::cli
