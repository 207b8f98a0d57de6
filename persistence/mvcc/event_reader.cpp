#include "persistence/mvcc/event_reader.hpp"

#include <stdexcept>

#include "persistence/mvcc/etcd_errors.hpp"
#include "persistence/mvcc/key_codec.hpp"
#include "persistence/mvcc/key_range.hpp"
#include "persistence/mvcc/version_reader.hpp"

namespace convoy::mvcc {

namespace {

/// Builds the event of the version at `index_key` (prev_kv from the next
/// older version of the same key).
store::Event make_event(backend::kv_cursor& keys, const std::string& index_key, bool with_prev) {
  auto e = keys.seek(index_key);
  if (!e || e->key != index_key)
    throw std::runtime_error("mvcc: a revision has no version in the keys bucket (corrupted store)");
  auto v = parse_version(*e);
  store::Event ev;
  if (v.record.tombstone) {
    ev.set_type(store::Event::DELETE);
    ev.mutable_kv()->set_key(v.user_key());
    ev.mutable_kv()->set_mod_revision(v.mod_revision);
  } else {
    ev.set_type(store::Event::PUT);
    v.to_proto(*ev.mutable_kv());
  }
  if (with_prev) {
    auto p = keys.next();
    if (p) {
      auto pv = parse_version(*p);
      if (pv.escaped_key == v.escaped_key && !pv.record.tombstone)
        pv.to_proto(*ev.mutable_prev_kv());
    }
  }
  return ev;
}

} // namespace

store_result<event_batch> read_events(backend::kv_txn& t, const buckets& b, const event_query& q,
                                      int64_t current_revision, int64_t compact_revision) {
  if (q.start_revision < 1)
    return store_error{store_errc::invalid_argument, "convoy: events start revision must be >= 1"};
  if (q.start_revision <= compact_revision)
    return etcd_errors::compacted();
  event_batch batch;
  batch.next_revision = current_revision + 1;
  auto range = key_range::of(q.key, q.range_end);
  auto revs = t.cursor(b.revs);
  auto keys = t.cursor(b.keys);
  std::string buf;
  key_codec::make_rev_key(buf, q.start_revision, 0);
  int64_t last_main = 0;
  for (auto e = revs->seek(buf); e; e = revs->next()) {
    auto rk = key_codec::parse_rev_key(e->key);
    if (!rk || e->value.empty())
      throw std::runtime_error("mvcc: malformed entry in the revs bucket (corrupted store)");
    if (q.limit > 0 && batch.events.size() >= q.limit && rk->first != last_main) {
      batch.next_revision = rk->first;
      break;
    }
    last_main = rk->first;
    auto key = e->value.substr(1);
    if (!range.contains(key))
      continue;
    key_codec::make_index_key(buf, key, rk->first, rk->second);
    batch.events.push_back(make_event(*keys, buf, q.prev_kv));
  }
  return batch;
}

} // namespace convoy::mvcc
