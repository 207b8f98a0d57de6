#include "engine_cluster.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace convoy::store::testing {

engine_cluster::engine_cluster(cluster_options opts) : opts_(opts), rng_(opts.seed) {
  if (opts_.write_ahead)
    wal_dir_ = std::make_unique<test::temp_dir>();
  for (size_t i = 0; i < opts_.size; ++i) {
    auto name = "s" + std::to_string(i + 1);
    founders_.push_back(member{member_id(name), name, "10.0.0." + std::to_string(i + 1) + ":7000"});
  }
  slots_.resize(opts_.size);
  for (size_t i = 0; i < opts_.size; ++i) {
    slots_[i].self = founders_[i];
    slots_[i].disk = std::make_unique<backend::memory_backend>(opts_.disk);
    slots_[i].cfg = make_config(i);
    slots_[i].cfg.initial_cluster = founders_;
    start(i);
  }
}

engine_config engine_cluster::make_config(size_t i) const {
  engine_config cfg;
  cfg.self = slots_[i].self;
  cfg.election_tick = opts_.election_tick;
  cfg.heartbeat_tick = opts_.heartbeat_tick;
  cfg.snapshot_every = opts_.snapshot_every;
  cfg.catch_up_entries = opts_.catch_up_entries;
  cfg.seed = opts_.seed;
  return cfg;
}

std::string engine_cluster::wal_path(size_t i) const {
  return wal_dir_->path() + "/" + slots_[i].self.name + ".wal";
}

void engine_cluster::start(size_t i) {
  auto& s = slots_[i];
  if (opts_.write_ahead) {
    s.engine.reset(); // a restart reopens the file, as a new process would
    s.wal = std::make_unique<write_ahead_log>(wal_path(i), 1 << 20);
  }
  s.engine = std::make_unique<replica_engine>(s.cfg, *s.disk, next_nonce_++, s.wal.get());
  // As the actor does: what the engine hands out before its txn commits
  // travels even if that commit then fails.
  s.engine->set_early_sender([this](raft::Message m) { in_flight_.push_back(std::move(m)); });
  s.engine->set_early_responder(
    [this](const mvcc::apply_result& r) { results_[r.request_id] = r; });
  ++s.incarnation;
  s.reads_ready.clear();
  s.reads_failed.clear();
  s.watch_responses.clear();
}

replica_engine& engine_cluster::engine(size_t i) {
  auto& s = slots_.at(i);
  if (!s.engine)
    throw std::logic_error("replica " + s.self.name + " is down");
  return *s.engine;
}

size_t engine_cluster::index_of(uint64_t id) const {
  for (size_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].self.id == id)
      return i;
  throw std::out_of_range("no replica with id " + std::to_string(id));
}

void engine_cluster::crash(size_t i) {
  slots_.at(i).engine.reset();
}

void engine_cluster::restart(size_t i) {
  crash(i);
  start(i);
}

void engine_cluster::wipe_and_rejoin(size_t i) {
  auto& s = slots_.at(i);
  s.engine.reset();
  s.disk = std::make_unique<backend::memory_backend>(opts_.disk);
  if (opts_.write_ahead) {
    s.wal.reset();
    std::filesystem::remove(wal_path(i));
  }
  s.cfg.join_existing = true;
  start(i);
}

size_t engine_cluster::add_slot(const std::string& name) {
  replica_slot s;
  s.self = member{member_id(name), name, "10.0.1." + std::to_string(slots_.size()) + ":7000"};
  s.disk = std::make_unique<backend::memory_backend>(opts_.disk);
  slots_.push_back(std::move(s));
  slots_.back().cfg = make_config(slots_.size() - 1);
  return slots_.size() - 1;
}

void engine_cluster::start_joining(size_t i, const std::vector<member>& known) {
  auto& s = slots_.at(i);
  s.cfg.join_existing = true;
  s.cfg.initial_cluster = known;
  start(i);
}

// -- network ----------------------------------------------------------------------

void engine_cluster::partition(const std::vector<std::vector<size_t>>& groups) {
  cut_.clear();
  std::map<size_t, size_t> group_of;
  for (size_t g = 0; g < groups.size(); ++g)
    for (auto i : groups[g])
      group_of[i] = g;
  for (size_t a = 0; a < slots_.size(); ++a)
    for (size_t b = 0; b < slots_.size(); ++b)
      if (a != b && group_of.count(a) && group_of.count(b) && group_of[a] != group_of[b])
        cut_.emplace(a, b);
}

void engine_cluster::isolate(size_t i) {
  for (size_t j = 0; j < slots_.size(); ++j) {
    if (j == i)
      continue;
    cut_.emplace(i, j);
    cut_.emplace(j, i);
  }
}

