// `convoy ctl inspect`, `nodes` and `raft`: one actor's counters and its
// component's own summary, the nodes the server reaches, and the store
// replicas side by side.

#include <iostream>
#include <map>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "messages/node/node_actor.hpp"
#include "messages/store/store_actor.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_session.hpp"
#include "runtime/cli/ctl_verbs.hpp"
#include "runtime/cli/table.hpp"

namespace convoy::cli {

namespace {

std::string message_json(const google::protobuf::Message& msg, bool one_line) {
  std::string json;
  google::protobuf::util::JsonPrintOptions print;
  print.add_whitespace = !one_line;
  print.always_print_primitive_fields = true;
  (void) google::protobuf::util::MessageToJsonString(msg, &json, print);
  while (!json.empty() && json.back() == '\n')
    json.pop_back();
  return json;
}

/// `text` as a JSON string literal, escaped by protobuf's JSON printer.
std::string json_string(const std::string& text) {
  google::protobuf::Value value;
  value.set_string_value(text);
  return message_json(value, true);
}

std::string fixed(double x, const char* format = "%.1f") {
  char buf[48];
  std::snprintf(buf, sizeof(buf), format, x);
  return buf;
}

void print_stats(const node::ActorStats& s) {
  const std::vector<std::pair<const char*, std::string>> lines{
    {"node", s.node()},
    {"id", std::to_string(s.id())},
    {"name", s.name()},
    {"component", s.component()},
    {"role", s.role().empty() ? "-" : s.role()},
    {"mailbox", std::to_string(s.mailbox())},
    {"received_total", std::to_string(s.received_total())},
    {"processed_total", std::to_string(s.processed_total())},
    {"received_per_sec", fixed(s.received_per_sec())},
    {"processed_per_sec", fixed(s.processed_per_sec())},
    {"p50", fixed(s.p50_us(), "%.0f µs")},
    {"p99", fixed(s.p99_us(), "%.0f µs")},
    {"busy", fixed(s.busy() * 100, "%.1f%%")},
    {"errors", std::to_string(s.errors())},
    {"restarts", std::to_string(s.restarts())},
    {"window", fixed(s.window_seconds(), "%.1f s")},
  };
  for (const auto& [key, value] : lines)
    std::cout << key << ": " << value << "\n";
}

std::string short_hex(uint64_t x) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(x));
  return buf;
}

/// The rows of `raft`: one column per replica.
std::vector<std::vector<std::string>> replica_column(const store::Member& m,
                                                     const store::StatusResponse* st,
                                                     const std::string& error) {
  auto role = !st                    ? "unreachable: " + error
              : st->islearner()      ? std::string{"learner"}
              : st->leader() == m.id() ? std::string{"leader"}
                                     : std::string{"follower"};
  auto num = [&](auto x) { return st ? std::to_string(x) : std::string{"-"}; };
  std::string errors;
  if (st)
    for (const auto& e : st->errors())
      errors += (errors.empty() ? "" : "; ") + e;
  return {{"NAME", m.name()},
          {"ID", short_hex(m.id())},
          {"ADDRESS", m.peerurls_size() ? m.peerurls(0) : "-"},
          {"ROLE", role},
          {"LEADER", st ? short_hex(st->leader()) : "-"},
          {"TERM", num(st ? st->raftterm() : 0)},
          {"COMMIT", num(st ? st->raftindex() : 0)},
          {"APPLIED", num(st ? st->raftappliedindex() : 0)},
          {"REVISION", num(st ? st->header().revision() : 0)},
          {"DB SIZE", num(st ? st->dbsize() : 0)},
          {"DB IN USE", num(st ? st->dbsizeinuse() : 0)},
          {"VERSION", st && !st->version().empty() ? st->version() : "-"},
          {"ERRORS", errors.empty() ? "-" : errors}};
}

} // namespace

void print_message_json(const google::protobuf::Message& msg, bool one_line) {
  std::cout << message_json(msg, one_line) << "\n";
}

int run_ctl_inspect(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl inspect ACTOR [-o json]",
                         "Shows one actor's counters and its component's own summary (a store "
                         "replica's term and leader, the scheduler's queues, ...)."};
  add_ctl_flags(flags);
  flags.allow_positional("ACTOR: an actor id, name or component, optionally as X@NODE");
  auto opts = common;
  if (auto code = parse_verb_flags("inspect", flags, args, opts))
    return *code;
  if (flags.positional().size() != 1)
    return usage_error("ctl inspect", "expected exactly one ACTOR");
  ctl_session session{opts.server, opts.timeout};
  auto node = session.connect<node_info_actor>();
  if (!node) {
    std::cerr << "convoy ctl inspect: " << describe(node.error()) << "\n";
    return exit_failure;
  }
  node::InspectRequest req;
  req.set_actor(flags.positional().front());
  auto resp = session.ask<node::InspectResponse>(*node, req);
  if (!resp) {
    std::cerr << "convoy ctl inspect: " << describe(resp.error()) << "\n";
    return exit_failure;
  }
  if (opts.output == "json") {
    print_message_json(*resp);
    return exit_ok;
  }
  print_stats(resp->stats());
  std::cout << "Summary (" << (resp->summary().type().empty() ? "-" : resp->summary().type())
            << "):\n";
  for (const auto& f : resp->summary().fields())
    std::cout << "  " << f.key() << ": " << f.value() << "\n";
  return exit_ok;
}

