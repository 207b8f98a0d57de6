// `convoy ctl trace TARGET`: records the messages the target actors handle
// (or, when TARGET names no actor, every message that mentions it) on every
// node the server knows, until the count budget or the time runs out.

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "messages/node/node_actor.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_session.hpp"
#include "runtime/cli/ctl_verbs.hpp"
#include "runtime/config/duration.hpp"

namespace convoy::cli {

namespace {

/// The nodes cap a trace at ten minutes; a longer --for would only wait.
constexpr auto max_trace_time = std::chrono::minutes{10};

/// How long past the trace's own end the client waits for the answer: the
/// nodes merge their peers' answers after the time runs out.
constexpr auto answer_slack = std::chrono::seconds{10};

void sort_events(node::TraceResponse& resp) {
  auto* events = resp.mutable_events();
  std::stable_sort(events->begin(), events->end(), [](const auto& a, const auto& b) {
    return a.node() != b.node() ? a.node() < b.node() : a.at_us() < b.at_us();
  });
}

/// "+12.3ms node-a apiserver (12) <- scheduler (9)  PodList... (85 µs, mailbox 0)"
std::string event_line(const node::TraceEvent& e) {
  char head[64];
  std::snprintf(head, sizeof(head), "+%.1fms ", static_cast<double>(e.at_us()) / 1000.0);
  char tail[80];
  std::snprintf(tail, sizeof(tail), " (%.0f µs, mailbox %llu)", e.processing_us(),
                static_cast<unsigned long long>(e.mailbox()));
  return head + e.node() + " " + e.actor() + " <- " + (e.sender().empty() ? "-" : e.sender())
         + "  " + e.message() + tail;
}

void print_footer(const node::TraceResponse& resp, uint32_t count,
                  std::chrono::milliseconds time) {
  std::cout << "\n" << resp.events_size() << " events from " << resp.traced_size()
            << " traced actors";
  for (int i = 0; i < resp.traced_size(); ++i)
    std::cout << (i ? ", " : ": ") << resp.traced(i);
  std::cout << "\nended by: "
            << (resp.budget_reached()
                  ? "the count budget (" + std::to_string(count) + " messages)"
                  : "the time (" + config::format_duration(time) + ")")
            << "; dropped " << resp.dropped() << " messages beyond the budget\n";
  for (const auto& u : resp.unreachable())
    std::cerr << "warning: node unreachable: " << u << "\n";
}

} // namespace

int run_ctl_trace(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl trace TARGET [--count N] [--for DURATION] [-o json]",
                         "Traces the messages handled by TARGET (an actor id, name or "
                         "component, optionally X@NODE) or, if it names no actor, every "
                         "message whose text contains TARGET (e.g. a pod name)."};
  add_ctl_flags(flags);
  flags.add_int("count", 100, 1, UINT32_MAX, "stop after this many messages (in all)")
    .add_duration("for", std::chrono::seconds{10}, "stop after this long (at most 10m)")
    .allow_positional("TARGET: an actor, or a text the traced messages must contain");
  auto opts = common;
  if (auto code = parse_verb_flags("trace", flags, args, opts))
    return *code;
  if (flags.positional().size() != 1)
    return usage_error("ctl trace", "expected exactly one TARGET");
  auto time = std::chrono::duration_cast<std::chrono::milliseconds>(flags.duration("for"));
  if (time.count() <= 0 || time > max_trace_time)
    return usage_error("ctl trace", "--for: must be between 1ms and 10m");
  node::TraceRequest req;
  req.set_target(flags.positional().front());
  req.set_count(static_cast<uint32_t>(flags.integer("count")));
  req.set_duration_ms(static_cast<uint32_t>(time.count()));
  // The answer comes only once the trace ended: wait for it that long, plus slack.
  ctl_session session{opts.server, time + answer_slack};
  auto node = session.connect<node_info_actor>();
  if (!node) {
    std::cerr << "convoy ctl trace: " << describe(node.error()) << "\n";
    return exit_failure;
  }
  auto resp = session.ask<node::TraceResponse>(*node, req);
  if (!resp) {
    std::cerr << "convoy ctl trace: " << req.target() << ": " << describe(resp.error()) << "\n";
    return exit_failure;
  }
  sort_events(*resp);
  if (opts.output == "json") {
    print_message_json(*resp);
    return exit_ok;
  }
  for (const auto& e : resp->events())
    std::cout << event_line(e) << "\n";
  print_footer(*resp, req.count(), time);
  return exit_ok;
}

} // namespace convoy::cli
