// DELETE: immediate, graceful (pods: deletionTimestamp + grace period; the
// kubelet completes it), held by finalizers, or namespace termination. The
// propagation policy becomes the garbage collector's finalizers ("orphan",
// "foregroundDeletion") as Kubernetes' generic registry store sets them.

#include "actors/apiserver/server/apiserver_state.hpp"

#include <algorithm>

#include <google/protobuf/util/time_util.h>

#include "actors/apiserver/server/api_object.hpp"
#include "actors/apiserver/validation/status_error.hpp"
#include "api/config.pb.h"
#include "api/pod.pb.h"

namespace convoy::apiserver {

namespace {

using google::protobuf::util::TimeUtil;

constexpr std::string_view orphan_finalizer = "orphan";
constexpr std::string_view foreground_finalizer = "foregroundDeletion";

/// Kubernetes' ValidateDeleteOptions for the propagation fields: the
/// deprecated orphanDependents excludes propagationPolicy, and the policy is
/// one of three words. An empty policy is Go's nil (the proto has no presence).
field_error_list validate_propagation(const api::DeleteOptions& opts) {
  field_error_list errors;
  const field_path path{"propagationPolicy"};
  const auto& policy = opts.propagation_policy();
  if (opts.has_orphan_dependents() && !policy.empty())
    errors.push_back(
      invalid(path, policy, "orphanDependents and deletionPropagation cannot be both set"));
  if (!policy.empty() && policy != "Foreground" && policy != "Background" && policy != "Orphan")
    errors.push_back(not_supported(path, policy, {"Foreground", "Background", "Orphan", "nil"}));
  return errors;
}

/// Which garbage-collector finalizer the delete asks for: an explicit option
/// wins, else the one the object already carries (Kubernetes'
/// shouldOrphanDependents / shouldDeleteDependents); empty for none.
std::string_view wanted_gc_finalizer(const api::ObjectMeta& meta, const api::DeleteOptions& opts) {
  if (opts.has_orphan_dependents())
    return opts.orphan_dependents() ? orphan_finalizer : std::string_view{};
  const auto& policy = opts.propagation_policy();
  if (policy == "Orphan")
    return orphan_finalizer;
  if (policy == "Foreground")
    return foreground_finalizer;
  if (policy == "Background")
    return {};
  for (const auto& f : meta.finalizers()) {
    if (f == orphan_finalizer)
      return orphan_finalizer;
    if (f == foreground_finalizer)
      return foreground_finalizer;
  }
  return {};
}

/// Kubernetes' deletionFinalizersForGarbageCollection: drops both GC
/// finalizers, then adds back the one the delete asks for, so each appears at
/// most once and the two never coexist. Other finalizers keep their order.
void set_gc_finalizers(api::ObjectMeta& meta, const api::DeleteOptions& opts) {
  auto wanted = std::string(wanted_gc_finalizer(meta, opts));
  auto* list = meta.mutable_finalizers();
  list->erase(std::remove_if(list->begin(), list->end(),
                             [](const std::string& f) {
                               return f == orphan_finalizer || f == foreground_finalizer;
                             }),
              list->end());
  if (!wanted.empty())
    meta.add_finalizers(wanted);
}

/// A graceful termination is under way (deletionTimestamp with a grace
/// period): Kubernetes then no longer lets DeleteOptions change finalizers.
bool pending_graceful(const api::ObjectMeta& meta) {
  return meta.has_deletion_timestamp() && meta.deletion_grace_period_seconds() > 0;
}

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
  if (auto errors = validate_propagation(opts); !errors.empty())
    return reply(self, ctx, make_invalid_status("meta.k8s.io", "DeleteOptions", "", errors));
  const auto& r = *ctx->resource;
  store_get(
    self, r, r.key(ctx->attributes.namespace_, ctx->attributes.name),
    [self, ctx, opts](std::optional<stored_object> found) {
      if (!found)
        return reply(self, ctx, api_status::not_found(ctx->attributes.resource,
                                                      ctx->attributes.name));
      if (!authorize(self, ctx, found->object.get()))
        return;
      if (auto why = failed_precondition(opts, *found->object))
        return conflict(self, ctx, *why);
      if (ctx->dry_run)
        return reply(self, ctx, *found->object);
      auto* meta = mutable_object_meta(*found->object);
      if (!pending_graceful(*meta))
        set_gc_finalizers(*meta, opts);
      if (auto* ns = dynamic_cast<api::Namespace*>(found->object.get()))
        // The namespace controller empties it and removes the finalizer.
        return ns->spec().finalizers_size() > 0 || meta->finalizers_size() > 0
                 ? mark_deleting(self, ctx, std::move(*found), 0)
                 : remove_now(self, ctx, std::move(*found));
      // A pod keeps its grace period even when finalizers hold it afterwards
      // (a foreground delete must still let its containers stop).
      if (auto* pod = dynamic_cast<api::Pod*>(found->object.get())) {
        auto grace = grace_seconds(*pod, opts);
        if (grace > 0)
          return mark_deleting(self, ctx, std::move(*found), grace);
      }
      if (meta->finalizers_size() > 0)
        return mark_deleting(self, ctx, std::move(*found), 0);
      remove_now(self, ctx, std::move(*found));
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

} // namespace convoy::apiserver
