#include "examples/app/http/stop_signal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <string>

namespace convoy::examples::http {

namespace {

// Handlers may only touch lock-free atomics and async-signal-safe calls.
volatile std::sig_atomic_t received_signal = 0;
int write_fd = -1;

extern "C" void on_stop_signal(int sig) {
  int saved = errno;
  received_signal = sig;
  char byte = 1;
  [[maybe_unused]] auto n = ::write(write_fd, &byte, 1);
  errno = saved;
}

} // namespace

stop_signal::stop_signal() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0)
    throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  read_fd_ = fds[0];
  write_fd = fds[1];
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGTERM, &sa, nullptr);
  ::sigaction(SIGINT, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

stop_signal::~stop_signal() {
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGINT, SIG_DFL);
  ::close(read_fd_);
  ::close(write_fd);
  write_fd = -1;
}

int stop_signal::received() const {
  return received_signal;
}

} // namespace convoy::examples::http
