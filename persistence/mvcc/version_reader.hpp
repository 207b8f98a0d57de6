#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/store.pb.h"
#include "persistence/backend/kv_backend.hpp"
#include "persistence/mvcc/key_codec.hpp"
#include "persistence/mvcc/key_range.hpp"
#include "persistence/mvcc/layout.hpp"

namespace convoy::mvcc {

/// One version read from the `keys` bucket. Views point into the backend:
/// valid until the txn ends or (write txn) its next write.
struct stored_version {
  std::string_view escaped_key;
  int64_t mod_revision = 0;
  int64_t sub = 0;
  key_codec::version_record record;

  /// The user key (unescaped copy).
  std::string user_key() const { return key_codec::unescape(escaped_key); }

  /// Fills `kv` (value omitted with keys_only).
  void to_proto(store::KeyValue& kv, bool keys_only = false) const;
};

/// Iterates the keys alive in a key range at a revision, in key order: for
/// each user key, the newest version <= rev unless it is a tombstone.
/// At the latest revision this is one forward scan (the newest version of
/// each key comes first); older versions of a key are skipped with one
/// seek. Do not write through the txn while iterating.
class live_key_iterator {
public:
  live_key_iterator(backend::kv_txn& t, const buckets& b, const key_range& range, int64_t rev);

  /// The next live key, or nullopt at the end of the range.
  std::optional<stored_version> next();

private:
  /// Moves past every remaining version of the key at at_.
  void skip_key(std::string_view escaped);

  /// True when `escaped` lies beyond the range.
  bool past_end(std::string_view escaped) const;

  std::unique_ptr<backend::kv_cursor> cursor_;
  std::string start_;
  std::string end_;
  key_range::kind shape_;
  int64_t rev_;
  std::string buf_;
  std::optional<backend::kv_entry> at_;
  std::string_view last_;
  bool started_ = false;
  bool done_ = false;
};

/// Point lookups of single keys (one cursor reused across lookups).
class version_reader {
public:
  version_reader(backend::kv_txn& t, const buckets& b);

  /// The newest version of `user_key` with main revision <= rev, tombstones
  /// included; nullopt when the key has no such version.
  std::optional<stored_version> newest(std::string_view user_key, int64_t rev);

  /// The key's live version at rev (nullopt: absent or deleted).
  std::optional<stored_version> live(std::string_view user_key, int64_t rev);

private:
  backend::kv_txn& txn_;
  const buckets& buckets_;
  std::unique_ptr<backend::kv_cursor> cursor_;
  std::string buf_;
};

/// Parses a `keys` entry; throws std::runtime_error naming the damage.
stored_version parse_version(const backend::kv_entry& e);

} // namespace convoy::mvcc