void engine_cluster::heal() {
  cut_.clear();
}

bool engine_cluster::linked(size_t from, size_t to) const {
  return cut_.count({from, to}) == 0;
}

void engine_cluster::release_held() {
  for (auto& m : held_)
    in_flight_.push_back(std::move(m));
  held_.clear();
}

bool engine_cluster::deliver_pending() {
  if (in_flight_.empty())
    return false;
  std::vector<raft::Message> batch(std::make_move_iterator(in_flight_.begin()),
                                   std::make_move_iterator(in_flight_.end()));
  in_flight_.clear();
  if (reorder_)
    std::shuffle(batch.begin(), batch.end(), rng_);
  for (auto& m : batch) {
    if (hold_ && hold_(m)) {
      held_.push_back(std::move(m));
      continue;
    }
    size_t from = 0;
    size_t to = 0;
    try {
      from = index_of(m.from());
      to = index_of(m.to());
    } catch (const std::out_of_range&) {
      continue;
    }
    if (!up(to) || !linked(from, to))
      continue;
    if (drop_rate_ > 0 && std::uniform_real_distribution<double>{0, 1}(rng_) < drop_rate_)
      continue;
    ++delivered_[m.type()];
    if (duplicate_rate_ > 0
        && std::uniform_real_distribution<double>{0, 1}(rng_) < duplicate_rate_)
      in_flight_.push_back(m); // arrives again in the next round
    slots_[to].engine->step(std::move(m));
  }
  return true;
}

// -- driving ------------------------------------------------------------------------

void engine_cluster::route(size_t from, engine_output& out) {
  if (observer_)
    observer_(from, out);
  auto& s = slots_[from];
  for (auto& m : out.messages)
    in_flight_.push_back(std::move(m));
  for (auto& r : out.results) {
    auto id = r.request_id;
    results_[id] = std::move(r);
  }
  abandoned_.insert(out.abandoned.begin(), out.abandoned.end());
  member_changes_done_.insert(out.member_changes_done.begin(), out.member_changes_done.end());
  s.reads_ready.insert(out.reads_ready.begin(), out.reads_ready.end());
  s.reads_failed.insert(out.reads_failed.begin(), out.reads_failed.end());
  for (auto& [who, resp] : out.watch_responses)
    s.watch_responses[who].push_back(std::move(resp));
}

void engine_cluster::process(size_t i) {
  if (!up(i))
    return;
  auto out = slots_[i].engine->process(now_);
  route(i, out);
}

void engine_cluster::stabilize() {
  for (int round = 0; round < 10000; ++round) {
    for (size_t i = 0; i < slots_.size(); ++i)
      process(i);
    if (!deliver_pending())
      return;
  }
  throw std::runtime_error("engine_cluster: no quiescence after 10000 rounds");
}

void engine_cluster::tick() {
  now_ += opts_.tick_interval;
  for (auto& s : slots_)
    if (s.engine)
      s.engine->tick(now_);
  stabilize();
}

void engine_cluster::ticks(int n) {
  for (int i = 0; i < n; ++i)
    tick();
}

bool engine_cluster::run_until(const std::function<bool()>& pred, int max_ticks) {
  stabilize();
  for (int i = 0; i < max_ticks; ++i) {
    if (pred())
      return true;
    tick();
  }
  return pred();
}

std::optional<size_t> engine_cluster::leader() const {
  std::optional<size_t> best;
  uint64_t best_term = 0;
  for (size_t i = 0; i < slots_.size(); ++i) {
    const auto& s = slots_[i];
    if (!s.engine || !s.engine->is_leader())
      continue;
    auto term = s.engine->status().raftterm();
    if (!best || term > best_term) {
      best = i;
      best_term = term;
    }
  }
  return best;
}

size_t engine_cluster::wait_for_leader(int max_ticks) {
  auto member = [this](size_t i) {
    auto ms = slots_[i].engine->members();
    return std::any_of(ms.begin(), ms.end(), [&](const store::member& m) { return m.id == id_of(i); });
  };
  // Settled: every live member that can talk to the leader follows it (a
  // replica outside the membership may legitimately not know it).
  auto settled = [&] {
    auto l = leader();
    if (!l)
      return false;
    for (size_t i = 0; i < slots_.size(); ++i)
      if (up(i) && linked(i, *l) && linked(*l, i) && slots_[i].engine->leader() != id_of(*l)
          && member(i))
        return false;
    return true;
  };
  if (!run_until(settled, max_ticks))
    throw std::runtime_error("engine_cluster: no leader after " + std::to_string(max_ticks)
                             + " ticks");
  return *leader();
}

