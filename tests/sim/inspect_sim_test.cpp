// The inspector across simulated hosts: every actor spawned through
// spawn_inspected shows up with its counters on any node of the cluster,
// answers with its component summary, and traces stop at their budget,
// streamed or not.

#include <algorithm>

#include <boost/test/unit_test.hpp>

#include "caf/all.hpp"

#include "actors/inspect/shell/inspected_actor.hpp"
#include "actors/node/node_actor.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"
#include "sim_fixture.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

/// A test component: counts pings, reports the count as its summary.
using echo_actor = caf::typed_actor<caf::replies_to<node::PeerInfo>::with<node::PeerInfo>>;

struct echo_state {
  uint64_t pings = 0;
  static inline const char* name = "echo";
};

echo_actor::behavior_type echo(echo_actor::stateful_pointer<echo_state> self) {
  inspect::expose_summary(self, [self] {
    node::PeerInfo out;
    out.set_name("pings");
    out.set_state(std::to_string(self->state.pings));
    return out;
  });
  return {[self](const node::PeerInfo& in) {
    ++self->state.pings;
    return in;
  }};
}

/// What a streamed trace delivered to its subscriber, in order.
struct stream_log {
  std::vector<node::TraceEvent> events;
  std::optional<caf::timespan> first_event_at;
  bool done = false; ///< the last chunk came
  bool done_before_answer = false;
  bool stop_sent = false;
  std::optional<node::TraceResponse> answer;
};

constexpr uint64_t test_stream = 7;

node::TraceRequest trace_request(const std::string& target, uint32_t count, uint32_t ms) {
  node::TraceRequest req;
  req.set_target(target);
  req.set_count(count);
  req.set_duration_ms(ms);
  return req;
}

/// Host a runs an echo actor; b joins a; both run node actors.
struct inspected_cluster : test::sim_fixture {
  inspected_cluster() : a(net.add_host("a")), b(net.add_host("b")) {
    node_actor_config cfg_a;
    cfg_a.name = "a";
    node_a = a.track(spawn_node_actor(a.system(), cfg_a));
    net.publish(a, node_a, 7000);
    node_actor_config cfg_b;
    cfg_b.name = "b";
    cfg_b.join = {net::host_port{"a", 7000}};
    cfg_b.seed = net.seed();
    node_b = b.track(spawn_node_actor(b.system(), cfg_b));
    echo_a = a.track(inspect::spawn_inspected(a.system(), {"echo", "test"}, echo));
    net.run_until([] { return false; }, 2s);
  }

  /// Sends `n` pings to echo actor `to` (default a's), the text of each
  /// containing `tag`.
  void ping(int n, const std::string& tag = "ping", echo_actor to = {}) {
    for (int i = 0; i < n; ++i) {
      node::PeerInfo msg;
      msg.set_name(tag + "-" + std::to_string(i));
      caf::anon_send(to ? to : echo_a, msg);
    }
    net.run();
  }

  template <class Response, class Request>
  Response ask_node(node_actor to, sim::sim_host& host, Request req, caf::timespan budget = 30s) {
    auto out = ask<Response>(host, node_info_actor{to}, std::move(req), budget);
    BOOST_REQUIRE_MESSAGE(out && *out, "no answer from the node");
    return std::move(**out);
  }

  /// Starts `req` on node `to`, streamed to a subscriber on `host`, which
  /// sends TraceStop once it has `stop_after` events (0: never), or just
  /// quits then when `quit` is set.
  std::shared_ptr<stream_log> stream(node_actor to, sim::sim_host& host, node::TraceRequest req,
                                     size_t stop_after = 0, bool quit = false) {
    auto log = std::make_shared<stream_log>();
    req.set_stream_id(test_stream);
    auto* sim_net = &net;
    host.system().spawn([=](caf::event_based_actor* self) -> caf::behavior {
      self->request(node_info_actor{to}, 120s, req, caf::actor_cast<caf::actor>(self))
        .then([=](node::TraceResponse& r) {
          log->answer = std::move(r);
          log->done_before_answer = log->done;
          self->quit();
        });
      return {[=](node::TraceChunk& chunk) {
        if (chunk.stream_id() != test_stream)
          return;
        if (chunk.events_size() > 0 && !log->first_event_at)
          log->first_event_at = sim_net->now();
        log->events.insert(log->events.end(), chunk.events().begin(), chunk.events().end());
        log->done = log->done || chunk.done();
        if (stop_after > 0 && log->events.size() >= stop_after && quit)
          return self->quit();
        if (stop_after > 0 && log->events.size() >= stop_after && !log->stop_sent) {
          node::TraceStop stop;
          stop.set_stream_id(test_stream);
          self->send(node_info_actor{to}, stop);
          log->stop_sent = true;
        }
      }};
    });
    return log;
  }

