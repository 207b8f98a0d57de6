#include <boost/test/unit_test.hpp>

#include <thread>

#include "actors/inspect/core/actor_window.hpp"
#include "actors/inspect/core/flatten_message.hpp"
#include "actors/inspect/core/message_sampler.hpp"
#include "actors/inspect/core/probe_registry.hpp"
#include "actors/node/node_inspector.hpp"
#include "controllers/controllers.pb.h"

using namespace convoy;
using namespace convoy::inspect;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(latency_histogram_suite)

BOOST_AUTO_TEST_CASE(buckets_bound_every_value_within_a_quarter) {
  for (uint64_t ns : {64ull, 100ull, 1000ull, 1500ull, 123456ull, 9999999ull, 1ull << 35}) {
    auto b = latency_histogram::bucket_of(ns);
    BOOST_TEST_CONTEXT("ns=" << ns) {
      BOOST_CHECK_GE(latency_histogram::upper_bound(b), ns);
      BOOST_CHECK_LE(latency_histogram::upper_bound(b), ns + ns / 4 + 1);
    }
  }
  BOOST_CHECK_EQUAL(latency_histogram::bucket_of(1), 0u);
  BOOST_CHECK_EQUAL(latency_histogram::bucket_of(~0ull), latency_histogram::bucket_count - 1);
}

