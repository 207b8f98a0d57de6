#include "runtime/containers/process/rotating_log.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/containers/process/state_files.hpp"

namespace convoy::containers {

rotating_log::rotating_log(std::string dir, uint64_t max_bytes, int max_files)
  : dir_(std::move(dir)), max_bytes_(max_bytes == 0 ? 1 : max_bytes),
    max_files_(max_files < 1 ? 1 : max_files) {
}

rotating_log::~rotating_log() {
  if (fd_ >= 0)
    ::close(fd_);
}

std::string rotating_log::path(int index) const {
  auto p = dir_ + "/" + state_files::log_file;
  return index == 0 ? p : p + "." + std::to_string(index);
}

bool rotating_log::open() {
  fd_ = ::open(path(0).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0)
    return false;
  struct stat st {};
  if (::fstat(fd_, &st) == 0)
    size_ = static_cast<uint64_t>(st.st_size);
  return state_files::write_atomic(dir_, state_files::log_index_file,
                                   state_files::format(state_files::log_index{0, 0}));
}

void rotating_log::append(const char* data, size_t size) {
  while (fd_ >= 0 && size > 0) {
    if (size_ >= max_bytes_)
      rotate();
    auto room = max_bytes_ - size_;
    if (size <= room)
      return write_out(data, size);
    // Cut after the last newline that fits, so lines stay in one file;
    // a line longer than a whole file is split.
    size_t cut = 0;
    for (size_t i = static_cast<size_t>(room); i > 0; --i)
      if (data[i - 1] == '\n') {
        cut = i;
        break;
      }
    if (cut == 0 && size_ > 0) {
      rotate();
      continue;
    }
    if (cut == 0)
      cut = static_cast<size_t>(room);
    write_out(data, cut);
    data += cut;
    size -= cut;
    rotate();
  }
}

void rotating_log::write_out(const char* data, size_t size) {
  while (size > 0) {
    auto n = ::write(fd_, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return; // disk full or gone: drop output rather than block the container
    data += n;
    size -= static_cast<size_t>(n);
    size_ += static_cast<uint64_t>(n);
  }
}

void rotating_log::rotate() {
  // Seqlock: an odd generation tells readers the files are being shuffled.
  ++generation_;
  state_files::write_atomic(dir_, state_files::log_index_file,
                            state_files::format(state_files::log_index{generation_, base_}));
  ::close(fd_);
  if (max_files_ == 1) {
    ::unlink(path(0).c_str());
  } else {
    ::unlink(path(max_files_ - 1).c_str());
    for (int i = max_files_ - 2; i >= 0; --i)
      ::rename(path(i).c_str(), path(i + 1).c_str());
  }
  base_ += size_;
  size_ = 0;
  fd_ = ::open(path(0).c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  ++generation_;
  state_files::write_atomic(dir_, state_files::log_index_file,
                            state_files::format(state_files::log_index{generation_, base_}));
}

} // namespace convoy::containers
