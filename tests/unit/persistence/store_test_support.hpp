#pragma once

// Shared helpers for the backend and MVCC tests: temporary directories, the
// two backends behind one factory (so each test runs on both), request
// builders and a small facade that applies commands the way the store
// replica does (run_write + apply).

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "persistence/backend/lmdb_backend.hpp"
#include "persistence/backend/memory_backend.hpp"
#include "persistence/backend/write_retry.hpp"
#include "persistence/mvcc/key_space.hpp"
#include "temp_dir.hpp"

namespace store_test {

namespace fs = std::filesystem;
namespace backend = convoy::backend;
namespace mvcc = convoy::mvcc;
namespace pb = convoy::store;

using convoy::test::temp_dir;

/// Makes memory backends.
struct memory_kind {
  static constexpr const char* name = "memory";
  std::unique_ptr<backend::kv_backend> make() { return std::make_unique<backend::memory_backend>(); }
};

/// Makes LMDB backends (no fsync: speed) in a temporary directory; make()
/// again reopens the same environment.
struct lmdb_kind {
  static constexpr const char* name = "lmdb";
  temp_dir dir;
  backend::lmdb_backend_options options = [] {
    backend::lmdb_backend_options o;
    o.map_size_bytes = std::size_t{64} << 20;
    o.sync_on_commit = false;
    return o;
  }();
  std::unique_ptr<backend::kv_backend> make() {
    return std::make_unique<backend::lmdb_backend>(dir.path(), options);
  }
};

// -- request builders ---------------------------------------------------------------

inline pb::PutRequest put_req(const std::string& key, const std::string& value, int64_t lease = 0) {
  pb::PutRequest r;
  r.set_key(key);
  r.set_value(value);
  r.set_lease(lease);
  return r;
}

inline pb::RangeRequest range_req(const std::string& key, const std::string& end = {}, int64_t rev = 0) {
  pb::RangeRequest r;
  r.set_key(key);
  r.set_range_end(end);
  r.set_revision(rev);
  return r;
}

inline pb::DeleteRangeRequest del_req(const std::string& key, const std::string& end = {}, bool prev = false) {
  pb::DeleteRangeRequest r;
  r.set_key(key);
  r.set_range_end(end);
  r.set_prev_kv(prev);
  return r;
}

inline pb::RequestOp op(const pb::PutRequest& r) {
  pb::RequestOp o;
  *o.mutable_request_put() = r;
  return o;
}

inline pb::RequestOp op(const pb::RangeRequest& r) {
  pb::RequestOp o;
  *o.mutable_request_range() = r;
  return o;
}

inline pb::RequestOp op(const pb::DeleteRangeRequest& r) {
  pb::RequestOp o;
  *o.mutable_request_delete_range() = r;
  return o;
}

inline pb::RequestOp op(const pb::TxnRequest& r) {
  pb::RequestOp o;
  *o.mutable_request_txn() = r;
  return o;
}

inline pb::Compare cmp_int(const std::string& key, pb::Compare::CompareTarget target, pb::Compare::CompareResult result,
                           int64_t value, const std::string& range_end = {}) {
  pb::Compare c;
  c.set_key(key);
  c.set_range_end(range_end);
  c.set_target(target);
  c.set_result(result);
  switch (target) {
    case pb::Compare::VERSION:
      c.set_version(value);
      break;
    case pb::Compare::CREATE:
      c.set_create_revision(value);
      break;
    case pb::Compare::MOD:
      c.set_mod_revision(value);
      break;
    case pb::Compare::LEASE:
      c.set_lease(value);
      break;
    default:
      break;
  }
  return c;
}

inline pb::Compare cmp_value(const std::string& key, pb::Compare::CompareResult result, const std::string& value,
                             const std::string& range_end = {}) {
  pb::Compare c;
  c.set_key(key);
  c.set_range_end(range_end);
  c.set_target(pb::Compare::VALUE);
  c.set_result(result);
  c.set_value(value);
  return c;
}

/// A key space on a backend made by `Kind`, with one-call helpers that
/// commit each write like the store replica (run_write + apply).
template <class Kind>
class store_fixture {
public:
  store_fixture() { open(); }

