#include "footprint.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <unistd.h>

#include "watched_process.hpp"

namespace convoy::bench {

namespace {

using namespace std::chrono_literals;

constexpr auto settle = 5s;
constexpr auto cpu_window = 10s;
constexpr double target_rss_mib = 30;
constexpr double k3s_rss_mib = 1.6 * 1024;

std::string read_file(const std::string& path) {
  std::ifstream in{path};
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

/// The KiB value of the line "KEY:   123 kB" in a /proc file; -1 if absent.
long long kib_field(const std::string& path, const std::string& key) {
  auto text = "\n" + read_file(path);
  auto at = text.find("\n" + key + ":");
  if (at == std::string::npos)
    return -1;
  return std::strtoll(text.c_str() + at + key.size() + 2, nullptr, 10);
}

/// utime + stime of `pid` in clock ticks (fields 14 and 15 of
/// /proc/PID/stat, counted after the parenthesised command name); -1 if
/// unreadable.
long long cpu_ticks(int pid) {
  auto stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos)
    return -1;
  std::istringstream in{stat.substr(close + 2)};
  std::string field;
  long long utime = -1, stime = -1;
  // After ')': field 3 (state) is the first; utime is field 14.
  for (int i = 3; i <= 15 && in >> field; ++i) {
    if (i == 14)
      utime = std::atoll(field.c_str());
    if (i == 15)
      stime = std::atoll(field.c_str());
  }
  return utime < 0 || stime < 0 ? -1 : utime + stime;
}

/// Lines of `convoy ctl get nodes` whose STATUS column is exactly Ready.
int ready_nodes(const std::string& convoy_bin, const std::string& server,
                const std::string& token) {
  auto [code, out] = run_command({convoy_bin, "ctl", "--server", server, "--token", token,
                                  "--timeout", "5s", "get", "nodes"},
                                 10s);
  if (code != 0)
    return 0;
  int ready = 0;
  std::istringstream lines{out};
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words{line};
    std::string name, status;
    words >> name >> status;
    ready += status == "Ready";
  }
  return ready;
}

void wait_ready(const std::string& convoy_bin, watched_process& up, const std::string& server,
                const std::string& data_dir) {
  if (!up.wait_for_line("listening on", 30s))
    throw std::runtime_error("convoy up did not start listening within 30 s:\n" + up.tail(20));
  auto deadline = std::chrono::steady_clock::now() + 60s;
  std::string token;
  while (std::chrono::steady_clock::now() < deadline) {
    if (token.empty()) {
      token = read_file(data_dir + "/admin.token");
      token.erase(token.find_last_not_of("\r\n") + 1);
    }
    if (!token.empty() && ready_nodes(convoy_bin, server, token) == 2)
      return;
    std::this_thread::sleep_for(200ms); // poll with a deadline
  }
  throw std::runtime_error("the 2 nodes of convoy up were not Ready within 60 s:\n"
                           + up.tail(20));
}

void print_figures(int pid, long long ticks, double seconds) {
  auto status = "/proc/" + std::to_string(pid) + "/status";
  auto rss = kib_field(status, "VmRSS") / 1024.0;
  auto hwm = kib_field(status, "VmHWM") / 1024.0;
  auto pss = kib_field("/proc/" + std::to_string(pid) + "/smaps_rollup", "Pss") / 1024.0;
  auto threads = kib_field(status, "Threads");
  auto cpu = 100.0 * static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK))
             / seconds;
  std::printf("footprint     convoy up --kubelets 2, idle: VmRSS %.1f MiB (peak %.1f), PSS "
              "%.1f MiB, %lld threads, CPU %.2f%% of one core\n",
              rss, hwm, pss, threads, cpu);
  std::printf("  method      fresh data dir, no pods; 2 nodes Ready (convoy ctl get nodes) + "
              "5 s; VmRSS/VmHWM/Threads from /proc/PID/status, Pss from smaps_rollup at the "
              "end; CPU = delta(utime+stime) of /proc/PID/stat over %.1f s\n",
              seconds);
  std::printf("  vs anchors  RSS / 30 MiB target = %.2fx; k3s ~1.6 GB / convoy RSS = %.0fx "
              "smaller\n",
              rss / target_rss_mib, k3s_rss_mib / rss);
}

} // namespace

void run_footprint(const std::string& convoy_bin, const std::string& work_dir) {
  auto data_dir = work_dir + "/up";
  auto server = "127.0.0.1:" + std::to_string(free_port());
  watched_process up{{convoy_bin, "up", "--data-dir", data_dir, "--kubelets", "2", "--listen",
                      server}};
  wait_ready(convoy_bin, up, server, data_dir);
  std::this_thread::sleep_for(settle); // the measured quantity is "idle after 5 s"
  auto t0 = std::chrono::steady_clock::now();
  auto ticks0 = cpu_ticks(up.pid());
  std::this_thread::sleep_for(cpu_window);
  auto ticks1 = cpu_ticks(up.pid());
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (ticks0 < 0 || ticks1 < 0)
    throw std::runtime_error("convoy up exited during the measurement:\n" + up.tail(20));
  print_figures(up.pid(), ticks1 - ticks0, seconds);
  up.stop(15s);
}

} // namespace convoy::bench
