#include "child_process.hpp"

#include <csignal>
#include <cstring>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace convoy::test {

using clock_type = std::chrono::steady_clock;

child_process::child_process(std::vector<std::string> argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe2 failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  std::vector<char*> args;
  for (auto& a : argv)
    args.push_back(a.data());
  args.push_back(nullptr);
  auto rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  out_fd_ = fds[0];
  if (rc != 0)
    throw std::runtime_error("posix_spawn " + argv[0] + ": " + std::strerror(rc));
}

child_process::~child_process() {
  if (!exited_) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
  if (out_fd_ >= 0)
    close(out_fd_);
}

bool child_process::pump(std::chrono::milliseconds timeout) {
  if (out_fd_ < 0)
    return false;
  pollfd p{out_fd_, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0)
    return true;
  char buf[4096];
  auto n = read(out_fd_, buf, sizeof(buf));
  if (n <= 0) {
    close(out_fd_);
    out_fd_ = -1;
    return false;
  }
  output_.append(buf, static_cast<size_t>(n));
  return true;
}

bool child_process::wait_for_output(const std::string& text,
                                    std::chrono::milliseconds timeout) {
  auto deadline = clock_type::now() + timeout;
  while (output_.find(text) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline
                                                                      - clock_type::now());
    if (left.count() <= 0 || !pump(left))
      return output_.find(text) != std::string::npos;
  }
  return true;
}

int child_process::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = clock_type::now() + timeout;
  while (!exited_) {
    if (waitpid(pid_, &status_, WNOHANG) == pid_) {
      exited_ = true;
      break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline
                                                                      - clock_type::now());
    if (left.count() <= 0)
      return -1;
    // Reading keeps a chatty child from blocking on a full pipe; the wait
    // ends early when output arrives or the pipe closes at exit.
    pump(std::min(left, std::chrono::milliseconds{20}));
  }
  drain();
  if (WIFEXITED(status_))
    return WEXITSTATUS(status_);
  return 128 + WTERMSIG(status_);
}

void child_process::drain() {
  while (out_fd_ >= 0) {
    pollfd p{out_fd_, POLLIN, 0};
    if (poll(&p, 1, 0) <= 0 || !pump(std::chrono::milliseconds{0}))
      return;
  }
}

void child_process::signal(int sig) {
  if (!exited_)
    ::kill(pid_, sig);
}

std::pair<int, std::string> run_command(std::vector<std::string> argv,
                                        std::chrono::milliseconds timeout) {
  child_process p{std::move(argv)};
  auto code = p.wait_exit(timeout);
  return {code, p.output()};
}

namespace {

/// The lowest port the kernel hands out by itself (bind to port 0, the
/// source port of an outgoing connection).
unsigned ephemeral_low() {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  unsigned low = 0;
  return in >> low && low > 0 && low <= 65535 ? low : 32768;
}

/// A socket bound to 127.0.0.1:`port` (0: a port the kernel picks), or -1.
int bound_socket(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/// Whether nothing holds `port` on 127.0.0.1 (not even in TIME_WAIT).
bool bindable(uint16_t port) {
  int fd = bound_socket(port);
  if (fd < 0)
    return false;
  close(fd);
  return true;
}

/// A port the kernel picked (and may hand to someone else next).
uint16_t kernel_port() {
  int fd = bound_socket(0);
  if (fd < 0)
    return 0;
  sockaddr_in addr{};
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

} // namespace

uint16_t free_port() {
  // Below the ephemeral range: the kernel never hands those ports out by
  // itself, so no outgoing connection or bind to port 0 of a test running
  // beside this one takes the port before the child binds it (which a
  // kernel-picked port suffered about once in eight parallel ctest runs).
  // A random pick keeps tests that run at once apart; none is handed out
  // twice in one test process.
  static std::mutex mutex;
  static std::set<uint16_t> given;
  static std::mt19937 rng(static_cast<uint32_t>(::getpid())
                          ^ static_cast<uint32_t>(clock_type::now().time_since_epoch().count()));
  std::lock_guard<std::mutex> guard{mutex};
  constexpr unsigned first = 10000;
  auto low = ephemeral_low();
  for (int tries = 0; low > first + 1000 && tries < 1000; ++tries) {
    auto port = static_cast<uint16_t>(first + rng() % (low - first));
    if (!given.count(port) && bindable(port)) {
      given.insert(port);
      return port;
    }
  }
  return kernel_port();
}

} // namespace convoy::test
