#include "persistence/mvcc/version_reader.hpp"

#include <stdexcept>

namespace convoy::mvcc {

stored_version parse_version(const backend::kv_entry& e) {
  auto ik = key_codec::parse_index_key(e.key);
  auto rec = key_codec::parse_record(e.value);
  if (!ik || !rec)
    throw std::runtime_error("mvcc: malformed entry in the keys bucket (corrupted store)");
  return stored_version{ik->escaped, ik->main, ik->sub, *rec};
}

void stored_version::to_proto(store::KeyValue& kv, bool keys_only) const {
  kv.set_key(user_key());
  kv.set_create_revision(record.create_revision);
  kv.set_mod_revision(mod_revision);
  kv.set_version(record.version);
  kv.set_lease(record.lease);
  if (!keys_only)
    kv.set_value(record.value.data(), record.value.size());
}

// -- live_key_iterator ------------------------------------------------------------

live_key_iterator::live_key_iterator(backend::kv_txn& t, const buckets& b, const key_range& range, int64_t rev)
  : cursor_(t.cursor(b.keys)), shape_(range.shape), rev_(rev) {
  key_codec::append_escaped(start_, range.start);
  if (shape_ == key_range::kind::bounded) {
    key_codec::append_escaped(end_, range.end);
    if (range.end <= range.start)
      done_ = true;
  }
}

bool live_key_iterator::past_end(std::string_view escaped) const {
  switch (shape_) {
    case key_range::kind::single:
      return escaped != start_;
    case key_range::kind::to_end:
      return false;
    case key_range::kind::bounded:
      return escaped >= std::string_view{end_};
  }
  return true;
}

void live_key_iterator::skip_key(std::string_view escaped) {
  at_ = cursor_->next();
  if (!at_)
    return;
  auto ik = key_codec::parse_index_key(at_->key);
  if (ik && ik->escaped == escaped) {
    // Older versions follow: jump over all of them at once.
    key_codec::make_next_key_bound(buf_, escaped);
    at_ = cursor_->seek(buf_);
  }
}

std::optional<stored_version> live_key_iterator::next() {
  if (done_)
    return std::nullopt;
  if (!started_) {
    started_ = true;
    key_codec::make_seek_key(buf_, start_, rev_);
    at_ = cursor_->seek(buf_);
  } else {
    skip_key(last_);
  }
  while (at_) {
    auto v = parse_version(*at_);
    if (past_end(v.escaped_key))
      break;
    if (v.mod_revision > rev_) {
      // Only versions newer than rev seen so far: seek to the newest <= rev.
      key_codec::make_seek_key(buf_, v.escaped_key, rev_);
      at_ = cursor_->seek(buf_);
      continue;
    }
    if (v.record.tombstone) {
      skip_key(v.escaped_key);
      continue;
    }
    last_ = v.escaped_key;
    return v;
  }
  done_ = true;
  return std::nullopt;
}

// -- version_reader -----------------------------------------------------------------

version_reader::version_reader(backend::kv_txn& t, const buckets& b) : txn_(t), buckets_(b) {
  // nop
}

std::optional<stored_version> version_reader::newest(std::string_view user_key, int64_t rev) {
  if (!cursor_)
    cursor_ = txn_.cursor(buckets_.keys);
  buf_.clear();
  key_codec::append_escaped(buf_, user_key);
  auto escaped_size = buf_.size();
  buf_.push_back('\0');
  buf_.push_back('\x01');
  key_codec::append_be64(buf_, ~static_cast<uint64_t>(rev));
  auto e = cursor_->seek(buf_);
  if (!e)
    return std::nullopt;
  auto v = parse_version(*e);
  if (v.escaped_key != std::string_view{buf_}.substr(0, escaped_size))
    return std::nullopt;
  return v;
}

std::optional<stored_version> version_reader::live(std::string_view user_key, int64_t rev) {
  auto v = newest(user_key, rev);
  if (!v || v->record.tombstone)
    return std::nullopt;
  return v;
}

} // namespace convoy::mvcc
