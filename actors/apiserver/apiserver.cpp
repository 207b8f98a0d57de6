#include "actors/apiserver/apiserver.hpp"

#include "caf/actor_system.hpp"

#include "actors/apiserver/server/apiserver_state.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "messages/checked.hpp"
#include "runtime/logging/log.hpp"

namespace convoy {

namespace {

using namespace apiserver;

/// Handlers answer through a promise; returning it tells CAF so.
template <class Request, class Handler>
auto with_promise(apiserver_ptr self, Handler handler) {
  return checked<Request>([self, handler](const Request& req) -> caf::result<ApiResponse> {
    auto rp = self->make_response_promise<ApiResponse>();
    handler(self, req, rp);
    return rp;
  });
}

AccessReviewResponse review(apiserver_ptr self, const AccessReviewRequest& req) {
  AccessReviewResponse out;
  request_attributes attrs;
  attrs.verb = req.verb();
  const auto* r = self->state.registry->find(req.resource());
  attrs.resource = r ? std::string{r->resource} : req.resource();
  attrs.api_group = r ? std::string{r->group} : "";
  attrs.subresource = req.subresource();
  attrs.namespace_ = req.namespace_();
  attrs.name = req.name();
  auto user = authenticate_token(self, req.meta().token());
  if (!user) {
    out.set_reason("not authenticated");
    audit_access_review(self, nullptr, attrs, false, out.reason());
    return out;
  }
  out.set_user(user->name);
  for (const auto& g : user->groups)
    out.add_groups(g);
  auto d = self->state.authorizer.authorize(*user, attrs);
  out.set_allowed(d.allowed);
  out.set_reason(d.reason);
  // Admin actions (kill an actor, step down the store leader) are checked
  // here before the node actor acts: the audit log records who asked.
  audit_access_review(self, &*user, attrs, d.allowed, d.reason);
  return out;
}

apiserver_full_actor::behavior_type apiserver_behavior(apiserver_ptr self, apiserver_config cfg) {
  auto& st = self->state;
  st.log = log::get(cfg.node_name, "apiserver");
  st.registry = &codec::resource_registry::builtin();
  st.clock = std::make_unique<wall_clock>(self->system());
  st.rng.seed(cfg.seed);
  st.cfg = std::move(cfg);
  self->set_down_handler([self](caf::down_msg& down) {
    drop_watcher(self, down.source);
    drop_kubelet(self, down.source);
  });
  start_bootstrap(self);
  if (st.cfg.bookmark_interval.count() > 0)
    self->delayed_send(self, st.cfg.bookmark_interval, bookmark_atom::value);
  st.log->info("apiserver started");
  inspect::expose_summary(self, [self] { return describe_apiserver(self); });
  return {
    with_promise<GetRequest>(self, handle_get),
    with_promise<ListRequest>(self, handle_list),
    with_promise<CreateRequest>(self, handle_create),
    with_promise<UpdateRequest>(self, handle_update),
    with_promise<PatchRequest>(self, handle_patch),
    with_promise<DeleteRequest>(self, handle_delete),
    [self](const WatchRequest& req, const caf::actor& watcher) -> caf::result<WatchStarted> {
      if (auto why = malformed_reason(req))
        return make_error(errc::malformed_message, std::move(*why));
      if (!watcher)
        return make_error(errc::invalid_argument, "a watch needs a watcher actor");
      auto rp = self->make_response_promise<WatchStarted>();
      handle_watch(self, req, watcher, rp);
      return rp;
    },
    [self](const WatchStop& stop, const caf::actor& watcher) {
      stop_watch(self, watcher.address(), stop.watch_id());
    },
    checked<AccessReviewRequest>(
      [self](const AccessReviewRequest& req) -> caf::result<AccessReviewResponse> {
        return review(self, req);
      }),
    [self](const PodLogRequest& req, const caf::actor& client) -> caf::result<PodLogResponse> {
      if (auto why = malformed_reason(req))
        return make_error(errc::malformed_message, std::move(*why));
      auto rp = self->make_response_promise<PodLogResponse>();
      handle_pod_log(self, req, client, rp);
      return rp;
    },
    [self](const PodLogStop& stop, const caf::actor& client) { stop_pod_log(self, stop, client); },
    [self](const KubeletRegistration& req, const caf::actor& kubelet) -> caf::result<ApiResponse> {
      if (auto why = malformed_reason(req))
        return make_error(errc::malformed_message, std::move(*why));
      auto rp = self->make_response_promise<ApiResponse>();
      register_kubelet(self, req, kubelet, rp);
      return rp;
    },
    checked<NodeCredentialRequest>(
      [self](const NodeCredentialRequest& req) -> caf::result<NodeCredentialResponse> {
        auto rp = self->make_response_promise<NodeCredentialResponse>();
        handle_node_credential(self, req, rp);
        return rp;
      }),
    [self](bookmark_atom) {
      send_bookmarks(self);
      self->delayed_send(self, self->state.cfg.bookmark_interval, bookmark_atom::value);
    },
    [self](reload_atom, const std::string& what) {
      constexpr std::string_view rbac = "rbac:";
      if (what == join_secrets_reload)
        follow_join_secrets(self);
      else if (what.compare(0, rbac.size(), rbac) == 0)
        follow_rbac(self, *self->state.registry->by_resource(what.substr(rbac.size())));
      else
        reload_cache(self, what);
    },
    [self](const store::WatchResponse& resp) {
      on_store_watch_response(self, resp);
    },
  };
}

} // namespace

apiserver_actor spawn_apiserver(caf::actor_system& sys, apiserver_config cfg) {
  return caf::actor_cast<apiserver_actor>(
    inspect::spawn_inspected(sys, {"apiserver", "apiserver"}, apiserver_behavior, std::move(cfg)));
}

} // namespace convoy
