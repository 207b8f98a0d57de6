#include "persistence/mvcc/lease_store.hpp"

#include <stdexcept>

#include "persistence/mvcc/key_codec.hpp"

namespace convoy::mvcc {

namespace {

std::string id_key(int64_t id) {
  std::string out;
  key_codec::append_be64(out, static_cast<uint64_t>(id));
  return out;
}

lease_info parse_lease(int64_t id, std::string_view value) {
  if (value.size() != 16)
    throw std::runtime_error("mvcc: malformed lease record " + std::to_string(id) + " (corrupted store)");
  lease_info info;
  info.id = id;
  info.ttl = static_cast<int64_t>(key_codec::read_be64(value));
  info.remaining_ttl = static_cast<int64_t>(key_codec::read_be64(value.substr(8)));
  return info;
}

} // namespace

std::optional<lease_info> read_lease(backend::kv_txn& t, const buckets& b, int64_t id, bool with_keys) {
  auto prefix = id_key(id);
  auto value = t.get(b.leases, prefix);
  if (!value)
    return std::nullopt;
  auto info = parse_lease(id, *value);
  if (with_keys) {
    auto c = t.cursor(b.lease_keys);
    for (auto e = c->seek(prefix); e && e->key.substr(0, 8) == prefix; e = c->next())
      info.keys.emplace_back(e->key.substr(8));
  }
  return info;
}

std::vector<lease_info> list_leases(backend::kv_txn& t, const buckets& b) {
  std::vector<lease_info> result;
  auto c = t.cursor(b.leases);
  for (auto e = c->first(); e; e = c->next()) {
    if (e->key.size() != 8)
      throw std::runtime_error("mvcc: malformed lease id (corrupted store)");
    result.push_back(parse_lease(static_cast<int64_t>(key_codec::read_be64(e->key)), e->value));
  }
  return result;
}

void write_lease(backend::kv_txn& t, const buckets& b, int64_t id, int64_t ttl, int64_t remaining_ttl) {
  std::string value;
  key_codec::append_be64(value, static_cast<uint64_t>(ttl));
  key_codec::append_be64(value, static_cast<uint64_t>(remaining_ttl));
  t.put(b.leases, id_key(id), value);
}

void erase_lease(backend::kv_txn& t, const buckets& b, int64_t id) {
  t.del(b.leases, id_key(id));
}

} // namespace convoy::mvcc
