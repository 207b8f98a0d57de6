#include "persistence/lmdb/error.hpp"

#include <ostream>

namespace convoy::lmdb {

namespace {

std::string describe(const char* call, int code, std::string_view context) {
  std::string out = call;
  out += ": ";
  out += mdb_strerror(code); // LMDB codes and errno values alike
  out += " (code ";
  out += std::to_string(code);
  out += ')';
  if (!context.empty()) {
    out += ": ";
    out += context;
  }
  return out;
}

} // namespace

const char* to_string(error_kind kind) noexcept {
  switch (kind) {
    case error_kind::not_found:
      return "not found";
    case error_kind::key_exists:
      return "key exists";
    case error_kind::map_full:
      return "map full";
    case error_kind::corrupted:
      return "corrupted";
    case error_kind::other:
      return "other";
  }
  return "other";
}

std::ostream& operator<<(std::ostream& out, error_kind kind) {
  return out << to_string(kind);
}

error_kind classify(int rc) noexcept {
  switch (rc) {
    case MDB_NOTFOUND:
      return error_kind::not_found;
    case MDB_KEYEXIST:
      return error_kind::key_exists;
    case MDB_MAP_FULL:
      return error_kind::map_full;
    case MDB_CORRUPTED:
    case MDB_PAGE_NOTFOUND:
    case MDB_INVALID:
    case MDB_VERSION_MISMATCH:
    case MDB_PANIC:
      return error_kind::corrupted;
    default:
      return error_kind::other;
  }
}

error::error(const char* call, int code, std::string_view context)
  : std::runtime_error(describe(call, code, context)),
    call_(call),
    code_(code),
    kind_(classify(code)) {
  // nop
}

void throw_error(const char* call, int rc, std::string_view context) {
  switch (classify(rc)) {
    case error_kind::not_found:
      throw not_found_error(call, rc, context);
    case error_kind::key_exists:
      throw key_exists_error(call, rc, context);
    case error_kind::map_full:
      throw map_full_error(call, rc, context);
    case error_kind::corrupted:
      throw corrupted_error(call, rc, context);
    case error_kind::other:
      break;
  }
  throw error(call, rc, context);
}

} // namespace convoy::lmdb
