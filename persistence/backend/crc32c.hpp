#pragma once

#include <cstdint>
#include <string_view>

namespace convoy::backend {

/// CRC-32C (Castagnoli), the checksum etcd uses for HashKV and its WAL.
/// Incremental: crc32c(b, crc32c(a)) == crc32c(a + b).
uint32_t crc32c(std::string_view bytes, uint32_t crc = 0) noexcept;

} // namespace convoy::backend
