#include "persistence/mvcc/key_space.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "persistence/backend/crc32c.hpp"
#include "persistence/backend/write_retry.hpp"
#include "persistence/mvcc/compactor.hpp"
#include "persistence/mvcc/etcd_errors.hpp"
#include "persistence/mvcc/key_codec.hpp"
#include "persistence/mvcc/range_query.hpp"
#include "persistence/mvcc/revision_writer.hpp"
#include "persistence/mvcc/txn_executor.hpp"
#include "persistence/mvcc/version_reader.hpp"
#include "persistence/mvcc/write_ops.hpp"

namespace convoy::mvcc {

namespace {

using store::StoreCommand;

/// A store starts at revision 1 (etcd), so the first write is revision 2.
constexpr int64_t initial_revision = 1;

store_error needs_write_txn() {
  return {store_errc::invalid_argument, "convoy: a write request needs a write txn"};
}

} // namespace

key_space::key_space(backend::kv_backend& b, key_space_options options)
  : backend_(b), options_(options), buckets_(buckets::open(b)) {
  limits_.max_txn_ops = options_.max_txn_ops;
  limits_.max_stored_key_bytes = b.max_key_bytes() - key_codec::index_suffix_bytes;
  initialize();
}

void key_space::initialize() {
  backend::run_write(backend_, [this](backend::kv_txn& t) {
    auto format = read_meta(t, buckets_, meta_key::format, 0);
    if (format == layout_format)
      return;
    if (format != 0)
      throw std::runtime_error("mvcc: store has layout format " + std::to_string(format) + ", this build reads "
                               + std::to_string(layout_format));
    write_meta(t, buckets_, meta_key::format, layout_format);
    write_meta(t, buckets_, meta_key::current_revision, initial_revision);
    write_meta(t, buckets_, meta_key::compact_revision, 0);
  });
}

// -- meta -------------------------------------------------------------------------------

int64_t key_space::current_revision(backend::kv_txn& t) const {
  return static_cast<int64_t>(read_meta(t, buckets_, meta_key::current_revision, initial_revision));
}

int64_t key_space::compact_revision(backend::kv_txn& t) const {
  return static_cast<int64_t>(read_meta(t, buckets_, meta_key::compact_revision, 0));
}

uint64_t key_space::applied_index(backend::kv_txn& t) const {
  return read_meta(t, buckets_, meta_key::applied_index, 0);
}

void key_space::set_applied_index(backend::kv_txn& t, uint64_t index) const {
  write_meta(t, buckets_, meta_key::applied_index, index);
}

// -- apply ------------------------------------------------------------------------------

std::optional<store_error> key_space::validate(const StoreCommand& cmd) const {
  if (cmd.ByteSizeLong() > options_.max_request_bytes)
    return etcd_errors::request_too_large();
  switch (cmd.command_case()) {
    case StoreCommand::kPut:
      return check_put_request(cmd.put(), limits_);
    case StoreCommand::kDeleteRange:
      return check_delete_request(cmd.delete_range());
    case StoreCommand::kTxn:
      return check_txn_request(cmd.txn(), limits_);
    case StoreCommand::kCompaction:
    case StoreCommand::kLeaseGrant:
    case StoreCommand::kLeaseRevoke:
    case StoreCommand::kLeaseCheckpoint:
      return std::nullopt;
    case StoreCommand::COMMAND_NOT_SET:
      break;
  }
  return store_error{store_errc::invalid_argument, "convoy: store command has no request"};
}

namespace {

/// Moves a store_result into apply_result.
template <class T>
void settle(apply_result& out, store_result<T>&& r) {
  if (r)
    out.value = std::move(*r);
  else
    out.error = r.error();
}

} // namespace

apply_result key_space::apply(backend::kv_txn& t, const StoreCommand& cmd) const {
  apply_result out;
  out.request_id = cmd.request_id();
  if (auto err = validate(cmd)) {
    out.error = std::move(err);
  } else {
    switch (cmd.command_case()) {
      case StoreCommand::kPut:
        settle(out, put(t, cmd.put(), &out.events));
        break;
      case StoreCommand::kDeleteRange:
        settle(out, delete_range(t, cmd.delete_range(), &out.events));
        break;
      case StoreCommand::kTxn:
        settle(out, txn(t, cmd.txn(), &out.events));
        break;
      case StoreCommand::kCompaction:
        settle(out, compact(t, cmd.compaction()));
        break;
      case StoreCommand::kLeaseGrant:
        settle(out, lease_grant(t, cmd.lease_grant()));
        break;
      case StoreCommand::kLeaseRevoke:
        settle(out, lease_revoke(t, cmd.lease_revoke(), &out.events));
        break;
      case StoreCommand::kLeaseCheckpoint:
        settle(out, lease_checkpoint(t, cmd.lease_checkpoint()));
        break;
      case StoreCommand::COMMAND_NOT_SET:
        break;
    }
  }
  if (out.error)
    out.events.clear();
  out.revision = current_revision(t);
  return out;
}

// -- writes -----------------------------------------------------------------------------

store_result<store::PutResponse> key_space::put(backend::kv_txn& t, const store::PutRequest& r,
                                                std::vector<store::Event>* events) const {
  if (!t.writable())
    return needs_write_txn();
  if (auto err = check_put_request(r, limits_))
    return *err;
  if (auto err = check_put_state(t, buckets_, r))
    return *err;
  revision_writer w{t, buckets_, current_revision(t), events};
  auto resp = exec_put(t, buckets_, w, r);
  w.finish();
  return resp;
}

store_result<store::DeleteRangeResponse> key_space::delete_range(backend::kv_txn& t,
                                                                 const store::DeleteRangeRequest& r,
                                                                 std::vector<store::Event>* events) const {
  if (!t.writable())
    return needs_write_txn();
  if (auto err = check_delete_request(r))
    return *err;
  revision_writer w{t, buckets_, current_revision(t), events};
  auto resp = exec_delete_range(t, buckets_, w, r);
  w.finish();
  return resp;
}

store_result<store::TxnResponse> key_space::txn(backend::kv_txn& t, const store::TxnRequest& r,
                                                std::vector<store::Event>* events) const {
  if (auto err = check_txn_request(r, limits_))
    return *err;
  if (!t.writable() && !txn_is_read_only(r))
    return needs_write_txn();
  revision_writer w{t, buckets_, current_revision(t), events};
  txn_executor exec{t, buckets_, w, compact_revision(t)};
  auto resp = exec.run(r);
  if (resp)
    w.finish();
  return resp;
}

store_result<store::CompactionResponse> key_space::compact(backend::kv_txn& t,
                                                           const store::CompactionRequest& r) const {
  if (!t.writable())
    return needs_write_txn();
  auto current = current_revision(t);
  auto previous = compact_revision(t);
  if (r.revision() <= previous)
    return etcd_errors::compacted();
  if (r.revision() > current)
    return etcd_errors::future_revision();
  compact_history(t, buckets_, previous, r.revision());
  store::CompactionResponse resp;
  resp.mutable_header()->set_revision(current);
  return resp;
}

store_result<store::LeaseGrantResponse> key_space::lease_grant(backend::kv_txn& t,
                                                               const store::LeaseGrantRequest& r) const {
  if (!t.writable())
    return needs_write_txn();
  if (r.ttl() > max_lease_ttl)
    return etcd_errors::lease_ttl_too_large();
  int64_t id = r.id();
  if (id == 0) {
    auto next = static_cast<int64_t>(read_meta(t, buckets_, meta_key::next_lease_id, 1));
    while (next <= 0 || lease_exists(t, buckets_, next))
      next = next <= 0 ? 1 : next + 1;
    id = next;
    write_meta(t, buckets_, meta_key::next_lease_id, static_cast<uint64_t>(next + 1));
  } else if (lease_exists(t, buckets_, id)) {
    return etcd_errors::lease_exists();
  }
  int64_t ttl = std::max(r.ttl(), options_.min_lease_ttl);
  write_lease(t, buckets_, id, ttl, -1);
  store::LeaseGrantResponse resp;
  resp.mutable_header()->set_revision(current_revision(t));
  resp.set_id(id);
  resp.set_ttl(ttl);
  return resp;
}

store_result<store::LeaseRevokeResponse> key_space::lease_revoke(backend::kv_txn& t,
                                                                 const store::LeaseRevokeRequest& r,
                                                                 std::vector<store::Event>* events) const {
  if (!t.writable())
    return needs_write_txn();
  auto info = read_lease(t, buckets_, r.id(), true);
  if (!info)
    return etcd_errors::lease_not_found();
  revision_writer w{t, buckets_, current_revision(t), events};
  std::vector<store::KeyValue> victims;
  {
    version_reader reader{t, buckets_};
    for (const auto& key : info->keys)
      if (auto v = reader.live(key, std::numeric_limits<int64_t>::max()))
        v->to_proto(victims.emplace_back());
  }
  for (const auto& kv : victims)
    w.remove(kv);
  erase_lease(t, buckets_, r.id());
  w.finish();
  store::LeaseRevokeResponse resp;
  resp.mutable_header()->set_revision(w.read_revision());
  return resp;
}

store_result<store::LeaseCheckpointResponse> key_space::lease_checkpoint(
  backend::kv_txn& t, const store::LeaseCheckpointRequest& r) const {
  if (!t.writable())
    return needs_write_txn();
  for (const auto& cp : r.checkpoints())
    if (auto info = read_lease(t, buckets_, cp.id(), false))
      write_lease(t, buckets_, cp.id(), info->ttl, cp.remaining_ttl());
  store::LeaseCheckpointResponse resp;
  resp.mutable_header()->set_revision(current_revision(t));
  return resp;
}

// -- reads ------------------------------------------------------------------------------

store_result<store::RangeResponse> key_space::range(backend::kv_txn& t, const store::RangeRequest& r) const {
  return run_range(t, buckets_, r, current_revision(t), compact_revision(t));
}

store_result<event_batch> key_space::events_since(backend::kv_txn& t, const event_query& q) const {
  return read_events(t, buckets_, q, current_revision(t), compact_revision(t));
}

std::optional<lease_info> key_space::lease(backend::kv_txn& t, int64_t id, bool with_keys) const {
  return read_lease(t, buckets_, id, with_keys);
}

std::vector<lease_info> key_space::leases(backend::kv_txn& t) const {
  return list_leases(t, buckets_);
}

store_result<kv_hash> key_space::hash(backend::kv_txn& t, int64_t revision) const {
  kv_hash result;
  auto current = current_revision(t);
  result.compact_revision = compact_revision(t);
  result.revision = revision <= 0 ? current : revision;
  if (result.revision > current)
    return etcd_errors::future_revision();
  if (result.revision < result.compact_revision)
    return etcd_errors::compacted();
  auto c = t.cursor(buckets_.keys);
  uint32_t crc = 0;
  for (auto e = c->first(); e; e = c->next()) {
    auto ik = key_codec::parse_index_key(e->key);
    if (!ik)
      throw std::runtime_error("mvcc: malformed entry in the keys bucket (corrupted store)");
    if (ik->main > result.revision)
      continue;
    crc = backend::crc32c(e->key, crc);
    crc = backend::crc32c(e->value, crc);
  }
  result.hash = crc;
  return result;
}

} // namespace convoy::mvcc
