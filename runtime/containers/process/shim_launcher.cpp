#include "runtime/containers/process/shim_launcher.hpp"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_map>

namespace convoy::containers {

namespace {

constexpr const char* default_path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

std::vector<std::string> shim_arguments(const launch_request& req, int report_fd) {
  std::vector<std::string> args{req.shim_path,
                                std::to_string(report_fd),
                                req.dir,
                                std::to_string(req.log_max_bytes),
                                std::to_string(req.log_max_files),
                                req.working_dir,
                                req.hostname,
                                req.netns_path,
                                std::to_string(req.cgroup_dirs.size())};
  args.insert(args.end(), req.cgroup_dirs.begin(), req.cgroup_dirs.end());
  args.push_back(std::to_string(req.env.size()));
  args.insert(args.end(), req.env.begin(), req.env.end());
  args.insert(args.end(), req.argv.begin(), req.argv.end());
  return args;
}

/// Reads the shim's one-line report, or what is there at EOF / deadline.
std::string read_report(int fd, std::chrono::milliseconds timeout, bool& timed_out) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string text;
  timed_out = false;
  while (text.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fd, POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc < 0 && errno == EINTR)
      continue;
    if (rc <= 0)
      continue;
    char buf[256];
    auto n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

launch_outcome parse_report(const std::string& text, bool timed_out) {
  if (text.rfind("OK", 0) == 0)
    return {};
  if (timed_out)
    return {"timeout", ETIMEDOUT};
  std::istringstream is(text);
  std::string word, stage;
  int err = 0;
  if (is >> word >> stage >> err && word == "ERR")
    return {stage, err};
  return {"shim", ECHILD}; // exited without a report, e.g. bad arguments
}

} // namespace

launch_outcome launch_shim(const launch_request& req, std::chrono::milliseconds timeout) {
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0)
    return {"shim", errno};
  // Build every argument before fork: the child may only make
  // async-signal-safe calls (other kubelet threads may hold malloc's lock).
  auto args = shim_arguments(req, report[1]);
  std::vector<char*> ptrs;
  for (auto& a : args)
    ptrs.push_back(a.data());
  ptrs.push_back(nullptr);
  static const char exec_failed[] = "ERR shim 0\n";
  pid_t mid = ::fork();
  if (mid == 0) {
    ::setsid();
    pid_t shim = ::fork();
    if (shim == 0) {
      ::fcntl(report[1], F_SETFD, 0); // the one descriptor the shim keeps
      ::execv(ptrs[0], ptrs.data());
      auto rc = ::write(report[1], exec_failed, sizeof(exec_failed) - 1);
      (void) rc;
      ::_exit(127);
    }
    ::_exit(shim < 0 ? 1 : 0);
  }
  int saved = errno;
  ::close(report[1]);
  if (mid < 0) {
    ::close(report[0]);
    return {"shim", saved};
  }
  while (::waitpid(mid, nullptr, 0) < 0 && errno == EINTR) {
  }
  bool timed_out = false;
  auto text = read_report(report[0], timeout, timed_out);
  ::close(report[0]);
  auto out = parse_report(text, timed_out);
  if (out.stage == "shim" && out.err == 0)
    out.err = ENOEXEC; // the shim binary itself could not be exec'd
  return out;
}

std::vector<std::string> container_environment(const container_spec& spec,
                                               const std::string& extra_path) {
  std::vector<std::pair<std::string, std::string>> vars;
  std::unordered_map<std::string, size_t> index;
  vars.reserve(spec.env.size() + 2);
  for (const auto& [name, value] : spec.env) {
    auto [it, fresh] = index.emplace(name, vars.size());
    if (fresh)
      vars.emplace_back(name, value);
    else
      vars[it->second].second = value;
  }
  if (!spec.pod_ip.empty() && index.count("POD_IP") == 0)
    vars.emplace_back("POD_IP", spec.pod_ip);
  if (index.count("PATH") == 0)
    vars.emplace_back("PATH", extra_path.empty() ? default_path : extra_path + ":" + default_path);
  std::vector<std::string> out;
  out.reserve(vars.size());
  for (auto& [name, value] : vars)
    out.push_back(name + "=" + value);
  return out;
}

} // namespace convoy::containers
