#include "persistence/backend/snapshot.hpp"

#include <utility>

#include "persistence/backend/crc32c.hpp"

namespace convoy::backend {

namespace {

constexpr std::string_view magic = "CVYSNAP1";
constexpr char tag_bucket = 'B';
constexpr char tag_entry = 'E';
constexpr char tag_end = 'Z';

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

/// Decodes a varint at buf[pos]; nullopt when incomplete. Throws via `bad`
/// for an overlong encoding.
template <class Fail>
std::optional<uint64_t> get_varint(std::string_view buf, std::size_t& pos, Fail&& bad) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= buf.size())
      return std::nullopt;
    auto byte = static_cast<unsigned char>(buf[pos++]);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0)
      return v;
  }
  bad("varint longer than 10 bytes");
  return std::nullopt;
}

} // namespace

// -- snapshot_exporter ---------------------------------------------------------

namespace {

/// The id of open bucket `name`; throws naming it when it is not open.
bucket_id id_of(const kv_backend& b, const std::string& name, const char* who) {
  const auto& names = b.bucket_names();
  for (bucket_id id = 0; id < names.size(); ++id)
    if (names[id] == name)
      return id;
  throw backend_error(backend_error_kind::other,
                      std::string{who} + ": bucket \"" + name + "\" is not open");
}

} // namespace

snapshot_exporter::snapshot_exporter(kv_backend& b) : snapshot_exporter(b, b.bucket_names()) {
  // nop
}

snapshot_exporter::snapshot_exporter(kv_backend& b, std::vector<std::string> buckets)
  : names_(std::move(buckets)) {
  for (const auto& name : names_)
    ids_.push_back(id_of(b, name, "snapshot export"));
  txn_ = b.begin_read();
  append(magic);
}

snapshot_exporter::~snapshot_exporter() {
  cursor_.reset(); // before its txn
}

void snapshot_exporter::append(std::string_view bytes) {
  crc_ = crc32c(bytes, crc_);
  pending_.append(bytes);
}

void snapshot_exporter::fill(std::size_t want) {
  std::string rec;
  while (!done_ && pending_.size() < want) {
    if (!cursor_) {
      if (bucket_ == names_.size()) {
        append(std::string_view{&tag_end, 1});
        char crc[4];
        for (int i = 0; i < 4; ++i)
          crc[i] = static_cast<char>(crc_ >> (24 - 8 * i));
        pending_.append(crc, 4); // not part of the checksum
        done_ = true;
        txn_->abort();
        return;
      }
      rec.assign(1, tag_bucket);
      put_varint(rec, names_[bucket_].size());
      rec.append(names_[bucket_]);
      append(rec);
      cursor_ = txn_->cursor(ids_[bucket_]);
      at_ = cursor_->first();
    }
    if (!at_) {
      cursor_.reset();
      ++bucket_;
      continue;
    }
    rec.assign(1, tag_entry);
    put_varint(rec, at_->key.size());
    rec.append(at_->key);
    put_varint(rec, at_->value.size());
    append(rec);
    append(at_->value);
    at_ = cursor_->next();
  }
}

std::optional<std::string> snapshot_exporter::next_chunk(std::size_t max_bytes) {
  if (max_bytes == 0)
    max_bytes = 1;
  fill(max_bytes);
  if (pending_.empty())
    return std::nullopt;
  if (pending_.size() <= max_bytes)
    return std::exchange(pending_, std::string{});
  std::string chunk = pending_.substr(0, max_bytes);
  pending_.erase(0, max_bytes);
  return chunk;
}

// -- snapshot_importer ---------------------------------------------------------

snapshot_importer::snapshot_importer(kv_backend& b, kv_txn& write)
  : snapshot_importer(b, write, b.bucket_names()) {
  // nop
}

