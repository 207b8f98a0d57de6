// Randomized test of the MVCC key space against a naive model of etcd
// semantics (mvcc_model.hpp): thousands of seeded random puts, deletes,
// txns, historical and current ranges, compactions, lease grants and
// revocations and watch-history reads, applied to a memory-backed and an
// LMDB-backed store in lockstep. Every response, error and event must equal
// the model's, the two stores must hash alike, and the LMDB store must
// survive reopening. A failure prints SEED=...; replay it with
// CONVOY_SEED=<seed> (and CONVOY_MODEL_OPS=<n> to change the length).
#include <boost/test/unit_test.hpp>

#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "mvcc_model.hpp"
#include "store_test_support.hpp"

using namespace store_test;

namespace {

using google::protobuf::util::MessageDifferencer;
using store_model::outcome;

const std::string nul(1, '\0');
const std::vector<std::string> key_pool = {"a", "b", "c", "d", "p/1", "p/2", "p/3", "p/4", "q", "r"};

class model_run {
public:
  explicit model_run(uint64_t seed) : seed_(seed), rng_(seed) {}

  void run(int ops) {
    for (op_ = 0; op_ < ops; ++op_) {
      step();
      if (op_ % 50 == 49)
        BOOST_TEST_REQUIRE(mem_.hash() == disk_.hash(), "SEED=" << seed_ << " op " << op_ << ": hashes differ");
      if (op_ % 700 == 699)
        disk_.open(); // reopen LMDB: everything must still be there
    }
    BOOST_TEST(mem_.revision() == model_.revision());
    BOOST_TEST(disk_.revision() == model_.revision());
  }

private:
  uint64_t pick(uint64_t n) { return std::uniform_int_distribution<uint64_t>{0, n - 1}(rng_); }
  bool chance(int percent) { return pick(100) < static_cast<uint64_t>(percent); }
  const std::string& key() { return key_pool[pick(key_pool.size())]; }
  std::string value() { return "v" + std::to_string(pick(1000)); }
  int64_t rev_between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(pick(static_cast<uint64_t>(hi - lo + 1))); }

  std::pair<std::string, std::string> key_range() {
    switch (pick(5)) {
      case 0:
        return {key(), ""};
      case 1:
        return {"p/", "p0"};
      case 2:
        return {nul, nul};
      case 3:
        return {key(), nul};
      default: {
        auto a = key(), b = key();
        return {a, b};
      }
    }
  }

  int64_t read_revision() {
    auto rev = model_.revision();
    auto compact = model_.compact_revision();
    switch (pick(10)) {
      case 0:
        return compact > 1 ? rev_between(1, compact - 1) : 0; // compacted
      case 1:
        return rev + 1 + static_cast<int64_t>(pick(3)); // future
      case 2:
      case 3:
        return rev_between(std::max<int64_t>(compact, 1), rev);
      default:
        return 0;
    }
  }

  void step() {
    auto dice = pick(100);
    if (dice < 30)
      put();
    else if (dice < 38)
      del();
    else if (dice < 55)
      txn();
    else if (dice < 75)
      range();
    else if (dice < 78)
      compact();
    else if (dice < 82)
      grant();
    else if (dice < 85)
      revoke();
    else
      events();
  }

  // -- comparisons ------------------------------------------------------------------

  template <class T>
  void expect(const outcome<T>& want, const std::vector<pb::Event>& want_events, store_fixture<memory_kind>& s1,
              store_fixture<lmdb_kind>& s2, const pb::StoreCommand& cmd) {
    for (int i = 0; i < 2; ++i) {
      auto got = i == 0 ? s1.apply(cmd) : s2.apply(cmd);
      BOOST_TEST_CONTEXT("SEED=" << seed_ << " op " << op_ << " on " << (i == 0 ? "memory" : "lmdb") << ": "
                                 << cmd.ShortDebugString()) {
        if (!want.value) {
          BOOST_TEST_REQUIRE(got.error.has_value(), "expected error " << want.error);
          BOOST_TEST_REQUIRE(got.error->message == want.error);
          BOOST_TEST_REQUIRE(got.events.empty());
        } else {
          BOOST_TEST_REQUIRE(!got.error.has_value(), "unexpected error " << (got.error ? got.error->message : ""));
          const auto& resp = std::get<T>(got.value);
          BOOST_TEST_REQUIRE(MessageDifferencer::Equals(resp, *want.value),
                             "got " << resp.ShortDebugString() << "\nwant " << want.value->ShortDebugString());
          BOOST_TEST_REQUIRE(got.events.size() == want_events.size());
          for (std::size_t e = 0; e < want_events.size(); ++e)
            BOOST_TEST_REQUIRE(MessageDifferencer::Equals(got.events[e], want_events[e]),
                               "event " << e << " got " << got.events[e].ShortDebugString() << "\nwant "
                                        << want_events[e].ShortDebugString());
        }
        BOOST_TEST_REQUIRE(got.revision == model_.revision());
      }
    }
  }

