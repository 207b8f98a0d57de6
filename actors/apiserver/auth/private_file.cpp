#include "actors/apiserver/auth/private_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "actors/apiserver/auth/auth_config_error.hpp"

namespace convoy::apiserver {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
  throw auth_config_error("cannot " + what + " " + path + ": " + std::strerror(err));
}

/// Closes the descriptor and removes the temporary file unless released.
struct temp_file {
  int fd = -1;
  std::string path;
  ~temp_file() {
    if (fd >= 0)
      ::close(fd);
    if (!path.empty())
      ::unlink(path.c_str());
  }
};

void write_all(int fd, std::string_view content, const std::string& path) {
  while (!content.empty()) {
    auto n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR)
        continue;
      fail("write", path, errno);
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
}

} // namespace

void write_private_file(const std::string& path, std::string_view content) {
  temp_file tmp;
  tmp.path = path + ".tmp." + std::to_string(::getpid());
  tmp.fd = ::open(tmp.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (tmp.fd < 0) {
    int err = errno;
    tmp.path.clear(); // not ours to remove
    fail("create", path, err);
  }
  // O_CREAT's mode is filtered by the umask and ignored for an existing
  // file; fchmod makes it exactly 0600 either way.
  if (::fchmod(tmp.fd, 0600) != 0)
    fail("chmod", tmp.path, errno);
  write_all(tmp.fd, content, tmp.path);
  if (::fsync(tmp.fd) != 0)
    fail("fsync", tmp.path, errno);
  if (::close(tmp.fd) != 0) {
    tmp.fd = -1;
    fail("close", tmp.path, errno);
  }
  tmp.fd = -1;
  if (::rename(tmp.path.c_str(), path.c_str()) != 0)
    fail("rename to", path, errno);
  tmp.path.clear();
}

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("open", path, errno);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad())
    fail("read", path, errno);
  return std::move(buf).str();
}

} // namespace convoy::apiserver
