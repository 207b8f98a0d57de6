#include "flush_probe.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace convoy::bench {

namespace {

using clock_type = std::chrono::steady_clock;

/// A WAL record of one 256-byte put, framing included.
constexpr size_t record_bytes = 338;

[[noreturn]] void fail(int fd, const std::filesystem::path& file, const char* what) {
  std::string why = std::strerror(errno);
  if (fd >= 0)
    ::close(fd);
  throw std::runtime_error(file.string() + ": " + what + ": " + why);
}

/// Latencies (us) of `appends` durable appends to a new file `file`.
std::vector<double> append_durably(const std::filesystem::path& file, int appends) {
  int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    fail(fd, file, "open");
  // Zero-filled ahead, as the WAL is, so fdatasync flushes data, not extents.
  const size_t size = record_bytes * static_cast<size_t>(appends);
  std::vector<char> zeroes(size, '\0');
  if (::pwrite(fd, zeroes.data(), size, 0) != static_cast<ssize_t>(size) || ::fsync(fd) != 0)
    fail(fd, file, "zero fill");
  std::vector<char> record(record_bytes, 'r');
  std::vector<double> out;
  out.reserve(static_cast<size_t>(appends));
  for (int i = 0; i < appends; ++i) {
    auto t0 = clock_type::now();
    auto at = static_cast<off_t>(static_cast<size_t>(i) * record_bytes);
    if (::pwrite(fd, record.data(), record_bytes, at) != static_cast<ssize_t>(record_bytes)
        || ::fdatasync(fd) != 0)
      fail(fd, file, "append");
    out.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - t0).count());
  }
  ::close(fd);
  std::filesystem::remove(file);
  return out;
}

} // namespace

flush_figures measure_flushes(const std::filesystem::path& dir, int writers, int appends) {
  std::vector<std::vector<double>> each(static_cast<size_t>(writers));
  std::vector<std::string> errors(static_cast<size_t>(writers));
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      try {
        each[w] = append_durably(dir / ("flush-probe-" + std::to_string(w)), appends);
      } catch (const std::exception& e) {
        errors[w] = e.what();
      }
    });
  for (auto& t : threads)
    t.join();
  std::vector<double> all;
  for (size_t w = 0; w < each.size(); ++w) {
    if (!errors[w].empty())
      throw std::runtime_error(errors[w]);
    all.insert(all.end(), each[w].begin(), each[w].end());
  }
  flush_figures f;
  f.writers = writers;
  if (all.empty())
    return f;
  double sum = 0;
  for (double us : all)
    sum += us;
  f.mean_us = sum / static_cast<double>(all.size());
  std::nth_element(all.begin(), all.begin() + all.size() / 2, all.end());
  f.p50_us = all[all.size() / 2];
  return f;
}

} // namespace convoy::bench
