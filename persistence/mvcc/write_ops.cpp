#include "persistence/mvcc/write_ops.hpp"

#include <limits>
#include <stdexcept>
#include <vector>

#include "persistence/mvcc/etcd_errors.hpp"
#include "persistence/mvcc/key_codec.hpp"
#include "persistence/mvcc/key_range.hpp"
#include "persistence/mvcc/version_reader.hpp"

namespace convoy::mvcc {

namespace {

/// Reads of the latest state inside a write (own changes included).
constexpr int64_t latest = std::numeric_limits<int64_t>::max();

} // namespace

bool lease_exists(backend::kv_txn& t, const buckets& b, int64_t id) {
  std::string key;
  key_codec::append_be64(key, static_cast<uint64_t>(id));
  return t.get(b.leases, key).has_value();
}

std::optional<store_error> check_put_state(backend::kv_txn& t, const buckets& b, const store::PutRequest& r) {
  if (r.ignore_value() || r.ignore_lease()) {
    version_reader reader{t, b};
    if (!reader.live(r.key(), latest))
      return etcd_errors::key_not_found();
  }
  if (r.lease() != 0 && !lease_exists(t, b, r.lease()))
    return etcd_errors::lease_not_found();
  return std::nullopt;
}

store::PutResponse exec_put(backend::kv_txn& t, const buckets& b, revision_writer& w, const store::PutRequest& r) {
  std::optional<store::KeyValue> prev;
  {
    version_reader reader{t, b};
    if (auto v = reader.live(r.key(), latest))
      v->to_proto(prev.emplace());
  }
  if ((r.ignore_value() || r.ignore_lease()) && !prev)
    throw std::logic_error("mvcc: put with ignore_value/ignore_lease on a missing key passed its checks");
  const std::string& value = r.ignore_value() ? prev->value() : r.value();
  int64_t lease = r.ignore_lease() ? prev->lease() : r.lease();
  store::PutResponse resp;
  if (r.prev_kv() && prev)
    *resp.mutable_prev_kv() = *prev;
  w.put(r.key(), value, lease, prev ? &*prev : nullptr);
  resp.mutable_header()->set_revision(w.write_revision());
  return resp;
}

store::DeleteRangeResponse exec_delete_range(backend::kv_txn& t, const buckets& b, revision_writer& w,
                                             const store::DeleteRangeRequest& r) {
  std::vector<store::KeyValue> victims;
  {
    live_key_iterator it{t, b, key_range::of(r.key(), r.range_end()), latest};
    while (auto v = it.next())
      v->to_proto(victims.emplace_back());
  }
  for (const auto& kv : victims)
    w.remove(kv);
  store::DeleteRangeResponse resp;
  resp.set_deleted(static_cast<int64_t>(victims.size()));
  if (r.prev_kv())
    for (auto& kv : victims)
      *resp.add_prev_kvs() = std::move(kv);
  resp.mutable_header()->set_revision(w.read_revision());
  return resp;
}

} // namespace convoy::mvcc
