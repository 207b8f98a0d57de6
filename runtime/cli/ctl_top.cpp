// `convoy ctl actors` and `convoy ctl top`: the actors of every node the
// server knows with their mailbox, message rates, processing times and load;
// top refreshes the busiest ones like the process tab of Erlang's observer.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <thread>

#include "messages/node/node_actor.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_session.hpp"
#include "runtime/cli/ctl_verbs.hpp"
#include "runtime/cli/table.hpp"

namespace convoy::cli {

namespace {

using stats_list = std::vector<const node::ActorStats*>;

/// A --sort validator accepting one of `keys`.
config::flag_set::validator sort_check(std::vector<std::string> keys) {
  return [keys](const std::string& text) -> std::optional<std::string> {
    if (std::find(keys.begin(), keys.end(), text) != keys.end())
      return std::nullopt;
    std::string all;
    for (const auto& k : keys)
      all += (all.empty() ? "" : ", ") + k;
    return "'" + text + "' is not a sort key (" + all + ")";
  };
}

std::string printf_cell(const char* format, double x) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), format, x);
  return buf;
}

/// "850us", "12.5ms", "1.20s": a processing time fit for a table cell (ASCII,
/// since table pads by bytes and "µs" would shift the columns after it).
std::string human_us(double us) {
  if (us < 1000)
    return printf_cell("%.0fus", us);
  if (us < 1e6)
    return printf_cell("%.1fms", us / 1000);
  return printf_cell("%.2fs", us / 1e6);
}

/// Orders by `key` (the largest first; names ascending); ties, and an empty
/// key, keep the order by (node, id) so equal rows do not jump between refreshes.
void sort_actors(stats_list& v, const std::string& key) {
  std::sort(v.begin(), v.end(), [](auto* a, auto* b) {
    return a->node() != b->node() ? a->node() < b->node() : a->id() < b->id();
  });
  auto by = [&](auto field) {
    std::stable_sort(v.begin(), v.end(), [&](auto* a, auto* b) { return field(*a) > field(*b); });
  };
  if (key == "mailbox")
    by([](const node::ActorStats& s) { return s.mailbox(); });
  else if (key == "rate")
    by([](const node::ActorStats& s) { return s.processed_per_sec(); });
  else if (key == "time")
    by([](const node::ActorStats& s) { return s.busy(); });
  else if (key == "errors")
    by([](const node::ActorStats& s) { return s.errors(); });
  else if (key == "name")
    std::stable_sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->name() < b->name(); });
}

/// The actors of `resp` sorted by `key`, at most `limit` of them (0: all).
stats_list select_actors(const node::ActorsResponse& resp, const std::string& key,
                         int64_t limit) {
  stats_list out;
  out.reserve(static_cast<size_t>(resp.actors_size()));
  for (const auto& a : resp.actors())
    out.push_back(&a);
  sort_actors(out, key);
  if (limit > 0 && out.size() > static_cast<size_t>(limit))
    out.resize(static_cast<size_t>(limit));
  return out;
}

void print_actor_table(const stats_list& actors, std::ostream& out) {
  table t{{"NODE", "ID", "NAME", "COMPONENT", "ROLE", "MAILBOX", "RECV/S", "PROC/S", "P50",
           "P99", "BUSY%", "ERRORS", "RESTARTS"}};
  for (const auto* a : actors)
    t.add_row({a->node(), std::to_string(a->id()), a->name(), a->component(),
               a->role().empty() ? "-" : a->role(), std::to_string(a->mailbox()),
               printf_cell("%.1f", a->received_per_sec()),
               printf_cell("%.1f", a->processed_per_sec()), human_us(a->p50_us()),
               human_us(a->p99_us()), printf_cell("%.1f", a->busy() * 100),
               std::to_string(a->errors()), std::to_string(a->restarts())});
  t.print(out);
}

/// The sorted, limited actors as an ActorsResponse (top -o json).
node::ActorsResponse selected_response(const node::ActorsResponse& resp,
                                       const stats_list& actors) {
  node::ActorsResponse out;
  for (const auto* a : actors)
    *out.add_actors() = *a;
  *out.mutable_nodes() = resp.nodes();
  *out.mutable_unreachable() = resp.unreachable();
  return out;
}

void warn_unreachable(const node::ActorsResponse& resp) {
  for (const auto& u : resp.unreachable())
    std::cerr << "warning: node unreachable: " << u << "\n";
}

