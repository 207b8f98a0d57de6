#pragma once

#include <optional>

#include "store/store.pb.h"
#include "persistence/backend/kv_backend.hpp"
#include "persistence/mvcc/layout.hpp"
#include "persistence/mvcc/revision_writer.hpp"
#include "persistence/mvcc/store_error.hpp"

namespace convoy::mvcc {

/// etcd's checkPut: the state-dependent conditions of a put, checked before
/// anything is written (so a failing request writes nothing): ignore_value /
/// ignore_lease need the key to exist (not_found), a lease must exist
/// (lease_not_found). Reads the latest state of `t`.
std::optional<store_error> check_put_state(backend::kv_txn& t, const buckets& b, const store::PutRequest& r);

/// Executes a checked Put within `w`'s revision. header.revision = the
/// write revision (etcd).
store::PutResponse exec_put(backend::kv_txn& t, const buckets& b, revision_writer& w, const store::PutRequest& r);

/// Executes a DeleteRange within `w`'s revision: a tombstone per live key
/// in the range, in key order. header.revision = the revision after it
/// (unchanged when nothing was deleted and nothing else changed).
store::DeleteRangeResponse exec_delete_range(backend::kv_txn& t, const buckets& b, revision_writer& w,
                                             const store::DeleteRangeRequest& r);

/// True when lease `id` exists.
bool lease_exists(backend::kv_txn& t, const buckets& b, int64_t id);

} // namespace convoy::mvcc
