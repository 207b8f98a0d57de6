// CREATE, UPDATE (incl. the status subresource) and PATCH.

#include "actors/apiserver/server/apiserver_state.hpp"

#include "actors/apiserver/defaulting/object_defaults.hpp"
#include "actors/apiserver/defaulting/pod_defaults.hpp"
#include "actors/apiserver/server/api_object.hpp"
#include "actors/apiserver/validation/object_validation.hpp"
#include "actors/apiserver/validation/status_error.hpp"
#include "api/config.pb.h"
#include "api/pod.pb.h"
#include "api/service.pb.h"
#include "messages/codec/codec.hpp"

namespace convoy::apiserver {

namespace {

/// Admission that changes objects (Kubernetes' mutating plugins).
void admit(apiserver_ptr self, google::protobuf::Message& obj) {
  apply_defaults(obj);
  if (auto* pod = dynamic_cast<api::Pod*>(&obj))
    add_default_tolerations(*pod->mutable_spec(), self->state.cfg.not_ready_toleration_seconds,
                            self->state.cfg.unreachable_toleration_seconds);
}

api::Status invalid(const context_ptr& ctx, const field_error_list& errors) {
  return make_invalid_status(ctx->resource->group, ctx->resource->kind, ctx->attributes.name,
                             errors);
}

/// NamespaceLifecycle's verdict on a write into `ns`, found (or not) at
/// `n`: a create into a namespace being deleted is forbidden.
void admit_into(apiserver_ptr self, const context_ptr& ctx, const api::Namespace* n,
                const std::function<void()>& then) {
  if (!n)
    return reply(self, ctx, api_status::not_found("namespaces", ctx->attributes.namespace_));
  if (n->status().phase() == "Terminating" && ctx->attributes.verb == "create")
    return reply(
      self, ctx,
      api_status::forbidden(ctx->user.name, "create", ctx->attributes.resource,
                            ctx->attributes.namespace_, ctx->attributes.name,
                            "namespace " + ctx->attributes.namespace_ + " is being terminated"));
  then();
}

/// Whether writes into namespace `ns` are allowed (it exists, is not being
/// deleted): Kubernetes' NamespaceLifecycle admission. Like Kubernetes, it
/// asks the namespaces cache (loaded on first use) and the store only for a
/// namespace the cache does not hold, which may have just been created. A
/// write into a default namespace the apiserver is still creating waits for
/// that create.
void check_namespace(apiserver_ptr self, const context_ptr& ctx, std::function<void()> then) {
  const auto& ns = ctx->attributes.namespace_;
  if (!ctx->resource->namespaced)
    return then();
  const auto* nsr = self->state.registry->by_resource("namespaces");
  const auto& cache = cache_of(warm_cache(self, *nsr));
  if (auto cached = cache.ready() ? cache.get("", ns) : nullptr)
    return admit_into(self, ctx, dynamic_cast<const api::Namespace*>(cached.get()), then);
  store_get(
    self, *nsr, nsr->key("", ns),
    [self, ctx, then, ns](std::optional<stored_object> found) {
      auto& starting = self->state.namespaces_starting;
      if (auto i = starting.find(ns); !found && i != starting.end()) {
        // A default namespace still being created at start-up: ask again
        // once the store answered that create.
        i->second.push_back([self, ctx, then] { check_namespace(self, ctx, then); });
        return;
      }
      admit_into(self, ctx, found ? dynamic_cast<api::Namespace*>(found->object.get()) : nullptr,
                 then);
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

/// Tries at a free name when the server generates it: five random
/// characters collide within a few thousand names of one prefix, so a taken
/// one is drawn again, 8 tries in all, as Kubernetes does since 1.32
/// (KEP-4420); only then is the answer AlreadyExists.
constexpr int generated_name_tries = 8;

/// A name for an object that asked for one with metadata.generateName.
std::string generate_name(apiserver_ptr self, const std::string& prefix) {
  auto& st = self->state;
  return prefix + (st.cfg.name_suffix ? st.cfg.name_suffix() : api_object::random_suffix(st.rng));
}

/// `original` under a newly generated name, which `ctx` names from now on.
std::shared_ptr<const google::protobuf::Message>
renamed(apiserver_ptr self, const context_ptr& ctx, const google::protobuf::Message& original) {
  std::shared_ptr<google::protobuf::Message> copy{original.New()};
  copy->CopyFrom(original);
  auto* meta = mutable_object_meta(*copy);
  meta->set_name(generate_name(self, meta->generate_name()));
  ctx->attributes.name = meta->name();
  return copy;
}

/// Allocates what a service needs and stores the new object. `original`
/// is the object before allocation, so a lost race can pick again; a
/// generated name that is taken is drawn again while `name_tries_left` > 1.
void store_new_object(apiserver_ptr self, const context_ptr& ctx,
                      std::shared_ptr<const google::protobuf::Message> original, int attempts_left,
                      int name_tries_left) {
  const auto& r = *ctx->resource;
  std::shared_ptr<google::protobuf::Message> obj{original->New()};
  obj->CopyFrom(*original);
  std::string error;
  auto reservations = allocate_service(self, *obj, error);
  if (!reservations)
    return reply(self, ctx, api_status::internal(error));
  if (ctx->dry_run)
    return reply(self, ctx, *obj);
  bool chosen_by_client = service_allocation_keys(*original).size() == reservations->size()
                          && !reservations->empty();
  auto key = r.key(ctx->attributes.namespace_, ctx->attributes.name);
  store_create(
    self, key, *obj, *reservations,
    [self, ctx, obj](int64_t revision) {
      api_object::set_resource_version(*obj, revision);
      reply(self, ctx, *obj);
    },
    [self, ctx, original, attempts_left, name_tries_left, chosen_by_client](bool key_taken) {
      if (key_taken && name_tries_left > 1)
        return store_new_object(self, ctx, renamed(self, ctx, *original), attempts_left,
                                name_tries_left - 1);
      if (key_taken)
        return reply(self, ctx, api_status::already_exists(ctx->attributes.resource,
                                                           ctx->attributes.name));
      if (chosen_by_client || attempts_left <= 0) {
        field_error_list errors;
        const field_path spec{"spec"};
        errors.push_back(invalid(spec.child("clusterIP"), bad_value{""},
                                 "provided IP or port is already allocated"));
        return reply(self, ctx, invalid(ctx, errors));
      }
      // Another apiserver took an address we picked (now known as taken).
      store_new_object(self, ctx, original, attempts_left - 1, name_tries_left);
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

} // namespace

void handle_create(apiserver_ptr self, const CreateRequest& req,
                   caf::typed_response_promise<ApiResponse> rp) {
  auto ctx = begin_request(self, req.meta(), "create", req.resource(), req.subresource(),
                           req.namespace_(), req.name(), std::move(rp));
  if (!ctx)
    return;
  if (req.subresource() == "binding")
    return create_binding(self, ctx, req);
  if (req.subresource() == "eviction")
    return create_eviction(self, ctx, req);
  const auto& r = *ctx->resource;
  std::shared_ptr<google::protobuf::Message> obj{unpack(req.object(), r.type)};
  if (!obj)
    return reply(self, ctx, api_status::bad_request("the object is not a " + std::string{r.kind}));
  auto* meta = mutable_object_meta(*obj);
  auto& st = self->state;
  if (r.namespaced) {
    if (meta->namespace_().empty())
      meta->set_namespace_(ctx->attributes.namespace_.empty() ? "default"
                                                              : ctx->attributes.namespace_);
    if (!ctx->attributes.namespace_.empty() && meta->namespace_() != ctx->attributes.namespace_)
      return reply(self, ctx,
                   api_status::bad_request("the namespace of the provided object does not "
                                           "match the namespace sent on the request"));
    ctx->attributes.namespace_ = meta->namespace_();
  } else {
    meta->clear_namespace_();
  }
  bool generated = meta->name().empty() && !meta->generate_name().empty();
  if (generated)
    meta->set_name(generate_name(self, meta->generate_name()));
  ctx->attributes.name = meta->name();
  if (!authorize(self, ctx, obj.get()))
    return;
  admit(self, *obj);
  prepare_for_create(*obj);
  if (auto errors = validate_create(*obj); !errors.empty())
    return reply(self, ctx, invalid(ctx, errors));
  api_object::stamp_create(*obj, r.kind, r.api_version(), api_object::new_uid(st.rng),
                            st.clock->now());
  check_namespace(self, ctx, [self, ctx, obj, generated] {
    store_new_object(self, ctx, obj, 5, generated ? generated_name_tries : 1);
  });
}

void write_update(apiserver_ptr self, const context_ptr& ctx,
                  std::unique_ptr<google::protobuf::Message> updated, stored_object current,
                  std::function<void()> retry) {
  const auto& r = *ctx->resource;
  const auto& old = *current.object;
  auto wanted = api_object::resource_version(*updated);
  if (wanted != 0 && wanted != current.mod_revision)
    return reply(self, ctx, api_status::conflict(ctx->attributes.resource, ctx->attributes.name,
                                                 "the object has been modified; please apply "
                                                 "your changes to the latest version and try "
                                                 "again"));
  if (wanted == 0) // unconditional: it replaces whatever is stored now
    api_object::set_resource_version(*updated, current.mod_revision);
  if (ctx->attributes.subresource == "status") {
    // Only the status changes through the status subresource.
    auto merged = std::unique_ptr<google::protobuf::Message>(old.New());
    merged->CopyFrom(old);
    api_object::copy_part(*updated, *merged, "status");
    updated = std::move(merged);
  } else if (api_object::has_part(old, "status") && api_object::has_part(old, "spec")) {
    // ... and never through the main resource (Kubernetes' status strategy).
    api_object::copy_part(old, *updated, "status");
  }
  if (!authorize(self, ctx, updated.get(), &old))
    return;
  admit(self, *updated);
  if (auto* svc = dynamic_cast<api::Service*>(updated.get()))
    carry_over_service_allocations(*svc, dynamic_cast<const api::Service&>(old));
  api_object::stamp_update(*updated, old, r.kind, r.api_version());
  if (auto errors = validate_update(*updated, old); !errors.empty())
    return reply(self, ctx, invalid(ctx, errors));
  std::shared_ptr<google::protobuf::Message> obj{std::move(updated)};
  const auto* meta = object_meta(*obj);
  auto key = r.key(ctx->attributes.namespace_, ctx->attributes.name);
  if (ctx->dry_run)
    return reply(self, ctx, *obj);
  // Deleting and no finalizer left: the update completes the deletion.
  auto* ns = dynamic_cast<const api::Namespace*>(obj.get());
  bool finalized = meta && meta->finalizers_size() == 0
                   && !(ns && ns->spec().finalizers_size() > 0);
  if (meta && meta->has_deletion_timestamp() && finalized)
    return store_delete(
      self, key, current.mod_revision, service_allocation_keys(*obj),
      [self, ctx, obj](int64_t) { reply(self, ctx, *obj); },
      [self, ctx, retry] {
        if (retry)
          return retry();
        reply(self, ctx, api_status::conflict(ctx->attributes.resource, ctx->attributes.name,
                                              "the object changed while it was being deleted"));
      },
      [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
  store_update(
    self, key, *obj, current.mod_revision,
    [self, ctx, obj](int64_t revision) {
      api_object::set_resource_version(*obj, revision);
      reply(self, ctx, *obj);
    },
    [self, ctx, retry] {
      if (retry)
        return retry();
      reply(self, ctx, api_status::conflict(ctx->attributes.resource, ctx->attributes.name,
                                            "the object has been modified; please apply "
                                            "your changes to the latest version and try "
                                            "again"));
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

namespace {

/// Re-reads before an unconditional update or a patch answers Conflict.
/// Kubernetes retries without limit; every round one racing writer wins,
/// so this only bounds a pathological livelock.
constexpr int max_write_retries = 64;

/// One read-modify-write of an update. An update without a
/// resourceVersion is unconditional: when another write slips in between
/// the read and the compare-and-swap, it is applied again to the new
/// version (Kubernetes' GuaranteedUpdate) instead of failing with Conflict.
void update_attempt(apiserver_ptr self, const context_ptr& ctx,
                    std::shared_ptr<google::protobuf::Message> updated, int retries_left) {
  const auto& r = *ctx->resource;
  store_get(
    self, r, r.key(ctx->attributes.namespace_, ctx->attributes.name),
    [self, ctx, updated, retries_left](std::optional<stored_object> found) {
      if (!found)
        return reply(self, ctx, api_status::not_found(ctx->attributes.resource,
                                                      ctx->attributes.name));
      auto copy = std::unique_ptr<google::protobuf::Message>(updated->New());
      copy->CopyFrom(*updated);
      std::function<void()> retry;
      if (retries_left > 0 && api_object::resource_version(*updated) == 0)
        retry = [self, ctx, updated, retries_left] {
          update_attempt(self, ctx, updated, retries_left - 1);
        };
      write_update(self, ctx, std::move(copy), std::move(*found), std::move(retry));
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

/// One read-patch-write; like Kubernetes, a patch is applied again to the
/// newer version when the object changed between the read and the write.
void patch_attempt(apiserver_ptr self, const context_ptr& ctx, const PatchRequest& req,
                   int retries_left) {
  const auto& r = *ctx->resource;
  store_get(
    self, r, r.key(ctx->attributes.namespace_, req.name()),
    [self, ctx, req, retries_left](std::optional<stored_object> found) {
      if (!found)
        return reply(self, ctx, api_status::not_found(ctx->attributes.resource,
                                                      ctx->attributes.name));
      auto original = codec::to_json(*found->object);
      auto patched = apply_patch(req.patch_type(), original, req.patch(), ctx->resource->kind);
      if (!patched)
        return reply(self, ctx, api_status::patch_failed(patched));
      auto updated = ctx->resource->make();
      if (auto st = codec::from_json(*patched.value, *updated); !st)
        return reply(self, ctx, api_status::bad_request(st.error().to_string()));
      // A patch applies to what it read: keep that revision for the CAS.
      api_object::set_resource_version(*updated, found->mod_revision);
      std::function<void()> retry;
      if (retries_left > 0)
        retry = [self, ctx, req, retries_left] {
          patch_attempt(self, ctx, req, retries_left - 1);
        };
      write_update(self, ctx, std::move(updated), std::move(*found), std::move(retry));
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

} // namespace

void handle_update(apiserver_ptr self, const UpdateRequest& req,
                   caf::typed_response_promise<ApiResponse> rp) {
  auto ctx = begin_request(self, req.meta(), "update", req.resource(), req.subresource(),
                           req.namespace_(), req.name(), std::move(rp));
  if (!ctx)
    return;
  if (req.subresource() == "scale")
    return update_scale(self, ctx, req);
  const auto& r = *ctx->resource;
  std::shared_ptr<google::protobuf::Message> updated{unpack(req.object(), r.type)};
  if (!updated)
    return reply(self, ctx, api_status::bad_request("the object is not a " + std::string{r.kind}));
  auto* meta = mutable_object_meta(*updated);
  if (meta->name() != req.name())
    return reply(self, ctx, api_status::bad_request("the name of the object (" + meta->name()
                                                    + ") does not match the name on the URL ("
                                                    + req.name() + ")"));
  if (r.namespaced && meta->namespace_().empty())
    meta->set_namespace_(ctx->attributes.namespace_);
  update_attempt(self, ctx, std::move(updated), max_write_retries);
}

void handle_patch(apiserver_ptr self, const PatchRequest& req,
                  caf::typed_response_promise<ApiResponse> rp) {
  auto ctx = begin_request(self, req.meta(), "patch", req.resource(), req.subresource(),
                           req.namespace_(), req.name(), std::move(rp));
  if (!ctx)
    return;
  patch_attempt(self, ctx, req, max_write_retries);
}

} // namespace convoy::apiserver
