#include "persistence/backend/crc32c.hpp"

#include <array>

namespace convoy::backend {

namespace {

constexpr std::array<uint32_t, 256> make_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k)
      c = (c & 1) ? (c >> 1) ^ 0x82f63b78u : c >> 1;
    table[i] = c;
  }
  return table;
}

constexpr auto table = make_table();

} // namespace

uint32_t crc32c(std::string_view bytes, uint32_t crc) noexcept {
  crc = ~crc;
  for (char ch : bytes)
    crc = table[(crc ^ static_cast<unsigned char>(ch)) & 0xff] ^ (crc >> 8);
  return ~crc;
}

} // namespace convoy::backend
