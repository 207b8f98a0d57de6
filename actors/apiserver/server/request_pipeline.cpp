// The steps every API request takes: authentication, resource resolution,
// authorization, and the answer.

#include "actors/apiserver/server/apiserver_state.hpp"

#include <spdlog/logger.h>

#include "actors/apiserver/rbac/node_restriction.hpp"
#include "actors/apiserver/server/api_object.hpp"

namespace convoy::apiserver {

context_ptr begin_request(apiserver_ptr self, const RequestMeta& meta, std::string verb,
                          const std::string& resource, const std::string& subresource,
                          const std::string& ns, const std::string& name,
                          caf::typed_response_promise<ApiResponse> promise) {
  return begin_request(self, meta, std::move(verb), resource, subresource, ns, name,
                       [promise](ApiResponse resp) mutable { promise.deliver(std::move(resp)); });
}

context_ptr begin_request(apiserver_ptr self, const RequestMeta& meta, std::string verb,
                          const std::string& resource, const std::string& subresource,
                          const std::string& ns, const std::string& name,
                          std::function<void(ApiResponse)> answer) {
  auto& st = self->state;
  auto ctx = std::make_shared<request_context>();
  auto started = self->clock().now();
  ctx->answer = [self, started, verb, answer = std::move(answer)](ApiResponse resp) mutable {
    auto now = self->clock().now();
    self->state.requests.record(verb, now - started, resp.status().code() >= 400,
                                now.time_since_epoch());
    answer(std::move(resp));
  };
  ctx->dry_run = meta.dry_run();
  ctx->attributes.verb = std::move(verb);
  ctx->attributes.subresource = subresource;
  ctx->attributes.namespace_ = ns;
  ctx->attributes.name = name;
  auto user = authenticate_token(self, meta.token());
  if (!user) {
    ctx->attributes.resource = resource;
    reply(self, ctx, api_status::unauthorized(meta.token().empty() ? "no bearer token"
                                                                   : "invalid bearer token"));
    return nullptr;
  }
  ctx->user = std::move(*user);
  ctx->resource = st.registry->find(resource);
  if (!ctx->resource) {
    ctx->attributes.resource = resource;
    reply(self, ctx, api_status::not_found("resource", resource));
    return nullptr;
  }
  ctx->attributes.resource = std::string{ctx->resource->resource};
  ctx->attributes.api_group = std::string{ctx->resource->group};
  if (!ctx->resource->namespaced)
    ctx->attributes.namespace_.clear();
  if (!subresource.empty() && !ctx->resource->subresource(subresource)) {
    reply(self, ctx, api_status::not_found(std::string{ctx->resource->resource} + "/"
                                             + subresource,
                                           name));
    return nullptr;
  }
  return ctx;
}

bool authorize(apiserver_ptr self, const context_ptr& ctx, const google::protobuf::Message* object,
               const google::protobuf::Message* old) {
  const auto& a = ctx->attributes;
  auto decision = self->state.authorizer.authorize(ctx->user, a);
  if (decision.allowed) {
    // Kubelets (system:node:NAME) may only touch their own node, lease and
    // pods bound to them, whatever RBAC says.
    auto admit = node_restriction(ctx->user, a, object, old);
    if (admit.allowed)
      return true;
    decision.reason = admit.reason;
  }
  reply(self, ctx, api_status::forbidden(ctx->user.name, a.verb,
                                         a.subresource.empty() ? a.resource
                                                               : a.resource + "/" + a.subresource,
                                         a.namespace_, a.name, decision.reason));
  return false;
}

void reply(apiserver_ptr, const context_ptr& ctx, const google::protobuf::Message& object) {
  ApiResponse resp;
  resp.mutable_object()->PackFrom(object);
  ctx->answer(std::move(resp));
}

void reply(apiserver_ptr, const context_ptr& ctx, api::Status status) {
  ApiResponse resp;
  *resp.mutable_status() = std::move(status);
  ctx->answer(std::move(resp));
}

std::unique_ptr<google::protobuf::Message> unpack(const google::protobuf::Any& any,
                                                  const google::protobuf::Descriptor* type) {
  auto obj = std::unique_ptr<google::protobuf::Message>(
    google::protobuf::MessageFactory::generated_factory()->GetPrototype(type)->New());
  if (!any.UnpackTo(obj.get()))
    return nullptr;
  return obj;
}

} // namespace convoy::apiserver
