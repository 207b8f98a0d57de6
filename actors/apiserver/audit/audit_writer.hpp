#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace spdlog {
class logger;
}

namespace convoy::apiserver {

struct audit_event;

/// Appends audit events as JSON lines to a file (kube-apiserver's
/// --audit-log-path), rotating it to PATH.1 when it grows past a size.
///
/// Failures never reach the caller: a failed open or write is counted,
/// logged once per outage (the next success re-arms the log line), and
/// the event is dropped. The apiserver goes on serving either way: the
/// audit log is observability, the store is the truth.
class audit_writer {
public:
  /// Opens (creating it 0600, appending) `path`. `log` gets failures
  /// (may be null). An open failure is counted and retried on the next
  /// write; check_path tells the operator at startup instead.
  audit_writer(std::string path, uint64_t max_bytes, std::shared_ptr<spdlog::logger> log);
  ~audit_writer();

  audit_writer(const audit_writer&) = delete;
  audit_writer& operator=(const audit_writer&) = delete;

  /// Why `path` cannot hold an audit log (empty, or its parent directory
  /// does not exist), naming the path; nullopt if it can.
  static std::optional<std::string> check_path(const std::string& path);

  /// Appends `event` as one line; false (counted) on failure.
  bool write(const audit_event& event);

  /// Appends `line` (one JSON line, no newline) with a single write();
  /// false (counted) on failure.
  bool write_line(const std::string& line);

  uint64_t lines_written() const noexcept {
    return lines_written_;
  }
  uint64_t failures() const noexcept {
    return failures_;
  }
  /// Rotations so far (PATH renamed to PATH.1).
  uint64_t rotations() const noexcept {
    return rotations_;
  }
  const std::string& path() const noexcept {
    return path_;
  }

private:
  bool open();
  void rotate();
  bool append(const char* data, size_t size);
  void fail(const std::string& what, int err);

  std::string path_;
  uint64_t max_bytes_;
  std::shared_ptr<spdlog::logger> log_;
  int fd_ = -1;
  /// Bytes in the current file (its size at open, plus what we appended).
  uint64_t size_ = 0;
  uint64_t lines_written_ = 0;
  uint64_t failures_ = 0;
  uint64_t rotations_ = 0;
  /// A failure was logged since the last success: stay quiet.
  bool failing_ = false;
  /// Reused for every line: no allocation per event once it has grown.
  std::string buf_;
};

} // namespace convoy::apiserver
