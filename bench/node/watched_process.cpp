#include "watched_process.hpp"

#include <csignal>
#include <cstring>
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

namespace convoy::bench {

namespace {

/// Lines kept per process: enough for any run of this benchmark, and a
/// bound should a child start logging in a loop.
constexpr size_t max_lines = 50'000;

} // namespace

watched_process::watched_process(std::vector<std::string> argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe2 failed: " + std::string(std::strerror(errno)));
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
  if (rc != 0) {
    close(fds[0]);
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
  reader_ = std::thread{[this, fd = fds[0]] { read_loop(fd); }};
}

watched_process::~watched_process() {
  if (!exited_) {
    ::kill(pid_, SIGCONT); // a stopped process must not outlive the run either
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
  {
    std::lock_guard<std::mutex> guard{mu_};
    stopping_ = true;
  }
  reader_.join();
}

void watched_process::read_loop(int fd) {
  char buf[4096];
  for (;;) {
    {
      std::lock_guard<std::mutex> guard{mu_};
      if (stopping_)
        break;
    }
    // Polling with a short timeout lets the destructor end this thread even
    // when a grandchild still holds the pipe open.
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0)
      continue;
    auto n = read(fd, buf, sizeof(buf));
    if (n <= 0)
      break;
    auto now = clock::now();
    partial_.append(buf, static_cast<size_t>(n));
    std::lock_guard<std::mutex> guard{mu_};
    size_t start = 0;
    for (auto nl = partial_.find('\n'); nl != std::string::npos;
         nl = partial_.find('\n', start)) {
      if (lines_.size() < max_lines)
        lines_.emplace_back(now, partial_.substr(start, nl - start));
      start = nl + 1;
    }
    partial_.erase(0, start);
    cv_.notify_all();
  }
  close(fd);
  std::lock_guard<std::mutex> guard{mu_};
  eof_ = true;
  cv_.notify_all();
}

std::optional<watched_process::clock::time_point>
watched_process::wait_for_line(const std::string& text, std::chrono::milliseconds timeout,
                               size_t from) {
  auto deadline = clock::now() + timeout;
  std::unique_lock<std::mutex> lock{mu_};
  for (size_t i = from;;) {
    for (; i < lines_.size(); ++i)
      if (lines_[i].second.find(text) != std::string::npos)
        return lines_[i].first;
    if (eof_ || cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
      for (; i < lines_.size(); ++i)
        if (lines_[i].second.find(text) != std::string::npos)
          return lines_[i].first;
      return std::nullopt;
    }
  }
}

size_t watched_process::line_count() const {
  std::lock_guard<std::mutex> guard{mu_};
  return lines_.size();
}

std::string watched_process::tail(size_t n) const {
  std::lock_guard<std::mutex> guard{mu_};
  std::string out;
  for (size_t i = lines_.size() > n ? lines_.size() - n : 0; i < lines_.size(); ++i)
    out += lines_[i].second + "\n";
  return out;
}

bool watched_process::wait_output_end(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock{mu_};
  return cv_.wait_for(lock, timeout, [this] { return eof_; });
}

std::string watched_process::output() const {
  return tail(max_lines);
}

void watched_process::signal(int sig) {
  if (!exited_)
    ::kill(pid_, sig);
}

int watched_process::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = clock::now() + timeout;
  while (!exited_) {
    if (waitpid(pid_, &status_, WNOHANG) == pid_) {
      exited_ = true;
      break;
    }
    if (clock::now() >= deadline)
      return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds{5}); // no exit event to wait on
  }
  if (WIFEXITED(status_))
    return WEXITSTATUS(status_);
  return 128 + WTERMSIG(status_);
}

void watched_process::stop(std::chrono::milliseconds grace) {
  signal(SIGCONT);
  signal(SIGTERM);
  if (wait_exit(grace) < 0) {
    signal(SIGKILL);
    wait_exit(std::chrono::seconds{5});
  }
}

std::pair<int, std::string> run_command(std::vector<std::string> argv,
                                        std::chrono::milliseconds timeout) {
  watched_process p{std::move(argv)};
  auto code = p.wait_exit(timeout);
  // The pipe closes right after the exit; give the reader that moment.
  if (code >= 0)
    p.wait_output_end(std::chrono::milliseconds{500});
  return {code, p.output()};
}

uint16_t free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

} // namespace convoy::bench
