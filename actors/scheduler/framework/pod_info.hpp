#pragma once

#include <memory>
#include <string>

#include "actors/scheduler/framework/resources.hpp"
#include "api/pod.pb.h"

namespace convoy::scheduler {

/// A pod with what every cycle needs precomputed once: its key and its
/// requests. Shared (never copied) between the queue, the cache and the
/// node infos; the pod itself is immutable once wrapped.
struct pod_info {
  std::shared_ptr<const api::Pod> pod;
  /// "namespace/name".
  std::string key;
  resource_list requests;
  /// Requests with the scoring defaults for containers that have none.
  resource_list non_zero_requests;

  static std::shared_ptr<const pod_info> make(std::shared_ptr<const api::Pod> pod);

  const api::PodSpec& spec() const {
    return pod->spec();
  }
  const api::ObjectMeta& meta() const {
    return pod->metadata();
  }
};

using pod_info_ptr = std::shared_ptr<const pod_info>;

/// "namespace/name" of a pod.
std::string pod_key(const api::Pod& pod);

} // namespace convoy::scheduler