// -- client helpers ---------------------------------------------------------------

std::optional<uint64_t> engine_cluster::propose(size_t i, StoreCommand cmd) {
  auto res = engine(i).propose(std::move(cmd));
  if (auto* id = std::get_if<uint64_t>(&res))
    return *id;
  return std::nullopt;
}

std::optional<mvcc::apply_result> engine_cluster::write(StoreCommand cmd, int max_ticks) {
  // Like a client: retry while the leader refuses (e.g. it is handing over
  // leadership), then wait for the outcome.
  std::optional<uint64_t> id;
  for (int i = 0; i < max_ticks && !id; ++i) {
    id = propose(wait_for_leader(), cmd);
    if (!id)
      tick();
  }
  if (!id)
    return std::nullopt;
  auto done = [&] { return results_.count(*id) || abandoned_.count(*id); };
  if (!run_until(done, max_ticks) || !results_.count(*id))
    return std::nullopt;
  return results_.at(*id);
}

std::optional<mvcc::apply_result> engine_cluster::put(const std::string& key,
                                                      const std::string& value, int64_t lease) {
  return write(put_cmd(key, value, lease));
}

std::optional<mvcc::apply_result> engine_cluster::del(const std::string& key) {
  return write(del_cmd(key));
}

std::optional<KeyValue> engine_cluster::get(size_t i, const std::string& key) {
  RangeRequest req;
  req.set_key(key);
  auto res = engine(i).range(req);
  if (!res)
    throw std::runtime_error("range failed: " + res.error().message);
  if (res->kvs_size() == 0)
    return std::nullopt;
  return res->kvs(0);
}

bool engine_cluster::change_member(const member& m, bool add, int max_ticks) {
  auto l = wait_for_leader();
  auto res = engine(l).propose_member_change(m, add);
  auto* id = std::get_if<uint64_t>(&res);
  if (!id)
    return false;
  auto want = *id;
  return run_until([&] { return member_changes_done_.count(want) > 0; }, max_ticks);
}

// -- state checks -------------------------------------------------------------------

std::pair<uint32_t, int64_t> engine_cluster::hash(size_t i) {
  auto& ks = engine(i).key_space();
  auto txn = engine(i).begin_read();
  auto h = ks.hash(*txn);
  if (!h)
    throw std::runtime_error("hash failed: " + h.error().message);
  return {h->hash, h->revision};
}

std::string engine_cluster::divergence() {
  std::ostringstream out;
  std::optional<std::pair<uint32_t, int64_t>> first;
  size_t first_i = 0;
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (!up(i))
      continue;
    auto h = hash(i);
    if (!first) {
      first = h;
      first_i = i;
    } else if (h != *first) {
      out << slots_[i].self.name << " (hash " << h.first << " rev " << h.second
          << ") != " << slots_[first_i].self.name << " (hash " << first->first << " rev "
          << first->second << "); ";
    }
  }
  return out.str();
}

// -- builders -----------------------------------------------------------------------

StoreCommand put_cmd(const std::string& key, const std::string& value, int64_t lease) {
  StoreCommand cmd;
  auto* p = cmd.mutable_put();
  p->set_key(key);
  p->set_value(value);
  p->set_lease(lease);
  return cmd;
}

StoreCommand del_cmd(const std::string& key, const std::string& range_end) {
  StoreCommand cmd;
  auto* d = cmd.mutable_delete_range();
  d->set_key(key);
  d->set_range_end(range_end);
  return cmd;
}

StoreCommand cas_cmd(const std::string& key, int64_t expected_mod, const std::string& value) {
  StoreCommand cmd;
  auto* t = cmd.mutable_txn();
  auto* c = t->add_compare();
  c->set_key(key);
  c->set_target(Compare::MOD);
  c->set_result(Compare::EQUAL);
  c->set_mod_revision(expected_mod);
  auto* p = t->add_success()->mutable_request_put();
  p->set_key(key);
  p->set_value(value);
  return cmd;
}

StoreCommand grant_cmd(int64_t ttl_seconds, int64_t id) {
  StoreCommand cmd;
  cmd.mutable_lease_grant()->set_ttl(ttl_seconds);
  cmd.mutable_lease_grant()->set_id(id);
  return cmd;
}

StoreCommand compact_cmd(int64_t revision) {
  StoreCommand cmd;
  cmd.mutable_compaction()->set_revision(revision);
  cmd.mutable_compaction()->set_physical(true);
  return cmd;
}

uint64_t test_seed(uint64_t fallback) {
  if (const char* s = std::getenv("CONVOY_SEED"))
    return std::strtoull(s, nullptr, 10);
  return fallback;
}

} // namespace convoy::store::testing
