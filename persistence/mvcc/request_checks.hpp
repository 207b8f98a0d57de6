#pragma once

#include <cstddef>
#include <optional>

#include "store/store.pb.h"
#include "persistence/mvcc/store_error.hpp"

namespace convoy::mvcc {

/// Limits the stateless request checks enforce.
struct request_limits {
  /// Most compares, success ops or failure ops in one txn (etcd's
  /// --max-txn-ops default).
  int max_txn_ops = 128;
  /// Longest user key a put may store (escaped; derived from the backend).
  std::size_t max_stored_key_bytes = 493;
};

/// The checks etcd's gRPC layer (v3rpc/key.go) does before proposing: they
/// depend on the request alone, so a proposer can run them early, and the
/// apply runs them again (a bad entry must fail identically everywhere).
/// Each returns the first problem, or nullopt.
std::optional<store_error> check_range_request(const store::RangeRequest& r);
std::optional<store_error> check_put_request(const store::PutRequest& r, const request_limits& limits);
std::optional<store_error> check_delete_request(const store::DeleteRangeRequest& r);

/// Op counts, empty keys, nested requests, and etcd's duplicate-key rule:
/// within one txn a key may be put at most once and not inside a range the
/// txn deletes (except the two branches of one nested txn).
std::optional<store_error> check_txn_request(const store::TxnRequest& r, const request_limits& limits);

/// True when no op in any branch (nested included) writes.
bool txn_is_read_only(const store::TxnRequest& r);

} // namespace convoy::mvcc
