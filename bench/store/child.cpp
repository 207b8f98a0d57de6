#include "child.hpp"

#include <csignal>
#include <mutex>
#include <set>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace convoy::bench {

namespace {

using namespace std::chrono_literals;

/// Runs in the forked child: only async-signal-safe calls until exec.
[[noreturn]] void exec_child(char* const* argv, const char* log, pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent)
    ::_exit(127);
  // The benchmark blocks termination signals (a watcher thread handles
  // them); the server must not inherit that mask across exec.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  int in = ::open("/dev/null", O_RDONLY);
  int out = ::open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (in < 0 || out < 0)
    ::_exit(127);
  ::dup2(in, 0);
  ::dup2(out, 1);
  ::dup2(out, 2);
  ::execv(argv[0], argv);
  ::_exit(127);
}

std::mutex running_mutex;
std::set<pid_t> running;

} // namespace

void kill_all_children() {
  std::lock_guard<std::mutex> guard{running_mutex};
  for (auto pid : running) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  running.clear();
}

child::child(std::vector<std::string> argv, std::filesystem::path log) : log_(std::move(log)) {
  // Everything the child needs is built before fork (no allocation after).
  std::vector<char*> args;
  for (auto& a : argv)
    args.push_back(a.data());
  args.push_back(nullptr);
  std::string log_path = log_.string();
  pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0)
    throw std::runtime_error("fork failed for " + argv[0]);
  if (pid_ == 0)
    exec_child(args.data(), log_path.c_str(), parent);
  std::lock_guard<std::mutex> guard{running_mutex};
  running.insert(pid_);
}

child::~child() {
  stop();
}

bool child::reap(bool block) {
  if (exited_)
    return true;
  int status = 0;
  auto rc = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (rc == pid_) {
    exited_ = true;
    status_ = status;
    std::lock_guard<std::mutex> guard{running_mutex};
    running.erase(pid_);
  }
  return exited_;
}

std::string child::log_text() const {
  std::ifstream in(log_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool child::wait_for_log(const std::string& text, std::chrono::milliseconds timeout) {
  // A benchmark, not a test: polling the log file every 20 ms is good enough.
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (log_text().find(text) != std::string::npos)
      return true;
    if (reap(false))
      return false;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

int child::wait_exit(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!reap(false)) {
    if (std::chrono::steady_clock::now() >= deadline)
      return -1;
    std::this_thread::sleep_for(20ms);
  }
  if (WIFEXITED(status_))
    return WEXITSTATUS(status_);
  return 128 + WTERMSIG(status_);
}

void child::stop(std::chrono::milliseconds grace) {
  if (pid_ <= 0 || reap(false))
    return;
  ::kill(pid_, SIGTERM);
  if (wait_exit(grace) >= 0)
    return;
  ::kill(pid_, SIGKILL);
  reap(true);
}

uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0
      || ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0)
      ::close(fd);
    throw std::runtime_error("cannot find a free TCP port on 127.0.0.1");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

} // namespace convoy::bench
