// convoy-shim: keeps one container process company so it survives the
// kubelet (like conmon). Started by process_runtime::start() as a grandchild
// (the runtime double-forks, so the shim is reparented to init and the
// kubelet never holds a zombie). It
//   1. forks the container: own process group, moved into its cgroups,
//      chdir, stdin /dev/null, stdout+stderr into a pipe, exact env, execvp;
//   2. reports "OK\n" or "ERR <stage> <errno>\n" on the report fd (stage:
//      cgroup, chdir, exec, shim) once exec succeeded or failed;
//   3. copies the pipe into the rotating log until the process exits;
//   4. kills what is left of the process group (the container ends with its
//      main process), drains the pipe, and writes the exit record.
// Usage (written by shim_launcher, not for people):
//   convoy-shim REPORT_FD DIR LOG_MAX_BYTES LOG_MAX_FILES CWD HOSTNAME NETNS
//               N_CGROUPS CGROUP_DIR... N_ENV NAME=VALUE... ARGV...

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <sched.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "runtime/containers/process/rotating_log.hpp"
#include "runtime/containers/process/state_files.hpp"

extern char** environ;

namespace {

using namespace convoy::containers;

struct shim_args {
  int report_fd = -1;
  std::string dir;
  uint64_t log_max_bytes = 0;
  int log_max_files = 0;
  std::string cwd;
  /// Non-empty: run the container in new pid, uts, ipc and mount
  /// namespaces, with this host name and its own /proc.
  std::string hostname;
  /// Non-empty: the pod's network namespace, joined before exec.
  std::string netns;
  std::vector<std::string> cgroups;
  std::vector<char*> env;  // null-terminated
  std::vector<char*> argv; // null-terminated
};

/// What the container child tells the shim when it could not exec.
struct child_failure {
  int stage = 0; // 1 cgroup, 2 chdir, 3 exec, 4 namespaces, 5 network
  int err = 0;
};

const char* stage_name(int stage) {
  switch (stage) {
    case 1:
      return "cgroup";
    case 2:
      return "chdir";
    case 3:
      return "exec";
    case 4:
      return "namespaces";
    case 5:
      return "network";
  }
  return "shim";
}

bool parse_args(int argc, char** argv, shim_args& out) {
  int i = 1;
  auto next = [&]() -> const char* { return i < argc ? argv[i++] : nullptr; };
  auto num = [&](int64_t& v) {
    auto s = next();
    if (!s)
      return false;
    char* end = nullptr;
    v = std::strtoll(s, &end, 10);
    return *s != '\0' && *end == '\0' && v >= 0;
  };
  int64_t fd, max_bytes, max_files, n;
  if (!num(fd))
    return false;
  auto dir = next();
  if (!dir || *dir == '\0' || !num(max_bytes) || !num(max_files))
    return false;
  out.dir = dir;
  out.report_fd = static_cast<int>(fd);
  out.log_max_bytes = static_cast<uint64_t>(max_bytes);
  out.log_max_files = static_cast<int>(max_files);
  auto cwd = next();
  auto host = next();
  auto netns = next();
  if (!cwd || !host || !netns || !num(n))
    return false;
  out.cwd = cwd;
  out.hostname = host;
  out.netns = netns;
  for (int64_t k = 0; k < n; ++k) {
    auto s = next();
    if (!s)
      return false;
    out.cgroups.emplace_back(s);
  }
  if (!num(n))
    return false;
  for (int64_t k = 0; k < n; ++k) {
    auto s = const_cast<char*>(next());
    if (!s)
      return false;
    out.env.push_back(s);
  }
  out.env.push_back(nullptr);
  for (; i < argc; ++i)
    out.argv.push_back(argv[i]);
  out.argv.push_back(nullptr);
  return out.argv.size() > 1;
}

/// The kubelet's descriptors (sockets, LMDB) must not leak into containers.
void close_inherited_fds(int keep) {
  std::vector<int> fds;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (auto* e = ::readdir(d)) {
      int fd = std::atoi(e->d_name);
      if (fd > 2 && fd != keep && fd != ::dirfd(d))
        fds.push_back(fd);
    }
    ::closedir(d);
  }
  for (int fd : fds)
    ::close(fd);
  int null_fd = ::open("/dev/null", O_RDWR);
  for (int fd = 0; fd < 3 && null_fd >= 0; ++fd)
    ::dup2(null_fd, fd);
  if (null_fd > 2)
    ::close(null_fd);
}

void write_all(int fd, const std::string& text) {
  auto rc = ::write(fd, text.data(), text.size());
  (void) rc;
}

/// In the container child (pid 1 of the new pid namespace): its host name,
/// its own mount namespace (the shim keeps the host's /proc to watch it),
/// and a /proc that shows only the container's processes.
bool enter_namespaces(const std::string& hostname) {
  return ::sethostname(hostname.c_str(), hostname.size()) == 0 && ::unshare(CLONE_NEWNS) == 0
         && ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0
         && ::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) == 0;
}

/// In the container child: the pod's network namespace (all containers of
/// a pod join the same one, so they share its eth0 and loopback).
bool join_netns(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  bool ok = ::setns(fd, CLONE_NEWNET) == 0;
  int saved = errno;
  ::close(fd);
  errno = saved;
  return ok;
}

