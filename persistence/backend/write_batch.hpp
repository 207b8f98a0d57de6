#pragma once

#include <cstddef>
#include <memory>

#include "persistence/backend/backend_error.hpp"
#include "persistence/backend/kv_backend.hpp"
#include "persistence/backend/write_retry.hpp"

namespace convoy::backend {

/// How much one write_batch holds.
struct write_batch_limits {
  /// An open batch commits before a run would bring its cost (see
  /// write_batch::run) past this...
  std::size_t max_cost_bytes = std::size_t{32} << 20;
  /// ...and none opens while the backend has less room than this, so a
  /// batch never meets map_full (see write_batch). Keep it well above
  /// max_cost_bytes.
  std::size_t reserve_bytes = std::size_t{256} << 20;
};

/// Group commit across calls: writes that may commit lazily pile up in one
/// open write txn, which commits (lazily) once, for all of them -- when the
/// batch is full, before any read (readers see committed data only), on
/// flush() (a store replica flushes every tick), or with the first write
/// that must be durable. One commit, one fsync of the data pages, serves
/// many Raft readies instead of one each.
///
/// A crash -- or destroying the batch, which aborts it -- loses the open
/// batch whole, so only writes a caller can redo may wait in it: applying
/// committed Raft entries (their log is durable), log writes that a
/// write-ahead log holds.
///
/// map_full: a run that begins a batch runs alone, in a fresh txn, and is
/// retried after grow() as run_write does. A run that joins a batch cannot
/// be retried (LMDB's failed txn loses the earlier runs too), so a batch
/// opens only while the backend has reserve_bytes of room, far more than a
/// batch writes; if map_full hits a batch anyway, run() throws a
/// backend_error that says the batch is lost.
///
/// Batches need a backend whose write txns may stay open between calls
/// (kv_backend::long_write_txns); with any other, every run commits at once.
class write_batch {
public:
  explicit write_batch(kv_backend& backend, write_batch_limits limits = {});

  /// Aborts the open batch, as a crash would lose it.
  ~write_batch();

  write_batch(const write_batch&) = delete;
  write_batch& operator=(const write_batch&) = delete;

  /// Runs `fn(kv_txn&)` -- a pure function of the txn's contents, as for
  /// run_write -- in the open batch or a new one. `cost` estimates the bytes
  /// of pages its writes may dirty. durable: the batch, this run included,
  /// is on disk when run() returns. lazy: the run may wait in the batch.
  template <class F>
  void run(F&& fn, commit_mode mode, std::size_t cost);

  /// Commits the open batch lazily; no-op without one.
  void flush();

  /// A read txn that sees every run so far (flushes first).
  std::unique_ptr<kv_txn> begin_read();

  /// True while runs wait in an uncommitted batch.
  bool open() const noexcept { return txn_ != nullptr; }

  /// Runs in the open batch.
  std::size_t runs() const noexcept { return runs_; }

private:
  /// True when a new run may stay open as a batch.
  bool may_open() const;
  /// Ends the batch after `mode`'s run joined it or began it.
  void settle(commit_mode mode);
  /// Commits the open batch with `mode`.
  void commit(commit_mode mode);
  /// The error for `e` inside a batch of `runs` runs, which is gone.
  [[noreturn]] static void lost(const backend_error& e, std::size_t runs);

  kv_backend& backend_;
  write_batch_limits limits_;
  std::unique_ptr<kv_txn> txn_;
  std::size_t cost_ = 0;
  std::size_t runs_ = 0;
};

template <class F>
void write_batch::run(F&& fn, commit_mode mode, std::size_t cost) {
  if (txn_ && cost_ + cost > limits_.max_cost_bytes)
    flush();
  if (txn_) {
    try {
      fn(*txn_);
    } catch (const backend_error& e) {
      txn_.reset();
      lost(e, runs_ + 1);
    } catch (...) {
      txn_.reset();
      throw;
    }
  } else {
    bool keep = mode == commit_mode::lazy && may_open();
    detail::write_retrying(
      backend_, fn,
      [&](std::unique_ptr<kv_txn>& txn) {
        if (keep)
          txn_ = std::move(txn);
        else
          finish(*txn, mode);
      },
      default_max_growths);
    if (!keep)
      return;
  }
  cost_ += cost;
  ++runs_;
  settle(mode);
}

} // namespace convoy::backend
