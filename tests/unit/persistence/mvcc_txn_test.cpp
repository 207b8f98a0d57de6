// etcd v3 semantics of the MVCC key space, continued: txns and compares,
// leases, compaction, watch history, and the durability the store replica
// relies on (reopen, applied index, map-full retries, snapshots). Every
// table case runs on both backends (memory, LMDB).
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

#include "persistence/backend/snapshot.hpp"
#include "store_test_support.hpp"

using namespace store_test;
using convoy::store_errc;
using C = pb::Compare;

namespace {

using backend_kinds = boost::mpl::list<memory_kind, lmdb_kind>;

const std::string all_end(1, '\0');

pb::TxnRequest txn_of(std::vector<pb::Compare> compares, std::vector<pb::RequestOp> success,
                      std::vector<pb::RequestOp> failure = {}) {
  pb::TxnRequest t;
  for (auto& c : compares)
    *t.add_compare() = c;
  for (auto& o : success)
    *t.add_success() = o;
  for (auto& o : failure)
    *t.add_failure() = o;
  return t;
}

/// "PUT k=v@mod.sub" / "DELETE k@mod" per event, prev value in [] if any.
std::string describe(const std::vector<pb::Event>& events) {
  std::string out;
  for (const auto& e : events) {
    out += out.empty() ? "" : " ";
    if (e.type() == pb::Event::PUT)
      out += "PUT " + e.kv().key() + "=" + e.kv().value() + "@" + std::to_string(e.kv().mod_revision());
    else
      out += "DELETE " + e.kv().key() + "@" + std::to_string(e.kv().mod_revision());
    if (e.has_prev_kv())
      out += "[" + e.prev_kv().value() + "]";
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(mvcc_txn)

BOOST_AUTO_TEST_CASE_TEMPLATE(compare_targets_and_results, Kind, backend_kinds) {
  store_fixture<Kind> s;
  s.grant(5, 60);
  s.put("k", "m");      // rev 2
  s.put("k", "m", 5);   // rev 3: version 2, lease 5
  s.put("r/1", "a");    // rev 4
  s.put("r/2", "b");    // rev 5
  struct row {
    pb::Compare compare;
    bool succeeded;
  };
  const row rows[] = {
    {cmp_int("k", C::VERSION, C::EQUAL, 2), true},
    {cmp_int("k", C::VERSION, C::GREATER, 1), true},
    {cmp_int("k", C::VERSION, C::LESS, 2), false},
    {cmp_int("k", C::CREATE, C::EQUAL, 2), true},
    {cmp_int("k", C::MOD, C::EQUAL, 3), true},
    {cmp_int("k", C::MOD, C::NOT_EQUAL, 3), false},
    {cmp_int("k", C::LEASE, C::EQUAL, 5), true},
    {cmp_value("k", C::EQUAL, "m"), true},
    {cmp_value("k", C::GREATER, "l"), true},
    {cmp_value("k", C::LESS, "l"), false},
    // A missing key compares as zero values...
    {cmp_int("none", C::VERSION, C::EQUAL, 0), true},
    {cmp_int("none", C::CREATE, C::EQUAL, 0), true},
    {cmp_int("none", C::MOD, C::LESS, 1), true},
    // ...but a value compare on a missing key always fails.
    {cmp_value("none", C::EQUAL, ""), false},
    {cmp_value("none", C::NOT_EQUAL, "x"), false},
    // Ranges: every key must satisfy the compare.
    {cmp_int("r/", C::MOD, C::GREATER, 3, "r0"), true},
    {cmp_int("r/", C::MOD, C::GREATER, 4, "r0"), false},
    {cmp_value("r/", C::LESS, "c", "r0"), true},
    {cmp_int("s/", C::VERSION, C::EQUAL, 0, "s0"), true}, // empty range
  };
  for (const auto& r : rows) {
    auto t = txn_of({r.compare}, {op(range_req("k"))}, {});
    auto res = s.txn(t);
    BOOST_TEST_INFO(r.compare.ShortDebugString());
    BOOST_TEST_REQUIRE(!res.error);
    auto& resp = std::get<pb::TxnResponse>(res.value);
    BOOST_TEST(resp.succeeded() == r.succeeded);
    BOOST_TEST(resp.responses_size() == (r.succeeded ? 1 : 0));
  }
  BOOST_TEST(s.revision() == 5); // read-only txns never bump the revision
}

BOOST_AUTO_TEST_CASE_TEMPLATE(txn_writes_share_one_revision_and_see_each_other, Kind, backend_kinds) {
  store_fixture<Kind> s;
  s.put("a", "1");
  s.put("gone", "x");
  // cas: succeeds because a is at mod revision 2
  auto t = txn_of({cmp_int("a", C::MOD, C::EQUAL, 2)},
                  {op(put_req("a", "2")), op(put_req("b", "3")), op(range_req("a", "c")),
                   op(del_req("gone", "", true))},
                  {op(put_req("fail", "!"))});
  auto r = s.txn(t);
  BOOST_TEST_REQUIRE(!r.error);
  auto& resp = std::get<pb::TxnResponse>(r.value);
  BOOST_TEST(resp.succeeded());
  BOOST_TEST(resp.header().revision() == 4);
  BOOST_TEST(resp.responses(0).response_put().header().revision() == 4);
  // The range inside the txn sees the txn's own writes.
  const auto& rr = resp.responses(2).response_range();
  BOOST_TEST(rr.count() == 2);
  BOOST_TEST(rr.kvs(0).value() == "2");
  BOOST_TEST(rr.kvs(1).mod_revision() == 4);
  BOOST_TEST(resp.responses(3).response_delete_range().deleted() == 1);
  BOOST_TEST(describe(r.events) == "PUT a=2@4[1] PUT b=3@4 DELETE gone@4[x]");
  BOOST_TEST(s.get("fail") == "<none>");
  // Sub-revisions order the changes of one revision (watch replay).
  auto ev = s.events(4);
  BOOST_TEST(describe(ev->events) == "PUT a=2@4 PUT b=3@4 DELETE gone@4");
  // Same cas again fails now: the failure branch runs.
  auto again = s.txn(t);
  BOOST_TEST(!std::get<pb::TxnResponse>(again.value).succeeded());
  BOOST_TEST(s.get("fail") == "!");
  BOOST_TEST(s.revision() == 5);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(nested_txns_use_compares_from_the_start, Kind, backend_kinds) {
  store_fixture<Kind> s;
  s.put("x", "0");
  // The outer txn writes x=1, the nested one compares x == "0": compares are
  // evaluated against the state at the txn start, so it succeeds.
  auto inner = txn_of({cmp_value("x", C::EQUAL, "0")}, {op(put_req("y", "inner-ok"))}, {op(put_req("y", "inner-no"))});
  auto outer = txn_of({}, {op(put_req("x", "1")), op(inner)});
  auto r = s.txn(outer);
  BOOST_TEST_REQUIRE(!r.error);
  auto& resp = std::get<pb::TxnResponse>(r.value);
  BOOST_TEST(resp.responses(1).response_txn().succeeded());
  BOOST_TEST(s.get("y") == "inner-ok");
  BOOST_TEST(s.revision() == 3);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(txn_request_errors_write_nothing, Kind, backend_kinds) {
  store_fixture<Kind> s;
  s.put("a", "1");
  s.compact(2);
  s.put("a", "2");
  auto ignore_missing = put_req("missing", "");
  ignore_missing.set_ignore_value(true);
  std::vector<pb::RequestOp> many(129, op(range_req("a")));
  struct row {
    pb::TxnRequest txn;
    std::string message;
  };
  const row rows[] = {
    {txn_of({}, {op(put_req("k", "1")), op(put_req("k", "2"))}), "etcdserver: duplicate key given in txn request"},
    {txn_of({}, {op(del_req("j", "l")), op(put_req("k", "2"))}), "etcdserver: duplicate key given in txn request"},
    {txn_of({}, {op(put_req("k", "1")), op(txn_of({}, {op(put_req("k", "2"))}))}),
     "etcdserver: duplicate key given in txn request"},
    {txn_of({}, many), "etcdserver: too many operations in txn request"},
    {txn_of({cmp_int("", C::VERSION, C::EQUAL, 0)}, {}), "etcdserver: key is not provided"},
    {txn_of({}, {op(put_req("ok", "1")), op(put_req("b", "1", 42))}), "etcdserver: requested lease not found"},
    {txn_of({}, {op(put_req("ok", "1")), op(ignore_missing)}), "etcdserver: key not found"},
    {txn_of({}, {op(put_req("ok", "1")), op(range_req("a", "", 1))}),
     "etcdserver: mvcc: required revision has been compacted"},
    {txn_of({}, {op(put_req("ok", "1")), op(range_req("a", "", 9))}),
     "etcdserver: mvcc: required revision is a future revision"},
  };
  for (const auto& r : rows) {
    auto res = s.txn(r.txn);
    BOOST_TEST_INFO(r.message);
    BOOST_TEST_REQUIRE(res.error.has_value());
    BOOST_TEST(res.error->message == r.message);
  }
  BOOST_TEST(s.revision() == 3);
  BOOST_TEST(s.get("ok") == "<none>");
  // Putting the same key in both branches of one nested txn is allowed.
  auto branches = txn_of({}, {op(txn_of({}, {op(put_req("k", "then"))}, {op(put_req("k", "else"))}))});
  BOOST_TEST(!s.txn(branches).error);
  BOOST_TEST(s.get("k") == "then");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(read_only_txn_runs_in_a_read_txn, Kind, backend_kinds) {
  store_fixture<Kind> s;
  s.put("a", "1");
  auto t = s.store_backend().begin_read();
  auto r = s.ks().txn(*t, txn_of({cmp_value("a", C::EQUAL, "1")}, {op(range_req("a"))}));
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(r->responses(0).response_range().kvs(0).value() == "1");
  auto w = s.ks().txn(*t, txn_of({}, {op(put_req("b", "1"))}));
  BOOST_TEST(w.error().message == "convoy: a write request needs a write txn");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mvcc_leases)

BOOST_AUTO_TEST_CASE_TEMPLATE(revoke_deletes_attached_keys_in_one_revision, Kind, backend_kinds) {
  store_fixture<Kind> s;
  auto g = s.grant(0, 30);
  auto id = std::get<pb::LeaseGrantResponse>(g.value).id();
  BOOST_TEST(id == 1); // deterministic allocation
  BOOST_TEST(std::get<pb::LeaseGrantResponse>(s.grant(0, 30).value).id() == 2);
  BOOST_TEST(s.grant(2, 30).error->message == "etcdserver: lease already exists");
  BOOST_TEST(s.grant(9, 9'000'000'001).error->message == "etcdserver: too large lease TTL");
  s.put("l/b", "1", id);
  s.put("l/a", "2", id);
  s.put("l/c", "3", id);
  s.put("l/c", "3"); // re-put without a lease detaches
  s.put("other", "x", 2);
  s.del("l/b");      // deletion detaches
  {
    auto t = s.store_backend().begin_read();
    auto info = s.ks().lease(*t, id, true);
    BOOST_TEST_REQUIRE(info.has_value());
    BOOST_TEST(info->ttl == 30);
    BOOST_TEST(info->keys == std::vector<std::string>{"l/a"});
    BOOST_TEST(s.ks().leases(*t).size() == 2u);
  }
  s.put("l/d", "4", id);
  s.put("l/e", "5", id);
  auto before = s.revision();
  auto r = s.revoke(id);
  BOOST_TEST_REQUIRE(!r.error);
  BOOST_TEST(r.revision == before + 1);
  BOOST_TEST(describe(r.events) == "DELETE l/a@" + std::to_string(before + 1) + "[2] DELETE l/d@"
                                     + std::to_string(before + 1) + "[4] DELETE l/e@" + std::to_string(before + 1) + "[5]");
  BOOST_TEST(s.keys("l/", "l0") == "l/c");
  BOOST_TEST(s.revoke(id).error->message == "etcdserver: requested lease not found");
  // Revoking a lease without keys does not bump the revision.
  BOOST_TEST(s.revoke(2).revision == before + 2); // deletes "other"
  s.grant(3, 10);
  BOOST_TEST(s.revoke(3).revision == before + 2);
  auto t = s.store_backend().begin_read();
  BOOST_TEST(s.ks().leases(*t).empty());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(checkpoints_store_remaining_ttl, Kind, backend_kinds) {
  store_fixture<Kind> s;
  s.grant(4, 100);
  pb::StoreCommand cmd;
  auto* cp = cmd.mutable_lease_checkpoint()->add_checkpoints();
  cp->set_id(4);
  cp->set_remaining_ttl(42);
  cmd.mutable_lease_checkpoint()->add_checkpoints()->set_id(77); // unknown: skipped
  BOOST_TEST(!s.apply(cmd).error);
  auto t = s.store_backend().begin_read();
  auto info = s.ks().lease(*t, 4);
  BOOST_TEST(info->remaining_ttl == 42);
  BOOST_TEST(info->ttl == 100);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mvcc_compaction)

BOOST_AUTO_TEST_CASE_TEMPLATE(compaction_keeps_what_reads_at_or_after_it_see, Kind, backend_kinds) {
  store_fixture<Kind> s;
  s.put("a", "1");  // 2
  s.put("a", "2");  // 3
  s.put("b", "1");  // 4
  s.del("b");       // 5
  s.put("c", "1");  // 6
  s.put("a", "3");  // 7
  BOOST_TEST(!s.compact(5).error);
  // At and after the compact revision everything reads as before.
  BOOST_TEST(s.get("a", 5) == "2");
  BOOST_TEST(s.get("b", 5) == "<none>");
  BOOST_TEST(s.get("a", 6) == "2");
  BOOST_TEST(s.get("c", 6) == "1");
  BOOST_TEST(s.get("a") == "3");
  BOOST_TEST(s.get("a", 4) == "<etcdserver: mvcc: required revision has been compacted>");
  // Physically gone: a@2 and b's whole history (its tombstone was <= 5).
  BOOST_TEST(s.events(6).ok());
  BOOST_TEST(s.events(5).error().message == "etcdserver: mvcc: required revision has been compacted");
  {
    auto t = s.store_backend().begin_read();
    auto c = t->cursor(s.ks().bucket_ids().keys);
    int versions = 0;
    for (auto e = c->first(); e; e = c->next())
      ++versions;
    BOOST_TEST(versions == 3); // a@3, a@7, c@6
  }
  // Errors.
  BOOST_TEST(s.compact(5).error->message == "etcdserver: mvcc: required revision has been compacted");
  BOOST_TEST(s.compact(4).error->message == "etcdserver: mvcc: required revision has been compacted");
  BOOST_TEST(s.compact(8).error->message == "etcdserver: mvcc: required revision is a future revision");
  BOOST_TEST(s.revision() == 7); // compaction is not a revision
  // A second compaction also drops versions kept by the first one.
  s.put("a", "4"); // 8
  BOOST_TEST(!s.compact(8).error);
  BOOST_TEST(s.get("a", 8) == "4");
  BOOST_TEST(s.get("c", 8) == "1");
  BOOST_TEST(s.get("a", 7) == "<etcdserver: mvcc: required revision has been compacted>");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(compacted_stores_hash_alike_and_continue_versions, Kind, backend_kinds) {
  store_fixture<Kind> s;
  store_fixture<memory_kind> twin;
  for (int i = 0; i < 50; ++i) {
    s.put("k" + std::to_string(i % 7), std::to_string(i));
    twin.put("k" + std::to_string(i % 7), std::to_string(i));
    if (i % 10 == 9) {
      s.compact(s.revision() - 3);
      twin.compact(twin.revision() - 3);
    }
  }
  BOOST_TEST(s.hash() == twin.hash());
  auto kv = s.range(range_req("k3"))->kvs(0);
  BOOST_TEST(kv.version() == 7);       // versions survive compaction
  BOOST_TEST(kv.create_revision() == 5);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mvcc_watch_history)

BOOST_AUTO_TEST_CASE_TEMPLATE(events_since_reads_history_in_order, Kind, backend_kinds) {
  store_fixture<Kind> s;
  std::vector<pb::Event> applied;
  auto keep = [&](const convoy::mvcc::apply_result& r) {
    applied.insert(applied.end(), r.events.begin(), r.events.end());
  };
  keep(s.put("w/a", "1"));                                                     // 2
  keep(s.put("x", "1"));                                                       // 3
  keep(s.txn(txn_of({}, {op(put_req("w/b", "1")), op(put_req("w/c", "1"))}))); // 4
  keep(s.put("w/a", "2"));                                                     // 5
  keep(s.del("w/", "w0"));                                                     // 6
  BOOST_TEST(describe(applied) == "PUT w/a=1@2 PUT x=1@3 PUT w/b=1@4 PUT w/c=1@4 PUT w/a=2@5[1] "
                                  "DELETE w/a@6[2] DELETE w/b@6[1] DELETE w/c@6[1]");
  // History read back equals what apply returned (prev_kv included).
  auto all = s.events(2, all_end, all_end, 0, true);
  BOOST_TEST(describe(all->events) == describe(applied));
  BOOST_TEST(all->next_revision == 7);
  // A key range, and without prev_kv.
  BOOST_TEST(describe(s.events(3, "w/", "w0")->events)
             == "PUT w/b=1@4 PUT w/c=1@4 PUT w/a=2@5 DELETE w/a@6 DELETE w/b@6 DELETE w/c@6");
  BOOST_TEST(describe(s.events(3, "x")->events) == "PUT x=1@3");
  // A limit never splits a revision.
  auto page = s.events(2, all_end, all_end, 3);
  BOOST_TEST(describe(page->events) == "PUT w/a=1@2 PUT x=1@3 PUT w/b=1@4 PUT w/c=1@4");
  BOOST_TEST(page->next_revision == 5);
  auto tail = s.events(7);
  BOOST_TEST(tail->events.empty());
  BOOST_TEST(tail->next_revision == 7);
  BOOST_TEST((s.events(0).error().code == store_errc::invalid_argument));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mvcc_durability)

BOOST_AUTO_TEST_CASE(lmdb_reopen_keeps_everything) {
  store_fixture<lmdb_kind> s;
  s.grant(8, 60);
  s.put("a", "1", 8);
  s.put("b", "2");
  s.compact(2);
  pb::StoreCommand cmd;
  *cmd.mutable_put() = put_req("c", "3");
  s.apply(cmd, 17);
  auto hash = s.hash();
  s.open(); // same files
  BOOST_TEST(s.revision() == 4);
  BOOST_TEST(s.hash() == hash);
  BOOST_TEST(s.get("a") == "1");
  BOOST_TEST(s.get("b", 3) == "2");
  BOOST_TEST(s.get("a", 1) == "<etcdserver: mvcc: required revision has been compacted>");
  auto t = s.store_backend().begin_read();
  BOOST_TEST(s.ks().applied_index(*t) == 17u);
  BOOST_TEST(s.ks().compact_revision(*t) == 2);
  BOOST_TEST(s.ks().lease(*t, 8, true)->keys == std::vector<std::string>{"a"});
}

BOOST_AUTO_TEST_CASE(applied_index_commits_or_aborts_with_the_apply) {
  store_fixture<memory_kind> s;
  s.put("a", "1");
  auto& mem = static_cast<backend::memory_backend&>(s.store_backend());
  mem.fail_next_commit();
  pb::StoreCommand cmd;
  *cmd.mutable_put() = put_req("a", "2");
  BOOST_CHECK_THROW(s.apply(cmd, 5), backend::backend_error);
  auto t = s.store_backend().begin_read();
  BOOST_TEST(s.ks().applied_index(*t) == 0u); // neither the write...
  BOOST_TEST(s.get("a") == "1");              // ...nor the index
  t.reset();
  s.apply(cmd, 5);
  t = s.store_backend().begin_read();
  BOOST_TEST(s.ks().applied_index(*t) == 5u);
  BOOST_TEST(s.get("a") == "2");
}

BOOST_AUTO_TEST_CASE(map_full_retries_never_half_apply) {
  // A tiny LMDB map forces growth in the middle of big txns; a memory twin
  // with unlimited room applies the same commands: the results must match.
  store_fixture<lmdb_kind> small;
  small.kind().options.map_size_bytes = 64 << 10;
  small.open();
  store_fixture<memory_kind> twin;
  for (int i = 0; i < 30; ++i) {
    std::vector<pb::RequestOp> ops;
    for (int k = 0; k < 10; ++k)
      ops.push_back(op(put_req("t" + std::to_string(i) + "/" + std::to_string(k), std::string(3000, 'a' + k))));
    auto t = txn_of({cmp_int("t" + std::to_string(i) + "/0", C::VERSION, C::EQUAL, 0)}, ops);
    auto a = small.txn(t);
    auto b = twin.txn(t);
    BOOST_TEST_REQUIRE(!a.error);
    BOOST_TEST(a.revision == b.revision);
    BOOST_TEST(a.events.size() == 10u); // events of one attempt only
  }
  BOOST_TEST(static_cast<backend::lmdb_backend&>(small.store_backend()).map_size_bytes() > (64u << 10));
  BOOST_TEST(small.hash() == twin.hash());
  BOOST_TEST(small.revision() == 31);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(snapshot_import_reproduces_the_store, Kind, backend_kinds) {
  store_fixture<Kind> s;
  s.grant(3, 60);
  for (int i = 0; i < 200; ++i)
    s.put("s/" + std::to_string(i % 40), std::string(i, 'x'), i % 5 == 0 ? 3 : 0);
  s.del("s/1", "s/2");
  s.compact(100);
  pb::StoreCommand cmd;
  *cmd.mutable_put() = put_req("last", "1");
  s.apply(cmd, 99);
  auto blob = backend::export_snapshot(s.store_backend());

  store_fixture<lmdb_kind> fresh; // always into LMDB (the production target)
  fresh.put("stale", "state");
  backend::run_write(fresh.store_backend(), [&](backend::kv_txn& t) {
    backend::import_snapshot(fresh.store_backend(), t, blob);
  });
  BOOST_TEST(fresh.hash() == s.hash());
  BOOST_TEST(fresh.revision() == s.revision());
  BOOST_TEST(fresh.get("stale") == "<none>");
  BOOST_TEST(fresh.keys("s/", "s0") == s.keys("s/", "s0"));
  auto t = fresh.store_backend().begin_read();
  BOOST_TEST(fresh.ks().applied_index(*t) == 99u);
  BOOST_TEST(fresh.ks().compact_revision(*t) == 100);
  BOOST_TEST(fresh.ks().lease(*t, 3, true)->keys.size() == s.ks().lease(*s.store_backend().begin_read(), 3, true)->keys.size());
  t.reset();
  // The imported store goes on exactly like the original.
  BOOST_TEST(fresh.put("next", "1").revision == s.put("next", "1").revision);
  BOOST_TEST(fresh.hash() == s.hash());
}

BOOST_AUTO_TEST_SUITE_END()