caf::expected<node::ActorsResponse> fetch_actors(ctl_session& session,
                                                 const std::string& node_name) {
  auto node = session.connect<node_info_actor>();
  if (!node)
    return node.error();
  node::ActorsRequest req;
  req.set_node(node_name);
  return session.ask<node::ActorsResponse>(*node, req);
}

/// "convoy top  12:00:01  nodes 2  actors 40  msgs/s 1234.5  (sort: time)"
std::string top_header(const node::ActorsResponse& resp, const std::string& key) {
  char clock[16] = "";
  auto now = std::time(nullptr);
  std::tm local{};
  if (localtime_r(&now, &local))
    std::strftime(clock, sizeof(clock), "%H:%M:%S", &local);
  double rate = 0;
  for (const auto& a : resp.actors())
    rate += a.processed_per_sec();
  return std::string{"convoy top  "} + clock + "  nodes " + std::to_string(resp.nodes_size())
         + "  actors " + std::to_string(resp.actors_size()) + "  msgs/s "
         + printf_cell("%.1f", rate) + "  (sort: " + key + ")";
}

} // namespace

int run_ctl_actors(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl actors [--node N] [--sort KEY] [--limit N] [-o json]",
                         "Lists the actors of every node the server knows: mailbox, message "
                         "rates, processing times (p50/p99), busy share, errors, restarts."};
  add_ctl_flags(flags);
  flags.add_string("node", "", "only the actors of this node", "NAME")
    .add_string("sort", "", "mailbox, rate, time, errors or name (default: node, id)", "KEY",
                sort_check({"mailbox", "rate", "time", "errors", "name"}))
    .add_int("limit", 0, 0, INT64_MAX, "print at most this many actors (0: all)");
  auto opts = common;
  if (auto code = parse_verb_flags("actors", flags, args, opts))
    return *code;
  ctl_session session{opts.server, opts.timeout};
  auto resp = fetch_actors(session, flags.str("node"));
  if (!resp) {
    std::cerr << "convoy ctl actors: " << describe(resp.error()) << "\n";
    return exit_failure;
  }
  auto actors = select_actors(*resp, flags.str("sort"), flags.integer("limit"));
  if (opts.output == "json") {
    print_message_json(selected_response(*resp, actors));
    return exit_ok;
  }
  warn_unreachable(*resp);
  print_actor_table(actors, std::cout);
  return exit_ok;
}

int run_ctl_top(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl top [--sort KEY] [--limit N] [--interval D] [--iterations N]",
                         "Shows the busiest actors of the cluster, refreshed every --interval "
                         "(like Erlang observer's process tab); Ctrl-C stops it."};
  add_ctl_flags(flags);
  flags.add_string("sort", "time", "mailbox, rate, time (busy share) or errors", "KEY",
                   sort_check({"mailbox", "rate", "time", "errors"}))
    .add_int("limit", 15, 1, INT64_MAX, "show this many actors")
    .add_duration("interval", std::chrono::seconds{2}, "time between refreshes")
    .add_int("iterations", 0, 0, INT64_MAX, "stop after this many refreshes (0: until Ctrl-C)");
  auto opts = common;
  if (auto code = parse_verb_flags("top", flags, args, opts))
    return *code;
  auto interval = flags.duration("interval");
  if (interval <= std::chrono::nanoseconds::zero())
    return usage_error("ctl top", "--interval: must be positive");
  auto key = flags.str("sort");
  auto iterations = flags.integer("iterations");
  bool terminal = ::isatty(STDOUT_FILENO) == 1;
  ctl_session session{opts.server, opts.timeout};
  for (int64_t i = 0; iterations == 0 || i < iterations; ++i) {
    if (i > 0)
      std::this_thread::sleep_for(interval);
    auto resp = fetch_actors(session, "");
    if (!resp) {
      std::cerr << "convoy ctl top: " << describe(resp.error()) << "\n";
      return exit_failure;
    }
    auto actors = select_actors(*resp, key, flags.integer("limit"));
    if (opts.output == "json") {
      print_message_json(selected_response(*resp, actors), true);
      continue;
    }
    std::cout << (terminal ? "\033[H\033[2J" : i > 0 ? "\n" : "") << top_header(*resp, key)
              << "\n";
    for (const auto& u : resp->unreachable())
      std::cout << "unreachable: " << u << "\n";
    print_actor_table(actors, std::cout);
    std::cout << std::flush;
  }
  return exit_ok;
}

} // namespace convoy::cli
