#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "messages/apiserver/apiserver_actor.hpp"

namespace convoy::controllers {

/// What every controller actor needs: where the API is and who it is.
struct controller_config {
  /// The apiserver it watches and writes through.
  apiserver_actor api;
  /// Its bearer token (user system:kube-controller-manager).
  std::string token;
  /// The actor node it runs on (log lines).
  std::string node_name;
  /// Syncs in flight at once (Kubernetes' --concurrent-*-syncs).
  size_t workers = 5;
  uint64_t seed = 1;
};

} // namespace convoy::controllers
