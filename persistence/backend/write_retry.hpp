#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "persistence/backend/kv_backend.hpp"

namespace convoy::backend {

/// How often run_write grows the storage before giving up.
inline constexpr int default_max_growths = 8;

/// How run_write commits: durable (kv_txn::commit) or lazily
/// (kv_txn::commit_lazily).
enum class commit_mode { durable, lazy };

inline void finish(kv_txn& txn, commit_mode mode) {
  if (mode == commit_mode::lazy)
    txn.commit_lazily();
  else
    txn.commit();
}

namespace detail {

/// run_write's loop: `fn`, then `end(txn)` (which commits the txn, or takes
/// it to keep it open), retried as a whole on a fresh txn after map_full.
template <class F, class End>
auto write_retrying(kv_backend& b, F& fn, End&& end, int max_growths)
  -> std::invoke_result_t<F&, kv_txn&> {
  using result_type = std::invoke_result_t<F&, kv_txn&>;
  for (int growths = 0;; ++growths) {
    auto txn = b.begin_write();
    try {
      if constexpr (std::is_void_v<result_type>) {
        fn(*txn);
        end(txn);
        return;
      } else {
        result_type result = fn(*txn);
        end(txn);
        return result;
      }
    } catch (const backend_error& e) {
      if (e.kind() != backend_error_kind::map_full || growths >= max_growths)
        throw;
    }
    txn.reset(); // aborts (if the commit did not already end it)
    b.grow();
  }
}

} // namespace detail

/// Runs `fn(kv_txn&)` in a fresh write txn and commits it, returning what
/// `fn` returned. When the storage is full (backend_error map_full thrown by
/// a put inside `fn` or by the commit), the txn is aborted -- so nothing of
/// the attempt survives -- the backend grows, and `fn` runs again from the
/// start on a new txn. `fn` must therefore be a pure function of the txn's
/// contents (the MVCC apply is: same state + same command = same writes and
/// same result), and must not keep effects of a failed attempt outside the
/// txn. Any other exception aborts the txn and propagates.
template <class F>
auto run_write(kv_backend& b, F&& fn, commit_mode mode = commit_mode::durable,
               int max_growths = default_max_growths) -> std::invoke_result_t<F&, kv_txn&> {
  return detail::write_retrying(
    b, fn, [mode](std::unique_ptr<kv_txn>& txn) { finish(*txn, mode); }, max_growths);
}

} // namespace convoy::backend
