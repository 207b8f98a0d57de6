#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.pb.h"
#include "persistence/backend/kv_backend.hpp"
#include "persistence/mvcc/layout.hpp"

namespace convoy::mvcc {

/// The writes of one store revision: every change of one Put, DeleteRange,
/// Txn or lease revocation shares the main revision begin_revision() + 1
/// and gets the next sub-revision. The revision exists only if something
/// changed (etcd: a txn that deletes nothing does not bump the revision).
/// Keeps lease attachments in step and records the events watchers need.
class revision_writer {
public:
  /// `events` (may be null) receives one Event per change, prev_kv filled.
  revision_writer(backend::kv_txn& t, const buckets& b, int64_t current_revision,
                  std::vector<store::Event>* events);

  int64_t begin_revision() const noexcept { return begin_; }
  int64_t write_revision() const noexcept { return begin_ + 1; }
  bool changed() const noexcept { return sub_ > 0; }

  /// The revision reads inside this write see (its own changes included).
  int64_t read_revision() const noexcept { return changed() ? begin_ + 1 : begin_; }

  /// Writes a new version of `key`. `prev` is the key's live version as of
  /// read_revision() (null: absent), from which create_revision, version
  /// and the old lease attachment follow.
  void put(std::string_view key, std::string_view value, int64_t lease, const store::KeyValue* prev);

  /// Writes a tombstone for the live key `prev`.
  void remove(const store::KeyValue& prev);

  /// Records the new current revision if anything changed. Call once, last.
  void finish();

private:
  void write_change(std::string_view key, bool tombstone);
  void attach(int64_t lease, std::string_view key, bool on);

  backend::kv_txn& txn_;
  const buckets& buckets_;
  int64_t begin_;
  int64_t sub_ = 0;
  std::vector<store::Event>* events_;
  std::string key_buf_;
  std::string value_buf_;
};

/// BE64(lease) + key: the `lease_keys` entry of an attachment.
std::string lease_key_entry(int64_t lease, std::string_view key);

} // namespace convoy::mvcc
