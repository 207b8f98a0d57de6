#include "actors/node/node_inspector.hpp"

#include <algorithm>
#include <set>

namespace convoy {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

double micros(uint64_t ns) {
  return static_cast<double>(ns) / 1000.0;
}

} // namespace

actor_ref actor_ref::parse(const std::string& text) {
  auto at = text.rfind('@');
  if (at == std::string::npos)
    return {text, ""};
  return {text.substr(0, at), text.substr(at + 1)};
}

node_inspector::node_inspector(std::string node_name, inspect::probe_registry& registry)
  : node_(std::move(node_name)), registry_(registry) {}

void node_inspector::sample(clock_ns now) {
  std::set<uint64_t> live;
  for (const auto& probe : registry_.probes()) {
    live.insert(probe->id());
    windows_[probe->id()].add(now, probe->sample());
  }
  for (auto i = windows_.begin(); i != windows_.end();)
    i = live.count(i->first) ? std::next(i) : windows_.erase(i);
  for (auto i = roles_.begin(); i != roles_.end();)
    i = live.count(i->first) ? std::next(i) : roles_.erase(i);
}

node::ActorStats node_inspector::stats_of(const inspect::actor_probe& probe, clock_ns now) const {
  auto c = probe.sample();
  inspect::window_stats w;
  if (auto i = windows_.find(probe.id()); i != windows_.end())
    w = i->second.stats(now, c);
  else
    w = inspect::actor_window{}.stats(now, c);
  node::ActorStats out;
  out.set_node(node_);
  out.set_id(probe.id());
  out.set_name(probe.name());
  out.set_component(probe.component());
  if (auto i = roles_.find(probe.id()); i != roles_.end())
    out.set_role(i->second);
  out.set_mailbox(c.mailbox);
  out.set_received_total(c.received());
  out.set_processed_total(c.processed);
  out.set_received_per_sec(w.received_per_sec);
  out.set_processed_per_sec(w.processed_per_sec);
  out.set_p50_us(micros(w.p50_ns));
  out.set_p99_us(micros(w.p99_ns));
  out.set_busy(w.busy);
  out.set_errors(c.errors);
  out.set_restarts(probe.restarts());
  out.set_window_seconds(w.seconds);
  return out;
}

std::vector<node::ActorStats> node_inspector::list(clock_ns now) const {
  std::vector<node::ActorStats> out;
  for (const auto& probe : registry_.probes())
    out.push_back(stats_of(*probe, now));
  return out;
}

std::vector<std::shared_ptr<inspect::actor_probe>>
node_inspector::resolve(const std::string& actor) const {
  std::vector<std::shared_ptr<inspect::actor_probe>> by_name;
  std::vector<std::shared_ptr<inspect::actor_probe>> by_component;
  for (auto& probe : registry_.probes()) {
    if (all_digits(actor) && std::to_string(probe->id()) == actor)
      return {probe};
    if (probe->name() == actor)
      by_name.push_back(probe);
    else if (probe->component() == actor)
      by_component.push_back(probe);
  }
  return by_name.empty() ? by_component : by_name;
}

std::vector<std::shared_ptr<inspect::actor_probe>> node_inspector::all_but(uint64_t except) const {
  auto out = registry_.probes();
  out.erase(std::remove_if(out.begin(), out.end(),
                           [except](const auto& p) { return p->id() == except; }),
            out.end());
  return out;
}

std::string
node_inspector::sender_text(const inspect::trace_record& r,
                            const std::map<std::string, std::string>& peer_names) const {
  if (r.sender_id == 0)
    return "";
  auto id = std::to_string(r.sender_id);
  if (!r.sender_local) {
    auto i = peer_names.find(r.sender_node);
    return id + "@" + (i != peer_names.end() ? i->second : r.sender_node.substr(0, 12));
  }
  if (auto probe = registry_.find(r.sender_id))
    return probe->name() + " (" + id + ")";
  return id;
}

std::vector<node::TraceEvent>
node_inspector::events(std::vector<inspect::trace_record> records, uint64_t started_ns,
                       const std::map<std::string, std::string>& peer_names) const {
  std::vector<node::TraceEvent> out;
  out.reserve(records.size());
  for (auto& r : records) {
    node::TraceEvent ev;
    ev.set_node(node_);
    ev.set_at_us(static_cast<int64_t>(r.at_ns - std::min(r.at_ns, started_ns)) / 1000);
    ev.set_actor_id(r.actor_id);
    if (auto probe = registry_.find(r.actor_id))
      ev.set_actor(probe->name());
    ev.set_sender(sender_text(r, peer_names));
    ev.set_message(std::move(r.message));
    ev.set_processing_us(micros(r.processing_ns));
    ev.set_mailbox(r.mailbox);
    out.push_back(std::move(ev));
  }
  return out;
}

} // namespace convoy
