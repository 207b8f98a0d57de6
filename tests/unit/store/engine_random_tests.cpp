// A seeded randomized run: puts, deletes, compare-and-swap txns and leased
// puts from random replicas (mostly the leader) under random partitions,
// message drops, duplicates and reordering, crashes and restarts, leadership
// transfers, lease grants/keep-alives/expiry, linearizable reads and
// watches; then a liveness phase that heals everything and requires
// convergence. Checks:
//  - every acknowledged change is in the final history at its exact
//    revision, and no two acknowledged changes share a revision;
//  - every read is served at a revision at least as new as every write
//    acknowledged before it was issued;
//  - every watch stream (per replica incarnation) is the committed history
//    of its range from its start revision: ordered, no gap, no duplicate;
//  - all replicas end with the same key space hash.
//
// CONVOY_SEED=<n> replays one run; CONVOY_STORE_RUNS=<n> runs more seeds.

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <sstream>
#include <tuple>

#include "engine_cluster.hpp"
#include "linearizability/watch_checker.hpp"

using namespace convoy;
using namespace convoy::store;
using namespace convoy::store::testing;
namespace chk = convoy::checkers;
using namespace std::chrono_literals;

namespace {

struct pending_read {
  size_t replica;
  uint64_t incarnation;
  uint64_t ticket;
  int64_t must_see; // highest acknowledged revision when it was issued
};

/// A watch: (replica, incarnation, subscriber).
using watch_key = std::tuple<size_t, uint64_t, watch_hub::subscriber>;

chk::watch_event to_event(const Event& e) {
  if (e.type() == Event::DELETE)
    return chk::watch_event::erase(e.kv().mod_revision(), e.kv().key());
  return chk::watch_event::put(e.kv().mod_revision(), e.kv().key(), e.kv().value());
}

class random_run {
public:
  explicit random_run(uint64_t seed) : seed_(seed), rng_(seed) {
    cluster_options o;
    o.seed = seed;
    o.size = pick(2) == 0 ? 3 : 5;
    o.snapshot_every = 20;
    o.catch_up_entries = 5;
    o.write_ahead = pick(2) == 0;
    c_ = std::make_unique<engine_cluster>(o);
    c_->set_reorder(true);
    c_->set_output_observer([this](size_t i, const engine_output& out) { observe(i, out); });
  }

  void run(int steps) {
    c_->wait_for_leader();
    for (int s = 0; s < steps; ++s)
      chaos_step();
    liveness();
    check_acknowledged();
    check_watches();
  }

  std::string summary() const {
    std::ostringstream out;
    out << "SEED=" << seed_ << " replicas=" << c_->size() << " acked=" << acked_
        << " reads=" << reads_served_ << " crashes=" << crashes_ << " watches="
        << watch_starts_.size() << " snapshots=" << snapshots();
    return out.str();
  }

private:
  uint64_t snapshots() const {
    auto i = c_->delivered().find(raft::MSG_SNAP);
    return i == c_->delivered().end() ? 0 : i->second;
  }

  uint64_t pick(uint64_t n) {
    return std::uniform_int_distribution<uint64_t>{0, n - 1}(rng_);
  }

  std::string key() {
    return "/r/" + std::to_string(pick(8));
  }

  void chaos_step() {
    auto n = c_->size();
    auto roll = pick(100);
    if (roll < 36) {
      propose_random();
    } else if (roll < 44) {
      auto i = pick(n);
      if (c_->up(i))
        reads_.push_back({i, c_->slot(i).incarnation, c_->engine(i).read(), max_acked_});
    } else if (roll < 46) {
      add_watch();
    } else if (roll < 49) {
      lease_action();
    } else if (roll < 77) {
      c_->tick();
    } else if (roll < 78) {
      if (auto l = c_->leader())
        c_->engine(*l).transfer_leadership(c_->id_of(pick(n)));
    } else if (roll < 81) {
      std::vector<std::vector<size_t>> groups(2);
      for (size_t i = 0; i < n; ++i)
        groups[pick(2)].push_back(i);
      c_->partition(groups);
    } else if (roll < 86) {
      c_->heal();
    } else if (roll < 89) {
      c_->set_drop_rate(pick(3) * 0.05);
      c_->set_duplicate_rate(pick(3) * 0.03);
    } else if (roll < 93) {
      auto i = pick(n);
      if (c_->up(i) && down_count() + 1 <= (n - 1) / 2) {
        c_->crash(i);
        ++crashes_;
      }
    } else {
      for (size_t i = 0; i < n; ++i)
        if (!c_->up(i)) {
          c_->restart(i);
          break;
        }
    }
    c_->stabilize();
  }

