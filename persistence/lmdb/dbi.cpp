#include "persistence/lmdb/dbi.hpp"

#include <cerrno>
#include <string>

#include "persistence/lmdb/error.hpp"
#include "persistence/lmdb/val.hpp"

namespace convoy::lmdb {

namespace {

/// The txn handle, or an error naming `call` when the txn has ended.
MDB_txn* live_txn(const char* call, const txn& t) {
  if (!t.active())
    throw error(call, EINVAL, "transaction is not active");
  return t.handle();
}

} // namespace

MDB_txn* dbi::live(const char* call, const txn& t) const {
  if (!valid_)
    throw error(call, EINVAL, "database handle was never opened");
  return live_txn(call, t);
}

dbi dbi::open(txn& t, std::string_view name, unsigned flags) {
  MDB_txn* h = live_txn("mdb_dbi_open", t);
  std::string owned{name}; // LMDB wants a NUL-terminated name
  MDB_dbi handle = 0;
  check("mdb_dbi_open", mdb_dbi_open(h, name.empty() ? nullptr : owned.c_str(), flags, &handle),
        "database \"" + owned + "\"");
  return dbi{handle};
}

unsigned dbi::flags(const txn& t) const {
  unsigned result = 0;
  check("mdb_dbi_flags", mdb_dbi_flags(live("mdb_dbi_flags", t), handle_, &result));
  return result;
}

MDB_stat dbi::stat(const txn& t) const {
  MDB_stat result;
  check("mdb_stat", mdb_stat(live("mdb_stat", t), handle_, &result));
  return result;
}

std::optional<std::string_view> dbi::get(const txn& t, std::string_view key) const {
  MDB_val k = to_val(key);
  MDB_val v{0, nullptr};
  int rc = mdb_get(live("mdb_get", t), handle_, &k, &v);
  if (rc == MDB_NOTFOUND)
    return std::nullopt;
  check("mdb_get", rc);
  return to_view(v);
}

void dbi::put(txn& t, std::string_view key, std::string_view value, unsigned flags) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  check("mdb_put", mdb_put(live("mdb_put", t), handle_, &k, &v, flags));
}

bool dbi::insert(txn& t, std::string_view key, std::string_view value) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  int rc = mdb_put(live("mdb_put", t), handle_, &k, &v, MDB_NOOVERWRITE);
  if (rc == MDB_KEYEXIST)
    return false;
  check("mdb_put", rc);
  return true;
}

bool dbi::del(txn& t, std::string_view key) {
  MDB_val k = to_val(key);
  int rc = mdb_del(live("mdb_del", t), handle_, &k, nullptr);
  if (rc == MDB_NOTFOUND)
    return false;
  check("mdb_del", rc);
  return true;
}

bool dbi::del(txn& t, std::string_view key, std::string_view value) {
  MDB_val k = to_val(key);
  MDB_val v = to_val(value);
  int rc = mdb_del(live("mdb_del", t), handle_, &k, &v);
  if (rc == MDB_NOTFOUND)
    return false;
  check("mdb_del", rc);
  return true;
}

void dbi::clear(txn& t) {
  check("mdb_drop", mdb_drop(live("mdb_drop", t), handle_, 0));
}

} // namespace convoy::lmdb
