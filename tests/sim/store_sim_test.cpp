// The store (etcd role) under simulation: replicas on simulated hosts,
// clients recording a history, seeded faults (leader crashes with restart
// from disk, partitions, stalls), then linearizability, watch-stream and
// replica-convergence checks; and a clean shutdown that commits what waits
// in the write batch.

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "caf/all.hpp"

#include "linearizability/checker.hpp"
#include "linearizability/kv_key_model.hpp"
#include "linearizability/kv_model.hpp"
#include "linearizability/watch_checker.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"
#include "store_cluster.hpp"

using namespace convoy;
using namespace std::chrono_literals;
namespace ck = convoy::checkers;

namespace {

using next_atom = caf::atom_constant<caf::atom("next")>;
using recorder = ck::history_recorder<ck::kv_input, ck::kv_output>;

/// Shared by the workload actors of one run.
struct workload_log {
  recorder history;
  /// Ops that certainly had no effect (reads that failed, writes the store
  /// refused before proposing them): left out of the check.
  std::set<size_t> void_ops;
  /// Acknowledged puts: value -> revision.
  std::map<std::string, int64_t> acked;
  size_t running = 0;
};

const std::vector<std::string> keys{"k0", "k1", "k2", "k3"};

struct workload_ctx {
  std::shared_ptr<workload_log> log;
  int client = 0;
  size_t ops = 0;
  std::mt19937_64 rng;
  std::map<std::string, int64_t> seen_mod; // for compare-and-swap
};

void issue(caf::event_based_actor* self, store_actor store, std::shared_ptr<workload_ctx> ctx) {
  if (ctx->ops == 0) {
    --ctx->log->running;
    self->quit();
    return;
  }
  --ctx->ops;
  auto& rng = ctx->rng;
  auto key = keys[rng() % keys.size()];
  auto value = "c" + std::to_string(ctx->client) + "-" + std::to_string(ctx->ops);
  auto next = [=] { self->send(self, next_atom::value); };
  // A failed read and a write the store refused before proposing it
  // (errc::unavailable) had no effect; other failed writes may have.
  auto fail = [=](size_t id, bool read) {
    return [=](caf::error& err) {
      if (read || code_of(err) == errc::unavailable)
        ctx->log->void_ops.insert(id);
      next();
    };
  };
  switch (rng() % 4) {
    case 0: { // put
      auto id = ctx->log->history.invoke(ctx->client, ck::kv_input::put(key, value));
      store::PutRequest req;
      req.set_key(key);
      req.set_value(value);
      self->request(store, 5s, req).then(
        [=](const store::PutResponse& r) {
          ctx->log->history.complete(id, ck::kv_output::put(r.header().revision()));
          ctx->log->acked[value] = r.header().revision();
          next();
        },
        fail(id, false));
      break;
    }
    case 1: { // compare-and-swap on the last mod revision seen
      auto expected = ctx->seen_mod.count(key) ? ctx->seen_mod[key] : 0;
      auto id = ctx->log->history.invoke(ctx->client,
                                         ck::kv_input::compare_and_put(key, expected, value));
      store::TxnRequest req;
      auto* cmp = req.add_compare();
      cmp->set_key(key);
      cmp->set_target(store::Compare::MOD);
      cmp->set_result(store::Compare::EQUAL);
      cmp->set_mod_revision(expected);
      auto* put = req.add_success()->mutable_request_put();
      put->set_key(key);
      put->set_value(value);
      self->request(store, 5s, req).then(
        [=](const store::TxnResponse& r) {
          ctx->log->history.complete(
            id, ck::kv_output::compared(r.succeeded(), r.header().revision()));
          if (r.succeeded())
            ctx->log->acked[value] = r.header().revision();
          next();
        },
        fail(id, false));
      break;
    }
    default: { // linearizable get
      auto id = ctx->log->history.invoke(ctx->client, ck::kv_input::get(key));
      store::RangeRequest req;
      req.set_key(key);
      self->request(store, 5s, req).then(
        [=](const store::RangeResponse& r) {
          if (r.kvs_size() == 0) {
            ctx->log->history.complete(id, ck::kv_output::absent(r.header().revision()));
          } else {
            const auto& kv = r.kvs(0);
            ctx->seen_mod[key] = kv.mod_revision();
            ctx->log->history.complete(
              id, ck::kv_output::found(kv.value(), kv.mod_revision(), r.header().revision()));
          }
          next();
        },
        fail(id, true));
      break;
    }
  }
}

caf::behavior workload_actor(caf::event_based_actor* self, store_actor store,
                             std::shared_ptr<workload_ctx> ctx) {
  self->send(self, next_atom::value);
  return {[=](next_atom) { issue(self, store, ctx); }};
}

/// Records every watch response of one watch (prefix "k").
struct watch_log {
  std::vector<ck::watch_batch> batches;
  bool created = false;
  bool canceled = false;
  int64_t last_revision = 0;
};

caf::behavior watcher_actor(caf::event_based_actor* self, store_actor store,
                            std::shared_ptr<watch_log> log, int64_t start) {
  store::WatchCreateRequest req;
  req.set_key("k");
  req.set_range_end("l");
  req.set_start_revision(start);
  req.set_progress_notify(true);
  self->request(store, 30s, req, caf::actor{self})
    .then([=](const store::WatchResponse& r) {
      log->created = true;
      log->canceled = r.canceled();
    });
  return {[=](const store::WatchResponse& r) {
    ck::watch_batch batch;
    for (const auto& e : r.events()) {
      batch.events.push_back(e.type() == store::Event::PUT
                               ? ck::watch_event::put(e.kv().mod_revision(), e.kv().key(),
                                                      e.kv().value())
                               : ck::watch_event::erase(e.kv().mod_revision(), e.kv().key()));
      log->last_revision = e.kv().mod_revision();
    }
    if (batch.events.empty() && !r.canceled())
      batch.progress_revision = r.header().revision(); // "all up to here delivered"
    log->batches.push_back(std::move(batch));
    log->canceled |= r.canceled();
  }};
}

ck::history<ck::kv_input, ck::kv_output> effective(const workload_log& log) {
  auto all = log.history.snapshot();
  ck::history<ck::kv_input, ck::kv_output> out;
  for (size_t i = 0; i < all.size(); ++i)
    if (!log.void_ops.count(i))
      out.push_back(all[i]);
  return out;
}

/// Every live replica reports the same applied state (hash at the same
/// revision).
bool converged(test::store_cluster& c) {
  std::set<std::pair<uint32_t, int64_t>> seen;

  for (auto& r : c.replicas) {
    auto h = c.ask<store::HashKVResponse>(*r.host, r.actor, store::HashKVRequest{}, 5s);
    if (!h || !*h)
      return false;
    seen.emplace((*h)->hash(), (*h)->header().revision());
  }
  return seen.size() == 1;
}

/// One chaos run; returns problems found (empty = all good).
std::string chaos_run(size_t replicas, uint64_t seed, size_t clients, size_t ops_per_client,
                      uint64_t snapshot_every) {
  test::store_cluster c{replicas, seed, snapshot_every};
  auto log = std::make_shared<workload_log>();
  auto wlog = std::make_shared<watch_log>();
  auto watcher = c.client_host->spawn(watcher_actor, c.client, wlog, int64_t{1});
  for (size_t i = 0; i < clients; ++i) {
    auto ctx = std::make_shared<workload_ctx>();
    ctx->log = log;
    ctx->client = static_cast<int>(i);
    ctx->ops = ops_per_client;
    ctx->rng.seed(seed * 1000 + i);
    ++log->running;
    c.client_host->spawn(workload_actor, c.client, ctx);
  }
  auto& rng = c.net.rng();
  // Safety phase: faults while the clients work.
  for (int phase = 0; phase < 8 && log->running > 0; ++phase) {
    auto victim = rng() % replicas;
    auto& host = *c.replicas[victim].host;
    switch (rng() % 5) {
      case 0: // crash (the leader, if any), restart from disk later
        if (auto l = c.leader())
          victim = *l;
        c.crash(victim);
        c.net.run_until([] { return false; }, std::chrono::milliseconds{1000 + rng() % 3000});
        c.start(victim);
        break;
      case 1: // isolate one replica from the others (not from the client)
        for (auto& other : c.replicas)
          if (&other != &c.replicas[victim])
            c.net.cut(host, *other.host);
        c.net.run_until([] { return false; }, std::chrono::milliseconds{2000 + rng() % 3000});
        for (auto& other : c.replicas)
          if (&other != &c.replicas[victim])
            c.net.heal(host, *other.host);
        break;
      case 2: // stall (a long GC pause, a frozen VM)
        c.net.stall(host);
        c.net.run_until([] { return false; }, std::chrono::milliseconds{1000 + rng() % 3000});
        c.net.resume(host);
        break;
      case 3: { // split: the leader and one follower away from the rest
        auto l = c.leader();
        std::set<size_t> small{l ? *l : victim, (victim + 1) % replicas};
        for (auto a : small)
          for (size_t b = 0; b < replicas; ++b)
            if (!small.count(b))
              c.net.cut(*c.replicas[a].host, *c.replicas[b].host);
        c.net.run_until([] { return false; }, std::chrono::milliseconds{2000 + rng() % 3000});
        for (auto a : small)
          for (size_t b = 0; b < replicas; ++b)
            if (!small.count(b))
              c.net.heal(*c.replicas[a].host, *c.replicas[b].host);
        break;
      }
      default:
        c.net.run_until([] { return false; }, 2s);
    }
  }
  // Liveness phase: no faults; everything must finish and converge.
  std::string problems;
  if (!c.net.run_until([&] { return log->running == 0; }, 120s))
    problems += "workload did not finish after healing\n";
  if (!c.net.run_until([&] { return converged(c); }, 30s))
    problems += "replicas did not converge on one state\n";
  // Final reads of every key make acknowledged writes part of the check.
  for (const auto& key : keys) {
    auto id = log->history.invoke(99, ck::kv_input::get(key));
    store::RangeRequest req;
    req.set_key(key);
    auto r = c.ask<store::RangeResponse>(*c.client_host, c.client, req, 10s);
    if (!r || !*r) {
      problems += "final read of " + key + " failed\n";
      log->void_ops.insert(id);
      continue;
    }
    log->history.complete(id, (*r)->kvs_size() == 0
                                ? ck::kv_output::absent((*r)->header().revision())
                                : ck::kv_output::found((*r)->kvs(0).value(),
                                                       (*r)->kvs(0).mod_revision(),
                                                       (*r)->header().revision()));
  }
  auto h = effective(*log);
  auto per_key = ck::check(h, ck::kv_key_model{});
  if (!per_key.ok())
    problems += "not linearizable (per key):\n" + per_key.explanation;
  auto global = ck::check(h, ck::kv_model{});
  if (global.verdict == ck::check_verdict::not_linearizable)
    problems += "not linearizable (global, revisions):\n" + global.explanation;
  // The whole committed history, read by a fresh watch from revision 1.
  auto full = std::make_shared<watch_log>();
  auto reader = c.client_host->spawn(watcher_actor, c.client, full, int64_t{1});
  int64_t head = 0;
  for (auto& r : c.replicas) {
    auto st = c.ask<store::StatusResponse>(*r.host, r.actor, store::StatusRequest{}, 5s);
    if (st && *st)
      head = std::max(head, (*st)->header().revision());
  }
  c.net.run_until([&] { return full->last_revision >= head || head <= 1; }, 30s);
  std::vector<ck::watch_event> committed;
  for (const auto& b : full->batches)
    committed.insert(committed.end(), b.events.begin(), b.events.end());
  std::map<int64_t, std::string> committed_by_rev;
  for (const auto& e : committed)
    committed_by_rev[e.revision] = e.value;
  for (const auto& [value, rev] : log->acked)
    if (committed_by_rev[rev] != value)
      problems += "acknowledged write " + value + " at revision " + std::to_string(rev)
                  + " is not in the committed history\n";
  ck::watch_checker checker{committed};
  ck::watch_stream stream{"chaos-watcher", 1, ck::key_range::prefix("k"), wlog->batches};
  auto watch_problems = checker.check(stream);
  if (!watch_problems.empty())
    problems += "watch stream: " + ck::watch_checker::format(watch_problems);
  caf::anon_send_exit(watcher, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(reader, caf::exit_reason::user_shutdown);
  BOOST_TEST_MESSAGE("seed " << seed << ": " << h.size() << " ops, " << log->acked.size()
                             << " acknowledged writes, " << committed.size()
                             << " committed events, head revision " << head);
  return problems;
}

uint64_t runs_from_env(uint64_t fallback) {
  if (const char* env = std::getenv("CONVOY_STORE_SIM_RUNS"))
    return std::strtoull(env, nullptr, 10);
  return fallback;
}

} // namespace

BOOST_AUTO_TEST_SUITE(store_sim)

BOOST_AUTO_TEST_CASE(three_replicas_elect_a_leader_and_serve_reads_and_writes) {
  test::store_cluster c{3, test::test_seed(11)};
  store::PutRequest put;
  put.set_key("/registry/pods/default/web");
  put.set_value("v1");
  auto w = c.ask<store::PutResponse>(*c.client_host, c.client, put, 30s);
  BOOST_REQUIRE(w && *w);
  BOOST_CHECK_EQUAL((*w)->header().revision(), 2);
  BOOST_CHECK(c.leader().has_value());
  // Every replica serves the write, even a serializable read once applied.
  c.net.run_until([] { return false; }, 1s);
  for (auto& r : c.replicas) {
    store::RangeRequest get;
    get.set_key("/registry/pods/default/web");
    auto res = c.ask<store::RangeResponse>(*r.host, r.actor, get, 10s);
    BOOST_REQUIRE(res && *res);
    BOOST_REQUIRE_EQUAL((*res)->kvs_size(), 1);
    BOOST_CHECK_EQUAL((*res)->kvs(0).value(), "v1");
  }
  BOOST_CHECK(converged(c));
}

BOOST_AUTO_TEST_CASE(a_request_made_while_the_client_connects_goes_out_once_it_is_connected) {
  test::store_cluster c{1, test::test_seed(13)};
  BOOST_REQUIRE(c.net.run_until([&] { return c.leader().has_value(); }, 10s));
  // A fresh client is still connecting when the put arrives: the put waits
  // for the connection, not for the client's 50 ms retry tick.
  std::string error;
  store_client_config cc;
  cc.endpoints.push_back(*net::host_port::parse(c.members[0].address, error));
  cc.node_name = "c2";
  auto fresh = c.client_host->track(spawn_store_client(c.client_host->system(), cc));
  store::PutRequest put;
  put.set_key("/k");
  put.set_value("v");
  auto w = c.ask<store::PutResponse>(*c.client_host, fresh, put, 40ms);
  BOOST_REQUIRE(w.has_value());
  BOOST_REQUIRE_MESSAGE(
    *w, "no answer within 40 ms of virtual time: " << (*w ? std::string{} : describe(w->error())));
  BOOST_CHECK_EQUAL((*w)->header().revision(), 2);
}

BOOST_AUTO_TEST_CASE(a_crashed_leader_is_replaced_and_its_acknowledged_writes_survive) {
  test::store_cluster c{3, test::test_seed(12)};
  std::vector<int64_t> revisions;
  for (int i = 0; i < 20; ++i) {
    store::PutRequest put;
    put.set_key("/k/" + std::to_string(i));
    put.set_value(std::to_string(i));
    auto w = c.ask<store::PutResponse>(*c.client_host, c.client, put, 30s);
    BOOST_REQUIRE(w && *w);
    revisions.push_back((*w)->header().revision());
  }
  auto old_leader = c.leader();
  BOOST_REQUIRE(old_leader);
  c.crash(*old_leader);
  std::optional<size_t> next;
  BOOST_REQUIRE(c.net.run_until([&] { return (next = c.leader()).has_value(); }, 10s));
  BOOST_CHECK_NE(*next, *old_leader);
  store::RangeRequest all;
  all.set_key("/k/");
  all.set_range_end("/k0");
  auto res = c.ask<store::RangeResponse>(*c.client_host, c.client, all, 30s);
  BOOST_REQUIRE(res && *res);
  BOOST_CHECK_EQUAL((*res)->kvs_size(), 20);
  // The old leader comes back from its disk and catches up.
  c.start(*old_leader);
  store::PutRequest put;
  put.set_key("/k/after");
  put.set_value("x");
  BOOST_REQUIRE(c.ask<store::PutResponse>(*c.client_host, c.client, put, 30s));
  BOOST_CHECK(c.net.run_until([&] { return converged(c); }, 30s));
}

BOOST_AUTO_TEST_CASE(a_clean_shutdown_commits_the_waiting_applies_and_a_kill_does_not) {
  test::store_cluster c{3, test::test_seed(14)};
  auto put = [&](int i) {
    store::PutRequest req;
    req.set_key("/s/" + std::to_string(i));
    req.set_value("v");
    auto w = c.ask<store::PutResponse>(*c.client_host, c.client, req, 30s);
    BOOST_REQUIRE(w && *w);
  };
  put(0);
  auto l = c.leader();
  BOOST_REQUIRE(l);
  auto& disk = *c.replicas[*l].disk;
  // Put 1's log entry is durable (committed at once); its apply, which the
  // answer waited for, waits in the leader's batch.
  put(1);
  auto before = disk.commits();
  caf::anon_send_exit(c.replicas[*l].actor, caf::exit_reason::user_shutdown);
  c.net.run();
  BOOST_TEST(disk.commits() == before + 1);
  // A kill is a crash: the next leader's waiting applies stay uncommitted.
  std::optional<size_t> next;
  BOOST_REQUIRE(c.net.run_until([&] { return (next = c.leader()).has_value(); }, 10s));
  put(2);
  auto& next_disk = *c.replicas[*next].disk;
  auto at_kill = next_disk.commits();
  caf::anon_send_exit(c.replicas[*next].actor, caf::exit_reason::kill);
  c.net.run();
  BOOST_TEST(next_disk.commits() == at_kill);
}

BOOST_AUTO_TEST_CASE(chaos_runs_stay_linearizable_with_gap_free_watches) {
  auto base = test::test_seed(1000);
  auto runs = runs_from_env(std::getenv("CONVOY_SEED") ? 1 : 20);
  for (uint64_t i = 0; i < runs; ++i) {
    auto seed = base + i;
    auto replicas = i % 2 == 0 ? size_t{3} : size_t{5};
    // Every third run compacts the Raft log often, so restarted and lagging
    // replicas catch up by snapshot.
    uint64_t snapshot_every = i % 3 == 0 ? 16 : 10000;
    auto problems = chaos_run(replicas, seed, 4, 60, snapshot_every);
    BOOST_CHECK_MESSAGE(problems.empty(), "SEED=" << seed << " (" << replicas
                                                  << " replicas) replay with CONVOY_SEED="
                                                  << seed << "\n"
                                                  << problems);
  }
}

BOOST_AUTO_TEST_SUITE_END()
