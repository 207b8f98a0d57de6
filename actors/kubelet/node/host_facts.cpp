#include "actors/kubelet/node/host_facts.hpp"

#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <dirent.h>
#include <fstream>
#include <sstream>

namespace convoy::kubelet {

namespace {

std::string first_line(const char* path) {
  std::ifstream in{path};
  std::string line;
  std::getline(in, line);
  return line;
}

/// A "Key: N kB" value of /proc/meminfo, in bytes.
int64_t meminfo(const std::string& text, const std::string& key) {
  auto at = text.find(key + ":");
  if (at == std::string::npos)
    return 0;
  return std::strtoll(text.c_str() + at + key.size() + 1, nullptr, 10) * 1024;
}

std::string os_image() {
  std::ifstream in{"/etc/os-release"};
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      auto v = line.substr(12);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
        v = v.substr(1, v.size() - 2);
      return v;
    }
  return "Linux";
}

int64_t count_processes() {
  int64_t n = 0;
  if (auto* dir = opendir("/proc")) {
    while (auto* e = readdir(dir))
      n += e->d_name[0] >= '0' && e->d_name[0] <= '9';
    closedir(dir);
  }
  return n;
}

} // namespace

host_facts read_host_facts(const std::string& data_dir) {
  host_facts f;
  f.cpus = static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  std::ifstream mem{"/proc/meminfo"};
  std::stringstream text;
  text << mem.rdbuf();
  f.memory_bytes = meminfo(text.str(), "MemTotal");
  f.memory_available_bytes = meminfo(text.str(), "MemAvailable");
  struct statvfs fs {};
  if (statvfs(data_dir.c_str(), &fs) == 0 && fs.f_blocks > 0)
    f.disk_free_ratio = static_cast<double>(fs.f_bavail) / static_cast<double>(fs.f_blocks);
  f.pids_max = std::strtoll(first_line("/proc/sys/kernel/pid_max").c_str(), nullptr, 10);
  f.pids_in_use = count_processes();
  struct utsname u {};
  if (uname(&u) == 0)
    f.kernel_version = u.release;
  f.os_image = os_image();
  f.machine_id = first_line("/etc/machine-id");
  f.boot_id = first_line("/proc/sys/kernel/random/boot_id");
  return f;
}

} // namespace convoy::kubelet
