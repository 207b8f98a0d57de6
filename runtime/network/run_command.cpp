#include "runtime/network/run_command.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace convoy::network {

namespace {

constexpr size_t max_output = 64 * 1024;

std::string drain(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    auto n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    if (out.size() < max_output)
      out.append(buf, std::min(static_cast<size_t>(n), max_output - out.size()));
  }
  return out;
}

} // namespace

command_result run_command(const std::vector<std::string>& argv) {
  command_result res;
  if (argv.empty()) {
    res.output = "empty command";
    return res;
  }
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    res.output = std::string("pipe: ") + std::strerror(errno);
    return res;
  }
  std::vector<char*> ptrs;
  for (const auto& a : argv)
    ptrs.push_back(const_cast<char*>(a.c_str()));
  ptrs.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, out[1], 2);
  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, ptrs[0], &actions, nullptr, ptrs.data(), environ);
  // Daemons often run with a PATH without the sbin directories `ip` is in.
  for (const char* dir : {"/usr/sbin/", "/sbin/"})
    if (rc == ENOENT && argv[0].find('/') == std::string::npos)
      rc = ::posix_spawn(&pid, (dir + argv[0]).c_str(), &actions, nullptr, ptrs.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    res.output = "cannot run " + argv[0] + ": " + std::strerror(rc);
    return res;
  }
  res.output = drain(out[0]);
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  res.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  while (!res.output.empty() && (res.output.back() == '\n' || res.output.back() == ' '))
    res.output.pop_back();
  return res;
}

} // namespace convoy::network
