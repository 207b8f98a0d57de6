#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "caf/event_based_actor.hpp"

#include "api/meta.pb.h"
#include "messages/apiserver/apiserver_actor.hpp"
#include "messages/protobuf_inspect.hpp"

namespace convoy::client {

/// Typed requests to the apiserver from inside one actor, with the actor's
/// token and user agent filled in. Every answer, including a lost or timed
/// out request, reaches the callback as an ApiResponse (a transport error
/// becomes a 503 ServiceUnavailable Status), so callers handle one shape.
template <class Self>
class api_calls {
public:
  using reply_fn = std::function<void(const apiserver::ApiResponse&)>;

  api_calls(Self* self, apiserver_actor api, std::string token, std::string user_agent,
            caf::timespan timeout = std::chrono::seconds{30})
    : self_(self), api_(std::move(api)), timeout_(timeout) {
    meta_.set_token(std::move(token));
    meta_.set_user_agent(std::move(user_agent));
  }

  void get(const std::string& resource, const std::string& ns, const std::string& name,
           reply_fn f) {
    apiserver::GetRequest req;
    fill(req, resource, ns);
    req.set_name(name);
    send(std::move(req), std::move(f));
  }

  /// Lists `resource` in `ns` ("" = all namespaces), consistently (as of
  /// now), filtered by the selectors. The answer holds the resource's List.
  void list(const std::string& resource, const std::string& ns, reply_fn f,
            const std::string& label_selector = "", const std::string& field_selector = "") {
    apiserver::ListRequest req;
    fill(req, resource, ns);
    req.set_label_selector(label_selector);
    req.set_field_selector(field_selector);
    send(std::move(req), std::move(f));
  }

  /// Creates `obj`, or a subresource of `name` (binding, eviction).
  void create(const std::string& resource, const std::string& ns,
              const google::protobuf::Message& obj, reply_fn f,
              const std::string& subresource = "", const std::string& name = "") {
    apiserver::CreateRequest req;
    fill(req, resource, ns);
    req.set_subresource(subresource);
    req.set_name(name);
    req.mutable_object()->PackFrom(obj);
    send(std::move(req), std::move(f));
  }

  /// Replaces the object (a compare-and-swap when it carries a
  /// resourceVersion), or its status/scale/finalize subresource.
  void update(const std::string& resource, const std::string& ns, const std::string& name,
              const google::protobuf::Message& obj, reply_fn f,
              const std::string& subresource = "") {
    apiserver::UpdateRequest req;
    fill(req, resource, ns);
    req.set_name(name);
    req.set_subresource(subresource);
    req.mutable_object()->PackFrom(obj);
    send(std::move(req), std::move(f));
  }

  /// `patch_type`: "merge", "strategic" or "json".
  void patch(const std::string& resource, const std::string& ns, const std::string& name,
             const std::string& patch_type, std::string patch, reply_fn f,
             const std::string& subresource = "") {
    apiserver::PatchRequest req;
    fill(req, resource, ns);
    req.set_name(name);
    req.set_subresource(subresource);
    req.set_patch_type(patch_type);
    req.set_patch(std::move(patch));
    send(std::move(req), std::move(f));
  }

  void remove(const std::string& resource, const std::string& ns, const std::string& name,
              const api::DeleteOptions& opts, reply_fn f) {
    apiserver::DeleteRequest req;
    fill(req, resource, ns);
    req.set_name(name);
    *req.mutable_options() = opts;
    send(std::move(req), std::move(f));
  }

  const apiserver_actor& api() const noexcept {
    return api_;
  }

private:
  template <class Request>
  void fill(Request& req, const std::string& resource, const std::string& ns) const {
    *req.mutable_meta() = meta_;
    req.set_resource(resource);
    req.set_namespace_(ns);
  }

  template <class Request>
  void send(Request req, reply_fn f) {
    self_->request(api_, timeout_, std::move(req))
      .then([f](const apiserver::ApiResponse& resp) { f(resp); },
            [f](const caf::error& err) {
              apiserver::ApiResponse resp;
              resp.mutable_status()->set_status("Failure");
              resp.mutable_status()->set_code(503);
              resp.mutable_status()->set_reason("ServiceUnavailable");
              resp.mutable_status()->set_message("apiserver unreachable: " + caf::to_string(err));
              f(resp);
            });
  }

  Self* self_;
  apiserver_actor api_;
  caf::timespan timeout_;
  apiserver::RequestMeta meta_;
};

} // namespace convoy::client
