#pragma once

#include <cstdint>
#include <string>

namespace convoy::kubelet {

/// What the host offers and how it is doing: the input of the Node's
/// capacity, nodeInfo and pressure conditions.
struct host_facts {
  int cpus = 1;
  int64_t memory_bytes = 0;
  int64_t memory_available_bytes = 0;
  /// Free fraction of the filesystem holding the kubelet's data.
  double disk_free_ratio = 1.0;
  int64_t pids_max = 0;
  int64_t pids_in_use = 0;
  std::string kernel_version;
  std::string os_image;
  std::string machine_id;
  std::string boot_id;
};

/// Reads the facts from /proc, /etc and statvfs(`data_dir`); a source that
/// cannot be read leaves its field at the default.
host_facts read_host_facts(const std::string& data_dir);

} // namespace convoy::kubelet