  size_t down_count() const {
    size_t d = 0;
    for (size_t i = 0; i < c_->size(); ++i)
      d += c_->up(i) ? 0 : 1;
    return d;
  }

  void propose_random() {
    // Mostly where a client would end up (the leader), sometimes anywhere.
    auto l = c_->leader();
    auto i = l && pick(10) < 7 ? *l : pick(c_->size());
    if (!c_->up(i))
      return;
    StoreCommand cmd;
    auto k = key();
    auto roll = pick(20);
    if (roll < 9)
      cmd = put_cmd(k, "v" + std::to_string(next_value_++));
    else if (roll < 13)
      cmd = del_cmd(k);
    else if (roll < 18)
      cmd = cas_cmd(k, last_mod_[k], "cas" + std::to_string(next_value_++));
    else if (!leases_.empty())
      cmd = put_cmd("/r/leased" + std::to_string(pick(3)), "l" + std::to_string(next_value_++),
                    leases_[pick(leases_.size())]);
    else
      cmd = put_cmd(k, "v" + std::to_string(next_value_++));
    if (c_->propose(i, cmd) && pick(2) == 0)
      c_->process(i); // sometimes alone, sometimes batched with the next
  }

  void lease_action() {
    auto l = c_->leader();
    if (!l)
      return;
    if (pick(2) == 0) {
      c_->propose(*l, grant_cmd(1 + static_cast<int64_t>(pick(3))));
    } else if (!leases_.empty()) {
      c_->engine(*l).keep_alive(leases_[pick(leases_.size())], c_->now());
    }
  }

  void add_watch() {
    auto i = pick(c_->size());
    if (!c_->up(i))
      return;
    auto& e = c_->engine(i);
    WatchCreateRequest req;
    req.set_key("/r/");
    req.set_range_end("/r0");
    int64_t start = pick(2) == 0 ? 0 : 2 + static_cast<int64_t>(pick(std::max<int64_t>(1, e.revision())));
    req.set_start_revision(start);
    auto who = next_subscriber_++;
    auto resp = e.watch(who, req);
    BOOST_TEST(!resp.canceled(), summary()); // nothing is compacted here
    watch_starts_[{i, c_->slot(i).incarnation, who}] =
      start > 0 ? start : resp.header().revision() + 1;
  }

  void observe(size_t i, const engine_output& out) {
    for (const auto& r : out.results) {
      ++acked_;
      max_acked_ = std::max(max_acked_, r.revision);
      if (auto* g = std::get_if<LeaseGrantResponse>(&r.value))
        leases_.push_back(g->id());
      if (!r.events.empty()) {
        auto [at, fresh] = changed_revisions_.emplace(r.revision, r.request_id);
        BOOST_TEST(fresh, summary() << ": requests " << at->second << " and " << r.request_id
                                    << " both changed revision " << r.revision);
        for (const auto& e : r.events)
          last_mod_[e.kv().key()] = e.type() == Event::DELETE ? 0 : e.kv().mod_revision();
      }
    }
    for (auto t : out.reads_ready) {
      for (auto it = reads_.begin(); it != reads_.end(); ++it) {
        if (it->replica != i || it->ticket != t || it->incarnation != c_->slot(i).incarnation)
          continue;
        ++reads_served_;
        BOOST_TEST(c_->engine(i).revision() >= it->must_see,
                   summary() << ": read on replica " << i << " served at revision "
                             << c_->engine(i).revision() << " < acknowledged "
                             << it->must_see);
        reads_.erase(it);
        break;
      }
    }
    for (const auto& [who, resp] : out.watch_responses) {
      chk::watch_batch b;
      for (const auto& e : resp.events())
        b.events.push_back(to_event(e));
      streams_[{i, c_->slot(i).incarnation, who}].push_back(std::move(b));
    }
  }

  void liveness() {
    c_->heal();
    c_->set_drop_rate(0);
    c_->set_duplicate_rate(0);
    for (size_t i = 0; i < c_->size(); ++i)
      if (!c_->up(i))
        c_->restart(i);
    auto converged = [&] {
      auto l = c_->leader();
      if (!l)
        return false;
      for (size_t i = 0; i < c_->size(); ++i)
        if (c_->engine(i).applied_index() != c_->engine(*l).applied_index())
          return false;
      return c_->divergence().empty();
    };
    BOOST_REQUIRE_MESSAGE(c_->run_until(converged, 1000),
                          summary() << ": no convergence: " << c_->divergence());
    auto r = c_->put("/r/final", "done");
    BOOST_REQUIRE_MESSAGE(r, summary() << ": no write after healing");
    c_->ticks(3);
    BOOST_TEST(c_->divergence() == "", summary());
  }

