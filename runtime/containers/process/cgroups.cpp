#include "runtime/containers/process/cgroups.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/containers/process/state_files.hpp"

namespace convoy::containers {

namespace {

constexpr int64_t cfs_period_us = 100000;

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

bool make_dir(const std::string& path) {
  return ::mkdir(path.c_str(), 0755) == 0 || errno == EEXIST;
}

/// Writes a control file; empty on success, else "PATH: strerror".
std::string write_control(const std::string& path, const std::string& value) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return path + ": " + std::strerror(errno);
  auto n = ::write(fd, value.data(), value.size());
  int err = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(value.size()))
    return path + ": " + std::strerror(err);
  return {};
}

/// The convoy parent of a controller is usable if it can be created and a
/// child created in it (probing with a real mkdir catches read-only mounts).
bool probe_parent(const std::string& parent) {
  if (!make_dir(parent))
    return false;
  auto probe = parent + "/.probe-" + std::to_string(::getpid());
  if (::mkdir(probe.c_str(), 0755) != 0 && errno != EEXIST)
    return false;
  ::rmdir(probe.c_str());
  return true;
}

} // namespace

cgroups::cgroups(std::string root, bool enabled) : root_(std::move(root)) {
  if (!enabled)
    return;
  if (exists(root_ + "/cgroup.controllers")) {
    if (probe_parent(root_ + "/convoy")) {
      // Children of convoy/ get the controllers only if both levels
      // delegate them; failures leave the limit files absent (reported on
      // create).
      write_control(root_ + "/cgroup.subtree_control", "+memory +cpu +pids");
      write_control(root_ + "/convoy/cgroup.subtree_control", "+memory +cpu +pids");
      mode_ = mode::v2;
    } else {
      why_none_ = root_ + "/convoy: cannot create a cgroup (" + std::strerror(errno) + ")";
    }
    return;
  }
  v1_memory_ = probe_parent(root_ + "/memory/convoy");
  v1_cpu_ = probe_parent(root_ + "/cpu/convoy");
  v1_pids_ = probe_parent(root_ + "/pids/convoy");
  if (v1_memory_ || v1_cpu_ || v1_pids_)
    mode_ = mode::v1;
  else
    why_none_ = root_ + ": neither cgroup v2 nor writable v1 memory/cpu/pids controllers";
}

std::string cgroups::create(const std::string& id, const cgroup_limits& limits,
                            std::vector<std::string>& dirs) const {
  switch (mode_) {
    case mode::v1:
      return create_v1(id, limits, dirs);
    case mode::v2:
      return create_v2(id, limits, dirs);
    case mode::none:
      break;
  }
  return {};
}

std::string cgroups::create_v1(const std::string& id, const cgroup_limits& limits,
                               std::vector<std::string>& dirs) const {
  auto make = [&](bool usable, const char* controller) -> std::string {
    if (!usable)
      return {};
    auto dir = root_ + "/" + controller + "/convoy/" + id;
    if (::mkdir(dir.c_str(), 0755) != 0)
      return "";
    dirs.push_back(dir);
    return dir;
  };
  auto mem = make(v1_memory_, "memory");
  auto cpu = make(v1_cpu_, "cpu");
  auto pids = make(v1_pids_, "pids");
  std::string err;
  if (limits.memory_bytes > 0 && !mem.empty())
    err = write_control(mem + "/memory.limit_in_bytes", std::to_string(limits.memory_bytes));
  if (err.empty() && limits.cpu_millis > 0 && !cpu.empty()) {
    err = write_control(cpu + "/cpu.cfs_period_us", std::to_string(cfs_period_us));
    if (err.empty())
      err = write_control(cpu + "/cpu.cfs_quota_us",
                          std::to_string(limits.cpu_millis * cfs_period_us / 1000));
  }
  if (err.empty() && limits.pids > 0 && !pids.empty())
    err = write_control(pids + "/pids.max", std::to_string(limits.pids));
  return err;
}

std::string cgroups::create_v2(const std::string& id, const cgroup_limits& limits,
                               std::vector<std::string>& dirs) const {
  auto dir = root_ + "/convoy/" + id;
  if (::mkdir(dir.c_str(), 0755) != 0)
    return dir + ": " + std::strerror(errno);
  dirs.push_back(dir);
  std::string err;
  if (limits.memory_bytes > 0)
    err = write_control(dir + "/memory.max", std::to_string(limits.memory_bytes));
  if (err.empty() && limits.cpu_millis > 0)
    err = write_control(dir + "/cpu.max", std::to_string(limits.cpu_millis * cfs_period_us / 1000)
                                              + " " + std::to_string(cfs_period_us));
  if (err.empty() && limits.pids > 0)
    err = write_control(dir + "/pids.max", std::to_string(limits.pids));
  return err;
}

bool cgroups::oom_killed(const std::vector<std::string>& dirs) {
  for (const auto& dir : dirs) {
    // v1 memory.oom_control and v2 memory.events both carry "oom_kill N".
    for (const char* name : {"/memory.events", "/memory.oom_control"}) {
      auto text = state_files::read_small(dir + name);
      if (!text)
        continue;
      std::istringstream is(*text);
      std::string key;
      int64_t value = 0;
      while (is >> key >> value)
        if (key == "oom_kill" && value > 0)
          return true;
    }
  }
  return false;
}

std::vector<std::string> cgroups::remove(const std::vector<std::string>& dirs) {
  std::vector<std::string> left;
  for (const auto& dir : dirs) {
    // rmdir fails with EBUSY while killed processes are still exiting.
    bool gone = false;
    for (int i = 0; i < 50 && !gone; ++i) {
      gone = ::rmdir(dir.c_str()) == 0 || errno == ENOENT;
      if (!gone && errno != EBUSY)
        break;
      if (!gone)
        ::usleep(10000);
    }
    if (!gone)
      left.push_back(dir);
  }
  return left;
}

} // namespace convoy::containers
