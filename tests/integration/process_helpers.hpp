#pragma once

// What the integration tests share beyond child processes and `convoy ctl`:
// polling with a deadline, reading files, one HTTP GET, pod readiness.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace convoy::test {

/// Polls `done` every 200 ms until it holds or `limit` passes.
template <class Predicate>
bool eventually(Predicate done, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
  }
  return done();
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in{p};
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

/// The file's content without trailing newlines (a token file).
inline std::string read_line_file(const std::filesystem::path& p) {
  auto text = read_file(p);
  text.erase(text.find_last_not_of("\r\n") + 1);
  return text;
}

/// Live (not zombie) processes whose command line is exactly `argv`.
inline std::vector<pid_t> processes_running(const std::vector<std::string>& argv) {
  std::string wanted;
  for (const auto& a : argv)
    wanted += a + '\0';
  std::vector<pid_t> out;
  auto* dir = opendir("/proc");
  while (auto* e = dir ? readdir(dir) : nullptr) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9')
      continue;
    auto base = std::filesystem::path{"/proc"} / e->d_name;
    auto stat = read_file(base / "stat");
    auto close = stat.rfind(')');
    if (close == std::string::npos || close + 2 >= stat.size() || stat[close + 2] == 'Z')
      continue;
    if (read_file(base / "cmdline") == wanted)
      out.push_back(static_cast<pid_t>(std::atoi(e->d_name)));
  }
  if (dir)
    closedir(dir);
  return out;
}

/// One HTTP GET on a fresh connection: (status code, body); code 0 if the
/// connection failed.
inline std::pair<int, std::string> http_get(const std::string& ip, int port,
                                            const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, ip.c_str(), &addr.sin_addr);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return {0, ""};
  }
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: " + ip + "\r\nConnection: close\r\n\r\n";
  ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string resp;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof(buf), 0)) > 0)
    resp.append(buf, static_cast<size_t>(n));
  ::close(fd);
  auto sp = resp.find(' ');
  int code = sp == std::string::npos ? 0 : std::atoi(resp.c_str() + sp + 1);
  auto body = resp.find("\r\n\r\n");
  return {code, body == std::string::npos ? "" : resp.substr(body + 4)};
}

/// A pod (as `get -o json` prints it) is Running with Ready=True.
inline bool running_and_ready(const nlohmann::json& p) {
  if (p.is_null() || p["status"].value("phase", "") != "Running")
    return false;
  for (const auto& c : p["status"]["conditions"])
    if (c["type"] == "Ready")
      return c["status"] == "True";
  return false;
}

} // namespace convoy::test