  /// Every acknowledged change is in the final history at its revision.
  void check_acknowledged() {
    for (const auto& [id, r] : c_->results()) {
      if (r.error || r.events.empty())
        continue;
      for (size_t i = 0; i < c_->size(); ++i) {
        for (const auto& e : r.events) {
          RangeRequest q;
          q.set_key(e.kv().key());
          q.set_revision(r.revision);
          auto got = c_->engine(i).range(q);
          BOOST_REQUIRE_MESSAGE(got.ok(), summary());
          if (e.type() == Event::DELETE) {
            BOOST_TEST(got->kvs_size() == 0, summary() << ": deleted key " << e.kv().key()
                                                       << " present at " << r.revision);
          } else {
            BOOST_REQUIRE_MESSAGE(got->kvs_size() == 1, summary() << ": acknowledged key "
                                                                  << e.kv().key()
                                                                  << " missing");
            BOOST_TEST(got->kvs(0).value() == e.kv().value(), summary());
            BOOST_TEST(got->kvs(0).mod_revision() == r.revision, summary());
          }
        }
      }
    }
  }

  /// Every watch stream against the committed history (read back from a
  /// replica: nothing is compacted, and the replicas agree).
  void check_watches() {
    auto& ks = c_->engine(0).key_space();
    auto txn = c_->engine(0).begin_read();
    mvcc::event_query q;
    q.start_revision = 1;
    q.key = "/r/";
    q.range_end = "/r0";
    q.limit = 0;
    auto history = ks.events_since(*txn, q);
    BOOST_REQUIRE_MESSAGE(history.ok(), summary());
    std::vector<chk::watch_event> committed;
    for (const auto& e : history->events)
      committed.push_back(to_event(e));
    chk::watch_checker checker{std::move(committed)};
    BOOST_TEST(checker.history_problems().empty(), summary());
    for (const auto& [k, start] : watch_starts_) {
      chk::watch_stream s;
      s.watcher = "replica " + std::to_string(std::get<0>(k)) + " incarnation "
                  + std::to_string(std::get<1>(k)) + " subscriber "
                  + std::to_string(std::get<2>(k));
      s.start_revision = start;
      s.range = chk::key_range::prefix("/r/");
      if (auto i = streams_.find(k); i != streams_.end())
        s.batches = i->second;
      auto problems = checker.check(s);
      BOOST_TEST(problems.empty(), summary() << ": " << chk::watch_checker::format(problems));
    }
  }

  uint64_t seed_;
  std::mt19937_64 rng_;
  std::unique_ptr<engine_cluster> c_;
  std::map<std::string, int64_t> last_mod_;
  std::map<int64_t, uint64_t> changed_revisions_;
  std::vector<pending_read> reads_;
  std::vector<int64_t> leases_;
  std::map<watch_key, int64_t> watch_starts_;
  std::map<watch_key, std::vector<chk::watch_batch>> streams_;
  watch_hub::subscriber next_subscriber_ = 1;
  int64_t max_acked_ = 0;
  uint64_t next_value_ = 1;
  uint64_t acked_ = 0;
  uint64_t reads_served_ = 0;
  uint64_t crashes_ = 0;
};

} // namespace

BOOST_AUTO_TEST_SUITE(engine_random)

BOOST_AUTO_TEST_CASE(random_faults_then_healing_converge_without_losing_acknowledged_writes) {
  std::vector<uint64_t> seeds;
  if (std::getenv("CONVOY_SEED")) {
    seeds.push_back(test_seed(0));
  } else {
    int runs = 30;
    if (const char* n = std::getenv("CONVOY_STORE_RUNS"))
      runs = std::atoi(n);
    for (int i = 0; i < runs; ++i)
      seeds.push_back(1000 + static_cast<uint64_t>(i));
  }
  for (auto seed : seeds) {
    random_run run{seed};
    BOOST_TEST_CONTEXT("SEED=" << seed << " (replay: CONVOY_SEED=" << seed << ")") {
      try {
        run.run(3000);
      } catch (const std::exception& e) {
        BOOST_FAIL(run.summary() << ": exception: " << e.what());
      }
    }
    BOOST_TEST_MESSAGE(run.summary());
  }
}

BOOST_AUTO_TEST_SUITE_END()
