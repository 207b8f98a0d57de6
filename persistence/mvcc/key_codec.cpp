#include "persistence/mvcc/key_codec.hpp"

namespace convoy::mvcc::key_codec {

namespace {

constexpr char put_type = 'P';
constexpr char tombstone_type = 'D';

} // namespace

void append_be64(std::string& out, uint64_t v) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out.append(buf, 8);
}

uint64_t read_be64(std::string_view bytes) noexcept {
  uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i)
    v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

void append_escaped(std::string& out, std::string_view user_key) {
  for (char c : user_key) {
    out.push_back(c);
    if (c == '\0')
      out.push_back('\xff');
  }
}

std::size_t escaped_size(std::string_view user_key) noexcept {
  std::size_t n = user_key.size();
  for (char c : user_key)
    n += c == '\0' ? 1 : 0;
  return n;
}

std::string unescape(std::string_view escaped) {
  std::string out;
  out.reserve(escaped.size());
  for (std::size_t i = 0; i < escaped.size(); ++i) {
    out.push_back(escaped[i]);
    if (escaped[i] == '\0')
      ++i; // skip the 0xFF
  }
  return out;
}

void append_key_prefix(std::string& out, std::string_view user_key) {
  append_escaped(out, user_key);
  out.push_back('\0');
  out.push_back('\x01');
}

void make_index_key(std::string& out, std::string_view user_key, int64_t main, int64_t sub) {
  out.clear();
  append_key_prefix(out, user_key);
  append_be64(out, ~static_cast<uint64_t>(main));
  append_be64(out, ~static_cast<uint64_t>(sub));
}

std::optional<index_key> parse_index_key(std::string_view stored) noexcept {
  if (stored.size() < index_suffix_bytes)
    return std::nullopt;
  auto n = stored.size() - index_suffix_bytes;
  if (stored[n] != '\0' || stored[n + 1] != '\x01')
    return std::nullopt;
  return index_key{stored.substr(0, n),
                   static_cast<int64_t>(~read_be64(stored.substr(n + 2))),
                   static_cast<int64_t>(~read_be64(stored.substr(n + 10)))};
}

void make_seek_key(std::string& out, std::string_view escaped, int64_t rev) {
  out.assign(escaped.data(), escaped.size());
  out.push_back('\0');
  out.push_back('\x01');
  append_be64(out, ~static_cast<uint64_t>(rev));
}

void make_next_key_bound(std::string& out, std::string_view escaped) {
  out.assign(escaped.data(), escaped.size());
  out.push_back('\0');
  out.push_back('\x02');
}

void make_put_record(std::string& out, int64_t create_revision, int64_t version, int64_t lease,
                     std::string_view value) {
  out.clear();
  out.reserve(record_header_bytes + value.size());
  out.push_back(put_type);
  append_be64(out, static_cast<uint64_t>(create_revision));
  append_be64(out, static_cast<uint64_t>(version));
  append_be64(out, static_cast<uint64_t>(lease));
  out.append(value);
}

void make_tombstone_record(std::string& out) {
  out.clear();
  out.push_back(tombstone_type);
  append_be64(out, 0);
  append_be64(out, 0);
  append_be64(out, 0);
}

std::optional<version_record> parse_record(std::string_view stored) noexcept {
  if (stored.size() < record_header_bytes || (stored[0] != put_type && stored[0] != tombstone_type))
    return std::nullopt;
  version_record r;
  r.tombstone = stored[0] == tombstone_type;
  r.create_revision = static_cast<int64_t>(read_be64(stored.substr(1)));
  r.version = static_cast<int64_t>(read_be64(stored.substr(9)));
  r.lease = static_cast<int64_t>(read_be64(stored.substr(17)));
  r.value = stored.substr(record_header_bytes);
  return r;
}

void make_rev_key(std::string& out, int64_t main, int64_t sub) {
  out.clear();
  append_be64(out, static_cast<uint64_t>(main));
  append_be64(out, static_cast<uint64_t>(sub));
}

std::optional<std::pair<int64_t, int64_t>> parse_rev_key(std::string_view stored) noexcept {
  if (stored.size() != 16)
    return std::nullopt;
  return std::pair{static_cast<int64_t>(read_be64(stored)), static_cast<int64_t>(read_be64(stored.substr(8)))};
}

void make_rev_value(std::string& out, bool tombstone, std::string_view user_key) {
  out.clear();
  out.push_back(tombstone ? tombstone_type : put_type);
  out.append(user_key);
}

} // namespace convoy::mvcc::key_codec
