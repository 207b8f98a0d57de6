#pragma once

// Typed interface of the kubelet: it receives its watches' events, serves
// container logs to the apiserver and answers status queries.

#include "caf/actor.hpp"
#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "apiserver/apiserver.pb.h"
#include "kubelet/kubelet.pb.h"

namespace convoy {

using kubelet_actor = caf::typed_actor<
  caf::reacts_to<apiserver::WatchEvent>,
  caf::replies_to<kubelet::ContainerLogRequest, caf::actor>::with<apiserver::PodLogResponse>,
  caf::reacts_to<apiserver::PodLogStop, caf::actor>,
  caf::replies_to<kubelet::KubeletStatusRequest>::with<kubelet::KubeletStatus>>;

} // namespace convoy
