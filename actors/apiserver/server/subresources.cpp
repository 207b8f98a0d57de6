// Subresources: pods/binding (the scheduler's bind), pods/eviction, and the
// scale subresource of replication controllers, replica sets, deployments.

#include "actors/apiserver/server/apiserver_state.hpp"

#include <google/protobuf/util/time_util.h>

#include "actors/apiserver/selectors/label_selector.hpp"
#include "actors/apiserver/server/api_object.hpp"
#include "api/pod.pb.h"
#include "api/workload.pb.h"

namespace convoy::apiserver {

namespace {

using google::protobuf::Message;

/// Reads the object the request names; `for_write`: a serializable read,
/// since the write's compare-and-swap refuses what a stale read produced
/// (the scheduler's binds: a stale read costs a Conflict and a retry).
void with_current(apiserver_ptr self, const context_ptr& ctx,
                  std::function<void(stored_object)> then, bool for_write) {
  const auto& r = *ctx->resource;
  store_get(
    self, r, r.key(ctx->attributes.namespace_, ctx->attributes.name),
    [self, ctx, then](std::optional<stored_object> found) {
      if (!found)
        return reply(self, ctx, api_status::not_found(ctx->attributes.resource,
                                                      ctx->attributes.name));
      then(std::move(*found));
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); }, for_write);
}

void mark_scheduled(api::Pod& pod, std::chrono::system_clock::time_point now) {
  auto* status = pod.mutable_status();
  api::PodCondition* cond = nullptr;
  for (auto& c : *status->mutable_conditions())
    if (c.type() == "PodScheduled")
      cond = &c;
  if (!cond)
    cond = status->add_conditions();
  cond->set_type("PodScheduled");
  cond->set_status("True");
  cond->clear_reason();
  cond->clear_message();
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch());
  *cond->mutable_last_transition_time() =
    google::protobuf::util::TimeUtil::SecondsToTimestamp(secs.count());
}

/// The replicas fields of a ReplicationController, ReplicaSet or Deployment.
struct scale_view {
  int32_t spec_replicas = 0;
  int32_t status_replicas = 0;
  std::string selector;
};

scale_view view_of(const Message& obj) {
  scale_view v;
  if (auto* rc = dynamic_cast<const api::ReplicationController*>(&obj)) {
    v.spec_replicas = rc->spec().has_replicas() ? rc->spec().replicas() : 1;
    v.status_replicas = rc->status().replicas();
    v.selector = label_selector::from_map(rc->spec().selector()).to_string();
  } else if (auto* rs = dynamic_cast<const api::ReplicaSet*>(&obj)) {
    v.spec_replicas = rs->spec().has_replicas() ? rs->spec().replicas() : 1;
    v.status_replicas = rs->status().replicas();
    auto sel = label_selector::from_message(rs->spec().selector());
    v.selector = sel ? sel.value->to_string() : "";
  } else if (auto* d = dynamic_cast<const api::Deployment*>(&obj)) {
    v.spec_replicas = d->spec().has_replicas() ? d->spec().replicas() : 1;
    v.status_replicas = d->status().replicas();
    auto sel = label_selector::from_message(d->spec().selector());
    v.selector = sel ? sel.value->to_string() : "";
  }
  return v;
}

void set_replicas(Message& obj, int32_t replicas) {
  if (auto* rc = dynamic_cast<api::ReplicationController*>(&obj))
    rc->mutable_spec()->set_replicas(replicas);
  else if (auto* rs = dynamic_cast<api::ReplicaSet*>(&obj))
    rs->mutable_spec()->set_replicas(replicas);
  else if (auto* d = dynamic_cast<api::Deployment*>(&obj))
    d->mutable_spec()->set_replicas(replicas);
}

api::Scale scale_of(const Message& obj, int64_t revision) {
  api::Scale scale;
  scale.set_kind("Scale");
  scale.set_api_version("autoscaling/v1");
  const auto* m = object_meta(obj);
  auto* sm = scale.mutable_metadata();
  sm->set_name(m->name());
  sm->set_namespace_(m->namespace_());
  sm->set_uid(m->uid());
  *sm->mutable_creation_timestamp() = m->creation_timestamp();
  sm->set_resource_version(std::to_string(revision));
  auto v = view_of(obj);
  scale.mutable_spec()->set_replicas(v.spec_replicas);
  scale.mutable_status()->set_replicas(v.status_replicas);
  scale.mutable_status()->set_selector(v.selector);
  return scale;
}

