#include "actors/kubelet/prober/thread_prober.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace convoy::kubelet {

namespace {

using clock = std::chrono::steady_clock;

int remaining_ms(clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

/// RAII for a socket or pipe end.
struct fd_guard {
  int fd = -1;
  ~fd_guard() {
    if (fd >= 0)
      ::close(fd);
  }
};

/// Connects to host:port before `deadline`; returns the fd or sets `why`.
int connect_by(const std::string& host, int port, clock::time_point deadline, std::string& why) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1) {
    why = "not an IPv4 address: " + host;
    return -1;
  }
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    why = std::strerror(errno);
    return -1;
  }
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0
      && errno != EINPROGRESS) {
    why = std::string{"dial tcp "} + host + ":" + std::to_string(port) + ": "
          + std::strerror(errno);
    ::close(fd);
    return -1;
  }
  pollfd p{fd, POLLOUT, 0};
  int err = 0;
  socklen_t len = sizeof(err);
  if (::poll(&p, 1, remaining_ms(deadline)) != 1
      || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
    why = std::string{"dial tcp "} + host + ":" + std::to_string(port) + ": "
          + (err != 0 ? std::strerror(err) : "i/o timeout");
    ::close(fd);
    return -1;
  }
  return fd;
}

probe_outcome tcp_probe(const probe_request& a, clock::time_point deadline) {
  std::string why;
  fd_guard s{connect_by(a.host, a.port, deadline, why)};
  if (s.fd < 0)
    return {false, why};
  return {true, ""};
}

/// Kubernetes counts 200 <= code < 400 as success.
probe_outcome http_probe(const probe_request& a, clock::time_point deadline) {
  if (a.scheme == "HTTPS")
    return {false, "HTTPS probes are not supported by the process runtime's prober"};
  std::string why;
  fd_guard s{connect_by(a.host, a.port, deadline, why)};
  if (s.fd < 0)
    return {false, why};
  std::string req = "GET " + (a.path.empty() ? std::string{"/"} : a.path) + " HTTP/1.1\r\nHost: "
                    + a.host + ":" + std::to_string(a.port)
                    + "\r\nUser-Agent: convoy-probe/" CONVOY_VERSION "\r\nConnection: close\r\n";
  for (const auto& [k, v] : a.headers)
    req += k + ": " + v + "\r\n";
  req += "\r\n";
  if (::send(s.fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size()))
    return {false, std::string{"write: "} + std::strerror(errno)};
  std::string head;
  char buf[512];
  while (head.find("\r\n") == std::string::npos && head.size() < 4096) {
    pollfd p{s.fd, POLLIN, 0};
    if (::poll(&p, 1, remaining_ms(deadline)) != 1)
      return {false, "Get \"http://" + a.host + ":" + std::to_string(a.port) + a.path
                       + "\": context deadline exceeded"};
    auto n = ::recv(s.fd, buf, sizeof(buf), 0);
    if (n <= 0)
      return {false, "connection closed before a response"};
    head.append(buf, static_cast<size_t>(n));
  }
  // "HTTP/1.1 200 OK"
  auto sp = head.find(' ');
  int code = sp == std::string::npos ? 0 : std::atoi(head.c_str() + sp + 1);
  if (code >= 200 && code < 400)
    return {true, ""};
  return {false, "HTTP probe failed with statuscode: " + std::to_string(code)};
}

/// Runs the command with the container's environment; success = exit 0.
/// A command still running at the deadline is killed (its process group).
probe_outcome exec_probe(const probe_request& a, clock::time_point deadline) {
  if (a.argv.empty())
    return {false, "exec probe without a command"};
  std::vector<std::string> env_text;
  for (const auto& [k, v] : a.env)
    env_text.push_back(k + "=" + v);
  std::vector<char*> argv, envp;
  for (const auto& s : a.argv)
    argv.push_back(const_cast<char*>(s.c_str()));
  argv.push_back(nullptr);
  for (auto& s : env_text)
    envp.push_back(s.data());
  envp.push_back(nullptr);
  int netns = -1;
  if (!a.netns_path.empty()) {
    netns = ::open(a.netns_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (netns < 0)
      return {false, "cannot open the pod's network namespace " + a.netns_path + ": "
                       + std::strerror(errno)};
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    if (netns >= 0)
      ::close(netns);
    return {false, std::string{"fork: "} + std::strerror(errno)};
  }
  if (pid == 0) {
    if (netns >= 0 && ::setns(netns, CLONE_NEWNET) != 0)
      ::_exit(126);
    ::setpgid(0, 0);
    int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, 0);
      ::dup2(devnull, 1);
      ::dup2(devnull, 2);
    }
    ::execvpe(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  if (netns >= 0)
    ::close(netns);
  int status = 0;
  while (true) {
    auto r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid)
      break;
    if (clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return {false, "command timed out"};
    }
    ::usleep(2000);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return {true, ""};
  if (netns >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 126)
    return {false, "cannot enter the pod's network namespace " + a.netns_path};
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    return {false, "exec: \"" + a.argv[0] + "\": executable file not found"};
  return {false, "command failed with exit code "
                   + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status))};
}

} // namespace

thread_prober::thread_prober(int threads, size_t max_queue) : max_queue_(max_queue) {
  for (int i = 0; i < threads; ++i)
    workers_.emplace_back([this] { work(); });
}

thread_prober::~thread_prober() {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& w : workers_)
    w.join();
}

void thread_prober::run(probe_request action, std::function<void(probe_outcome)> done) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (!stopping_ && queue_.size() < max_queue_) {
      queue_.push_back({std::move(action), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  done({false, "probe queue full"});
}

probe_outcome thread_prober::execute(const probe_request& action) {
  auto deadline = clock::now() + action.timeout;
  switch (action.type) {
    case probe_request::kind::exec:
      return exec_probe(action, deadline);
    case probe_request::kind::tcp:
      return tcp_probe(action, deadline);
    case probe_request::kind::http:
      return http_probe(action, deadline);
  }
  return {false, "unknown probe type"};
}

void thread_prober::work() {
  while (true) {
    job next;
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock{mtx_};
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty())
        return;
      next = std::move(queue_.front());
      queue_.pop_front();
      stopping = stopping_;
    }
    next.done(stopping ? probe_outcome{false, "kubelet stopping"} : execute(next.action));
  }
}

} // namespace convoy::kubelet
