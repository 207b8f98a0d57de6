#pragma once

// Typed interface of the proxy (kube-proxy role): it receives its watches'
// events and answers status queries.

#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "apiserver/apiserver.pb.h"
#include "proxy/proxy.pb.h"

namespace convoy {

using proxy_actor = caf::typed_actor<
  caf::reacts_to<apiserver::WatchEvent>,
  caf::replies_to<proxy::ProxyStatusRequest>::with<proxy::ProxyStatus>>;

} // namespace convoy
