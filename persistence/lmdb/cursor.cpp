#include "persistence/lmdb/cursor.hpp"

#include <cerrno>

#include "persistence/lmdb/error.hpp"

namespace convoy::lmdb {

cursor::cursor(MDB_cursor* handle, txn* owner) noexcept : handle_(handle), txn_(owner) {
  next_ = owner->cursors_;
  if (next_ != nullptr)
    next_->prev_ = this;
  owner->cursors_ = this;
}

cursor cursor::open(txn& t, dbi d) {
  if (!t.active())
    throw error("mdb_cursor_open", EINVAL, "transaction is not active");
  if (!d.valid())
    throw error("mdb_cursor_open", EINVAL, "database handle was never opened");
  MDB_cursor* handle = nullptr;
  check("mdb_cursor_open", mdb_cursor_open(t.handle(), d.handle(), &handle));
  return cursor{handle, &t};
}

void cursor::take_links(cursor& other) noexcept {
  handle_ = other.handle_;
  txn_ = other.txn_;
  prev_ = other.prev_;
  next_ = other.next_;
  if (handle_ != nullptr) {
    if (prev_ != nullptr)
      prev_->next_ = this;
    else
      txn_->cursors_ = this;
    if (next_ != nullptr)
      next_->prev_ = this;
  }
  other.handle_ = nullptr;
  other.txn_ = nullptr;
  other.prev_ = nullptr;
  other.next_ = nullptr;
}

cursor::cursor(cursor&& other) noexcept {
  take_links(other);
}

cursor& cursor::operator=(cursor&& other) noexcept {
  if (this != &other) {
    close();
    take_links(other);
  }
  return *this;
}

cursor::~cursor() {
  close();
}

void cursor::close() noexcept {
  if (handle_ == nullptr)
    return;
  mdb_cursor_close(handle_);
  if (prev_ != nullptr)
    prev_->next_ = next_;
  else
    txn_->cursors_ = next_;
  if (next_ != nullptr)
    next_->prev_ = prev_;
  handle_ = nullptr;
  txn_ = nullptr;
  prev_ = nullptr;
  next_ = nullptr;
}

MDB_cursor* cursor::live(const char* call) const {
  if (handle_ == nullptr)
    throw error(call, EINVAL, "cursor is closed");
  if (!txn_->active())
    throw error(call, EINVAL, "transaction is reset");
  return handle_;
}

std::optional<entry> cursor::get(MDB_cursor_op op) {
  MDB_val k{0, nullptr};
  MDB_val v{0, nullptr};
  int rc = mdb_cursor_get(live("mdb_cursor_get"), &k, &v, op);
  if (rc == MDB_NOTFOUND)
    return std::nullopt;
  check("mdb_cursor_get", rc);
  return entry{to_view(k), to_view(v)};
}

std::optional<entry> cursor::get(MDB_cursor_op op, std::string_view key, std::string_view value) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  int rc = mdb_cursor_get(live("mdb_cursor_get"), &k, &v, op);
  if (rc == MDB_NOTFOUND)
    return std::nullopt;
  check("mdb_cursor_get", rc);
  return entry{to_view(k), to_view(v)};
}

std::size_t cursor::count() const {
  size_t result = 0;
  check("mdb_cursor_count", mdb_cursor_count(live("mdb_cursor_count"), &result));
  return result;
}

void cursor::put(std::string_view key, std::string_view value, unsigned flags) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  check("mdb_cursor_put", mdb_cursor_put(live("mdb_cursor_put"), &k, &v, flags));
}

void cursor::del(unsigned flags) {
  check("mdb_cursor_del", mdb_cursor_del(live("mdb_cursor_del"), flags));
}

} // namespace convoy::lmdb