  const node::ActorStats* find(const node::ActorsResponse& r, const std::string& node,
                               const std::string& name) {
    for (const auto& a : r.actors())
      if (a.node() == node && a.name() == name)
        return &a;
    return nullptr;
  }

  sim::sim_host& a;
  sim::sim_host& b;
  node_actor node_a;
  node_actor node_b;
  echo_actor echo_a;
};

} // namespace

BOOST_AUTO_TEST_SUITE(inspect_sim)

BOOST_FIXTURE_TEST_CASE(any_node_lists_the_actors_of_the_whole_cluster, inspected_cluster) {
  ping(7);
  // b joined a; a learned of b through its announcement: both see both.
  for (auto* host : {&a, &b}) {
    auto r = ask_node<node::ActorsResponse>(host == &a ? node_a : node_b, *host,
                                            node::ActorsRequest{});
    BOOST_CHECK_EQUAL(r.nodes_size(), 2);
    BOOST_CHECK_EQUAL(r.unreachable_size(), 0);
    auto* e = find(r, "a", "echo");
    BOOST_REQUIRE(e != nullptr);
    BOOST_CHECK_EQUAL(e->component(), "test");
    BOOST_CHECK_EQUAL(e->processed_total(), 7u);
    BOOST_CHECK_EQUAL(e->received_total(), 7u);
    BOOST_CHECK_EQUAL(e->mailbox(), 0u);
    BOOST_CHECK_EQUAL(e->errors(), 0u);
    BOOST_CHECK(find(r, "b", "node") != nullptr);
    BOOST_CHECK(find(r, "a", "node") != nullptr);
  }
}

BOOST_FIXTURE_TEST_CASE(rates_cover_a_window_of_samples, inspected_cluster) {
  ping(50);
  net.run_until([] { return false; }, 3s);
  node::ActorsRequest req;
  req.set_node("a");
  auto r = ask_node<node::ActorsResponse>(node_a, a, req);
  auto* e = find(r, "a", "echo");
  BOOST_REQUIRE(e != nullptr);
  BOOST_CHECK_GT(e->window_seconds(), 0.5);
  BOOST_CHECK_GT(e->p50_us(), 0.0);
  BOOST_CHECK_EQUAL(r.nodes_size(), 1); // node filter: a only
}

BOOST_FIXTURE_TEST_CASE(inspect_returns_stats_and_the_component_summary, inspected_cluster) {
  ping(3);
  node::InspectRequest req;
  req.set_actor("echo@a");
  // Asked on b: the request reaches a through the fan-out.
  auto r = ask_node<node::InspectResponse>(node_b, b, req);
  BOOST_CHECK_EQUAL(r.stats().name(), "echo");
  BOOST_CHECK_EQUAL(r.stats().processed_total(), 3u);
  BOOST_CHECK_EQUAL(r.summary().type(), "convoy.node.PeerInfo");
  std::map<std::string, std::string> fields;
  for (const auto& f : r.summary().fields())
    fields[f.key()] = f.value();
  BOOST_CHECK_EQUAL(fields["name"], "pings");
  BOOST_CHECK_EQUAL(fields["state"], "3");
  node::InspectRequest missing;
  missing.set_actor("nosuch");
  auto err = ask<node::InspectResponse>(b, node_info_actor{node_b}, missing);
  BOOST_REQUIRE(err);
  BOOST_CHECK(!*err);
}

BOOST_FIXTURE_TEST_CASE(unexpected_messages_count_as_errors, inspected_cluster) {
  caf::anon_send(caf::actor_cast<caf::actor>(echo_a), std::string{"not in the interface"});
  net.run();
  node::InspectRequest req;
  req.set_actor("echo");
  auto r = ask_node<node::InspectResponse>(node_a, a, req);
  BOOST_CHECK_EQUAL(r.stats().errors(), 1u);
}