snapshot_importer::snapshot_importer(kv_backend& b, kv_txn& write, const std::vector<std::string>& buckets)
  : txn_(write) {
  if (!write.writable())
    fail("import needs a write txn");
  for (const auto& name : buckets)
    covered_.emplace_back(name, id_of(b, name, "snapshot import"));
  for (const auto& [name, id] : covered_)
    txn_.clear(id);
}

void snapshot_importer::fail(const std::string& what) const {
  throw backend_error(backend_error_kind::corrupted, "snapshot import: " + what);
}

void snapshot_importer::feed(std::string_view chunk) {
  if (ended_ && !chunk.empty())
    fail("bytes after the end record");
  buffer_.append(chunk);
  if (!magic_seen_) {
    if (buffer_.size() < magic.size())
      return;
    if (std::string_view{buffer_}.substr(0, magic.size()) != magic)
      fail("not a convoy snapshot (bad magic)");
    crc_ = crc32c(magic, crc_);
    pos_ = magic.size();
    magic_seen_ = true;
  }
  while (!ended_ && parse_one()) {
    // one record per round
  }
  if (ended_ && pos_ != buffer_.size())
    fail("bytes after the end record");
  buffer_.erase(0, pos_);
  pos_ = 0;
}

bool snapshot_importer::parse_one() {
  std::string_view buf{buffer_};
  std::size_t p = pos_;
  if (p >= buf.size())
    return false;
  auto bad = [this](const char* what) { fail(what); };
  char tag = buf[p++];
  if (tag == tag_end) {
    if (buf.size() - p < 4)
      return false;
    uint32_t stored = 0;
    for (int i = 0; i < 4; ++i)
      stored = (stored << 8) | static_cast<unsigned char>(buf[p + i]);
    uint32_t actual = crc32c(buf.substr(pos_, 1), crc_);
    if (stored != actual)
      fail("checksum mismatch (stream damaged)");
    pos_ = p + 4;
    ended_ = true;
    return true;
  }
  if (tag != tag_bucket && tag != tag_entry)
    fail("unknown record tag " + std::to_string(static_cast<unsigned char>(tag)));
  auto klen = get_varint(buf, p, bad);
  if (!klen || buf.size() - p < *klen)
    return false;
  auto key = buf.substr(p, *klen);
  p += *klen;
  if (tag == tag_bucket) {
    bucket_.reset();
    for (const auto& [name, id] : covered_)
      if (name == key)
        bucket_ = id;
    if (!bucket_)
      fail("unknown bucket \"" + std::string{key} + "\" (not open, or not covered by this import)");
  } else {
    auto vlen = get_varint(buf, p, bad);
    if (!vlen || buf.size() - p < *vlen)
      return false;
    if (!bucket_)
      fail("entry before any bucket record");
    txn_.put(*bucket_, key, buf.substr(p, *vlen));
    p += *vlen;
    ++entries_;
  }
  crc_ = crc32c(buf.substr(pos_, p - pos_), crc_);
  pos_ = p;
  return true;
}

void snapshot_importer::finish() {
  if (!magic_seen_)
    fail("empty or truncated stream (no header)");
  if (!ended_)
    fail("truncated stream (no end record)");
}

// -- blobs ---------------------------------------------------------------------

std::string export_snapshot(kv_backend& b) {
  return export_snapshot(b, b.bucket_names());
}

std::string export_snapshot(kv_backend& b, const std::vector<std::string>& buckets) {
  snapshot_exporter exporter{b, buckets};
  std::string blob;
  while (auto chunk = exporter.next_chunk())
    blob.append(*chunk);
  return blob;
}

void import_snapshot(kv_backend& b, kv_txn& write, std::string_view blob) {
  import_snapshot(b, write, blob, b.bucket_names());
}

void import_snapshot(kv_backend& b, kv_txn& write, std::string_view blob, const std::vector<std::string>& buckets) {
  snapshot_importer importer{b, write, buckets};
  importer.feed(blob);
  importer.finish();
}

} // namespace convoy::backend
