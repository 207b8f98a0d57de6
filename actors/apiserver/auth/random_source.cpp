#include "actors/apiserver/auth/random_source.hpp"

#include <climits>
#include <stdexcept>

#include <openssl/rand.h>

namespace convoy::apiserver {

void openssl_random::fill(unsigned char* out, size_t n) {
  while (n > 0) {
    auto chunk = n > static_cast<size_t>(INT_MAX) ? INT_MAX : static_cast<int>(n);
    if (RAND_bytes(out, chunk) != 1)
      throw std::runtime_error("RAND_bytes failed: the system has no usable randomness");
    out += chunk;
    n -= static_cast<size_t>(chunk);
  }
}

} // namespace convoy::apiserver
