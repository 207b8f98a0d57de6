#pragma once

/// Convenience header: the whole thin LMDB layer.
///
///     lmdb::env_options opts;
///     opts.map_size_bytes = std::size_t{1} << 30;
///     auto e = lmdb::env::open(dir, opts);
///     auto w = lmdb::txn::begin_write(e);
///     auto log = lmdb::dbi::open(w, "raft_log", MDB_CREATE);
///     log.put(w, lmdb::be_u64{index}.view(), bytes);
///     w.commit();                       // fsync'ed unless sync_on_commit is off
///
/// Error handling: every failed mdb_* call throws lmdb::error (or one of
/// not_found_error, key_exists_error, map_full_error, corrupted_error) whose
/// what() names the call, LMDB's text and code. Absence is not an error:
/// get()/cursor moves return std::nullopt, del() returns false.

#include "persistence/lmdb/be_u64.hpp"
#include "persistence/lmdb/cursor.hpp"
#include "persistence/lmdb/dbi.hpp"
#include "persistence/lmdb/env.hpp"
#include "persistence/lmdb/error.hpp"
#include "persistence/lmdb/txn.hpp"
#include "persistence/lmdb/val.hpp"
