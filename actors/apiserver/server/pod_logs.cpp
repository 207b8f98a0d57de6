// pods/log and the kubelet directory it needs. Kubernetes' apiserver dials
// the kubelet's HTTPS port for logs; here each kubelet registers its actor
// (local or remote, CAF routes either) and the apiserver forwards an
// authorized request to it. The log then flows from the kubelet to the
// client: once in the answer, and for `follow` as chunks to the client's
// actor, so a long stream does not pass through the apiserver's mailbox.

#include <spdlog/logger.h>

#include "actors/apiserver/rbac/node_restriction.hpp"
#include "actors/apiserver/server/api_status.hpp"
#include "actors/apiserver/server/apiserver_state.hpp"
#include "api/pod.pb.h"
#include "kubelet/kubelet.pb.h"
#include "messages/kubelet/kubelet_actor.hpp"

namespace convoy::apiserver {

namespace {

PodLogResponse log_failure(api::Status status) {
  PodLogResponse out;
  *out.mutable_status() = std::move(status);
  return out;
}

kubelet::ContainerLogRequest to_kubelet(const PodLogRequest& req, const api::Pod& pod) {
  kubelet::ContainerLogRequest out;
  out.set_namespace_(req.namespace_());
  out.set_pod(req.name());
  out.set_pod_uid(pod.metadata().uid());
  out.set_container(req.container());
  if (req.has_tail_lines())
    out.set_tail_lines(req.tail_lines());
  out.set_previous(req.previous());
  out.set_follow(req.follow());
  out.set_limit_bytes(req.limit_bytes());
  out.set_stream_id(req.stream_id());
  return out;
}

/// Asks the kubelet running `pod` for the log; answers `rp` either way.
void ask_kubelet(apiserver_ptr self, const PodLogRequest& req, const api::Pod& pod,
                 const caf::actor& client, caf::typed_response_promise<PodLogResponse> rp) {
  const auto& node = pod.spec().node_name();
  if (node.empty()) {
    rp.deliver(log_failure(api_status::bad_request(
      "pod \"" + req.name() + "\" has no node yet (it is not scheduled): no log")));
    return;
  }
  auto i = self->state.kubelets.find(node);
  if (i == self->state.kubelets.end()) {
    rp.deliver(log_failure(
      api_status::unavailable("the kubelet of node \"" + node + "\" is not connected")));
    return;
  }
  auto kubelet = caf::actor_cast<kubelet_actor>(i->second);
  self->request(kubelet, std::chrono::seconds{10}, to_kubelet(req, pod), client)
    .then([rp](PodLogResponse& resp) mutable { rp.deliver(std::move(resp)); },
          [rp, node](caf::error& err) mutable {
            rp.deliver(log_failure(api_status::unavailable(
              "the kubelet of node \"" + node + "\" did not answer: " + to_string(err))));
          });
}

} // namespace

void handle_pod_log(apiserver_ptr self, const PodLogRequest& req, const caf::actor& client,
                    caf::typed_response_promise<PodLogResponse> rp) {
  auto answer = [rp](ApiResponse resp) mutable {
    rp.deliver(log_failure(std::move(*resp.mutable_status())));
  };
  auto ctx = begin_request(self, req.meta(), "get", "pods", "log", req.namespace_(), req.name(),
                           answer);
  if (!ctx || !authorize(self, ctx))
    return;
  if (req.follow() && !client)
    return answer(ApiResponse{});
  const auto& r = *ctx->resource;
  store_get(
    self, r, r.key(ctx->attributes.namespace_, req.name()),
    [self, req, client, rp](std::optional<stored_object> found) mutable {
      const auto* pod = found ? dynamic_cast<const api::Pod*>(found->object.get()) : nullptr;
      if (!pod) {
        rp.deliver(log_failure(api_status::not_found("pods", req.name())));
        return;
      }
      ask_kubelet(self, req, *pod, client, rp);
    },
    [rp](api::Status st) mutable { rp.deliver(log_failure(std::move(st))); }, true);
}

void stop_pod_log(apiserver_ptr self, const PodLogStop& stop, const caf::actor& client) {
  // The client does not know which kubelet streams to it: tell them all
  // (streams are keyed by client and id, so others ignore it).
  for (const auto& [node, kubelet] : self->state.kubelets)
    self->send(caf::actor_cast<kubelet_actor>(kubelet), stop, client);
}

void register_kubelet(apiserver_ptr self, const KubeletRegistration& req,
                      const caf::actor& kubelet, caf::typed_response_promise<ApiResponse> rp) {
  auto ctx = begin_request(self, req.meta(), "update", "nodes", "status", "", req.node_name(),
                           rp);
  if (!ctx || !authorize(self, ctx))
    return;
  auto who = node_identity(ctx->user);
  if (req.node_name().empty() || !kubelet || (who && *who != req.node_name()))
    return reply(self, ctx, api_status::forbidden(ctx->user.name, "update", "nodes/status", "",
                                                  req.node_name(),
                                                  "a kubelet registers as its own node only"));
  auto& slot = self->state.kubelets[req.node_name()];
  if (slot != kubelet) {
    slot = kubelet;
    self->monitor(kubelet);
    self->state.log->info("kubelet of node {} registered", req.node_name());
  }
  reply(self, ctx, api_status::success());
}

void drop_kubelet(apiserver_ptr self, const caf::actor_addr& who) {
  auto& ks = self->state.kubelets;
  for (auto i = ks.begin(); i != ks.end(); ++i)
    if (i->second.address() == who) {
      self->state.log->info("kubelet of node {} went away", i->first);
      ks.erase(i);
      return;
    }
}

} // namespace convoy::apiserver