  // -- operations -------------------------------------------------------------------

  pb::PutRequest random_put(const std::string& k) {
    auto r = put_req(k, value());
    auto leases = model_.lease_ids();
    if (chance(20) && !leases.empty())
      r.set_lease(leases[pick(leases.size())]);
    else if (chance(2))
      r.set_lease(999); // unknown
    r.set_prev_kv(chance(50));
    if (chance(5)) {
      r.set_ignore_value(true);
      if (!chance(10))
        r.clear_value();
    }
    if (chance(5)) {
      r.set_ignore_lease(true);
      if (!chance(10))
        r.set_lease(0);
    }
    return r;
  }

  void put() {
    pb::StoreCommand cmd;
    *cmd.mutable_put() = random_put(key());
    std::vector<pb::Event> evs;
    auto want = model_.put(cmd.put(), evs);
    expect(want, evs, mem_, disk_, cmd);
  }

  void del() {
    pb::StoreCommand cmd;
    auto [k, end] = key_range();
    *cmd.mutable_delete_range() = del_req(k, end, chance(50));
    std::vector<pb::Event> evs;
    auto want = model_.del(cmd.delete_range(), evs);
    expect(want, evs, mem_, disk_, cmd);
  }

  pb::Compare random_compare() {
    auto [k, end] = chance(70) ? std::pair<std::string, std::string>{key(), ""} : key_range();
    auto result = static_cast<pb::Compare::CompareResult>(pick(4));
    auto target = static_cast<pb::Compare::CompareTarget>(pick(5));
    if (target == pb::Compare::VALUE)
      return cmp_value(k, result, value(), end);
    int64_t v = rev_between(0, target == pb::Compare::VERSION ? 4 : model_.revision());
    return cmp_int(k, target, result, v, end);
  }

  /// A branch without duplicate keys (etcd refuses those; tables test it).
  std::vector<pb::RequestOp> random_branch(std::size_t n) {
    std::vector<pb::RequestOp> ops;
    std::vector<std::string> puts;
    std::vector<std::pair<std::string, std::string>> dels;
    auto deleted = [&](const std::string& k) {
      for (auto& [a, b] : dels)
        if ((b.empty() && k == a) || (b == nul && k >= a) || (!b.empty() && b != nul && k >= a && k < b))
          return true;
      return false;
    };
    for (std::size_t i = 0; i < n; ++i) {
      auto kind = pick(3);
      if (kind == 0) {
        auto k = key();
        if (deleted(k) || std::find(puts.begin(), puts.end(), k) != puts.end())
          continue;
        auto r = random_put(k);
        r.set_ignore_value(false);
        r.set_ignore_lease(false);
        puts.push_back(k);
        ops.push_back(op(r));
      } else if (kind == 1) {
        auto [k, end] = key_range();
        dels.emplace_back(k, end);
        bool clash = std::any_of(puts.begin(), puts.end(), deleted);
        if (clash) {
          dels.pop_back();
          continue;
        }
        ops.push_back(op(del_req(k, end, chance(50))));
      } else {
        auto [k, end] = key_range();
        auto r = range_req(k, end, chance(80) ? 0 : read_revision());
        r.set_limit(chance(70) ? 0 : static_cast<int64_t>(1 + pick(3)));
        r.set_keys_only(chance(15));
        ops.push_back(op(r));
      }
    }
    return ops;
  }

  void txn() {
    std::vector<pb::Compare> compares;
    for (auto n = pick(3); n > 0; --n)
      compares.push_back(random_compare());
    pb::TxnRequest t;
    for (auto& c : compares)
      *t.add_compare() = c;
    for (auto& o : random_branch(1 + pick(4)))
      *t.add_success() = o;
    for (auto& o : random_branch(pick(3)))
      *t.add_failure() = o;
    pb::StoreCommand cmd;
    *cmd.mutable_txn() = t;
    std::vector<pb::Event> evs;
    auto want = model_.txn(t, evs);
    expect(want, evs, mem_, disk_, cmd);
  }

  void compact() {
    auto rev = rev_between(std::max<int64_t>(model_.compact_revision(), 1), model_.revision() + 1);
    pb::StoreCommand cmd;
    cmd.mutable_compaction()->set_revision(rev);
    std::vector<pb::Event> none;
    auto want = model_.compact(rev);
    expect(want, none, mem_, disk_, cmd);
  }

