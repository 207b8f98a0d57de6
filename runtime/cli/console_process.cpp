#include "runtime/cli/console_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace convoy::cli {

namespace {

/// In the child: undoes the console's signal set-up (main blocks SIGINT and
/// SIGTERM for sigwait, the console ignores SIGINT) so Ctrl-C ends it.
void restore_default_signals() {
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

/// Both processes would otherwise print what was buffered before the fork.
void flush_all() {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
}

/// Runs `body` and leaves without destructors or atexit handlers: they
/// belong to the console (e.g. its line editor) and must run only there.
[[noreturn]] void run_and_exit(const std::function<int()>& body) {
  int code = 1;
  try {
    code = body();
  } catch (const std::exception& e) {
    std::cerr << "convoy console: " << e.what() << "\n";
  }
  flush_all();
  _exit(code);
}

child_status wait_child(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      return {1, 0};
  }
  if (WIFSIGNALED(status))
    return {128 + WTERMSIG(status), WTERMSIG(status)};
  return {WEXITSTATUS(status), 0};
}

/// Reads `fd` until EOF or `deadline`; false on timeout.
bool read_until_eof(int fd, std::chrono::steady_clock::time_point deadline,
                    std::string& out) {
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return false;
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR)
      continue;
    if (ready <= 0)
      return false;
    auto n = read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return true;
    out.append(buf, static_cast<size_t>(n));
  }
}

} // namespace

void ignore_interrupts_in_console() {
  std::signal(SIGINT, SIG_IGN);
}

child_status run_in_child(const std::function<int()>& body) {
  flush_all();
  pid_t pid = fork();
  if (pid < 0) {
    std::cerr << "convoy console: cannot fork: " << std::strerror(errno) << "\n";
    return {1, 0};
  }
  if (pid == 0) {
    restore_default_signals();
    run_and_exit(body);
  }
  return wait_child(pid);
}

std::optional<std::string> capture_from_child(const std::function<int()>& body,
                                              std::chrono::milliseconds limit) {
  int fds[2];
  if (pipe(fds) != 0)
    return std::nullopt;
  flush_all();
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return std::nullopt;
  }
  if (pid == 0) {
    restore_default_signals();
    close(fds[0]);
    dup2(fds[1], STDOUT_FILENO);
    close(fds[1]);
    // A background fetch: its complaints would garble the prompt.
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd >= 0) {
      dup2(null_fd, STDERR_FILENO);
      close(null_fd);
    }
    run_and_exit(body);
  }
  close(fds[1]);
  std::string out;
  bool finished = read_until_eof(fds[0], std::chrono::steady_clock::now() + limit, out);
  close(fds[0]);
  if (!finished)
    kill(pid, SIGKILL);
  auto status = wait_child(pid);
  if (!finished || status.signal != 0 || status.exit_code != 0)
    return std::nullopt;
  return out;
}

} // namespace convoy::cli
