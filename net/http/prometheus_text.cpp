#include "net/http/prometheus_text.hpp"

#include <algorithm>

namespace convoy::net::http {

namespace {

using inspect::latency_histogram;

void family(std::string& out, std::string_view name, std::string_view type,
            std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

/// `node="N",actor="A",component="C",id="I"` (no braces).
std::string actor_labels(const std::string& node, const actor_metrics& a) {
  std::string out;
  out.reserve(64 + node.size() + a.name.size() + a.component.size());
  out.append("node=\"").append(escape_label_value(node));
  out.append("\",actor=\"").append(escape_label_value(a.name));
  out.append("\",component=\"").append(escape_label_value(a.component));
  out.append("\",id=\"").append(std::to_string(a.id)).append("\"");
  return out;
}

void sample(std::string& out, std::string_view name, const std::string& labels,
            std::string_view value) {
  out.append(name).append("{").append(labels).append("} ").append(value).append("\n");
}

/// One family with one sample per actor, the value picked by `value_of`.
template <class F>
void per_actor(std::string& out, const metrics_snapshot& s, const std::vector<std::string>& labels,
               std::string_view name, std::string_view type, std::string_view help, F value_of) {
  family(out, name, type, help);
  for (size_t i = 0; i < s.actors.size(); ++i)
    sample(out, name, labels[i], value_of(s.actors[i]));
}

/// The processing-time histogram of every actor, over the messages its probe
/// timed (one in message_sampler::sample_every, all while traced): buckets,
/// +Inf and _count are those observations; _sum is their share of the
/// estimated busy time, so _sum / _count is the mean processing time.
void processing_histogram(std::string& out, const metrics_snapshot& s,
                          const std::vector<std::string>& labels) {
  static const std::string name = "convoy_actor_processing_seconds";
  family(out, name, "histogram",
         "Time the actor spent handling a message, over a sample of its messages.");
  const auto& bounds = processing_bounds_ns();
  for (size_t i = 0; i < s.actors.size(); ++i) {
    const auto& c = s.actors[i].counters;
    auto cumulative = cumulative_at_bounds(c.latency);
    uint64_t total = 0;
    for (auto n : c.latency)
      total += n;
    auto sum_ns = c.processed == 0 ? 0
                                   : static_cast<uint64_t>(static_cast<double>(c.busy_ns)
                                                           * static_cast<double>(total)
                                                           / static_cast<double>(c.processed));
    for (size_t b = 0; b < bounds.size(); ++b)
      sample(out, name + "_bucket", labels[i] + ",le=\"" + seconds_text(bounds[b]) + "\"",
             std::to_string(cumulative[b]));
    sample(out, name + "_bucket", labels[i] + ",le=\"+Inf\"", std::to_string(total));
    sample(out, name + "_sum", labels[i], seconds_text(sum_ns));
    sample(out, name + "_count", labels[i], std::to_string(total));
  }
}

} // namespace

std::vector<actor_metrics> sample_actors(const inspect::probe_registry& registry) {
  std::vector<actor_metrics> out;
  for (const auto& probe : registry.probes())
    out.push_back({probe->id(), probe->name(), probe->component(), probe->restarts(),
                   probe->sample()});
  return out;
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string seconds_text(uint64_t ns) {
  constexpr uint64_t per_second = 1000000000;
  auto out = std::to_string(ns / per_second);
  auto frac = ns % per_second;
  if (frac == 0)
    return out;
  auto digits = std::to_string(frac);
  digits.insert(0, 9 - digits.size(), '0');
  digits.erase(digits.find_last_not_of('0') + 1);
  return out + "." + digits;
}

const std::vector<uint64_t>& processing_bounds_ns() {
  // 1 us .. 1 s in steps of 4x, then ~8.6 s: 12 bounds.
  static const std::vector<uint64_t> bounds = [] {
    std::vector<uint64_t> out;
    for (unsigned e = 10; e <= 30; e += 2)
      out.push_back(uint64_t{1} << e);
    out.push_back(uint64_t{1} << 33);
    return out;
  }();
  return bounds;
}

std::vector<uint64_t> cumulative_at_bounds(const latency_histogram::counts& latency) {
  const auto& bounds = processing_bounds_ns();
  std::vector<uint64_t> out(bounds.size(), 0);
  uint64_t seen = 0;
  size_t b = 0;
  // The last bucket also holds every longer duration: only +Inf counts it.
  for (size_t i = 0; i + 1 < latency_histogram::bucket_count && b < bounds.size(); ++i) {
    while (b < bounds.size() && latency_histogram::upper_bound(i) > bounds[b])
      out[b++] = seen;
    seen += latency[i];
  }
  for (; b < bounds.size(); ++b)
    out[b] = seen;
  return out;
}

std::string format_prometheus(const metrics_snapshot& s) {
  std::vector<std::string> labels;
  labels.reserve(s.actors.size());
  for (const auto& a : s.actors)
    labels.push_back(actor_labels(s.node, a));
  std::string out;
  out.reserve(512 + s.actors.size() * 2048);
  family(out, "convoy_node_info", "gauge", "The node's name and convoy version; always 1.");
  out.append("convoy_node_info{node=\"").append(escape_label_value(s.node));
  out.append("\",version=\"").append(escape_label_value(s.version)).append("\"} 1\n");
  family(out, "convoy_node_uptime_seconds", "gauge", "Seconds since the node started.");
  out.append("convoy_node_uptime_seconds{node=\"").append(escape_label_value(s.node));
  out.append("\"} ").append(seconds_text(static_cast<uint64_t>(s.uptime.count()))).append("\n");
  auto num = [](uint64_t x) { return std::to_string(x); };
  per_actor(out, s, labels, "convoy_actor_messages_processed_total", "counter",
            "Messages the actor handled.", [&](const auto& a) { return num(a.counters.processed); });
  per_actor(out, s, labels, "convoy_actor_messages_received_total", "counter",
            "Messages that reached the actor: handled plus waiting.",
            [&](const auto& a) { return num(a.counters.received()); });
  per_actor(out, s, labels, "convoy_actor_mailbox_length", "gauge",
            "Messages waiting in the actor's mailbox after the last one handled.",
            [&](const auto& a) { return num(a.counters.mailbox); });
  per_actor(out, s, labels, "convoy_actor_errors_total", "counter",
            "Messages the actor could not handle (no handler matched, or it threw).",
            [&](const auto& a) { return num(a.counters.errors); });
  per_actor(out, s, labels, "convoy_actor_restarts", "gauge",
            "How often an actor of this name and component started before on this node.",
            [&](const auto& a) { return num(a.restarts); });
  per_actor(out, s, labels, "convoy_actor_busy_seconds_total", "counter",
            "Seconds the actor spent handling messages.",
            [&](const auto& a) { return seconds_text(a.counters.busy_ns); });
  processing_histogram(out, s, labels);
  return out;
}

} // namespace convoy::net::http
