#pragma once

#include <string_view>

#include <lmdb.h>

namespace convoy::lmdb {

/// One key/value pair from a cursor. Both views point into the memory map and
/// are valid only until the transaction ends (or, in a write txn, until the
/// next write): copy them out before that.
struct entry {
  std::string_view key;
  std::string_view value;
};

/// Views `bytes` as an MDB_val for a call that only reads it (LMDB's C API
/// takes non-const pointers even for inputs).
inline MDB_val to_val(std::string_view bytes) noexcept {
  return MDB_val{bytes.size(), const_cast<char*>(bytes.data())};
}

inline std::string_view to_view(const MDB_val& val) noexcept {
  return {static_cast<const char*>(val.mv_data), val.mv_size};
}

} // namespace convoy::lmdb