/// Binds the pod in `current` to `node` with compare-and-swap on its
/// revision (and on the node's existence). `current` may come from the watch
/// cache and be stale: then its compare fails and `from_store` starts over
/// from the store; without it a failed compare is the client's Conflict.
void bind_current(apiserver_ptr self, const context_ptr& ctx, const std::string& node,
                  stored_object current, std::function<void()> from_store) {
  auto* pod = dynamic_cast<api::Pod*>(current.object.get());
  if (!pod)
    return reply(self, ctx, api_status::bad_request("bindings are for pods"));
  // Both are final once true, so a cached pod that shows them is right.
  if (!pod->spec().node_name().empty())
    return reply(self, ctx,
                 api_status::conflict("pods", ctx->attributes.name,
                                      "pod " + ctx->attributes.name
                                        + " is already assigned to node \""
                                        + pod->spec().node_name() + "\""));
  if (pod->metadata().has_deletion_timestamp())
    return reply(self, ctx,
                 api_status::conflict("pods", ctx->attributes.name, "pod is being deleted"));
  pod->mutable_spec()->set_node_name(node);
  mark_scheduled(*pod, self->state.clock->now());
  const auto& r = *ctx->resource;
  store_update(
    self, r.key(ctx->attributes.namespace_, ctx->attributes.name), *pod, current.mod_revision,
    [self, ctx](int64_t) { reply(self, ctx, api_status::success("bound")); },
    [self, ctx, node, from_store] {
      if (from_store)
        return from_store();
      reply(self, ctx,
            api_status::conflict("pods", ctx->attributes.name,
                                 "the pod changed, or node \"" + node
                                   + "\" was deleted, while the pod was being bound"));
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); },
    self->state.registry->by_resource("nodes")->key("", node));
}

} // namespace

/// Like Kubernetes, a binding is a compare-and-swap of the pod. The pod is
/// taken from the apiserver's watch cache when it holds it (the scheduler's
/// pod watch keeps it loaded), saving a store read per binding; a stale
/// copy fails the compare and the binding reads the store.
void create_binding(apiserver_ptr self, const context_ptr& ctx, const CreateRequest& req) {
  api::Binding binding;
  if (!req.object().UnpackTo(&binding))
    return reply(self, ctx, api_status::bad_request("the object is not a Binding"));
  if (binding.target().name().empty())
    return reply(self, ctx, api_status::bad_request("binding target: node name is required"));
  if (!authorize(self, ctx, &binding))
    return;
  auto node = binding.target().name();
  auto from_store = [self, ctx, node] {
    with_current(
      self, ctx,
      [self, ctx, node](stored_object current) {
        bind_current(self, ctx, node, std::move(current), nullptr);
      },
      true);
  };
  auto cached =
    cached_object(self, ctx->attributes.resource, ctx->attributes.namespace_, ctx->attributes.name);
  if (!cached)
    return from_store();
  stored_object current{std::unique_ptr<google::protobuf::Message>(cached->New()),
                        api_object::resource_version(*cached)};
  current.object->CopyFrom(*cached);
  bind_current(self, ctx, node, std::move(current), from_store);
}

void create_eviction(apiserver_ptr self, const context_ptr& ctx, const CreateRequest& req) {
  api::Eviction eviction;
  if (!req.object().UnpackTo(&eviction))
    return reply(self, ctx, api_status::bad_request("the object is not an Eviction"));
  if (!authorize(self, ctx, &eviction))
    return;
  // No disruption budgets yet: an eviction is a graceful delete.
  delete_object(self, ctx, eviction.delete_options());
}

void get_scale(apiserver_ptr self, const context_ptr& ctx) {
  with_current(self, ctx, [self, ctx](stored_object current) {
    reply(self, ctx, scale_of(*current.object, current.mod_revision));
  }, false);
}

void update_scale(apiserver_ptr self, const context_ptr& ctx, const UpdateRequest& req) {
  api::Scale scale;
  if (!req.object().UnpackTo(&scale))
    return reply(self, ctx, api_status::bad_request("the object is not a Scale"));
  if (scale.spec().replicas() < 0)
    return reply(self, ctx, api_status::bad_request("spec.replicas: Invalid value: "
                                                    + std::to_string(scale.spec().replicas())
                                                    + ": must be greater than or equal to 0"));
  if (!authorize(self, ctx, &scale))
    return;
  with_current(self, ctx, [self, ctx, scale](stored_object current) {
    auto wanted = api_object::resource_version(scale);
    if (wanted != 0 && wanted != current.mod_revision)
      return reply(self, ctx, api_status::conflict(ctx->attributes.resource,
                                                   ctx->attributes.name,
                                                   "the object has been modified"));
    auto obj = std::shared_ptr<Message>(std::move(current.object));
    set_replicas(*obj, scale.spec().replicas());
    if (auto* m = mutable_object_meta(*obj))
      m->set_generation(m->generation() + 1);
    const auto& r = *ctx->resource;
    store_update(
      self, r.key(ctx->attributes.namespace_, ctx->attributes.name), *obj,
      current.mod_revision,
      [self, ctx, obj](int64_t revision) { reply(self, ctx, scale_of(*obj, revision)); },
      [self, ctx] {
        reply(self, ctx, api_status::conflict(ctx->attributes.resource, ctx->attributes.name,
                                              "the object has been modified"));
      },
      [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
  }, false);
}

} // namespace convoy::apiserver
