#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace convoy::mvcc {

/// Byte layout of the MVCC buckets. Everything big-endian so memcmp order
/// is numeric order.
///
/// `keys` bucket, one entry per version of a user key:
///   key   = escape(user key) 0x00 0x01 BE64(~main) BE64(~sub)
///   value = type(1: 'P' put, 'D' tombstone) BE64(create) BE64(version)
///           BE64(lease) value-bytes
/// The escaping (0x00 -> 0x00 0xFF) keeps user-key order and makes the
/// 0x00 0x01 terminator sort before any longer key with the same prefix, so
/// all versions of one key are adjacent, newest first (~revision), and the
/// keys come in user-key order: a latest-revision list is one forward scan,
/// a read at revision R seeks straight to the newest version <= R.
///
/// `revs` bucket, one entry per change, in revision order (watch replay,
/// compaction):
///   key   = BE64(main) BE64(sub)
///   value = type(1) user-key
namespace key_codec {

/// Bytes an index key adds to the escaped user key.
inline constexpr std::size_t index_suffix_bytes = 18;

/// Appends the order-preserving escape of `user_key` to `out`.
void append_escaped(std::string& out, std::string_view user_key);

/// The user key of an escaped key.
std::string unescape(std::string_view escaped);

/// Length of escape(user_key) without building it.
std::size_t escaped_size(std::string_view user_key) noexcept;

/// Appends escape(user_key) + terminator (the prefix of all its versions).
void append_key_prefix(std::string& out, std::string_view user_key);

/// out = escape(user_key) + terminator + ~main + ~sub.
void make_index_key(std::string& out, std::string_view user_key, int64_t main, int64_t sub);

/// A parsed index key (views into the stored key).
struct index_key {
  std::string_view escaped; ///< escape(user key)
  int64_t main;
  int64_t sub;
};

/// Parses a stored index key; nullopt when it is malformed.
std::optional<index_key> parse_index_key(std::string_view stored) noexcept;

/// out = escaped + terminator + ~rev: the position of the newest version
/// <= rev of that key.
void make_seek_key(std::string& out, std::string_view escaped, int64_t rev);

/// out = escaped + 0x00 0x02: the first position after every version of
/// that key.
void make_next_key_bound(std::string& out, std::string_view escaped);

/// The decoded value of a `keys` entry (value views into the stored bytes).
struct version_record {
  bool tombstone = false;
  int64_t create_revision = 0;
  int64_t version = 0;
  int64_t lease = 0;
  std::string_view value;
};

inline constexpr std::size_t record_header_bytes = 25;

/// out = the stored form of a put.
void make_put_record(std::string& out, int64_t create_revision, int64_t version, int64_t lease,
                     std::string_view value);

/// out = the stored form of a deletion.
void make_tombstone_record(std::string& out);

std::optional<version_record> parse_record(std::string_view stored) noexcept;

/// out = BE64(main) BE64(sub).
void make_rev_key(std::string& out, int64_t main, int64_t sub);

/// Parses a `revs` key; nullopt when malformed.
std::optional<std::pair<int64_t, int64_t>> parse_rev_key(std::string_view stored) noexcept;

/// out = type + user key.
void make_rev_value(std::string& out, bool tombstone, std::string_view user_key);

/// Appends BE64(v).
void append_be64(std::string& out, uint64_t v);

/// Reads BE64 at bytes[0..8) (caller checks the size).
uint64_t read_be64(std::string_view bytes) noexcept;

} // namespace key_codec

} // namespace convoy::mvcc