BOOST_AUTO_TEST_CASE(quantiles_follow_the_recorded_distribution) {
  latency_histogram h;
  for (int i = 0; i < 98; ++i)
    h.record(1000);
  h.record(1'000'000);
  h.record(1'000'000);
  auto c = h.snapshot();
  BOOST_CHECK_LE(latency_histogram::quantile(c, 0.5), 1250u);
  BOOST_CHECK_GE(latency_histogram::quantile(c, 0.5), 1000u);
  BOOST_CHECK_GE(latency_histogram::quantile(c, 0.99), 1'000'000u);
  BOOST_CHECK_EQUAL(latency_histogram::quantile(latency_histogram::counts{}, 0.5), 0u);
  auto none = latency_histogram::minus(c, c);
  BOOST_CHECK_EQUAL(latency_histogram::quantile(none, 0.99), 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(trace_session_suite)

BOOST_AUTO_TEST_CASE(keeps_at_most_its_budget_and_counts_the_rest) {
  trace_session s{3, ""};
  for (int i = 0; i < 5; ++i)
    s.add(trace_record{static_cast<uint64_t>(i), 1, 0, true, "", "m", 10, 0});
  BOOST_CHECK(s.full());
  BOOST_CHECK_EQUAL(s.dropped(), 2u);
  auto got = s.take();
  BOOST_REQUIRE_EQUAL(got.size(), 3u);
  BOOST_CHECK_EQUAL(got[2].at_ns, 2u);
  BOOST_CHECK(s.take().empty());
}

BOOST_AUTO_TEST_CASE(filters_by_text_and_cuts_long_messages) {
  trace_session s{10, "pod-a"};
  BOOST_CHECK(s.wants("update pod-a status"));
  BOOST_CHECK(!s.wants("update pod-b status"));
  trace_record r;
  r.message = std::string(1000, 'x');
  s.add(r);
  auto got = s.take();
  BOOST_REQUIRE_EQUAL(got.size(), 1u);
  BOOST_CHECK_EQUAL(got[0].message.size(), trace_session::max_message_chars);
  BOOST_CHECK(trace_session(0, "").full());
}

BOOST_AUTO_TEST_CASE(concurrent_writers_never_exceed_the_budget) {
  trace_session s{100, ""};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&s] {
      for (int i = 0; i < 1000; ++i)
        s.add(trace_record{});
    });
  for (auto& w : writers)
    w.join();
  BOOST_CHECK_EQUAL(s.take().size(), 100u);
  BOOST_CHECK_EQUAL(s.dropped(), 3900u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(probe_suite)

BOOST_AUTO_TEST_CASE(a_probe_counts_messages_time_errors_and_mailbox) {
  actor_probe p{7, "echo", "test", 0};
  p.record_timing(1000, 1);
  p.record_timing(3000, 1);
  p.record_handled(2, 2);
  p.record_error();
  auto c = p.sample();
  BOOST_CHECK_EQUAL(c.processed, 2u);
  BOOST_CHECK_EQUAL(c.busy_ns, 4000u);
  BOOST_CHECK_EQUAL(c.mailbox, 2u);
  BOOST_CHECK_EQUAL(c.received(), 4u);
  BOOST_CHECK_EQUAL(c.errors, 1u);
}

BOOST_AUTO_TEST_CASE(one_message_in_sample_every_is_timed_and_stands_for_the_others) {
  // As inspected_actor drives it: time_next() before every message, then
  // timed_done() for the timed ones and untimed_done() for the rest.
  actor_probe p{3, "sink", "test", 0};
  message_sampler s;
  constexpr auto every = message_sampler::sample_every;
  const auto n = 5 * every + 3;
  size_t timed = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t mailbox = i == n - 1 ? 0 : 1;
    if (s.time_next()) {
      ++timed;
      s.timed_done(p, 100, mailbox);
    } else {
      s.untimed_done(p, mailbox);
    }
  }
  auto c = p.sample();
  // The first message is timed (an actor that handles few still shows
  // times), then every sample_every-th.
  BOOST_CHECK_EQUAL(timed, (n - 1) / every + 1);
  BOOST_CHECK_EQUAL(c.processed, n);
  // Each later timed message of 100 ns counts for sample_every messages.
  BOOST_CHECK_EQUAL(c.busy_ns, 100u * (1 + (timed - 1) * every));
  uint64_t observed = 0;
  for (auto x : c.latency)
    observed += x;
  BOOST_CHECK_EQUAL(observed, timed);
  BOOST_CHECK_EQUAL(c.mailbox, 0u);
}

BOOST_AUTO_TEST_CASE(a_sampler_publishes_when_the_mailbox_runs_dry_or_a_message_is_timed) {
  actor_probe p{4, "busy", "test", 0};
  message_sampler s;
  BOOST_REQUIRE(s.time_next()); // the first message is timed and published
  s.timed_done(p, 50, 6);
  BOOST_CHECK_EQUAL(p.sample().processed, 1u);
  BOOST_CHECK_EQUAL(p.sample().mailbox, 6u);
  // Untimed messages with more waiting stay in the actor...
  for (uint64_t waiting : {5, 4, 3}) {
    BOOST_REQUIRE(!s.time_next());
    s.untimed_done(p, waiting);
  }
  BOOST_CHECK_EQUAL(p.sample().processed, 1u);
  BOOST_CHECK_EQUAL(p.sample().mailbox, 6u);
  // ...until the mailbox is empty: then the probe is exact again.
  BOOST_REQUIRE(!s.time_next());
  s.untimed_done(p, 0);
  BOOST_CHECK_EQUAL(p.sample().processed, 5u);
  BOOST_CHECK_EQUAL(p.sample().mailbox, 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(actor_window_suite)

BOOST_AUTO_TEST_CASE(rates_cover_the_window_and_percentiles_the_recent_messages) {
  actor_probe p{1, "a", "c", 0};
  actor_window w{10s};
  for (int i = 0; i < 100; ++i)
    p.record_timing(1'000'000, 1), p.record_handled(1, 0); // 1 ms each, before the window starts
  w.add(0s, p.sample());
  w.add(10s, p.sample());
  w.add(20s, p.sample());
  for (int i = 0; i < 200; ++i)
    p.record_timing(1000, 1), p.record_handled(1, 0); // 1 µs each, recently
  auto s = w.stats(30s, p.sample());
  BOOST_CHECK_CLOSE(s.processed_per_sec, 200.0 / 20.0, 1e-6); // since the oldest kept (10 s)
  BOOST_CHECK_LE(s.p99_ns, 1250u);                          // the old 1 ms messages are out
  auto idle = actor_window{10s};
  idle.add(0s, p.sample());
  BOOST_CHECK_GE(idle.stats(1s, p.sample()).p99_ns, 1'000'000u); // falls back to all-time
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(flatten_suite)

BOOST_AUTO_TEST_CASE(nested_repeated_and_enum_fields_become_paths) {
  controllers::ControllerManagerStatus st;
  st.set_leader(true);
  st.set_identity("node-1");
  st.add_controllers()->set_name("endpoints");
  st.mutable_controllers(0)->set_queue_depth(3);
  st.add_controllers()->set_name("replicaset");
  node::ComponentSummary out;
  flatten_message(st, out);
  BOOST_CHECK_EQUAL(out.type(), "convoy.controllers.ControllerManagerStatus");
  std::map<std::string, std::string> f;
  for (const auto& kv : out.fields())
    f[kv.key()] = kv.value();
  BOOST_CHECK_EQUAL(f["leader"], "true");
  BOOST_CHECK_EQUAL(f["identity"], "node-1");
  BOOST_CHECK_EQUAL(f["controllers[0].name"], "endpoints");
  BOOST_CHECK_EQUAL(f["controllers[0].queue_depth"], "3");
  BOOST_CHECK_EQUAL(f["controllers[1].name"], "replicaset");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(node_inspector_suite)

BOOST_AUTO_TEST_CASE(actor_references_resolve_by_id_name_or_component) {
  auto ref = actor_ref::parse("scheduler@node-2");
  BOOST_CHECK_EQUAL(ref.actor, "scheduler");
  BOOST_CHECK_EQUAL(ref.node, "node-2");
  BOOST_CHECK_EQUAL(actor_ref::parse("12").node, "");
  probe_registry r;
  r.add(12, "kubelet/w1", "kubelet");
  r.add(13, "kubelet/w2", "kubelet");
  r.add(14, "scheduler", "scheduler");
  node_inspector insp{"n", r};
  BOOST_CHECK_EQUAL(insp.resolve("12").size(), 1u);
  BOOST_CHECK_EQUAL(insp.resolve("kubelet").size(), 2u);
  BOOST_REQUIRE_EQUAL(insp.resolve("kubelet/w2").size(), 1u);
  BOOST_CHECK_EQUAL(insp.resolve("kubelet/w2")[0]->id(), 13u);
  BOOST_CHECK(insp.resolve("nothing").empty());
  BOOST_CHECK_EQUAL(insp.all_but(14).size(), 2u);
}

BOOST_AUTO_TEST_CASE(trace_events_name_local_senders_and_peer_nodes) {
  probe_registry r;
  r.add(5, "apiserver", "apiserver");
  r.add(6, "scheduler", "scheduler");
  node_inspector insp{"n1", r};
  std::vector<trace_record> recs(2);
  recs[0] = {1'500'000, 5, 6, true, "", "get pods", 2000, 1};
  recs[1] = {2'000'000, 5, 9, false, "node-id-x", "list", 1000, 0};
  auto ev = insp.events(std::move(recs), 1'000'000, {{"node-id-x", "n2"}});
  BOOST_REQUIRE_EQUAL(ev.size(), 2u);
  BOOST_CHECK_EQUAL(ev[0].at_us(), 500);
  BOOST_CHECK_EQUAL(ev[0].actor(), "apiserver");
  BOOST_CHECK_EQUAL(ev[0].sender(), "scheduler (6)");
  BOOST_CHECK_EQUAL(ev[0].processing_us(), 2.0);
  BOOST_CHECK_EQUAL(ev[1].sender(), "9@n2");
}

BOOST_AUTO_TEST_SUITE_END()