[[noreturn]] void child_main(const shim_args& a, int out_wr, int fail_wr) {
  ::setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig = 1; sig < NSIG; ++sig)
    ::signal(sig, SIG_DFL);
  auto fail = [&](int stage) {
    child_failure f{stage, errno};
    auto rc = ::write(fail_wr, &f, sizeof(f));
    (void) rc;
    ::_exit(127);
  };
  for (const auto& dir : a.cgroups) {
    int fd = ::open((dir + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ::write(fd, "0", 1) != 1)
      fail(1);
    ::close(fd);
  }
  if (!a.netns.empty() && !join_netns(a.netns))
    fail(5);
  if (!a.hostname.empty() && !enter_namespaces(a.hostname))
    fail(4);
  if (!a.cwd.empty() && ::chdir(a.cwd.c_str()) != 0)
    fail(2);
  ::dup2(out_wr, 1);
  ::dup2(out_wr, 2);
  if (out_wr > 2)
    ::close(out_wr);
  environ = const_cast<char**>(a.env.data());
  ::execvp(a.argv[0], a.argv.data());
  fail(3);
  ::_exit(127);
}

/// Forks the container; returns its pid, or -1 with `failure` filled.
int spawn_child(const shim_args& a, int& out_rd, child_failure& failure) {
  int out[2], fail[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(fail, O_CLOEXEC) != 0) {
    failure = {0, errno};
    return -1;
  }
  pid_t pid = ::fork();
  if (pid == 0)
    child_main(a, out[1], fail[1]);
  ::close(out[1]);
  ::close(fail[1]);
  out_rd = out[0];
  if (pid < 0) {
    failure = {0, errno};
    ::close(fail[0]);
    return -1;
  }
  ::setpgid(pid, pid); // both sides call it: no window where kill(-pid) misses
  ssize_t n;
  do
    n = ::read(fail[0], &failure, sizeof(failure));
  while (n < 0 && errno == EINTR);
  ::close(fail[0]);
  if (n == static_cast<ssize_t>(sizeof(failure))) {
    ::waitpid(pid, nullptr, 0);
    return -1;
  }
  return pid;
}

/// Copies output to the log until the child exits; returns its wait status.
int pump(pid_t child, int out_rd, int sig_fd, rotating_log& log) {
  char buf[65536];
  bool out_open = true;
  int status = 0;
  for (;;) {
    pollfd fds[2] = {{sig_fd, POLLIN, 0}, {out_open ? out_rd : -1, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR)
      break;
    if (fds[1].revents != 0) {
      auto n = ::read(out_rd, buf, sizeof(buf));
      if (n > 0)
        log.append(buf, static_cast<size_t>(n));
      else if (n == 0 || errno != EINTR)
        out_open = false;
    }
    if (fds[0].revents != 0) {
      signalfd_siginfo info;
      auto rc = ::read(sig_fd, &info, sizeof(info));
      (void) rc;
      if (::waitpid(child, &status, WNOHANG) == child)
        break;
    }
  }
  // The container ends with its main process: stop what it left behind,
  // then take the output still in the pipe (bounded: a process that left
  // the group may hold the pipe open).
  ::kill(-child, SIGKILL);
  auto deadline = state_files::now_ms() + 1000;
  while (out_open && state_files::now_ms() < deadline) {
    pollfd fd{out_rd, POLLIN, 0};
    if (::poll(&fd, 1, 100) <= 0)
      continue;
    auto n = ::read(out_rd, buf, sizeof(buf));
    if (n > 0)
      log.append(buf, static_cast<size_t>(n));
    else if (n == 0 || errno != EINTR)
      out_open = false;
  }
  return status;
}

} // namespace

int main(int argc, char** argv) {
  shim_args a;
  if (!parse_args(argc, argv, a))
    return 2;
  close_inherited_fds(a.report_fd);
  ::signal(SIGPIPE, SIG_IGN);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  ::sigprocmask(SIG_SETMASK, &chld, nullptr);
  int sig_fd = ::signalfd(-1, &chld, SFD_CLOEXEC);
  rotating_log log(a.dir, a.log_max_bytes, a.log_max_files);
  child_failure failure;
  int out_rd = -1;
  pid_t child = -1;
  if (sig_fd < 0 || !log.open())
    failure = {0, errno};
  else if (!a.hostname.empty()
           && ::unshare(CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC) != 0)
    failure = {4, errno};
  else
    child = spawn_child(a, out_rd, failure);
  if (child < 0) {
    write_all(a.report_fd, std::string("ERR ") + stage_name(failure.stage) + " "
                             + std::to_string(failure.err) + "\n");
    return 1;
  }
  state_files::pid_record rec{child, state_files::process_start_ticks(child), ::getpid(),
                              state_files::process_start_ticks(::getpid()),
                              state_files::now_ms()};
  state_files::write_atomic(a.dir, state_files::pid_file, state_files::format(rec));
  write_all(a.report_fd, "OK\n");
  ::close(a.report_fd);
  int status = pump(child, out_rd, sig_fd, log);
  state_files::exit_record ex;
  if (WIFSIGNALED(status)) {
    ex.signal = WTERMSIG(status);
    ex.exit_code = 128 + ex.signal;
  } else {
    ex.exit_code = WEXITSTATUS(status);
  }
  ex.finished_at_ms = state_files::now_ms();
  state_files::write_atomic(a.dir, state_files::exit_file, state_files::format(ex));
  return 0;
}
