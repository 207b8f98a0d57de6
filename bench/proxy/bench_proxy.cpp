// convoy_bench_proxy: what the proxy data plane (tcp_forwarder) costs on
// loopback, measured in one run against the same backends:
//
//   convoy_bench_proxy [BULK_MIB] [CONNECTIONS] [SHORT_CONNECTIONS]
//                       (defaults: 1024 MiB over 4 connections, 4000)
//
// 1. Bulk: BULK_MIB MiB written over CONNECTIONS parallel connections into a
//    sink that answers one byte at EOF -> MB/s, and the CPU time the whole
//    process (clients, sink, forwarder, and the kernel's TCP work in their
//    threads) spent per GB: where the cores are saturated, the MB/s ratio
//    is the inverse ratio of these, and their difference is what the proxy
//    costs. The ceiling line divides the cores by the proxied cost: no
//    scheduling moves more than that through the proxy on this machine.
// 2. Short connections: SHORT_CONNECTIONS x (connect, 64-byte request,
//    64-byte response, close), from 2 client threads -> connections/s.
// Each DIRECT to the backend and THROUGH a tcp_forwarder, with the ratio.
// Figures only: compare runs side by side on the same machine.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "bench/proxy/bench_servers.hpp"
#include "net/proxy/tcp_forwarder.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using convoy::bench::bench_server;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