  void grant() {
    int64_t id = chance(70) ? 0 : static_cast<int64_t>(1 + pick(8));
    int64_t ttl = static_cast<int64_t>(1 + pick(100));
    pb::StoreCommand cmd;
    cmd.mutable_lease_grant()->set_id(id);
    cmd.mutable_lease_grant()->set_ttl(ttl);
    std::vector<pb::Event> none;
    auto want = model_.grant(id, ttl);
    expect(want, none, mem_, disk_, cmd);
  }

  void revoke() {
    auto ids = model_.lease_ids();
    int64_t id = !ids.empty() && chance(85) ? ids[pick(ids.size())] : static_cast<int64_t>(1 + pick(8));
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) != ids.end()) {
      auto t = disk_.store_backend().begin_read();
      auto info = disk_.ks().lease(*t, id, true);
      auto keys = model_.lease_keys(id);
      BOOST_TEST_REQUIRE(info.has_value(), "SEED=" << seed_ << " op " << op_ << ": lease " << id << " missing");
      BOOST_TEST_REQUIRE((std::set<std::string>(info->keys.begin(), info->keys.end()) == keys),
                         "SEED=" << seed_ << " op " << op_ << ": lease keys differ");
    }
    pb::StoreCommand cmd;
    cmd.mutable_lease_revoke()->set_id(id);
    std::vector<pb::Event> evs;
    auto want = model_.revoke(id, evs);
    expect(want, evs, mem_, disk_, cmd);
  }

  void range() {
    auto [k, end] = key_range();
    auto r = range_req(k, end, read_revision());
    r.set_limit(chance(60) ? 0 : static_cast<int64_t>(1 + pick(4)));
    r.set_keys_only(chance(20));
    r.set_count_only(chance(10));
    auto want = model_.range(r);
    for (int i = 0; i < 2; ++i) {
      auto got = i == 0 ? mem_.range(r) : disk_.range(r);
      BOOST_TEST_CONTEXT("SEED=" << seed_ << " op " << op_ << " range on " << (i == 0 ? "memory" : "lmdb") << ": "
                                 << r.ShortDebugString()) {
        if (!want.value) {
          BOOST_TEST_REQUIRE(!got.ok());
          BOOST_TEST_REQUIRE(got.error().message == want.error);
        } else {
          BOOST_TEST_REQUIRE(got.ok(), "unexpected error " << (got ? "" : got.error().message));
          BOOST_TEST_REQUIRE(MessageDifferencer::Equals(*got, *want.value),
                             "got " << got->ShortDebugString() << "\nwant " << want.value->ShortDebugString());
        }
      }
    }
  }

  void events() {
    auto start = rev_between(std::max<int64_t>(model_.compact_revision(), 1), model_.revision() + 1);
    auto [k, end] = key_range();
    std::size_t limit = chance(50) ? 0 : 1 + pick(5);
    bool prev = chance(50);
    auto want = model_.events(start, k, end, limit, prev);
    for (int i = 0; i < 2; ++i) {
      auto got = i == 0 ? mem_.events(start, k, end, limit, prev) : disk_.events(start, k, end, limit, prev);
      BOOST_TEST_CONTEXT("SEED=" << seed_ << " op " << op_ << " events since " << start << " limit " << limit) {
        if (!want.value) {
          BOOST_TEST_REQUIRE(!got.ok());
          BOOST_TEST_REQUIRE(got.error().message == want.error);
          continue;
        }
        BOOST_TEST_REQUIRE(got.ok());
        BOOST_TEST_REQUIRE(got->next_revision == want.value->second);
        BOOST_TEST_REQUIRE(got->events.size() == want.value->first.size());
        for (std::size_t e = 0; e < got->events.size(); ++e)
          BOOST_TEST_REQUIRE(MessageDifferencer::Equals(got->events[e], want.value->first[e]),
                             "event " << e << " got " << got->events[e].ShortDebugString() << "\nwant "
                                      << want.value->first[e].ShortDebugString());
      }
    }
  }

  uint64_t seed_;
  std::mt19937_64 rng_;
  int op_ = 0;
  store_model::model model_;
  store_fixture<memory_kind> mem_;
  store_fixture<lmdb_kind> disk_;
};

std::vector<uint64_t> seeds() {
  if (const char* s = std::getenv("CONVOY_SEED"))
    return {std::strtoull(s, nullptr, 10)};
  return {1, 2, 3, 4};
}

int ops_per_seed() {
  if (const char* s = std::getenv("CONVOY_MODEL_OPS"))
    return std::atoi(s);
  return 2500;
}

} // namespace

BOOST_AUTO_TEST_SUITE(mvcc_model)

BOOST_AUTO_TEST_CASE(random_ops_match_the_model_on_both_backends) {
  for (auto seed : seeds()) {
    BOOST_TEST_MESSAGE("SEED=" << seed);
    BOOST_TEST_CONTEXT("SEED=" << seed) {
      model_run run{seed};
      run.run(ops_per_seed());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
