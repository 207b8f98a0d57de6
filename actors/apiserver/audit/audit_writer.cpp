#include "actors/apiserver/audit/audit_writer.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/logger.h>

#include "actors/apiserver/audit/audit_event.hpp"

namespace convoy::apiserver {

audit_writer::audit_writer(std::string path, uint64_t max_bytes,
                           std::shared_ptr<spdlog::logger> log)
  : path_(std::move(path)), max_bytes_(max_bytes), log_(std::move(log)) {
  buf_.reserve(1024);
  open();
}

audit_writer::~audit_writer() {
  if (fd_ >= 0)
    ::close(fd_);
}

std::optional<std::string> audit_writer::check_path(const std::string& path) {
  if (path.empty())
    return std::string{"audit log path is empty"};
  std::error_code ec;
  auto parent = std::filesystem::path{path}.parent_path();
  if (parent.empty())
    parent = ".";
  if (!std::filesystem::is_directory(parent, ec))
    return "audit log " + path + ": directory " + parent.string() + " does not exist";
  if (std::filesystem::is_directory(path, ec))
    return "audit log " + path + ": is a directory";
  return std::nullopt;
}

bool audit_writer::open() {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    fail("cannot open", errno);
    return false;
  }
  struct stat st {};
  size_ = ::fstat(fd_, &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  return true;
}

void audit_writer::rotate() {
  ::close(fd_);
  fd_ = -1;
  // One old file is kept: PATH.1 is replaced. A failed rename leaves the
  // file growing rather than losing events.
  if (::rename(path_.c_str(), (path_ + ".1").c_str()) == 0)
    ++rotations_;
  open();
}

bool audit_writer::write(const audit_event& event) {
  buf_.clear();
  append_json_line(event, buf_);
  buf_.push_back('\n');
  return append(buf_.data(), buf_.size());
}

bool audit_writer::write_line(const std::string& line) {
  buf_.assign(line);
  buf_.push_back('\n');
  return append(buf_.data(), buf_.size());
}

bool audit_writer::append(const char* data, size_t size) {
  if (fd_ >= 0 && size_ > 0 && size_ + size > max_bytes_)
    rotate();
  if (fd_ < 0 && !open()) {
    ++failures_;
    return false;
  }
  // One write() per line: with O_APPEND the line lands whole at the end.
  // No fsync: an event lost in a crash costs observability only, while an
  // fsync per request would put a disk flush on every API call.
  ssize_t n;
  do {
    n = ::write(fd_, data, size);
  } while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(size)) {
    fail(n < 0 ? "cannot write" : "short write to", n < 0 ? errno : ENOSPC);
    ++failures_;
    if (n > 0)
      size_ += static_cast<uint64_t>(n);
    return false;
  }
  size_ += size;
  ++lines_written_;
  failing_ = false;
  return true;
}

void audit_writer::fail(const std::string& what, int err) {
  if (failing_)
    return;
  failing_ = true;
  if (log_)
    log_->error("audit log {}: {} it: {} (events are dropped until it works again)", path_,
                what, std::strerror(err));
}

} // namespace convoy::apiserver