BOOST_FIXTURE_TEST_CASE(trace_stops_at_its_count_budget, inspected_cluster) {
  auto req = trace_request("echo", 3, 60000);
  auto slot = std::make_shared<std::optional<node::TraceResponse>>();
  a.system().spawn([=](caf::event_based_actor* self) {
    self->request(node_info_actor{node_a}, 120s, req).then([=](node::TraceResponse& r) {
      *slot = std::move(r);
    });
  });
  net.run();
  ping(10);
  BOOST_REQUIRE(net.run_until([&] { return slot->has_value(); }, 5s));
  const auto& r = **slot;
  BOOST_CHECK_EQUAL(r.events_size(), 3);
  BOOST_CHECK(r.budget_reached());
  BOOST_CHECK_EQUAL(r.dropped(), 7u);
  BOOST_REQUIRE_EQUAL(r.traced_size(), 1);
  BOOST_CHECK_EQUAL(r.events(0).actor(), "echo");
  BOOST_CHECK(r.events(0).message().find("ping-0") != std::string::npos);
  // Disarmed afterwards: later pings are not recorded anywhere.
  ping(5);
  BOOST_CHECK_EQUAL(r.events_size(), 3);
}

BOOST_FIXTURE_TEST_CASE(trace_stops_at_its_time_budget, inspected_cluster) {
  auto req = trace_request("echo", 1000, 2000);
  auto slot = std::make_shared<std::optional<node::TraceResponse>>();
  auto started = net.now();
  a.system().spawn([=](caf::event_based_actor* self) {
    self->request(node_info_actor{node_a}, 120s, req).then([=](node::TraceResponse& r) {
      *slot = std::move(r);
    });
  });
  net.run();
  ping(4);
  BOOST_REQUIRE(net.run_until([&] { return slot->has_value(); }, 10s));
  auto took = net.now() - started;
  BOOST_CHECK(took >= 2s);
  BOOST_CHECK(took < 3s);
  BOOST_CHECK_EQUAL((*slot)->events_size(), 4);
  BOOST_CHECK(!(*slot)->budget_reached());
}

BOOST_FIXTURE_TEST_CASE(a_target_naming_no_actor_filters_messages_by_text, inspected_cluster) {
  auto req = trace_request("needle", 2, 5000);
  auto slot = std::make_shared<std::optional<node::TraceResponse>>();
  b.system().spawn([=](caf::event_based_actor* self) {
    self->request(node_info_actor{node_b}, 120s, req).then([=](node::TraceResponse& r) {
      *slot = std::move(r);
    });
  });
  net.run();
  ping(3, "hay");
  ping(2, "needle");
  BOOST_REQUIRE(net.run_until([&] { return slot->has_value(); }, 10s));
  BOOST_REQUIRE_EQUAL((*slot)->events_size(), 2);
  for (const auto& ev : (*slot)->events()) {
    BOOST_CHECK_EQUAL(ev.node(), "a");
    BOOST_CHECK(ev.message().find("needle") != std::string::npos);
  }
}

BOOST_FIXTURE_TEST_CASE(the_count_budget_holds_for_the_whole_cluster, inspected_cluster) {
  // Both nodes see 4 matching messages; a trace of 3 returns the 3 earliest
  // of all 8 and counts the other 5 as dropped.
  auto echo_b = b.track(inspect::spawn_inspected(b.system(), {"echo", "test"}, echo));
  net.run();
  auto req = trace_request("needle", 3, 5000);
  auto slot = std::make_shared<std::optional<node::TraceResponse>>();
  a.system().spawn([=](caf::event_based_actor* self) {
    self->request(node_info_actor{node_a}, 120s, req).then([=](node::TraceResponse& r) {
      *slot = std::move(r);
    });
  });
  net.run();
  ping(4, "needle-b", echo_b);
  ping(4, "needle");
  BOOST_REQUIRE(net.run_until([&] { return slot->has_value(); }, 10s));
  const auto& r = **slot;
  BOOST_CHECK_EQUAL(r.events_size(), 3);
  BOOST_CHECK_EQUAL(r.dropped(), 5u);
  BOOST_CHECK(r.budget_reached());
  for (int i = 1; i < r.events_size(); ++i)
    BOOST_CHECK_LE(r.events(i - 1).at_us(), r.events(i).at_us());
}

