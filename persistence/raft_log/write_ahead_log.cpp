#include "persistence/raft_log/write_ahead_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "persistence/backend/crc32c.hpp"

namespace convoy::store {

namespace {

void put_le(char* at, uint64_t x, int bytes) {
  for (int i = 0; i < bytes; ++i)
    at[i] = static_cast<char>((x >> (8 * i)) & 0xff);
}

uint64_t get_le(const char* at, int bytes) {
  uint64_t x = 0;
  for (int i = bytes - 1; i >= 0; --i)
    x = (x << 8) | static_cast<unsigned char>(at[i]);
  return x;
}

/// CRC over the length and seq fields and the payload: a record torn
/// anywhere, or a stale one read at a shifted offset, fails it.
uint32_t record_crc(const char* header, std::string_view payload) {
  auto crc = backend::crc32c(std::string_view{header, 4});
  crc = backend::crc32c(std::string_view{header + 8, 8}, crc);
  return backend::crc32c(payload, crc);
}

} // namespace

write_ahead_log::write_ahead_log(std::string path, uint64_t capacity)
    : path_(std::move(path))
    , capacity_(capacity) {
  bool fresh = !std::filesystem::exists(path_);
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0)
    fail("open");
  struct stat st {};
  if (::fstat(fd_, &st) != 0)
    fail("fstat");
  // A file left bigger by an earlier configuration keeps its size.
  capacity_ = std::max(capacity_, static_cast<uint64_t>(st.st_size));
  if (static_cast<uint64_t>(st.st_size) < capacity_) {
    // Real zeroes, not fallocate: an append into an unwritten extent would
    // update extent metadata, which fdatasync would then have to flush too.
    std::string zeroes(1 << 20, '\0');
    for (uint64_t at = static_cast<uint64_t>(st.st_size); at < capacity_;) {
      auto n = std::min<uint64_t>(zeroes.size(), capacity_ - at);
      auto written = ::pwrite(fd_, zeroes.data(), n, static_cast<off_t>(at));
      if (written <= 0)
        fail("pwrite (zero fill)");
      at += static_cast<uint64_t>(written);
    }
    if (::fsync(fd_) != 0)
      fail("fsync");
  }
  if (fresh) {
    // The new file's directory entry must be durable before its records are
    // relied on.
    auto dir = std::filesystem::path(path_).parent_path();
    int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || ::fsync(dfd) != 0)
      fail("fsync (directory)");
    ::close(dfd);
  }
  for (const auto& [seq, payload] : read_after(0)) {
    tail_ += header_bytes + payload.size();
    last_seq_ = seq;
  }
}

write_ahead_log::~write_ahead_log() {
  if (fd_ >= 0)
    ::close(fd_);
}

void write_ahead_log::fail(const char* call) const {
  throw std::runtime_error("write-ahead log " + path_ + ": " + call + ": " + std::strerror(errno));
}

std::vector<std::pair<uint64_t, std::string>> write_ahead_log::read_after(uint64_t after) const {
  std::vector<std::pair<uint64_t, std::string>> out;
  uint64_t at = 0;
  uint64_t prev = 0;
  char header[header_bytes];
  std::string payload;
  while (at + header_bytes <= capacity_) {
    if (::pread(fd_, header, header_bytes, static_cast<off_t>(at)) != header_bytes)
      break;
    auto len = get_le(header, 4);
    auto seq = get_le(header + 8, 8);
    if (len == 0 || at + header_bytes + len > capacity_ || (prev != 0 && seq != prev + 1))
      break;
    payload.resize(len);
    if (::pread(fd_, payload.data(), len, static_cast<off_t>(at + header_bytes))
        != static_cast<ssize_t>(len))
      break;
    if (record_crc(header, payload) != static_cast<uint32_t>(get_le(header + 4, 4)))
      break;
    if (seq > after)
      out.emplace_back(seq, payload);
    prev = seq;
    at += header_bytes + len;
  }
  return out;
}

bool write_ahead_log::fits(size_t payload_bytes) const {
  return payload_bytes > 0 && tail_ + header_bytes + payload_bytes <= capacity_;
}

uint64_t write_ahead_log::append(std::string_view payload) {
  if (!fits(payload.size()))
    throw std::logic_error("write-ahead log " + path_ + ": record of "
                           + std::to_string(payload.size()) + " bytes does not fit");
  auto seq = last_seq_ + 1;
  buf_.resize(header_bytes + payload.size());
  put_le(buf_.data(), payload.size(), 4);
  put_le(buf_.data() + 8, seq, 8);
  std::memcpy(buf_.data() + header_bytes, payload.data(), payload.size());
  put_le(buf_.data() + 4, record_crc(buf_.data(), payload), 4);
  for (size_t done = 0; done < buf_.size();) {
    auto n =
      ::pwrite(fd_, buf_.data() + done, buf_.size() - done, static_cast<off_t>(tail_ + done));
    if (n <= 0)
      fail("pwrite");
    done += static_cast<size_t>(n);
  }
  if (::fdatasync(fd_) != 0)
    fail("fdatasync");
  tail_ += buf_.size();
  last_seq_ = seq;
  return seq;
}

void write_ahead_log::restart() {
  tail_ = 0;
}

void write_ahead_log::continue_after(uint64_t seq) {
  if (last_seq_ >= seq)
    return;
  last_seq_ = seq;
  restart();
}

} // namespace convoy::store
