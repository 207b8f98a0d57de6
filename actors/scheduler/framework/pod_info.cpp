#include "actors/scheduler/framework/pod_info.hpp"

namespace convoy::scheduler {

std::shared_ptr<const pod_info> pod_info::make(std::shared_ptr<const api::Pod> pod) {
  auto out = std::make_shared<pod_info>();
  out->key = pod_key(*pod);
  out->requests = pod_requests(pod->spec());
  out->non_zero_requests = pod_non_zero_requests(pod->spec());
  out->pod = std::move(pod);
  return out;
}

std::string pod_key(const api::Pod& pod) {
  std::string key;
  key.reserve(pod.metadata().namespace_().size() + 1 + pod.metadata().name().size());
  key += pod.metadata().namespace_();
  key += '/';
  key += pod.metadata().name();
  return key;
}

} // namespace convoy::scheduler