/// A connected blocking socket to 127.0.0.1:port, or -1.
int dial(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, const char* data, size_t n) {
  while (n > 0) {
    auto r = ::send(fd, data, n, MSG_NOSIGNAL);
    if (r <= 0)
      return false;
    data += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

bool recv_all(int fd, char* data, size_t n) {
  while (n > 0) {
    auto r = ::recv(fd, data, n, 0);
    if (r <= 0)
      return false;
    data += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

/// CPU seconds (user + system) this process used so far.
double cpu_seconds() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

struct bulk_result {
  double mb_per_s = 0;
  double cpu_s_per_gb = 0; ///< process CPU seconds per GB moved
};

/// MB/s of `total` bytes over `conns` parallel connections to `port`.
double bulk_rate(int port, size_t total, int conns);

bulk_result bulk(int port, size_t total, int conns) {
  auto cpu = cpu_seconds();
  bulk_result r;
  r.mb_per_s = bulk_rate(port, total, conns);
  r.cpu_s_per_gb = (cpu_seconds() - cpu) / (static_cast<double>(total) / 1e9);
  return r;
}

double bulk_rate(int port, size_t total, int conns) {
  std::atomic<int> failures{0};
  auto start = clock_type::now();
  std::vector<std::thread> threads;
  for (int i = 0; i < conns; ++i)
    threads.emplace_back([&] {
      std::vector<char> chunk(256 * 1024, 'x');
      int fd = dial(port);
      size_t left = total / static_cast<size_t>(conns);
      while (fd >= 0 && left > 0) {
        auto n = std::min(left, chunk.size());
        if (!send_all(fd, chunk.data(), n))
          break;
        left -= n;
      }
      char ack = 0;
      if (fd >= 0)
        ::shutdown(fd, SHUT_WR);
      if (fd < 0 || left != 0 || !recv_all(fd, &ack, 1) || ack != 'k')
        ++failures;
      ::close(fd);
    });
  for (auto& t : threads)
    t.join();
  auto secs = seconds_since(start);
  if (failures > 0)
    std::printf("  !! %d bulk connections failed\n", failures.load());
  return static_cast<double>(total) / 1e6 / secs;
}

/// Connections/s of `count` short request/response connections.
double short_connections(int port, int count) {
  std::atomic<int> failures{0};
  constexpr int threads_n = 2;
  auto start = clock_type::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < threads_n; ++t)
    threads.emplace_back([&] {
      char req[bench_server::message_size] = {'q'};
      char resp[bench_server::message_size];
      for (int i = 0; i < count / threads_n; ++i) {
        int fd = dial(port);
        if (fd < 0 || !send_all(fd, req, sizeof req) || !recv_all(fd, resp, sizeof resp))
          ++failures;
        if (fd >= 0)
          ::close(fd);
      }
    });
  for (auto& t : threads)
    t.join();
  auto secs = seconds_since(start);
  if (failures > 0)
    std::printf("  !! %d short connections failed\n", failures.load());
  return count / secs;
}

/// Applies `rules` and waits until every listener is bound.
bool apply_and_wait(convoy::net::proxy::tcp_forwarder& fwd,
                    std::vector<convoy::proxy::rule> rules) {
  auto n = rules.size();
  fwd.apply(std::move(rules));
  auto deadline = clock_type::now() + std::chrono::seconds{5};
  while (clock_type::now() < deadline) {
    auto st = fwd.stats();
    size_t bound = 0;
    for (const auto& l : st.listeners)
      bound += l.bound ? 1 : 0;
    if (st.applies > 0 && bound == n)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  return false;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

void row(const char* what, const char* unit, double direct, double proxied, int decimals = 1) {
  std::printf("%-22s %12.*f %12.*f %9.1f%%   %s\n", what, decimals, direct, decimals, proxied,
              100.0 * proxied / direct, unit);
}

} // namespace

int main(int argc, char** argv) {
  size_t bulk_mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1024;
  int conns = argc > 2 ? std::atoi(argv[2]) : 4;
  int shorts = argc > 3 ? std::atoi(argv[3]) : 4000;
  bench_server sink(bench_server::kind::sink);
  bench_server rr(bench_server::kind::request_response);
  convoy::net::proxy::tcp_forwarder fwd("bench");
  fwd.start();
  int bulk_port = free_port();
  int rr_port = free_port();
  if (!apply_and_wait(fwd, {{"bench/sink:", "127.0.0.1", bulk_port, {{"127.0.0.1", sink.port()}}},
                            {"bench/rr:", "127.0.0.1", rr_port, {{"127.0.0.1", rr.port()}}}})) {
    std::fprintf(stderr, "the forwarder did not bind its listeners\n");
    return 1;
  }
  size_t total = bulk_mib << 20;
  std::printf("proxy data plane on loopback, %u hardware threads, 1 forwarder io thread\n",
              std::thread::hardware_concurrency());
  std::printf("bulk: %zu MiB over %d connections; short: %d connections\n\n", bulk_mib, conns,
              shorts);
  bulk(sink.port(), total / 8, conns); // warm-up
  auto bulk_direct = bulk(sink.port(), total, conns);
  auto bulk_proxied = bulk(bulk_port, total, conns);
  short_connections(rr.port(), shorts / 8); // warm-up
  auto cps_direct = short_connections(rr.port(), shorts);
  auto cps_proxied = short_connections(rr_port, shorts);
  std::printf("%-22s %12s %12s %10s\n", "", "direct", "proxied", "ratio");
  row("bulk transfer", "MB/s", bulk_direct.mb_per_s, bulk_proxied.mb_per_s);
  row("bulk CPU per GB", "CPU s/GB", bulk_direct.cpu_s_per_gb, bulk_proxied.cpu_s_per_gb, 3);
  row("short connections", "conn/s", cps_direct, cps_proxied);
  // What the cores allow: at the proxied path's CPU cost per GB, all
  // hardware threads busy move at most this much.
  auto cores = std::max(1u, std::thread::hardware_concurrency());
  if (bulk_proxied.cpu_s_per_gb > 0 && bulk_direct.mb_per_s > 0) {
    double ceiling = cores / bulk_proxied.cpu_s_per_gb * 1000;
    std::printf("\nproxied bulk ceiling with all %u cores busy: %.0f MB/s = %.1f%% of direct\n",
                cores, ceiling, 100.0 * ceiling / bulk_direct.mb_per_s);
  } else {
    // A clock too coarse for the run (or nothing moved): no ceiling to print.
    std::printf("\nproxied bulk ceiling: not measured (no CPU time or no direct figure)\n");
  }
  auto st = fwd.stats();
  std::printf("\nforwarder: %llu accepted, %llu MB in, %llu MB out, %llu backend failures\n",
              static_cast<unsigned long long>(st.total_accepted),
              static_cast<unsigned long long>(st.bytes_in / 1000000),
              static_cast<unsigned long long>(st.bytes_out / 1000000),
              static_cast<unsigned long long>(st.backend_failures));
  return 0;
}
