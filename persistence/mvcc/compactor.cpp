#include "persistence/mvcc/compactor.hpp"

#include <set>
#include <string>
#include <vector>

#include "persistence/mvcc/key_codec.hpp"
#include "persistence/mvcc/version_reader.hpp"

namespace convoy::mvcc {

namespace {

/// The distinct user keys changed in revisions (previous, rev].
std::set<std::string> changed_keys(backend::kv_txn& t, const buckets& b, int64_t previous, int64_t rev) {
  std::set<std::string> keys;
  std::string seek;
  key_codec::make_rev_key(seek, previous + 1, 0);
  auto c = t.cursor(b.revs);
  for (auto e = c->seek(seek); e; e = c->next()) {
    auto rk = key_codec::parse_rev_key(e->key);
    if (!rk || e->value.empty())
      throw std::runtime_error("mvcc: malformed entry in the revs bucket (corrupted store)");
    if (rk->first > rev)
      break;
    keys.emplace(e->value.substr(1));
  }
  return keys;
}

struct doomed_version {
  std::string index_key;
  int64_t main;
  int64_t sub;
};

/// The versions of `key` that compaction at `rev` removes.
void collect_doomed(backend::kv_cursor& c, const std::string& key, int64_t rev, std::vector<doomed_version>& out) {
  std::string seek;
  key_codec::append_escaped(seek, key);
  auto escaped_size = seek.size();
  seek.push_back('\0');
  seek.push_back('\x01');
  key_codec::append_be64(seek, ~static_cast<uint64_t>(rev));
  std::string_view escaped = std::string_view{seek}.substr(0, escaped_size);
  bool newest = true;
  for (auto e = c.seek(seek); e; e = c.next()) {
    auto v = parse_version(*e);
    if (v.escaped_key != escaped)
      break;
    if (newest && !v.record.tombstone) {
      newest = false; // the version reads at rev see: keep it
      continue;
    }
    newest = false;
    out.push_back({std::string{e->key}, v.mod_revision, v.sub});
  }
}

} // namespace

uint64_t compact_history(backend::kv_txn& t, const buckets& b, int64_t previous, int64_t rev) {
  auto keys = changed_keys(t, b, previous, rev);
  std::vector<doomed_version> doomed;
  {
    auto c = t.cursor(b.keys);
    for (const auto& key : keys)
      collect_doomed(*c, key, rev, doomed);
  }
  std::string rev_key;
  for (const auto& d : doomed) {
    t.del(b.keys, d.index_key);
    key_codec::make_rev_key(rev_key, d.main, d.sub);
    t.del(b.revs, rev_key);
  }
  write_meta(t, b, meta_key::compact_revision, static_cast<uint64_t>(rev));
  return doomed.size();
}

} // namespace convoy::mvcc
