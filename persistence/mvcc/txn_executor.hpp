#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "store/store.pb.h"
#include "persistence/backend/kv_backend.hpp"
#include "persistence/mvcc/layout.hpp"
#include "persistence/mvcc/revision_writer.hpp"
#include "persistence/mvcc/store_error.hpp"
#include "persistence/mvcc/version_reader.hpp"

namespace convoy::mvcc {

/// Runs one (checked) etcd Txn the way etcd's applier does:
///  1. every compare -- nested txns' included -- is evaluated against the
///     state at the txn's start, giving the branch taken at each level;
///  2. the ops on that path are checked against the same state (puts:
///     ignore_* need the key, leases must exist; then ranges: revision not
///     future, not compacted), so a failing txn writes nothing;
///  3. the ops run in order within one revision (writer); later ops see
///     earlier ones' writes.
class txn_executor {
public:
  txn_executor(backend::kv_txn& t, const buckets& b, revision_writer& w, int64_t compact_revision);

  store_result<store::TxnResponse> run(const store::TxnRequest& r);

private:
  using ops_type = google::protobuf::RepeatedPtrField<store::RequestOp>;

  bool compare(const store::Compare& c);
  bool compare_all(const store::TxnRequest& r);
  void build_path(const store::TxnRequest& r);
  const ops_type& taken(const store::TxnRequest& r, std::size_t& at) const;
  std::optional<store_error> check_puts(const store::TxnRequest& r, std::size_t& at);
  std::optional<store_error> check_ranges(const store::TxnRequest& r, std::size_t& at);
  void execute(const store::TxnRequest& r, std::size_t& at, store::TxnResponse& out);

  backend::kv_txn& txn_;
  const buckets& buckets_;
  revision_writer& writer_;
  int64_t compact_;
  /// Branch taken per txn level, in pre-order (etcd's txnPath).
  std::vector<bool> path_;
};

} // namespace convoy::mvcc
