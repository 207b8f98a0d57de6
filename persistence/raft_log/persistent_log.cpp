#include "persistence/raft_log/persistent_log.hpp"

#include <stdexcept>

#include "persistence/backend/write_retry.hpp"
#include "persistence/lmdb/be_u64.hpp"

namespace convoy::store {

namespace {

constexpr std::string_view hard_state_key = "hard_state";
constexpr std::string_view conf_state_key = "conf_state";
constexpr std::string_view snapshot_meta_key = "snapshot_meta";
constexpr std::string_view wal_seq_key = "wal_seq";

template <class Message>
bool read_proto(backend::kv_txn& txn, backend::bucket_id b, std::string_view key,
                Message& out) {
  auto bytes = txn.get(b, key);
  if (!bytes)
    return false;
  if (!out.ParseFromArray(bytes->data(), static_cast<int>(bytes->size())))
    throw std::runtime_error("raft_state: stored " + std::string{key} + " is corrupted");
  return true;
}

template <class Message>
void write_proto(backend::kv_txn& txn, backend::bucket_id b, std::string_view key,
                 const Message& x) {
  txn.put(b, key, x.SerializeAsString());
}

} // namespace

persistent_log::persistent_log(backend::kv_backend& b, write_ahead_log* wal)
    : backend_(b)
    , log_bucket_(b.open_bucket("raft_log"))
    , state_bucket_(b.open_bucket("raft_state"))
    , wal_(wal) {
  if (wal_)
    replay_write_ahead_log();
  load();
}

void persistent_log::replay_write_ahead_log() {
  uint64_t covered = 0;
  {
    auto txn = backend_.begin_read();
    if (auto bytes = txn->get(state_bucket_, wal_seq_key))
      covered = lmdb::be_u64::decode(*bytes).value_or(0);
  }
  wal_->continue_after(covered);
  auto records = wal_->read_after(covered);
  if (records.empty())
    return;
  if (records.front().first != covered + 1 && covered != 0)
    throw std::runtime_error("raft_log: write-ahead log " + wal_->path() + " starts at record "
                             + std::to_string(records.front().first) + " but the store holds "
                             + "records up to " + std::to_string(covered)
                             + " only: records are missing");
  backend::run_write(backend_, [&](backend::kv_txn& txn) {
    for (const auto& [seq, payload] : records) {
      raft::WalRecord rec;
      if (!rec.ParseFromString(payload))
        throw std::runtime_error("raft_log: write-ahead log record " + std::to_string(seq)
                                 + " does not parse");
      write_log(txn, rec);
    }
    txn.put(state_bucket_, wal_seq_key, lmdb::be_u64{wal_->last_seq()}.view());
  });
}

void persistent_log::load() {
  auto txn = backend_.begin_read();
  raft::SnapshotMetadata meta;
  if (read_proto(*txn, state_bucket_, snapshot_meta_key, meta) && meta.index() > 0) {
    raft::Snapshot snap;
    *snap.mutable_metadata() = meta;
    memory_.apply_snapshot(std::move(snap));
  }
  std::vector<raft::Entry> entries;
  auto cursor = txn->cursor(log_bucket_);
  for (auto e = cursor->seek(lmdb::be_u64{meta.index() + 1}.view()); e; e = cursor->next()) {
    raft::Entry entry;
    if (!entry.ParseFromArray(e->value.data(), static_cast<int>(e->value.size())))
      throw std::runtime_error("raft_log: stored entry is corrupted");
    entries.push_back(std::move(entry));
  }
  if (!entries.empty())
    memory_.append(std::move(entries));
  raft::HardState hs;
  if (read_proto(*txn, state_bucket_, hard_state_key, hs))
    memory_.set_hard_state(hs);
  if (!read_proto(*txn, state_bucket_, conf_state_key, conf_state_))
    conf_state_ = meta.conf_state();
}

raft::initial_state persistent_log::initial_state() const {
  auto st = memory_.initial_state();
  st.conf_state = conf_state_;
  return st;
}

raft::storage_error persistent_log::entries(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                                            std::vector<raft::Entry>& out) const {
  return memory_.entries(lo, hi, max_bytes, out);
}

raft::storage_result<uint64_t> persistent_log::term(uint64_t i) const {
  return memory_.term(i);
}

uint64_t persistent_log::first_index() const {
  return memory_.first_index();
}

uint64_t persistent_log::last_index() const {
  return memory_.last_index();
}

raft::storage_result<raft::Snapshot> persistent_log::snapshot() const {
  if (!exporter_)
    return raft::storage_error::snapshot_temporarily_unavailable;
  auto [data, index] = exporter_();
  auto t = memory_.term(index);
  if (!t.ok())
    return raft::storage_error::snapshot_temporarily_unavailable;
  raft::Snapshot snap;
  snap.set_data(std::move(data));
  auto* meta = snap.mutable_metadata();
  meta->set_index(index);
  meta->set_term(t.value());
  *meta->mutable_conf_state() = conf_state_;
  return snap;
}

void persistent_log::persist(backend::kv_txn& txn, const raft::ready& rd, bool written_ahead) {
  for (const auto& earlier : unpersisted_)
    write_log(txn, earlier);
  if (!written_ahead)
    write(txn, rd);
  // Only with other log writes: a txn with none (a ready that only reads or
  // applies) stays clean, and LMDB commits a clean txn without any I/O.
  bool wrote = !unpersisted_.empty() || rd.snapshot || !rd.entries.empty() || rd.hard_state;
  if (wal_ && wrote)
    txn.put(state_bucket_, wal_seq_key, lmdb::be_u64{wal_->last_seq()}.view());
}

void persistent_log::write(backend::kv_txn& txn, const raft::ready& rd) {
  if (rd.snapshot) {
    // A snapshot supersedes the whole log.
    txn.clear(log_bucket_);
    write_proto(txn, state_bucket_, snapshot_meta_key, rd.snapshot->metadata());
    write_proto(txn, state_bucket_, conf_state_key, rd.snapshot->metadata().conf_state());
  }
  write_entries(txn, rd.entries);
  if (rd.hard_state)
    write_proto(txn, state_bucket_, hard_state_key, *rd.hard_state);
}

void persistent_log::write_log(backend::kv_txn& txn, const raft::WalRecord& rec) {
  write_entries(txn, rec.entries());
  if (rec.has_hard_state())
    write_proto(txn, state_bucket_, hard_state_key, rec.hard_state());
}

template <class Entries>
void persistent_log::write_entries(backend::kv_txn& txn, const Entries& entries) {
  if (entries.empty())
    return;
  // An entry at index i replaces whatever is stored at i and above.
  auto cursor = txn.cursor(log_bucket_);
  std::vector<std::string> stale;
  for (auto e = cursor->seek(lmdb::be_u64{entries.begin()->index()}.view()); e; e = cursor->next())
    stale.emplace_back(e->key);
  cursor.reset();
  for (const auto& key : stale)
    txn.del(log_bucket_, key);
  std::string buf;
  for (const auto& entry : entries) {
    entry.SerializeToString(&buf);
    txn.put(log_bucket_, lmdb::be_u64{entry.index()}.view(), buf);
  }
}

bool persistent_log::write_ahead(const raft::ready& rd) {
  if (!wal_ || !rd.must_sync || rd.snapshot)
    return false;
  raft::WalRecord rec;
  if (rd.hard_state)
    *rec.mutable_hard_state() = *rd.hard_state;
  for (const auto& e : rd.entries)
    *rec.add_entries() = e;
  rec.SerializeToString(&wal_buf_);
  if (!wal_->fits(wal_buf_.size())) {
    wal_full_ = true;
    return false;
  }
  wal_->append(wal_buf_);
  unpersisted_.push_back(std::move(rec));
  unpersisted_bytes_ += wal_buf_.size();
  return true;
}

void persistent_log::committed(bool durably) {
  unpersisted_.clear();
  unpersisted_bytes_ = 0;
  if (durably && wal_full_) {
    wal_->restart();
    wal_full_ = false;
  }
}

void persistent_log::persist_conf_state(backend::kv_txn& txn, const raft::ConfState& cs) {
  write_proto(txn, state_bucket_, conf_state_key, cs);
}

void persistent_log::persist_compaction(backend::kv_txn& txn, uint64_t index) {
  auto t = memory_.term(index);
  if (!t.ok() || index < memory_.first_index())
    return;
  raft::SnapshotMetadata meta;
  meta.set_index(index);
  meta.set_term(t.value());
  *meta.mutable_conf_state() = conf_state_;
  write_proto(txn, state_bucket_, snapshot_meta_key, meta);
  auto cursor = txn.cursor(log_bucket_);
  std::vector<std::string> old;
  for (auto e = cursor->first(); e && lmdb::be_u64::decode(e->key).value_or(0) <= index;
       e = cursor->next())
    old.emplace_back(e->key);
  cursor.reset();
  for (const auto& key : old)
    txn.del(log_bucket_, key);
}

void persistent_log::mirror(const raft::ready& rd) {
  if (rd.snapshot) {
    raft::Snapshot meta_only;
    *meta_only.mutable_metadata() = rd.snapshot->metadata();
    memory_.apply_snapshot(std::move(meta_only));
    conf_state_ = rd.snapshot->metadata().conf_state();
  }
  if (!rd.entries.empty())
    memory_.append(rd.entries);
  if (rd.hard_state)
    memory_.set_hard_state(*rd.hard_state);
}

void persistent_log::mirror_conf_state(const raft::ConfState& cs) {
  conf_state_ = cs;
}

void persistent_log::mirror_compaction(uint64_t index) {
  if (index < memory_.first_index() || !memory_.term(index).ok())
    return;
  memory_.create_snapshot(index, conf_state_, {});
  memory_.compact(index);
}

} // namespace convoy::store
