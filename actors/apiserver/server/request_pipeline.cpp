// The steps every API request takes: authentication, resource resolution,
// authorization, and the answer.

#include "actors/apiserver/server/apiserver_state.hpp"

#include <spdlog/logger.h>

#include "actors/apiserver/rbac/node_restriction.hpp"
#include "actors/apiserver/server/api_object.hpp"

namespace convoy::apiserver {

namespace {

/// The HTTP code a response stands for: its Status code, or 201/200 for an
/// answer carrying an object.
int response_code(std::string_view verb, const ApiResponse& resp) {
  if (resp.status().code() != 0)
    return resp.status().code();
  return verb == "create" && resp.has_object() ? 201 : 200;
}

/// Who asked, as audit reports it: authentication failed means anonymous.
audit_user audit_user_of(const user_info* user) {
  if (!user || user->name.empty())
    return {"system:anonymous", {}, {"system:unauthenticated"}};
  return {user->name, {}, user->groups};
}

audit_object_ref object_ref_of(const request_attributes& a) {
  return {a.resource, a.namespace_, a.name, a.subresource, a.api_group};
}

/// The event of an answered API request (Metadata level: no bodies).
void audit_request(apiserver_ptr self, const request_context& ctx, const ApiResponse& resp,
                   int code, wall_clock::time_point received) {
  audit_event ev;
  ev.verb = ctx.attributes.verb;
  ev.user = audit_user_of(&ctx.user);
  ev.object_ref = object_ref_of(ctx.attributes);
  ev.code = code;
  if (code >= 400) {
    ev.reason = resp.status().reason();
    ev.message = resp.status().message();
  }
  ev.request_received_timestamp = rfc3339_micro(received);
  if (!ctx.decision.empty()) {
    ev.annotations.emplace(audit_decision_key, ctx.decision);
    ev.annotations.emplace(audit_reason_key, ctx.decision_reason);
  }
  emit_audit(self, ev);
}

} // namespace

bool audit_enabled(apiserver_ptr self, std::string_view verb, int code) {
  auto& st = self->state;
  if (st.cfg.audit_log_path.empty())
    return false;
  if (!st.audit) {
    auto mode = parse_audit_policy(st.cfg.audit_policy);
    if (!mode)
      st.log->warn("audit policy '{}' is neither writes nor all: recording every request",
                   st.cfg.audit_policy);
    st.audit_mode = mode.value_or(audit_policy::all);
    st.audit = std::make_unique<audit_writer>(st.cfg.audit_log_path, st.cfg.audit_log_max_bytes,
                                              st.log);
  }
  return audited(verb, code, st.audit_mode);
}

void emit_audit(apiserver_ptr self, audit_event& ev) {
  auto& st = self->state;
  auto now = st.clock->now();
  ev.audit_id = format_audit_id(st.rng(), st.rng());
  ev.stage_timestamp = rfc3339_micro(now);
  if (ev.request_received_timestamp.empty())
    ev.request_received_timestamp = ev.stage_timestamp;
  st.audit->write(ev);
}

void audit_access_review(apiserver_ptr self, const user_info* user,
                         const request_attributes& attrs, bool allowed,
                         const std::string& reason) {
  int code = !user ? 401 : allowed ? 200 : 403;
  if (!audit_enabled(self, attrs.verb, code))
    return;
  if (self->state.audit_mode != audit_policy::all && is_standard_verb(attrs.verb))
    return; // under "writes", only reviews of admin verbs (kill, stepdown)
  audit_event ev;
  ev.verb = attrs.verb;
  ev.user = audit_user_of(user);
  ev.object_ref = object_ref_of(attrs);
  ev.code = code;
  if (code >= 400) {
    ev.reason = !user ? "Unauthorized" : "Forbidden";
    ev.message = reason;
  }
  if (user) {
    ev.annotations.emplace(audit_decision_key, allowed ? "allow" : "forbid");
    ev.annotations.emplace(audit_reason_key, reason);
  }
  // Marks the event as a question (may X do this?) answered for the node
  // actor that then acts: the action itself is not an API request.
  ev.annotations.emplace("convoy.io/access-review", "true");
  emit_audit(self, ev);
}

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
  auto received = st.cfg.audit_log_path.empty() ? wall_clock::time_point{} : st.clock->now();
  // The answer lives in *ctx and is only ever called through ctx, so a raw
  // pointer is safe here; the shared_ptr would make a cycle (ctx owns the
  // answer owns ctx) and leak every context.
  auto* raw = ctx.get();
  ctx->answer = [self, raw, started, received, verb,
                 answer = std::move(answer)](ApiResponse resp) mutable {
    auto now = self->clock().now();
    self->state.requests.record(verb, now - started, resp.status().code() >= 400,
                                now.time_since_epoch());
    if (auto code = response_code(verb, resp); audit_enabled(self, verb, code))
      audit_request(self, *raw, resp, code, received);
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
  if (auto why = node_graph_allows(self, ctx->user, a)) {
    ctx->decision = "allow";
    ctx->decision_reason = std::move(*why);
    return true;
  }
  auto decision = self->state.authorizer.authorize(ctx->user, a);
  if (decision.allowed) {
    // Kubelets (system:node:NAME) may only touch their own node, lease and
    // pods bound to them, whatever RBAC says.
    auto admit = node_restriction(ctx->user, a, object, old);
    if (admit.allowed) {
      ctx->decision = "allow";
      ctx->decision_reason = std::move(decision.reason);
      return true;
    }
    decision.reason = admit.reason;
  }
  ctx->decision = "forbid";
  ctx->decision_reason = decision.reason;
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
