#pragma once

// Counters the io thread bumps and any thread reads (tcp_forwarder::stats).

#include <atomic>
#include <cstdint>

namespace convoy::net::proxy {

struct forwarder_counters {
  std::atomic<uint64_t> open{0};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> bytes_in{0};
  std::atomic<uint64_t> bytes_out{0};
  std::atomic<uint64_t> backend_failures{0};
  std::atomic<uint64_t> rejected{0};
  std::atomic<uint64_t> applies{0};
};

/// Per listener; shared with its connections, so a closed listener's
/// draining connections still count somewhere harmless.
struct listener_counters {
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> open{0};
};

} // namespace convoy::net::proxy
