#include "runtime/containers/process/state_files.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <signal.h>
#include <sstream>
#include <unistd.h>

namespace convoy::containers::state_files {

namespace {

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    auto n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

} // namespace

bool write_atomic(const std::string& dir, const char* name, const std::string& content) {
  auto final_path = dir + "/" + name;
  auto tmp_path = final_path + ".tmp";
  int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return false;
  bool ok = write_all(fd, content.data(), content.size());
  ok = (::close(fd) == 0) && ok;
  if (!ok || ::rename(tmp_path.c_str(), final_path.c_str()) != 0) {
    ::unlink(tmp_path.c_str());
    return false;
  }
  return true;
}

std::optional<std::string> read_small(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return std::nullopt;
  std::string out;
  char buf[4096];
  for (;;) {
    auto n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string format(const pid_record& r) {
  std::ostringstream os;
  os << r.child_pid << ' ' << r.child_start << ' ' << r.shim_pid << ' ' << r.shim_start << ' '
     << r.started_at_ms << '\n';
  return os.str();
}

std::optional<pid_record> parse_pid(const std::string& text) {
  std::istringstream is(text);
  pid_record r;
  if (!(is >> r.child_pid >> r.child_start >> r.shim_pid >> r.shim_start >> r.started_at_ms))
    return std::nullopt;
  return r;
}

std::string format(const exit_record& r) {
  std::ostringstream os;
  os << r.exit_code << ' ' << r.signal << ' ' << r.finished_at_ms << '\n';
  return os.str();
}

std::optional<exit_record> parse_exit(const std::string& text) {
  std::istringstream is(text);
  exit_record r;
  if (!(is >> r.exit_code >> r.signal >> r.finished_at_ms))
    return std::nullopt;
  return r;
}

std::string format(const log_index& r) {
  std::ostringstream os;
  os << r.generation << ' ' << r.base << '\n';
  return os.str();
}

std::optional<log_index> parse_index(const std::string& text) {
  std::istringstream is(text);
  log_index r;
  if (!(is >> r.generation >> r.base))
    return std::nullopt;
  return r;
}

uint64_t process_start_ticks(int pid) {
  if (pid <= 0)
    return 0;
  auto text = read_small("/proc/" + std::to_string(pid) + "/stat");
  if (!text)
    return 0;
  // The command name (field 2) may hold spaces and parentheses: count
  // fields after the last ')'. starttime is field 22, i.e. the 20th after it.
  auto pos = text->rfind(')');
  if (pos == std::string::npos)
    return 0;
  std::istringstream is(text->substr(pos + 1));
  std::string field;
  for (int i = 0; i < 20; ++i) {
    if (!(is >> field))
      return 0;
    // A zombie has finished: it only waits for its parent (possibly a
    // PID 1 that never reaps, as in many containers) to collect it.
    if (i == 0 && (field == "Z" || field == "X"))
      return 0;
  }
  try {
    return std::stoull(field);
  } catch (...) {
    return 0;
  }
}

bool process_alive(int pid, uint64_t start_ticks) {
  if (pid <= 0 || (::kill(pid, 0) != 0 && errno != EPERM))
    return false;
  auto ticks = process_start_ticks(pid);
  return ticks != 0 && ticks == start_ticks;
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace convoy::containers::state_files