int run_ctl_nodes(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl nodes [-o json]",
                         "Lists the actor nodes the server reaches (itself, its peers and the "
                         "nodes that joined it) with their actor counts."};
  add_ctl_flags(flags);
  auto opts = common;
  if (auto code = parse_verb_flags("nodes", flags, args, opts))
    return *code;
  ctl_session session{opts.server, opts.timeout};
  auto node = session.connect<node_info_actor>();
  auto info = node ? session.ask<node::NodeInfoResponse>(*node, node::NodeInfoRequest{})
                   : caf::expected<node::NodeInfoResponse>{node.error()};
  auto actors = info ? session.ask<node::ActorsResponse>(*node, node::ActorsRequest{})
                     : caf::expected<node::ActorsResponse>{info.error()};
  if (!actors) {
    std::cerr << "convoy ctl nodes: " << describe(actors.error()) << "\n";
    return exit_failure;
  }
  if (opts.output == "json") {
    std::cout << "{\"info\": " << message_json(*info, false)
              << ",\n\"actors\": " << message_json(*actors, false) << "}\n";
    return exit_ok;
  }
  std::map<std::string, size_t> counts;
  for (const auto& a : actors->actors())
    ++counts[a.node()];
  std::map<std::string, std::string> listen{{info->name(), info->listen()}};
  for (const auto& p : info->peers())
    if (!p.name().empty())
      listen.emplace(p.name(), p.address());
  std::string roles;
  for (const auto& r : info->roles())
    roles += (roles.empty() ? "" : ",") + r;
  table t{{"NAME", "ROLES", "ACTORS", "LISTEN", "STATE"}};
  for (const auto& n : actors->nodes())
    t.add_row({n, n == info->name() ? (roles.empty() ? "-" : roles) : "-",
               std::to_string(counts[n]), listen.count(n) ? listen[n] : "-", "reachable"});
  for (const auto& u : actors->unreachable()) {
    auto name = u.substr(0, u.find(':'));
    t.add_row({name, "-", "-", listen.count(name) ? listen[name] : "-", "unreachable"});
  }
  t.print(std::cout);
  return exit_ok;
}

int run_ctl_raft(const ctl_options& common, const std::vector<std::string>& args) {
  if (!args.empty() && args.front() == "step-down")
    return run_ctl_raft_step_down(common, {args.begin() + 1, args.end()});
  config::flag_set flags{"convoy ctl raft [-o json] | raft step-down [--to MEMBER]",
                         "Shows the store replicas side by side: role, leader, term, commit "
                         "and applied index, revision, database size. `raft step-down` moves "
                         "the leadership (see its --help)."};
  add_ctl_flags(flags);
  auto opts = common;
  if (auto code = parse_verb_flags("raft", flags, args, opts))
    return *code;
  ctl_session session{opts.server, opts.timeout};
  std::vector<std::vector<std::vector<std::string>>> columns;
  std::string json;
  int failures = 0;
  auto err = visit_store_replicas(session, [&](const store::Member& m,
                                               const store::StatusResponse* st,
                                               const std::string& error) {
    failures += st ? 0 : 1;
    columns.push_back(replica_column(m, st, error));
    json += std::string{json.empty() ? "" : ",\n"} + "{\"member\": " + message_json(m, false)
            + ", \"status\": " + (st ? message_json(*st, false) : "null")
            + ", \"error\": " + json_string(error) + "}";
  });
  if (err) {
    std::cerr << "convoy ctl raft: " << *err << "\n";
    return exit_failure;
  }
  if (opts.output == "json") {
    std::cout << "{\"replicas\": [" << json << "]}\n";
    return failures == 0 ? exit_ok : exit_failure;
  }
  std::vector<std::string> headers{"FIELD"};
  for (size_t i = 0; i < columns.size(); ++i)
    headers.push_back("REPLICA " + std::to_string(i + 1));
  table t{headers};
  for (size_t row = 0; !columns.empty() && row < columns.front().size(); ++row) {
    std::vector<std::string> cells{columns.front()[row][0]};
    for (const auto& c : columns)
      cells.push_back(c[row][1]);
    t.add_row(std::move(cells));
  }
  t.print(std::cout);
  return failures == 0 ? exit_ok : exit_failure;
}

} // namespace convoy::cli
