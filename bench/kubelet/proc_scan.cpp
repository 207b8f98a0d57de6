#include "proc_scan.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

#include "runtime/containers/process/cgroups.hpp"
#include "runtime/containers/process/container_record.hpp"
#include "runtime/containers/process/state_files.hpp"

namespace convoy::bench {

namespace fs = std::filesystem;

namespace {

std::string proc_path(int pid, const char* file) {
  return pid == 0 ? std::string("/proc/self/") + file
                  : "/proc/" + std::to_string(pid) + "/" + file;
}

/// The whole content of a /proc file; empty if it cannot be read (the
/// process may exit while it is read).
std::string read_proc(const std::string& path) {
  return convoy::containers::state_files::read_small(path).value_or("");
}

/// The value in KiB of the line "KEY:   123 kB" of a /proc file; -1 if absent.
int64_t kib_field(const std::string& path, const std::string& key) {
  auto text = read_proc(path);
  auto at = text.find("\n" + key + ":");
  if (text.compare(0, key.size() + 1, key + ":") == 0)
    at = 0;
  else if (at != std::string::npos)
    ++at;
  else
    return -1;
  return std::strtoll(text.c_str() + at + key.size() + 1, nullptr, 10);
}

/// The state letter of /proc/PID/stat (after the parenthesised name, which
/// may itself contain spaces or parentheses); 0 if unreadable.
char process_state(int pid) {
  auto stat = read_proc(proc_path(pid, "stat"));
  auto close = stat.rfind(')');
  return close == std::string::npos || close + 2 >= stat.size() ? 0 : stat[close + 2];
}

std::string read_cmdline(int pid) {
  return read_proc(proc_path(pid, "cmdline"));
}

/// Every live process for which `match(cmdline)` holds.
template <class Match>
std::vector<int> scan(Match match) {
  std::vector<int> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const auto name = entry.path().filename().string();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0])))
      continue;
    int pid = std::atoi(name.c_str());
    if (!match(read_cmdline(pid)))
      continue;
    auto state = process_state(pid);
    if (state != 0 && state != 'Z' && state != 'X')
      out.push_back(pid);
  }
  return out;
}

} // namespace

int64_t rss_kib(int pid) {
  return kib_field(proc_path(pid, "status"), "VmRSS");
}

int64_t pss_kib(int pid) {
  return kib_field(proc_path(pid, "smaps_rollup"), "Pss");
}

std::vector<int> processes_with_cmdline(const std::string& cmdline) {
  return scan([&](const std::string& c) { return c == cmdline; });
}

std::vector<int> processes_mentioning(const std::string& part) {
  return scan([&](const std::string& c) { return c.find(part) != std::string::npos; });
}

std::vector<pod_pids> recorded_pids(const std::string& runtime_root) {
  std::vector<pod_pids> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(runtime_root) / "containers", ec)) {
    auto text = containers::state_files::read_small((entry.path() / "pid").string());
    if (!text)
      continue;
    if (auto rec = containers::state_files::parse_pid(*text))
      out.push_back({rec->shim_pid, rec->child_pid});
  }
  return out;
}

size_t remove_recorded_cgroups(const std::string& runtime_root) {
  size_t left = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(runtime_root) / "containers", ec)) {
    auto text = containers::state_files::read_small((entry.path() / "config.json").string());
    if (!text)
      continue;
    if (auto rec = containers::decode_record(*text))
      left += containers::cgroups::remove(rec->cgroup_dirs).size();
  }
  return left;
}

outside_memory measure_outside(const std::vector<pod_pids>& pods) {
  outside_memory m;
  for (const auto& p : pods) {
    auto shim = rss_kib(p.shim);
    auto child = rss_kib(p.child);
    if (shim < 0 || child < 0)
      continue;
    ++m.counted;
    m.shim_rss_kib += shim;
    m.child_rss_kib += child;
    m.shim_pss_kib += std::max<int64_t>(pss_kib(p.shim), 0);
    m.child_pss_kib += std::max<int64_t>(pss_kib(p.child), 0);
  }
  return m;
}

} // namespace convoy::bench
