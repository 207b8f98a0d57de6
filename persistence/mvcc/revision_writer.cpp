#include "persistence/mvcc/revision_writer.hpp"

#include "persistence/mvcc/key_codec.hpp"

namespace convoy::mvcc {

std::string lease_key_entry(int64_t lease, std::string_view key) {
  std::string out;
  out.reserve(8 + key.size());
  key_codec::append_be64(out, static_cast<uint64_t>(lease));
  out.append(key);
  return out;
}

revision_writer::revision_writer(backend::kv_txn& t, const buckets& b, int64_t current_revision,
                                 std::vector<store::Event>* events)
  : txn_(t), buckets_(b), begin_(current_revision), events_(events) {
  // nop
}

void revision_writer::attach(int64_t lease, std::string_view key, bool on) {
  auto entry = lease_key_entry(lease, key);
  if (on)
    txn_.put(buckets_.lease_keys, entry, {});
  else
    txn_.del(buckets_.lease_keys, entry);
}

void revision_writer::write_change(std::string_view key, bool tombstone) {
  key_codec::make_index_key(key_buf_, key, write_revision(), sub_);
  txn_.put(buckets_.keys, key_buf_, value_buf_);
  key_codec::make_rev_key(key_buf_, write_revision(), sub_);
  key_codec::make_rev_value(value_buf_, tombstone, key);
  txn_.put(buckets_.revs, key_buf_, value_buf_);
  ++sub_;
}

void revision_writer::put(std::string_view key, std::string_view value, int64_t lease,
                          const store::KeyValue* prev) {
  int64_t create = prev ? prev->create_revision() : write_revision();
  int64_t version = prev ? prev->version() + 1 : 1;
  int64_t old_lease = prev ? prev->lease() : 0;
  key_codec::make_put_record(value_buf_, create, version, lease, value);
  write_change(key, false);
  if (old_lease != 0 && old_lease != lease)
    attach(old_lease, key, false);
  if (lease != 0 && lease != old_lease)
    attach(lease, key, true);
  if (events_ != nullptr) {
    auto& ev = events_->emplace_back();
    ev.set_type(store::Event::PUT);
    auto* kv = ev.mutable_kv();
    kv->set_key(key.data(), key.size());
    kv->set_create_revision(create);
    kv->set_mod_revision(write_revision());
    kv->set_version(version);
    kv->set_value(value.data(), value.size());
    kv->set_lease(lease);
    if (prev)
      *ev.mutable_prev_kv() = *prev;
  }
}

void revision_writer::remove(const store::KeyValue& prev) {
  key_codec::make_tombstone_record(value_buf_);
  write_change(prev.key(), true);
  if (prev.lease() != 0)
    attach(prev.lease(), prev.key(), false);
  if (events_ != nullptr) {
    auto& ev = events_->emplace_back();
    ev.set_type(store::Event::DELETE);
    ev.mutable_kv()->set_key(prev.key());
    ev.mutable_kv()->set_mod_revision(write_revision());
    *ev.mutable_prev_kv() = prev;
  }
}

void revision_writer::finish() {
  if (changed())
    write_meta(txn_, buckets_, meta_key::current_revision, static_cast<uint64_t>(write_revision()));
}

} // namespace convoy::mvcc
