// DELETE: immediate, graceful (pods: deletionTimestamp + grace period; the
// kubelet completes it), held by finalizers, or namespace termination.

#include "actors/apiserver/server/apiserver_state.hpp"

#include <google/protobuf/util/time_util.h>

#include "actors/apiserver/server/api_object.hpp"
#include "api/config.pb.h"
#include "api/pod.pb.h"

namespace convoy::apiserver {

namespace {

using google::protobuf::util::TimeUtil;

/// How long a pod may take to stop: the request's grace period, else the
/// pod's; 0 for a pod no node runs (nothing to wait for).
int64_t grace_seconds(const api::Pod& pod, const api::DeleteOptions& opts) {
  if (pod.spec().node_name().empty())
    return 0;
  if (opts.has_grace_period_seconds())
    return std::max<int64_t>(0, opts.grace_period_seconds());
  return pod.spec().has_termination_grace_period_seconds()
           ? pod.spec().termination_grace_period_seconds()
           : 30;
}

void conflict(apiserver_ptr self, const context_ptr& ctx, const std::string& why) {
  reply(self, ctx, api_status::conflict(ctx->attributes.resource, ctx->attributes.name, why));
}

/// Marks the object as being deleted (deletionTimestamp) and stores it.
void mark_deleting(apiserver_ptr self, const context_ptr& ctx, stored_object current,
                   int64_t grace) {
  auto obj = std::shared_ptr<google::protobuf::Message>(std::move(current.object));
  auto* meta = mutable_object_meta(*obj);
  if (!meta->has_deletion_timestamp()) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
      self->state.clock->now().time_since_epoch());
    *meta->mutable_deletion_timestamp() = TimeUtil::SecondsToTimestamp(now.count() + grace);
    meta->set_deletion_grace_period_seconds(grace);
  } else if (grace < meta->deletion_grace_period_seconds()) {
    // A shorter grace period may cut a running termination short.
    meta->set_deletion_grace_period_seconds(grace);
  }
  if (auto* ns = dynamic_cast<api::Namespace*>(obj.get()))
    ns->mutable_status()->set_phase("Terminating");
  const auto& r = *ctx->resource;
  store_update(
    self, r.key(ctx->attributes.namespace_, ctx->attributes.name), *obj, current.mod_revision,
    [self, ctx, obj](int64_t revision) {
      api_object::set_resource_version(*obj, revision);
      reply(self, ctx, *obj);
    },
    [self, ctx] { conflict(self, ctx, "the object changed during the delete; retry"); },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

void remove_now(apiserver_ptr self, const context_ptr& ctx, stored_object current) {
  const auto& r = *ctx->resource;
  auto obj = std::shared_ptr<google::protobuf::Message>(std::move(current.object));
  store_delete(
    self, r.key(ctx->attributes.namespace_, ctx->attributes.name), current.mod_revision,
    service_allocation_keys(*obj),
    [self, ctx, obj](int64_t) {
      // Kubernetes answers a completed delete of most kinds with a Success
      // Status and of pods with the object; clients handle both.
      reply(self, ctx, *obj);
    },
    [self, ctx] { conflict(self, ctx, "the object changed during the delete; retry"); },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

std::optional<std::string> failed_precondition(const api::DeleteOptions& opts,
                                               const google::protobuf::Message& obj) {
  const auto* meta = object_meta(obj);
  if (opts.preconditions().has_uid() && opts.preconditions().uid() != meta->uid())
    return "Precondition failed: UID in precondition: " + opts.preconditions().uid()
           + ", UID in object meta: " + meta->uid();
  if (opts.preconditions().has_resource_version()
      && opts.preconditions().resource_version() != meta->resource_version())
    return "Precondition failed: ResourceVersion in precondition: "
           + opts.preconditions().resource_version()
           + ", ResourceVersion in object meta: " + meta->resource_version();
  return std::nullopt;
}

} // namespace

void handle_delete(apiserver_ptr self, const DeleteRequest& req,
                   caf::typed_response_promise<ApiResponse> rp) {
  auto ctx = begin_request(self, req.meta(), "delete", req.resource(), "", req.namespace_(),
                           req.name(), std::move(rp));
  if (ctx)
    delete_object(self, ctx, req.options());
}

void delete_object(apiserver_ptr self, const context_ptr& ctx, const api::DeleteOptions& opts) {
  const auto& r = *ctx->resource;
  store_get(
    self, r, r.key(ctx->attributes.namespace_, ctx->attributes.name),
    [self, ctx, opts](std::optional<stored_object> found) {
      if (!found)
        return reply(self, ctx, api_status::not_found(ctx->attributes.resource,
                                                      ctx->attributes.name));
      if (!authorize(self, ctx, nullptr, found->object.get()))
        return;
      if (auto why = failed_precondition(opts, *found->object))
        return conflict(self, ctx, *why);
      if (ctx->dry_run)
        return reply(self, ctx, *found->object);
      const auto* meta = object_meta(*found->object);
      if (auto* ns = dynamic_cast<api::Namespace*>(found->object.get()))
        // The namespace controller empties it and removes the finalizer.
        return ns->spec().finalizers_size() > 0 || meta->finalizers_size() > 0
                 ? mark_deleting(self, ctx, std::move(*found), 0)
                 : remove_now(self, ctx, std::move(*found));
      if (meta->finalizers_size() > 0)
        return mark_deleting(self, ctx, std::move(*found), 0);
      if (auto* pod = dynamic_cast<api::Pod*>(found->object.get())) {
        auto grace = grace_seconds(*pod, opts);
        if (grace > 0)
          return mark_deleting(self, ctx, std::move(*found), grace);
      }
      remove_now(self, ctx, std::move(*found));
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

} // namespace convoy::apiserver
