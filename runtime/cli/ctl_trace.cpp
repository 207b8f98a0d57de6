// `convoy ctl trace TARGET`: records the messages the target actors handle
// (or, when TARGET names no actor, every message that mentions it) on every
// node the server knows, until the count budget or the time runs out. The
// events are printed as the nodes stream them.

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>
#include <optional>
#include <vector>

#include "caf/scoped_actor.hpp"

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

void print_footer(const node::TraceResponse& resp, size_t events, uint32_t count,
                  std::chrono::milliseconds time) {
  std::cout << "\n" << events << " events from " << resp.traced_size()
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

/// Asks `node` for `req`, streamed to a scoped actor: hands every event to
/// `on_event` as it arrives, then fills `totals` with the answer (whose own
/// events are none). Returns why it failed, if it did.
std::optional<std::string> stream_trace(ctl_session& session, const node_info_actor& node,
                                        const node::TraceRequest& req,
                                        std::chrono::milliseconds wait,
                                        const std::function<void(node::TraceEvent&)>& on_event,
                                        node::TraceResponse& totals) {
  caf::scoped_actor self{session.system()};
  self->monitor(node);
  auto answer = self->request(node, wait, req, caf::actor_cast<caf::actor>(self));
  // The node sends a last chunk right before the answer.
  bool streaming = true;
  std::optional<std::string> failure;
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (streaming) {
    auto left = deadline - std::chrono::steady_clock::now();
    self->receive(
      [&](node::TraceChunk& chunk) {
        if (chunk.stream_id() != req.stream_id())
          return;
        for (auto& e : *chunk.mutable_events())
          on_event(e);
        streaming = !chunk.done();
      },
      [&](caf::down_msg&) {
        failure = "the node went away";
        streaming = false;
      },
      caf::after(std::max(left, decltype(left)::zero())) >> [&] { streaming = false; });
  }
  if (failure)
    return failure;
  answer.receive([&](node::TraceResponse& r) { totals = std::move(r); },
                 [&](caf::error& err) { failure = describe(err); });
  return failure;
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
  req.set_stream_id(1);
  // The totals come once the trace ended: wait for them that long, plus slack.
  ctl_session session{opts.server, time + answer_slack};
  auto node = session.connect<node_info_actor>();
  if (!node) {
    std::cerr << "convoy ctl trace: " << describe(node.error()) << "\n";
    return exit_failure;
  }
  // Text output prints each event as it arrives; JSON waits for all of them.
  bool json = opts.output == "json";
  node::TraceResponse resp;
  std::vector<node::TraceEvent> kept;
  size_t printed = 0;
  auto failure = stream_trace(
    session, *node, req, time + answer_slack,
    [&](node::TraceEvent& e) {
      if (json) {
        kept.push_back(std::move(e));
      } else {
        std::cout << event_line(e) << std::endl;
        ++printed;
      }
    },
    resp);
  if (failure) {
    std::cerr << "convoy ctl trace: " << req.target() << ": " << *failure << "\n";
    return exit_failure;
  }
  if (json) {
    for (auto& e : kept)
      *resp.add_events() = std::move(e);
    sort_events(resp);
    print_message_json(resp);
    return exit_ok;
  }
  print_footer(resp, printed, req.count(), time);
  return exit_ok;
}

} // namespace convoy::cli
