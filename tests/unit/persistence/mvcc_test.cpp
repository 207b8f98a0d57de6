// etcd v3 semantics of the MVCC key space (persistence/mvcc/): revisions,
// versions, ranges, puts, deletes, historical reads and request errors.
// Every case runs on both backends (memory, LMDB).
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

#include "store_test_support.hpp"

using namespace store_test;
using convoy::store_errc;

namespace {

using backend_kinds = boost::mpl::list<memory_kind, lmdb_kind>;

const std::string all_end(1, '\0');

/// "key@create/mod/vN=value".
std::string describe(const pb::KeyValue& kv) {
  return kv.key() + "@" + std::to_string(kv.create_revision()) + "/" + std::to_string(kv.mod_revision()) + "/v"
         + std::to_string(kv.version()) + "=" + kv.value();
}

/// describe() per kv, joined by " ".
std::string describe(const google::protobuf::RepeatedPtrField<pb::KeyValue>& kvs) {
  std::string out;
  for (const auto& kv : kvs)
    out += (out.empty() ? "" : " ") + describe(kv);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(mvcc_kv)

BOOST_AUTO_TEST_CASE_TEMPLATE(revisions_versions_and_create_revisions, Kind, backend_kinds) {
  store_fixture<Kind> s;
  BOOST_TEST(s.revision() == 1); // etcd: an empty store is at revision 1
  struct step {
    const char* what; // p = put, d = delete
    const char* key;
    const char* value;
    int64_t revision_after;
    const char* state_of_a;
  };
  const step steps[] = {
    {"p", "a", "1", 2, "a@2/2/v1=1"},
    {"p", "a", "2", 3, "a@2/3/v2=2"},
    {"p", "b", "x", 4, "a@2/3/v2=2"},
    {"d", "a", "", 5, ""},
    {"d", "a", "", 5, ""}, // deleting nothing: no new revision
    {"p", "a", "3", 6, "a@6/6/v1=3"}, // version restarts after deletion
    {"p", "a", "3", 7, "a@6/7/v2=3"}, // same value is still a write
  };
  for (const auto& st : steps) {
    auto r = std::string{st.what} == "p" ? s.put(st.key, st.value) : s.del(st.key);
    BOOST_TEST_INFO(st.what << " " << st.key);
    BOOST_TEST(!r.error);
    BOOST_TEST(r.revision == st.revision_after);
    BOOST_TEST(describe(s.range(range_req("a"))->kvs()) == st.state_of_a);
  }
  // History: each revision reads as it was.
  const std::pair<int64_t, const char*> history[] = {
    {1, "<none>"}, {2, "1"}, {3, "2"}, {4, "2"}, {5, "<none>"}, {6, "3"}, {7, "3"}};
  for (auto [rev, value] : history) {
    BOOST_TEST_INFO("revision " << rev);
    BOOST_TEST(s.get("a", rev) == value);
  }
  BOOST_TEST(s.get("a", 8) == "<etcdserver: mvcc: required revision is a future revision>");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(put_responses_prev_kv_and_ignore_flags, Kind, backend_kinds) {
  store_fixture<Kind> s;
  auto first = s.put("k", "v1");
  auto& resp = std::get<pb::PutResponse>(first.value);
  BOOST_TEST(resp.header().revision() == 2);
  BOOST_TEST(!resp.has_prev_kv());

  auto with_prev = put_req("k", "v2");
  with_prev.set_prev_kv(true);
  auto second = s.put(with_prev);
  BOOST_TEST(describe(std::get<pb::PutResponse>(second.value).prev_kv()) == "k@2/2/v1=v1");

  s.grant(7, 60);
  s.put("k", "v3", 7);
  auto keep_value = put_req("k", "", 0);
  keep_value.set_ignore_value(true);
  BOOST_TEST(!s.put(keep_value).error); // lease dropped (lease 0), value kept
  auto kv = s.range(range_req("k"))->kvs(0);
  BOOST_TEST(kv.value() == "v3");
  BOOST_TEST(kv.lease() == 0);

  s.put("k", "v4", 7);
  auto keep_lease = put_req("k", "v5");
  keep_lease.set_ignore_lease(true);
  BOOST_TEST(!s.put(keep_lease).error);
  kv = s.range(range_req("k"))->kvs(0);
  BOOST_TEST(kv.value() == "v5");
  BOOST_TEST(kv.lease() == 7);

  // Errors, as etcd words them; none of them writes anything.
  auto rev = s.revision();
  auto missing = put_req("nope", "");
  missing.set_ignore_value(true);
  auto value_given = put_req("k", "x");
  value_given.set_ignore_value(true);
  auto lease_given = put_req("k", "x", 7);
  lease_given.set_ignore_lease(true);
  const std::pair<pb::PutRequest, std::string> bad[] = {
    {missing, "etcdserver: key not found"},
    {value_given, "etcdserver: value is provided"},
    {lease_given, "etcdserver: lease is provided"},
    {put_req("k", "x", 99), "etcdserver: requested lease not found"},
    {put_req("", "x"), "etcdserver: key is not provided"},
    {put_req(std::string(600, 'k'), "x"), "convoy: key is too long (600 bytes stored, at most 493)"},
  };
  for (const auto& [req, message] : bad) {
    auto r = s.put(req);
    BOOST_TEST_INFO(message);
    BOOST_TEST_REQUIRE(r.error.has_value());
    BOOST_TEST(r.error->message == message);
    BOOST_TEST(r.events.empty());
  }
  BOOST_TEST(s.revision() == rev);
  // Keys too long to store are simply absent for reads, deletes and compares.
  std::string huge(600, 'k');
  BOOST_TEST(s.get(huge) == "<none>");
  BOOST_TEST(s.keys(huge, "l") == "");
  BOOST_TEST(std::get<pb::DeleteRangeResponse>(s.del(huge).value).deleted() == 0);
  pb::TxnRequest t;
  *t.add_compare() = cmp_int(huge, pb::Compare::VERSION, pb::Compare::EQUAL, 0);
  BOOST_TEST(std::get<pb::TxnResponse>(s.txn(t).value).succeeded());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(range_end_conventions_limit_count_and_flags, Kind, backend_kinds) {
  store_fixture<Kind> s;
  for (const char* k : {"a", "ab", "abc", "b", "b/1", "b/2", "c"})
    s.put(k, std::string("v-") + k);
  s.put(std::string("a\0z", 3), "nul"); // keys are bytes
  s.del("c");
  struct row {
    std::string key, end;
    int64_t limit;
    std::string keys;
    bool more;
    int64_t count;
  };
  const row rows[] = {
    {"ab", "", 0, "ab", false, 1},                        // single key
    {"zz", "", 0, "", false, 0},                          // missing single key
    {"c", "", 0, "", false, 0},                           // deleted key
    {"b/", "b0", 0, "b/1,b/2", false, 2},                 // prefix: end = prefix + 1
    {"a", "b", 0, "a,a\\0z,ab,abc", false, 4},            // [a, b)
    {"ab", all_end, 0, "ab,abc,b,b/1,b/2", false, 5},     // "\0": every key >= key
    {all_end, all_end, 0, "a,a\\0z,ab,abc,b,b/1,b/2", false, 7}, // everything
    {"a", "b", 2, "a,a\\0z", true, 4},                    // limit: more + full count
    {"a", "b", 4, "a,a\\0z,ab,abc", false, 4},
    {"b", "a", 0, "", false, 0},                          // end <= key: empty
  };
  for (const auto& r : rows) {
    auto req = range_req(r.key, r.end);
    req.set_limit(r.limit);
    auto resp = s.range(req);
    BOOST_TEST_INFO("range [" << r.key << ", " << r.end << ") limit " << r.limit);
    BOOST_TEST_REQUIRE(resp.ok());
    std::string keys;
    for (const auto& kv : resp->kvs()) {
      std::string k = kv.key();
      if (auto nul = k.find('\0'); nul != std::string::npos)
        k.replace(nul, 1, "\\0");
      keys += (keys.empty() ? "" : ",") + k;
    }
    BOOST_TEST(keys == r.keys);
    BOOST_TEST(resp->more() == r.more);
    BOOST_TEST(resp->count() == r.count);
    BOOST_TEST(resp->header().revision() == s.revision());
  }
  auto keys_only = range_req("b", "c");
  keys_only.set_keys_only(true);
  auto ko = s.range(keys_only);
  BOOST_TEST(ko->kvs_size() == 3);
  BOOST_TEST(ko->kvs(0).value().empty());
  BOOST_TEST(ko->kvs(0).mod_revision() > 0);
  auto count_only = range_req("b", "c");
  count_only.set_count_only(true);
  count_only.set_limit(1);
  auto co = s.range(count_only);
  BOOST_TEST(co->kvs_size() == 0);
  BOOST_TEST(co->count() == 3);
  BOOST_TEST(!co->more());
  BOOST_TEST(s.range(range_req("")).error().message == "etcdserver: key is not provided");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(range_sorting_and_revision_filters, Kind, backend_kinds) {
  store_fixture<Kind> s;
  s.put("a", "3"); // rev 2
  s.put("b", "1"); // rev 3
  s.put("c", "2"); // rev 4
  s.put("a", "9"); // rev 5: a is now the most recently modified
  auto sorted = [&](pb::RangeRequest::SortTarget target, pb::RangeRequest::SortOrder order, int64_t limit = 0) {
    auto req = range_req("a", "z");
    req.set_sort_target(target);
    req.set_sort_order(order);
    req.set_limit(limit);
    auto resp = s.range(req);
    std::string out;
    for (const auto& kv : resp->kvs())
      out += kv.key();
    return out + (resp->more() ? "+" : "");
  };
  BOOST_TEST(sorted(pb::RangeRequest::KEY, pb::RangeRequest::DESCEND) == "cba");
  BOOST_TEST(sorted(pb::RangeRequest::VALUE, pb::RangeRequest::ASCEND) == "bca");
  BOOST_TEST(sorted(pb::RangeRequest::MOD, pb::RangeRequest::DESCEND) == "acb");
  BOOST_TEST(sorted(pb::RangeRequest::MOD, pb::RangeRequest::NONE) == "bca"); // etcd: NONE + target -> ascend
  BOOST_TEST(sorted(pb::RangeRequest::CREATE, pb::RangeRequest::DESCEND, 2) == "cb+");
  BOOST_TEST(sorted(pb::RangeRequest::VERSION, pb::RangeRequest::DESCEND, 1) == "a+");

  auto filtered = range_req("a", "z");
  filtered.set_min_mod_revision(3);
  filtered.set_max_mod_revision(4);
  auto resp = s.range(filtered);
  BOOST_TEST(describe(resp->kvs()) == "b@3/3/v1=1 c@4/4/v1=2");
  BOOST_TEST(resp->count() == 3); // count is before filters (etcd)
  filtered.set_min_mod_revision(0);
  filtered.set_max_mod_revision(0);
  filtered.set_min_create_revision(3);
  BOOST_TEST(describe(s.range(filtered)->kvs()) == "b@3/3/v1=1 c@4/4/v1=2");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(delete_range_counts_prev_kvs_and_revisions, Kind, backend_kinds) {
  store_fixture<Kind> s;
  for (const char* k : {"p/1", "p/2", "p/3", "q"})
    s.put(k, k);
  auto r = s.del("p/", "p0", true);
  auto& resp = std::get<pb::DeleteRangeResponse>(r.value);
  BOOST_TEST(resp.deleted() == 3);
  BOOST_TEST(describe(resp.prev_kvs()) == "p/1@2/2/v1=p/1 p/2@3/3/v1=p/2 p/3@4/4/v1=p/3");
  BOOST_TEST(resp.header().revision() == 6);
  BOOST_TEST(r.events.size() == 3u);
  auto again = s.del("p/", "p0");
  BOOST_TEST(std::get<pb::DeleteRangeResponse>(again.value).deleted() == 0);
  BOOST_TEST(std::get<pb::DeleteRangeResponse>(again.value).header().revision() == 6);
  BOOST_TEST(s.keys(all_end, all_end) == "q");
  BOOST_TEST(s.keys("p/", "p0", 5) == "p/1,p/2,p/3");
  BOOST_TEST(s.del("").error->message == "etcdserver: key is not provided");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(historical_reads_many_versions, Kind, backend_kinds) {
  store_fixture<Kind> s;
  // 30 keys, 20 versions each, interleaved; every revision must read back.
  for (int v = 0; v < 20; ++v)
    for (int k = 0; k < 30; ++k)
      s.put("k" + std::to_string(k), std::to_string(v));
  BOOST_TEST(s.revision() == 601);
  for (int64_t rev : {2, 31, 32, 300, 301, 600, 601}) {
    auto resp = s.range(range_req("k", "l", rev));
    BOOST_TEST_INFO("revision " << rev);
    BOOST_TEST(resp->count() == std::min<int64_t>(30, rev - 1));
    for (const auto& kv : resp->kvs()) {
      int k = std::stoi(kv.key().substr(1));
      // the put of (v, k) has revision 2 + v*30 + k
      int64_t v = (rev - 2 - k) / 30;
      BOOST_TEST(kv.value() == std::to_string(v));
      BOOST_TEST(kv.version() == v + 1);
      BOOST_TEST(kv.mod_revision() == 2 + v * 30 + k);
      BOOST_TEST(kv.create_revision() == 2 + k);
    }
  }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(requests_over_the_size_limit_are_refused, Kind, backend_kinds) {
  store_fixture<Kind> s;
  auto big = s.put("k", std::string(1'600'000, 'v'));
  BOOST_TEST_REQUIRE(big.error.has_value());
  BOOST_TEST((big.error->code == store_errc::request_too_large));
  BOOST_TEST(big.error->message == "etcdserver: request is too large");
  BOOST_TEST(s.revision() == 1);
  BOOST_TEST(!s.put("k", std::string(1'500'000, 'v')).error);
  pb::StoreCommand empty;
  BOOST_TEST(s.apply(empty).error->message == "convoy: store command has no request");
}

BOOST_AUTO_TEST_SUITE_END()
