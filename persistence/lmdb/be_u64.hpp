#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace convoy::lmdb {

/// A uint64_t as an 8-byte big-endian key. LMDB orders keys by memcmp, so
/// big-endian integers sort numerically: Raft log indexes and MVCC revisions
/// are stored under these keys and scanned in order with a cursor. (Use this
/// rather than MDB_INTEGERKEY so the key bytes are portable and can prefix
/// composite keys, e.g. revision + sub-revision.)
class be_u64 {
public:
  /// Encodes `value`.
  explicit constexpr be_u64(uint64_t value) noexcept : bytes_() {
    for (int i = 7; i >= 0; --i) {
      bytes_[i] = static_cast<char>(value & 0xff);
      value >>= 8;
    }
  }

  /// The 8 encoded bytes; valid while *this lives.
  constexpr std::string_view view() const noexcept { return {bytes_, sizeof(bytes_)}; }

  /// The encoded value.
  constexpr uint64_t value() const noexcept { return *decode(view()); }

  /// Decodes exactly 8 big-endian bytes; nullopt for any other size (a
  /// foreign or corrupted key).
  static constexpr std::optional<uint64_t> decode(std::string_view bytes) noexcept {
    if (bytes.size() != 8)
      return std::nullopt;
    uint64_t result = 0;
    for (char c : bytes)
      result = (result << 8) | static_cast<unsigned char>(c);
    return result;
  }

private:
  char bytes_[8];
};

} // namespace convoy::lmdb