  /// Reopens from the same storage (LMDB: same files).
  void open() {
    ks_.reset();
    backend_.reset();
    backend_ = kind_.make();
    ks_ = std::make_unique<mvcc::key_space>(*backend_);
  }

  mvcc::apply_result apply(const pb::StoreCommand& cmd, uint64_t index = 0) {
    return backend::run_write(*backend_, [&](backend::kv_txn& t) {
      auto r = ks_->apply(t, cmd);
      if (index > 0)
        ks_->set_applied_index(t, index);
      return r;
    });
  }

  mvcc::apply_result put(const std::string& key, const std::string& value, int64_t lease = 0) {
    pb::StoreCommand cmd;
    *cmd.mutable_put() = put_req(key, value, lease);
    return apply(cmd);
  }

  mvcc::apply_result put(const pb::PutRequest& r) {
    pb::StoreCommand cmd;
    *cmd.mutable_put() = r;
    return apply(cmd);
  }

  mvcc::apply_result del(const std::string& key, const std::string& end = {}, bool prev = false) {
    pb::StoreCommand cmd;
    *cmd.mutable_delete_range() = del_req(key, end, prev);
    return apply(cmd);
  }

  mvcc::apply_result txn(const pb::TxnRequest& r) {
    pb::StoreCommand cmd;
    *cmd.mutable_txn() = r;
    return apply(cmd);
  }

  mvcc::apply_result compact(int64_t rev) {
    pb::StoreCommand cmd;
    cmd.mutable_compaction()->set_revision(rev);
    return apply(cmd);
  }

  mvcc::apply_result grant(int64_t id, int64_t ttl) {
    pb::StoreCommand cmd;
    cmd.mutable_lease_grant()->set_id(id);
    cmd.mutable_lease_grant()->set_ttl(ttl);
    return apply(cmd);
  }

  mvcc::apply_result revoke(int64_t id) {
    pb::StoreCommand cmd;
    cmd.mutable_lease_revoke()->set_id(id);
    return apply(cmd);
  }

  convoy::store_result<pb::RangeResponse> range(const pb::RangeRequest& r) {
    auto t = backend_->begin_read();
    return ks_->range(*t, r);
  }

  /// The value of `key` at `rev` (0: current), "<none>" when absent.
  std::string get(const std::string& key, int64_t rev = 0) {
    auto r = range(range_req(key, {}, rev));
    if (!r)
      return "<" + r.error().message + ">";
    return r->kvs_size() == 0 ? "<none>" : r->kvs(0).value();
  }

  /// The keys in [key, end) at `rev`, joined by ",".
  std::string keys(const std::string& key, const std::string& end, int64_t rev = 0) {
    auto r = range(range_req(key, end, rev));
    if (!r)
      return "<" + r.error().message + ">";
    std::string out;
    for (const auto& kv : r->kvs())
      out += (out.empty() ? "" : ",") + kv.key();
    return out;
  }

  int64_t revision() {
    auto t = backend_->begin_read();
    return ks_->current_revision(*t);
  }

  uint32_t hash(int64_t rev = 0) {
    auto t = backend_->begin_read();
    auto h = ks_->hash(*t, rev);
    if (!h)
      throw std::runtime_error("hash failed: " + h.error().message);
    return h->hash;
  }

  convoy::store_result<mvcc::event_batch> events(int64_t start, const std::string& key = std::string(1, '\0'),
                                                 const std::string& end = std::string(1, '\0'),
                                                 std::size_t limit = 0, bool prev_kv = false) {
    auto t = backend_->begin_read();
    mvcc::event_query q;
    q.start_revision = start;
    q.key = key;
    q.range_end = end;
    q.limit = limit;
    q.prev_kv = prev_kv;
    return ks_->events_since(*t, q);
  }

  Kind& kind() { return kind_; }
  backend::kv_backend& store_backend() { return *backend_; }
  mvcc::key_space& ks() { return *ks_; }

private:
  Kind kind_;
  std::unique_ptr<backend::kv_backend> backend_;
  std::unique_ptr<mvcc::key_space> ks_;
};

} // namespace store_test
