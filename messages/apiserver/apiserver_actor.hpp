#pragma once

// Typed interface of the apiserver: the only component that talks to the
// store. Users, the scheduler, controllers and kubelets all go through it.

#include "caf/actor.hpp"
#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "apiserver/apiserver.pb.h"

namespace convoy {

using apiserver_actor = caf::typed_actor<
  caf::replies_to<apiserver::GetRequest>::with<apiserver::ApiResponse>,
  caf::replies_to<apiserver::ListRequest>::with<apiserver::ApiResponse>,
  caf::replies_to<apiserver::CreateRequest>::with<apiserver::ApiResponse>,
  caf::replies_to<apiserver::UpdateRequest>::with<apiserver::ApiResponse>,
  caf::replies_to<apiserver::PatchRequest>::with<apiserver::ApiResponse>,
  caf::replies_to<apiserver::DeleteRequest>::with<apiserver::ApiResponse>,
  caf::replies_to<apiserver::WatchRequest, caf::actor>::with<apiserver::WatchStarted>,
  caf::reacts_to<apiserver::WatchStop, caf::actor>,
  caf::replies_to<apiserver::AccessReviewRequest>::with<apiserver::AccessReviewResponse>,
  caf::replies_to<apiserver::PodLogRequest, caf::actor>::with<apiserver::PodLogResponse>,
  caf::reacts_to<apiserver::PodLogStop, caf::actor>,
  caf::replies_to<apiserver::KubeletRegistration, caf::actor>::with<apiserver::ApiResponse>,
  caf::replies_to<apiserver::NodeCredentialRequest>::with<apiserver::NodeCredentialResponse>>;

/// Whether an answer says the request failed (a Status with status
/// "Failure" or an HTTP-style code >= 400); successful writes without an
/// object answer with a "Success" Status of code 200.
inline bool api_failed(const apiserver::ApiResponse& resp) {
  return resp.has_status()
         && (resp.status().status() == "Failure" || resp.status().code() >= 400);
}

/// What a watcher of the apiserver receives.
using api_watcher_actor = caf::typed_actor<caf::reacts_to<apiserver::WatchEvent>>;

} // namespace convoy