BOOST_FIXTURE_TEST_CASE(a_streamed_trace_delivers_events_while_it_runs, inspected_cluster) {
  auto req = trace_request("echo", 1000, 5000);
  auto started = net.now();
  auto log = stream(node_b, b, req);
  net.run();
  ping(3);
  BOOST_REQUIRE(net.run_until([&] { return log->answer.has_value(); }, 10s));
  // The events came long before the trace's time ran out; the answer only
  // totals them, after the last chunk.
  BOOST_REQUIRE(log->first_event_at.has_value());
  BOOST_CHECK(*log->first_event_at - started < 1s);
  BOOST_CHECK(net.now() - started >= 5s);
  BOOST_REQUIRE_EQUAL(log->events.size(), 3u);
  BOOST_CHECK_EQUAL(log->events[0].node(), "a");
  BOOST_CHECK(log->events[0].message().find("ping-0") != std::string::npos);
  BOOST_CHECK(log->done_before_answer);
  BOOST_CHECK_EQUAL(log->answer->events_size(), 0);
  BOOST_CHECK(!log->answer->budget_reached());
  const auto& traced = log->answer->traced();
  BOOST_CHECK(std::any_of(traced.begin(), traced.end(),
                          [](const auto& t) { return t.rfind("echo (", 0) == 0; }));
}

BOOST_FIXTURE_TEST_CASE(a_streamed_trace_keeps_one_budget_and_stops_every_node, inspected_cluster) {
  auto echo_b = b.track(inspect::spawn_inspected(b.system(), {"echo", "test"}, echo));
  net.run();
  auto req = trace_request("needle", 3, 60000);
  auto started = net.now();
  auto log = stream(node_a, a, req);
  net.run();
  ping(4, "needle-b", echo_b);
  ping(4, "needle");
  BOOST_REQUIRE(net.run_until([&] { return log->answer.has_value(); }, 70s));
  // 8 matching messages, 3 streamed, 5 counted as dropped; the spent budget
  // ended the trace on both nodes long before its minute.
  BOOST_CHECK_EQUAL(log->events.size(), 3u);
  BOOST_CHECK(log->answer->budget_reached());
  BOOST_CHECK_EQUAL(log->answer->dropped(), 5u);
  BOOST_CHECK(net.now() - started < 10s);
  BOOST_CHECK(log->done_before_answer);
  // Disarmed everywhere: later messages are not recorded.
  ping(2, "needle");
  caf::anon_send(echo_b, node::PeerInfo{});
  net.run();
  BOOST_CHECK_EQUAL(log->events.size(), 3u);
}

BOOST_FIXTURE_TEST_CASE(the_subscriber_stops_a_streamed_trace, inspected_cluster) {
  auto req = trace_request("echo", 1000, 60000);
  auto started = net.now();
  auto log = stream(node_b, b, req, 2);
  net.run();
  ping(2);
  BOOST_REQUIRE(net.run_until([&] { return log->answer.has_value(); }, 70s));
  BOOST_CHECK(log->stop_sent);
  BOOST_CHECK(net.now() - started < 10s);
  BOOST_CHECK_EQUAL(log->events.size(), 2u);
  BOOST_CHECK(!log->answer->budget_reached());
}

BOOST_FIXTURE_TEST_CASE(a_subscriber_gone_ends_its_trace_everywhere, inspected_cluster) {
  auto req = trace_request("echo", 1000, 60000);
  auto log = stream(node_b, b, req, 1, true);
  net.run();
  auto probe = inspect::registry_of(a.system()).find(echo_a->id());
  BOOST_REQUIRE(probe != nullptr);
  BOOST_CHECK(probe->tracing());
  ping(1);
  // b saw its subscriber go, stopped its part and a's: a's echo actor is
  // disarmed long before the trace's minute.
  BOOST_CHECK(net.run_until([&] { return !probe->tracing(); }, 5s));
  BOOST_CHECK_EQUAL(log->events.size(), 1u);
}

BOOST_AUTO_TEST_SUITE_END()
