#include "persistence/backend/write_batch.hpp"

#include <string>
#include <utility>

namespace convoy::backend {

write_batch::write_batch(kv_backend& backend, write_batch_limits limits)
    : backend_(backend)
    , limits_(limits) {
  // nop
}

write_batch::~write_batch() = default; // txn_'s destructor aborts it

void write_batch::flush() {
  if (txn_)
    commit(commit_mode::lazy);
}

std::unique_ptr<kv_txn> write_batch::begin_read() {
  flush();
  return backend_.begin_read();
}

bool write_batch::may_open() const {
  return backend_.long_write_txns() && backend_.room_bytes() >= limits_.reserve_bytes;
}

void write_batch::settle(commit_mode mode) {
  if (mode == commit_mode::durable || cost_ > limits_.max_cost_bytes)
    commit(mode);
}

void write_batch::commit(commit_mode mode) {
  auto txn = std::move(txn_);
  auto runs = std::exchange(runs_, 0);
  cost_ = 0;
  try {
    finish(*txn, mode);
  } catch (const backend_error& e) {
    lost(e, runs);
  }
}

void write_batch::lost(const backend_error& e, std::size_t runs) {
  // Not map_full even when it was: a caller must not retry the last run
  // alone, the runs before it are gone as well.
  auto kind =
    e.kind() == backend_error_kind::map_full ? backend_error_kind::commit_failed : e.kind();
  throw backend_error(kind, "write batch: " + std::to_string(runs)
                              + " run(s) lost, a restart must redo them: " + e.what());
}

} // namespace convoy::backend
