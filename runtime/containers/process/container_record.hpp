#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/containers/container_runtime.hpp"

namespace convoy::containers {

/// What the runtime writes to ROOT/containers/ID/config.json before the
/// process starts: the static part of container_status plus the cgroups to
/// remove later. It is all list() needs after a kubelet restart.
struct container_record {
  /// Only the static fields are used: id, pod and container identity,
  /// attempt, init, image, pod_ip, created_at.
  container_status meta;
  std::vector<std::string> cgroup_dirs;
  /// For people reading the directory; not read back.
  std::vector<std::string> argv;
};

std::string encode_record(const container_record& record);

/// nullopt if `text` is not a record (names no field: the file is ours).
std::optional<container_record> decode_record(const std::string& text);

} // namespace convoy::containers
