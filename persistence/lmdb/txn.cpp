#include "persistence/lmdb/txn.hpp"

#include <cerrno>

#include "persistence/lmdb/cursor.hpp"
#include "persistence/lmdb/error.hpp"

namespace convoy::lmdb {

txn::txn(MDB_txn* handle, env::state* owner, bool read_only) noexcept
  : handle_(handle), env_(owner), read_only_(read_only) {
  env_->open_txns.fetch_add(1);
}

txn txn::begin(env& e, unsigned flags) {
  MDB_env* h = e.live("mdb_txn_begin");
  MDB_txn* handle = nullptr;
  int rc = mdb_txn_begin(h, nullptr, flags, &handle);
  if (rc == MDB_MAP_RESIZED && e.open_txns() == 0) {
    // Another process grew the map: adopt its size (LMDB's documented fix).
    check("mdb_env_set_mapsize", mdb_env_set_mapsize(h, 0), e.path());
    rc = mdb_txn_begin(h, nullptr, flags, &handle);
  }
  check("mdb_txn_begin", rc, e.path());
  return txn{handle, e.state_.get(), (flags & MDB_RDONLY) != 0};
}

txn::txn(txn&& other) noexcept
  : handle_(other.handle_),
    env_(other.env_),
    read_only_(other.read_only_),
    reset_(other.reset_),
    cursors_(other.cursors_) {
  other.handle_ = nullptr;
  other.cursors_ = nullptr;
  for (cursor* c = cursors_; c != nullptr; c = c->next_)
    c->txn_ = this;
}

txn& txn::operator=(txn&& other) noexcept {
  if (this != &other) {
    abort();
    handle_ = other.handle_;
    env_ = other.env_;
    read_only_ = other.read_only_;
    reset_ = other.reset_;
    cursors_ = other.cursors_;
    other.handle_ = nullptr;
    other.cursors_ = nullptr;
    for (cursor* c = cursors_; c != nullptr; c = c->next_)
      c->txn_ = this;
  }
  return *this;
}

txn::~txn() {
  abort();
}

void txn::release() noexcept {
  while (cursors_ != nullptr)
    cursors_->close();
  if (!reset_)
    env_->open_txns.fetch_sub(1);
  handle_ = nullptr;
}

void txn::commit() {
  if (handle_ == nullptr)
    throw error("mdb_txn_commit", EINVAL, "transaction already ended");
  if (reset_)
    throw error("mdb_txn_commit", EINVAL, "transaction is reset");
  MDB_txn* h = handle_;
  release();
  check("mdb_txn_commit", mdb_txn_commit(h));
}

void txn::abort() noexcept {
  if (handle_ == nullptr)
    return;
  MDB_txn* h = handle_;
  release();
  mdb_txn_abort(h);
}

void txn::reset() {
  if (handle_ == nullptr || !read_only_)
    throw error("mdb_txn_reset", EINVAL, "only an open read-only transaction can be reset");
  if (reset_)
    return;
  mdb_txn_reset(handle_);
  reset_ = true;
  env_->open_txns.fetch_sub(1);
}

void txn::renew() {
  if (handle_ == nullptr || !reset_)
    throw error("mdb_txn_renew", EINVAL, "only a reset read-only transaction can be renewed");
  check("mdb_txn_renew", mdb_txn_renew(handle_));
  reset_ = false;
  env_->open_txns.fetch_add(1);
  for (cursor* c = cursors_; c != nullptr; c = c->next_)
    check("mdb_cursor_renew", mdb_cursor_renew(handle_, c->handle_));
}

std::size_t txn::id() const noexcept {
  return handle_ != nullptr ? mdb_txn_id(handle_) : 0;
}

} // namespace convoy::lmdb
