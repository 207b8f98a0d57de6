#include "persistence/mvcc/range_query.hpp"

#include <algorithm>
#include <vector>

#include "persistence/mvcc/etcd_errors.hpp"
#include "persistence/mvcc/key_range.hpp"
#include "persistence/mvcc/request_checks.hpp"
#include "persistence/mvcc/version_reader.hpp"

namespace convoy::mvcc {

namespace {

using store::KeyValue;
using store::RangeRequest;

bool has_filters(const RangeRequest& r) {
  return r.min_mod_revision() != 0 || r.max_mod_revision() != 0 || r.min_create_revision() != 0
         || r.max_create_revision() != 0;
}

/// etcd's pruneKVs for the four revision filters.
void prune(const RangeRequest& r, std::vector<KeyValue>& kvs) {
  auto drop = [&r](const KeyValue& kv) {
    return (r.max_mod_revision() != 0 && kv.mod_revision() > r.max_mod_revision())
           || (r.min_mod_revision() != 0 && kv.mod_revision() < r.min_mod_revision())
           || (r.max_create_revision() != 0 && kv.create_revision() > r.max_create_revision())
           || (r.min_create_revision() != 0 && kv.create_revision() < r.min_create_revision());
  };
  kvs.erase(std::remove_if(kvs.begin(), kvs.end(), drop), kvs.end());
}

/// -1, 0, 1 comparing a and b by `target`.
int compare_by(RangeRequest::SortTarget target, const KeyValue& a, const KeyValue& b) {
  auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (target) {
    case RangeRequest::VERSION:
      return cmp(a.version(), b.version());
    case RangeRequest::CREATE:
      return cmp(a.create_revision(), b.create_revision());
    case RangeRequest::MOD:
      return cmp(a.mod_revision(), b.mod_revision());
    case RangeRequest::VALUE:
      return cmp(a.value(), b.value());
    default:
      return cmp(a.key(), b.key());
  }
}

void sort_kvs(const RangeRequest& r, std::vector<KeyValue>& kvs) {
  auto order = r.sort_order();
  if (r.sort_target() != RangeRequest::KEY && order == RangeRequest::NONE)
    order = RangeRequest::ASCEND;
  if (order == RangeRequest::NONE)
    return;
  auto target = r.sort_target();
  bool descend = order == RangeRequest::DESCEND;
  std::stable_sort(kvs.begin(), kvs.end(), [&](const KeyValue& a, const KeyValue& b) {
    int c = compare_by(target, a, b);
    return descend ? c > 0 : c < 0;
  });
}

} // namespace

store_result<store::RangeResponse> run_range(backend::kv_txn& t, const buckets& b, const RangeRequest& r,
                                             int64_t current_revision, int64_t compact_revision) {
  if (auto err = check_range_request(r))
    return *err;
  int64_t rev = r.revision() <= 0 ? current_revision : r.revision();
  if (rev > current_revision)
    return etcd_errors::future_revision();
  if (rev < compact_revision)
    return etcd_errors::compacted();
  bool collect_all = r.sort_order() != RangeRequest::NONE || r.sort_target() != RangeRequest::KEY || has_filters(r);
  auto limit = static_cast<std::size_t>(std::max<int64_t>(r.limit(), 0));
  // Sorting by value needs the values even when they are not returned.
  bool keys_only = r.keys_only() && !(collect_all && r.sort_target() == RangeRequest::VALUE);
  std::vector<KeyValue> kvs;
  int64_t count = 0;
  live_key_iterator it{t, b, key_range::of(r.key(), r.range_end()), rev};
  while (auto v = it.next()) {
    ++count;
    if (r.count_only() || (!collect_all && limit > 0 && kvs.size() >= limit))
      continue;
    v->to_proto(kvs.emplace_back(), keys_only);
  }
  store::RangeResponse resp;
  resp.mutable_header()->set_revision(current_revision);
  resp.set_count(count);
  if (collect_all) {
    prune(r, kvs);
    sort_kvs(r, kvs);
  }
  if (limit > 0 && (kvs.size() > limit || (!collect_all && static_cast<std::size_t>(count) > limit && !r.count_only()))) {
    resp.set_more(true);
    kvs.resize(std::min(kvs.size(), limit));
  }
  resp.mutable_kvs()->Reserve(static_cast<int>(kvs.size()));
  for (auto& kv : kvs) {
    if (r.keys_only())
      kv.clear_value();
    *resp.add_kvs() = std::move(kv);
  }
  return resp;
}

} // namespace convoy::mvcc
