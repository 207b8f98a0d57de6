#include "persistence/mvcc/layout.hpp"

#include <stdexcept>
#include <string>

#include "persistence/mvcc/key_codec.hpp"

namespace convoy::mvcc {

buckets buckets::open(backend::kv_backend& b) {
  buckets result;
  result.meta = b.open_bucket("mvcc_meta");
  result.keys = b.open_bucket("mvcc_keys");
  result.revs = b.open_bucket("mvcc_revs");
  result.leases = b.open_bucket("mvcc_leases");
  result.lease_keys = b.open_bucket("mvcc_lease_keys");
  return result;
}

uint64_t read_meta(backend::kv_txn& t, const buckets& b, std::string_view name, uint64_t fallback) {
  auto v = t.get(b.meta, name);
  if (!v)
    return fallback;
  if (v->size() != 8)
    throw std::runtime_error("mvcc: meta entry " + std::string{name} + " has " + std::to_string(v->size())
                             + " bytes, expected 8 (corrupted store)");
  return key_codec::read_be64(*v);
}

void write_meta(backend::kv_txn& t, const buckets& b, std::string_view name, uint64_t value) {
  std::string bytes;
  key_codec::append_be64(bytes, value);
  t.put(b.meta, name, bytes);
}

} // namespace convoy::mvcc
