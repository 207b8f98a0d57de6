// `convoy ctl node`: asks a node to describe itself (a remote typed request).

#include <iostream>

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include "messages/node/node_actor.hpp"
#include "messages/protobuf_inspect.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_session.hpp"
#include "runtime/cli/ctl_verbs.hpp"
#include "runtime/cli/table.hpp"

namespace convoy::cli {

namespace {

using google::protobuf::util::TimeUtil;

std::string dash_if_empty(const std::string& x) {
  return x.empty() ? "-" : x;
}

void print_tables(const node::NodeInfoResponse& info) {
  std::string roles;
  for (const auto& r : info.roles())
    roles += (roles.empty() ? "" : ",") + r;
  table summary{{"NAME", "VERSION", "ROLES", "LISTEN", "UPTIME", "ACTORS", "PEERS"}};
  auto uptime = std::chrono::nanoseconds{TimeUtil::DurationToNanoseconds(info.uptime())};
  summary.add_row({info.name(), info.version(), dash_if_empty(roles), info.listen(),
                   format_age(uptime), std::to_string(info.actors_size()),
                   std::to_string(info.peers_size())});
  summary.print(std::cout);
  std::cout << "\n";
  table actors{{"ACTOR", "NAME", "COMPONENT", "ROLE"}};
  for (const auto& a : info.actors())
    actors.add_row({std::to_string(a.id()), a.name(), a.component(), dash_if_empty(a.role())});
  actors.print(std::cout);
  if (info.peers_size() == 0)
    return;
  std::cout << "\n";
  table peers{{"PEER", "NAME", "STATE", "DETAIL"}};
  for (const auto& p : info.peers())
    peers.add_row({p.address(), dash_if_empty(p.name()), p.state(), dash_if_empty(p.detail())});
  peers.print(std::cout);
}

} // namespace

int run_ctl_node(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl node [-o table|json]",
                         "Asks the node at --server for its name, roles, version, uptime, "
                         "the actors it hosts and its peers."};
  add_ctl_flags(flags);
  auto opts = common;
  if (auto code = parse_verb_flags("node", flags, args, opts))
    return *code;
  ctl_session session{opts.server, opts.timeout};
  auto node = session.connect<node_info_actor>();
  if (!node) {
    std::cerr << "convoy ctl node: " << describe(node.error()) << "\n";
    return exit_failure;
  }
  auto info = session.ask<node::NodeInfoResponse>(*node, node::NodeInfoRequest{});
  if (!info) {
    std::cerr << "convoy ctl node: " << opts.server.to_string() << ": "
              << describe(info.error()) << "\n";
    return exit_failure;
  }
  if (opts.output == "json") {
    std::string json;
    google::protobuf::util::JsonPrintOptions print;
    print.add_whitespace = true;
    print.always_print_primitive_fields = true;
    (void) google::protobuf::util::MessageToJsonString(*info, &json, print);
    std::cout << json;
  } else {
    print_tables(*info);
  }
  return exit_ok;
}

} // namespace convoy::cli
