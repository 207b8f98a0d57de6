#include "runtime/sim/sim_network.hpp"

#include <algorithm>
#include <stdexcept>

#include "caf/abstract_actor.hpp"
#include "caf/local_actor.hpp"
#include "caf/io/basp_broker.hpp"
#include "caf/io/system_messages.hpp"
#include "caf/send.hpp"

namespace convoy::sim {

sim_network::sim_network(uint64_t seed, system_settings settings)
  : seed_(seed), settings_(std::move(settings)), rng_(seed) {
  // nop
}

sim_network::~sim_network() {
  shutdown();
  while (!hosts_.empty())
    hosts_.pop_back();
}

size_t sim_network::shutdown() {
  // End every tracked actor while all hosts can still talk.
  for (auto& h : hosts_) {
    h->exit_all(caf::exit_reason::user_shutdown);
    h->stalled_ = false;
  }
  run();
  size_t running = 0;
  for (auto& h : hosts_)
    if (!h->crashed())
      running += h->running_actors();
  return running;
}

sim_host& sim_network::add_host(const std::string& name,
                                std::function<void(caf::actor_system_config&)> customize) {
  for (auto& h : hosts_)
    if (h->name() == name && !h->crashed())
      throw std::logic_error("sim: host " + name + " exists");
  auto settings = settings_;
  if (customize)
    settings.customize = std::move(customize);
  auto elapsed = now();
  hosts_.push_back(std::make_unique<sim_host>(name, settings));
  auto& h = *hosts_.back();
  // A host that joins later lives in the same virtual time as the others.
  h.sched().advance_time(elapsed);
  // Give the middleman its start-up turn so the host is idle and ready.
  run();
  replenish();
  return h;
}

sim_host& sim_network::host(const std::string& name) {
  for (auto i = hosts_.rbegin(); i != hosts_.rend(); ++i)
    if ((*i)->name() == name)
      return **i;
  throw std::logic_error("sim: no host " + name);
}

void sim_network::listen(sim_host& h, uint16_t port) {
  auto acceptor = caf::io::accept_handle::from_int(next_handle_++);
  h.mpx().provide_acceptor(port, acceptor);
  listeners_.push_back(listener{&h, port, acceptor});
  replenish();
}

std::pair<sim_host*, sim_host*> sim_network::ordered(sim_host& a, sim_host& b) {
  return std::minmax(&a, &b);
}

void sim_network::replenish() {
  for (auto& l : listeners_) {
    // Only once the acceptor belongs to a broker: accepting on a doorman
    // without one crashes CAF's test multiplexer.
    auto& doorman = l.host->mpx().impl_ptr(l.acceptor);
    if (l.host->crashed() || !doorman || doorman->parent() == nullptr)
      continue;
    for (auto& c : hosts_) {
      if (c.get() == l.host || c->crashed() || cut_links_.count(ordered(*c, *l.host)))
        continue;
      if (c->mpx().has_pending_scribe(l.host->name(), l.port))
        continue;
      auto server_hdl = caf::io::connection_handle::from_int(next_handle_++);
      auto client_hdl = caf::io::connection_handle::from_int(next_handle_++);
      l.host->mpx().prepare_connection(l.acceptor, server_hdl, c->mpx(), l.host->name(),
                                       l.port, client_hdl);
      connections_.push_back(connection{l.host, server_hdl, c.get(), client_hdl, true});
    }
  }
}

bool sim_network::run_random_job(sim_host& h) {
  auto& jobs = h.sched().jobs;
  if (jobs.empty())
    return false;
  std::uniform_int_distribution<size_t> pick{0, jobs.size() - 1};
  auto i = pick(rng_);
  std::rotate(jobs.begin(), jobs.begin() + static_cast<std::ptrdiff_t>(i),
              jobs.begin() + static_cast<std::ptrdiff_t>(i) + 1);
  last_job_.clear();
  if (auto* actor = dynamic_cast<caf::abstract_actor*>(jobs.front())) {
    fold(actor->id());
    if (auto* local = dynamic_cast<caf::local_actor*>(actor); diagnose_ && local)
      last_job_ = h.name() + "/" + local->name();
  }
  h.sched().run_once();
  return true;
}

bool sim_network::try_action(sim_host& h, action a) {
  switch (a) {
    case action::job:
      return run_random_job(h);
    case action::runnable:
      return h.mpx().try_exec_runnable();
    case action::read:
      return h.mpx().try_read_data();
    case action::accept:
      return h.mpx().try_accept_connection();
  }
  return false;
}

bool sim_network::step() {
  candidates_.clear();
  for (size_t i = 0; i < hosts_.size(); ++i) {
    auto& h = *hosts_[i];
    if (h.stalled() || h.crashed())
      continue;
    for (auto a : {action::job, action::runnable, action::read, action::accept})
      candidates_.emplace_back(i, a);
  }
  std::shuffle(candidates_.begin(), candidates_.end(), rng_);
  for (auto [index, a] : candidates_) {
    if (try_action(*hosts_[index], a)) {
      fold(index * 4 + static_cast<uint64_t>(a));
      if (a == action::job || a == action::runnable)
        replenish();
      return true;
    }
  }
  return false;
}

size_t sim_network::run() {
  constexpr size_t max_events = 5'000'000;
  size_t events = 0;
  while (step()) {
    if (++events == max_events - 10'000)
      diagnose_ = true; // from now on, remember who keeps the simulation busy
    if (diagnose_ && !last_job_.empty())
      ++busy_[last_job_];
    if (events > max_events)
      throw std::runtime_error("sim: no quiescence after 5M events (livelock?) SEED="
                               + std::to_string(seed_) + "; busiest actors: " + busiest());
  }
  return events;
}

std::string sim_network::busiest() const {
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const auto& [name, n] : busy_)
    ranked.emplace_back(n, name);
  std::sort(ranked.rbegin(), ranked.rend());
  std::string out;
  for (size_t i = 0; i < ranked.size() && i < 5; ++i)
    out += (i ? ", " : "") + ranked[i].second + " x" + std::to_string(ranked[i].first);
  return out;
}

caf::timespan sim_network::now() const {
  if (hosts_.empty())
    return caf::timespan{0};
  return hosts_.front()->sched_->clock().current_time.time_since_epoch();
}

void sim_network::advance_time(caf::timespan d) {
  for (auto& h : hosts_) {
    h->sched().advance_time(d);
    // advance_time fires only timers strictly before the new time; fire the
    // ones due exactly now too, or a timer at `now` would never go off.
    auto& clock = h->sched_->clock();
    while (!clock.schedule().empty() && clock.schedule().begin()->first <= clock.current_time)
      h->sched().trigger_timeout();
  }
}

std::optional<caf::timespan> sim_network::next_timer() const {
  std::optional<caf::timespan> best;
  for (auto& h : hosts_) {
    if (h->crashed())
      continue;
    const auto& schedule = h->sched_->clock().schedule();
    if (schedule.empty())
      continue;
    auto at = schedule.begin()->first.time_since_epoch();
    if (!best || at < *best)
      best = at;
  }
  return best;
}

bool sim_network::run_until(const std::function<bool()>& done, caf::timespan budget) {
  auto limit = now() + budget;
  for (;;) {
    run();
    if (done())
      return true;
    auto next = next_timer();
    if (!next || *next > limit) {
      advance_time(limit - now());
      run();
      return done();
    }
    advance_time(std::max(caf::timespan{0}, *next - now()));
  }
}

void sim_network::close(connection& c) {
  if (!c.open)
    return;
  c.open = false;
  auto drop = [](sim_host& h, caf::io::connection_handle hdl) {
    h.mpx().passive_mode(hdl) = true;
    h.mpx().virtual_network_buffer(hdl).clear();
    auto basp = h.system().middleman().named_broker<caf::io::basp_broker>(caf::atom("BASP"));
    caf::anon_send(basp, caf::io::connection_closed_msg{hdl});
  };
  drop(*c.server, c.server_hdl);
  drop(*c.client, c.client_hdl);
  // An unused prepared connect must not survive the cut.
  auto& pending = c.server->mpx().pending_connects();
  for (auto i = pending.begin(); i != pending.end();)
    i = i->second == c.server_hdl ? pending.erase(i) : std::next(i);
  for (auto& l : listeners_)
    if (l.host == c.server && c.client->mpx().has_pending_scribe(l.host->name(), l.port))
      (void) c.client->mpx().new_tcp_scribe(l.host->name(), l.port);
}

void sim_network::cut(sim_host& a, sim_host& b) {
  cut_links_.insert(ordered(a, b));
  for (auto& c : connections_)
    if (ordered(*c.server, *c.client) == ordered(a, b))
      close(c);
}

void sim_network::heal(sim_host& a, sim_host& b) {
  cut_links_.erase(ordered(a, b));
  replenish();
}

void sim_network::crash(sim_host& h) {
  h.exit_all(caf::exit_reason::kill);
  h.sched().run();
  for (auto& c : connections_)
    if (c.server == &h || c.client == &h)
      close(c);
  h.crashed_ = true;
}

void sim_network::fold(uint64_t value) {
  // FNV-1a over the 8 bytes of value.
  for (int i = 0; i < 8; ++i) {
    trace_hash_ ^= (value >> (i * 8)) & 0xff;
    trace_hash_ *= 1099511628211ULL;
  }
}

void sim_network::trace(std::string_view event) {
  for (unsigned char c : event) {
    trace_hash_ ^= c;
    trace_hash_ *= 1099511628211ULL;
  }
}

} // namespace convoy::sim
