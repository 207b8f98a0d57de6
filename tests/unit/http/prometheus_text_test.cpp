// The Prometheus text of a fixed set of probes, byte for byte; label
// escaping; histogram buckets cumulative up to +Inf == _count.

#include <boost/test/unit_test.hpp>

#include <sstream>

#include "net/http/prometheus_text.hpp"

using namespace convoy::net::http;
using convoy::inspect::latency_histogram;

namespace {

actor_metrics apiserver_actor() {
  actor_metrics a;
  a.id = 7;
  a.name = "apiserver";
  a.component = "apiserver";
  a.restarts = 1;
  a.counters.processed = 3;
  a.counters.errors = 1;
  a.counters.busy_ns = 1500000;
  a.counters.mailbox = 2;
  a.counters.latency[latency_histogram::bucket_of(500)] += 1;
  a.counters.latency[latency_histogram::bucket_of(2000000)] += 2;
  return a;
}

/// The values of `family`'s samples whose line contains `part`, in order.
std::vector<std::string> values(const std::string& text, const std::string& part) {
  std::vector<std::string> out;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    if (line.rfind('#', 0) != 0 && line.find(part) != std::string::npos)
      out.push_back(line.substr(line.rfind(' ') + 1));
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(prometheus_text)

BOOST_AUTO_TEST_CASE(exact_output_of_one_actor) {
  metrics_snapshot s{"n1", "0.1.0", std::chrono::milliseconds{90250}, {apiserver_actor()}};
  const std::string l = "node=\"n1\",actor=\"apiserver\",component=\"apiserver\",id=\"7\"";
  const std::string h = "convoy_actor_processing_seconds";
  std::string expected =
    "# HELP convoy_node_info The node's name and convoy version; always 1.\n"
    "# TYPE convoy_node_info gauge\n"
    "convoy_node_info{node=\"n1\",version=\"0.1.0\"} 1\n"
    "# HELP convoy_node_uptime_seconds Seconds since the node started.\n"
    "# TYPE convoy_node_uptime_seconds gauge\n"
    "convoy_node_uptime_seconds{node=\"n1\"} 90.25\n"
    "# HELP convoy_actor_messages_processed_total Messages the actor handled.\n"
    "# TYPE convoy_actor_messages_processed_total counter\n"
    "convoy_actor_messages_processed_total{" + l + "} 3\n"
    "# HELP convoy_actor_messages_received_total Messages that reached the actor: handled plus "
    "waiting.\n"
    "# TYPE convoy_actor_messages_received_total counter\n"
    "convoy_actor_messages_received_total{" + l + "} 5\n"
    "# HELP convoy_actor_mailbox_length Messages waiting in the actor's mailbox after the last "
    "one handled.\n"
    "# TYPE convoy_actor_mailbox_length gauge\n"
    "convoy_actor_mailbox_length{" + l + "} 2\n"
    "# HELP convoy_actor_errors_total Messages the actor could not handle (no handler matched, "
    "or it threw).\n"
    "# TYPE convoy_actor_errors_total counter\n"
    "convoy_actor_errors_total{" + l + "} 1\n"
    "# HELP convoy_actor_restarts How often an actor of this name and component started before "
    "on this node.\n"
    "# TYPE convoy_actor_restarts gauge\n"
    "convoy_actor_restarts{" + l + "} 1\n"
    "# HELP convoy_actor_busy_seconds_total Seconds the actor spent handling messages.\n"
    "# TYPE convoy_actor_busy_seconds_total counter\n"
    "convoy_actor_busy_seconds_total{" + l + "} 0.0015\n"
    "# HELP " + h + " Time the actor spent handling a message, over a sample of its messages.\n"
    "# TYPE " + h + " histogram\n";
  const char* les[] = {"0.000001024", "0.000004096", "0.000016384", "0.000065536",
                       "0.000262144", "0.001048576", "0.004194304", "0.016777216",
                       "0.067108864", "0.268435456", "1.073741824", "8.589934592"};
  for (size_t i = 0; i < 12; ++i)
    expected += h + "_bucket{" + l + ",le=\"" + les[i] + "\"} " + (i < 6 ? "1" : "3") + "\n";
  expected += h + "_bucket{" + l + ",le=\"+Inf\"} 3\n" + h + "_sum{" + l + "} 0.0015\n" + h
              + "_count{" + l + "} 3\n";
  BOOST_TEST(format_prometheus(s) == expected);
}

BOOST_AUTO_TEST_CASE(families_appear_once_with_many_actors) {
  auto a = apiserver_actor();
  auto b = apiserver_actor();
  b.id = 8;
  b.name = "scheduler";
  b.component = "scheduler";
  auto text = format_prometheus({"n1", "v", {}, {a, b}});
  for (const char* family : {"convoy_actor_messages_processed_total", "convoy_actor_mailbox_length",
                             "convoy_actor_processing_seconds"}) {
    auto type = std::string{"# TYPE "} + family + " ";
    BOOST_TEST(text.find(type) != std::string::npos);
    BOOST_TEST(text.find(type) == text.rfind(type), family);
  }
  BOOST_TEST(values(text, "convoy_actor_messages_processed_total{").size() == 2u);
  BOOST_TEST(text.find("actor=\"scheduler\",component=\"scheduler\",id=\"8\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(label_values_are_escaped) {
  struct row {
    std::string in, out;
  };
  for (const auto& r : std::vector<row>{{"plain", "plain"},
                                        {"a\"b", "a\\\"b"},
                                        {"back\\slash", "back\\\\slash"},
                                        {"two\nlines", "two\\nlines"},
                                        {"", ""},
                                        {"tab\tstays", "tab\tstays"}})
    BOOST_TEST(escape_label_value(r.in) == r.out, r.in);
  auto a = apiserver_actor();
  a.name = "we\"ird\\name\n";
  auto text = format_prometheus({"n\"1", "v", {}, {a}});
  BOOST_TEST(text.find("node=\"n\\\"1\",actor=\"we\\\"ird\\\\name\\n\"") != std::string::npos);
  BOOST_TEST(text.find("name\n") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(seconds_are_exact_decimals) {
  struct row {
    uint64_t ns;
    std::string text;
  };
  for (const auto& r : std::vector<row>{{0, "0"},
                                        {1, "0.000000001"},
                                        {1500000000, "1.5"},
                                        {2000000000, "2"},
                                        {123456789012, "123.456789012"}})
    BOOST_TEST(seconds_text(r.ns) == r.text);
}

BOOST_AUTO_TEST_CASE(histogram_is_cumulative_and_ends_at_count) {
  // Every bucket holds i+1 samples: cumulative counts must never drop and
  // +Inf must equal _count (the total, including the open-ended last bucket).
  actor_metrics a = apiserver_actor();
  uint64_t total = 0;
  for (size_t i = 0; i < latency_histogram::bucket_count; ++i)
    total += a.counters.latency[i] = i + 1;
  a.counters.processed = total;
  auto text = format_prometheus({"n1", "v", {}, {a}});
  auto buckets = values(text, "convoy_actor_processing_seconds_bucket{");
  BOOST_REQUIRE_EQUAL(buckets.size(), processing_bounds_ns().size() + 1);
  BOOST_TEST(buckets.size() <= 13u);
  for (size_t i = 1; i < buckets.size(); ++i)
    BOOST_TEST(std::stoull(buckets[i - 1]) <= std::stoull(buckets[i]));
  BOOST_TEST(std::stoull(buckets.front()) > 0u);
  BOOST_TEST(std::stoull(buckets.back()) == total);
  BOOST_TEST(values(text, "convoy_actor_processing_seconds_count{").at(0) == std::to_string(total));
  BOOST_TEST(text.find("le=\"+Inf\"} " + std::to_string(total)) != std::string::npos);
  // A bound counts exactly the buckets whose upper bound is at most it.
  auto cumulative = cumulative_at_bounds(a.counters.latency);
  for (size_t b = 0; b < cumulative.size(); ++b) {
    uint64_t want = 0;
    for (size_t i = 0; i + 1 < latency_histogram::bucket_count; ++i)
      if (latency_histogram::upper_bound(i) <= processing_bounds_ns()[b])
        want += a.counters.latency[i];
    BOOST_TEST(cumulative[b] == want, "bound " << b);
  }
}

BOOST_AUTO_TEST_CASE(the_histogram_covers_the_timed_sample) {
  // 24 messages handled, 3 of them timed: buckets, +Inf and _count are the
  // 3 observations, _sum their share of the estimated busy time.
  auto a = apiserver_actor();
  a.counters.processed = 24;
  a.counters.busy_ns = 12000000;
  auto text = format_prometheus({"n1", "v", {}, {a}});
  BOOST_TEST(text.find("le=\"+Inf\"} 3\n") != std::string::npos);
  BOOST_TEST(values(text, "convoy_actor_processing_seconds_count{").at(0) == "3");
  BOOST_TEST(values(text, "convoy_actor_processing_seconds_sum{").at(0) == "0.0015");
  BOOST_TEST(values(text, "convoy_actor_busy_seconds_total{").at(0) == "0.012");
}

BOOST_AUTO_TEST_SUITE_END()
