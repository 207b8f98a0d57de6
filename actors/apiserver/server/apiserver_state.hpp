#pragma once

// Internal: the apiserver actor's state and the helpers its handler files
// share. Not part of any public interface.

#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "actors/apiserver/apiserver.hpp"
#include "actors/apiserver/audit/audit_event.hpp"
#include "actors/apiserver/audit/audit_writer.hpp"
#include "actors/apiserver/auth/join_authenticator.hpp"
#include "actors/apiserver/auth/random_source.hpp"
#include "actors/apiserver/cache/watch_cache.hpp"
#include "actors/apiserver/patch/patch_result.hpp"
#include "actors/apiserver/rbac/node_graph.hpp"
#include "actors/apiserver/rbac/rbac_authorizer.hpp"
#include "actors/apiserver/server/api_status.hpp"
#include "actors/apiserver/server/request_stats.hpp"
#include "actors/common/timed_requests.hpp"
#include "actors/common/wall_clock.hpp"
#include "messages/atoms.hpp"
#include "messages/codec/resource_registry.hpp"
#include "messages/protobuf_inspect.hpp"

namespace spdlog {
class logger;
}

namespace convoy::apiserver {

/// The full actor: the API plus the events of its store watches (RBAC
/// objects, watch caches) and its timers.
using apiserver_full_actor
  = apiserver_actor::extend<caf::reacts_to<store::WatchResponse>, caf::reacts_to<bookmark_atom>,
                            caf::reacts_to<reload_atom, std::string>>;

/// One API request in flight: who asks what, and where the answer goes.
struct request_context {
  user_info user;
  request_attributes attributes;
  const codec::resource_info* resource = nullptr;
  /// Where the answer goes (the request's response promise).
  std::function<void(ApiResponse)> answer;
  bool dry_run = false;
  /// What authorize() decided ("allow"/"forbid", empty before it ran) and
  /// why: the audit event's authorization annotations.
  std::string_view decision;
  std::string decision_reason;
};

using context_ptr = std::shared_ptr<request_context>;

/// An object as the store holds it.
struct stored_object {
  std::unique_ptr<google::protobuf::Message> object;
  int64_t mod_revision = 0;
};

/// The watch cache of one resource with its store watch and its clients
/// (see watch.cpp).
struct resource_cache;

/// One API watch: which cache serves it, under which cache watch id.
struct api_watch {
  std::shared_ptr<resource_cache> cache;
  int64_t cache_id = 0;
};

struct apiserver_state {
  apiserver_config cfg;
  const codec::resource_registry* registry = nullptr;
  rbac_authorizer authorizer;
  /// Which Secrets, ConfigMaps and ServiceAccounts each node's pods use
  /// (the node authorizer), fed by the pods and serviceaccounts caches.
  node_graph nodes;
  std::unique_ptr<wall_clock> clock;
  std::mt19937_64 rng;
  std::shared_ptr<spdlog::logger> log;
  /// Store watches by watch id -> what they feed.
  std::map<int64_t, std::function<void(const store::WatchResponse&)>> store_watches;
  /// Timeouts of the requests to the store (object_store.cpp).
  timed_requests store_requests;
  int64_t next_store_watch = 1;
  /// Watch caches by resource name, created on first use.
  std::map<std::string, std::shared_ptr<resource_cache>> caches;
  /// API watches by (watcher, the watcher's watch id).
  std::map<std::pair<caf::actor_addr, int64_t>, api_watch> api_watches;
  int64_t next_cache_watch = 1;
  /// Default namespaces this apiserver is still creating at start-up, with
  /// the writes into them that wait (rather than fail NotFound) until the
  /// create is answered. A create that first found no store leader retries
  /// after a back-off, so later writes can reach the store before it.
  std::map<std::string, std::vector<std::function<void()>>> namespaces_starting;
  /// ClusterIPs and NodePorts known to be taken (a hint; the store decides).
  std::set<uint32_t> taken_ips;
  std::set<int> taken_ports;
  /// The kubelet of each node that registered (pods/log goes there).
  std::map<std::string, caf::actor> kubelets;
  /// Bootstrap tokens and node credentials (node_credentials.cpp).
  join_authenticator join_auth;
  /// Where node credentials get their randomness.
  std::shared_ptr<random_source> random = std::make_shared<openssl_random>();
  /// Requests answered, by verb (the inspector's summary of the apiserver).
  request_stats requests;
  /// The audit log (null until the first audited request, or when
  /// cfg.audit_log_path is empty) and what it records.
  std::unique_ptr<audit_writer> audit;
  audit_policy audit_mode = audit_policy::writes;
  static inline const char* name = "convoy.apiserver";
};

using apiserver_ptr = apiserver_full_actor::stateful_pointer<apiserver_state>;

// -- request pipeline (request_pipeline.cpp) ------------------------------------

/// Authenticates and resolves the resource; answers the promise itself and
/// returns nullptr when the request cannot go on.
context_ptr begin_request(apiserver_ptr self, const RequestMeta& meta, std::string verb,
                          const std::string& resource, const std::string& subresource,
                          const std::string& ns, const std::string& name,
                          caf::typed_response_promise<ApiResponse> promise);
/// The same for requests that answer otherwise (watches): `answer` gets
/// the refusal.
context_ptr begin_request(apiserver_ptr self, const RequestMeta& meta, std::string verb,
                          const std::string& resource, const std::string& subresource,
                          const std::string& ns, const std::string& name,
                          std::function<void(ApiResponse)> answer);

/// Whether the audit log records a request of `verb` answered with `code`
/// (false when there is no audit log).
bool audit_enabled(apiserver_ptr self, std::string_view verb, int code);
/// Completes `ev` (auditID from state.rng, stageTimestamp now) and appends
/// it to the audit log; call only when audit_enabled said so.
void emit_audit(apiserver_ptr self, audit_event& ev);
/// Records an access review (AccessReviewRequest) of `attrs` by `user`
/// (null: not authenticated) when the policy says so: admin verbs always,
/// every review under policy all.
void audit_access_review(apiserver_ptr self, const user_info* user,
                         const request_attributes& attrs, bool allowed,
                         const std::string& reason);

/// RBAC (and the node restriction for kubelets); false after answering 403.
bool authorize(apiserver_ptr self, const context_ptr& ctx,
               const google::protobuf::Message* object = nullptr,
               const google::protobuf::Message* old = nullptr);

void reply(apiserver_ptr self, const context_ptr& ctx, const google::protobuf::Message& object);
void reply(apiserver_ptr self, const context_ptr& ctx, api::Status status);

/// The object inside an Any, checked against the resource's type.
std::unique_ptr<google::protobuf::Message> unpack(const google::protobuf::Any& any,
                                                  const google::protobuf::Descriptor* type);

// -- the store (object_store.cpp) ---------------------------------------------------

using stored_handler = std::function<void(std::optional<stored_object>)>;
using revision_handler = std::function<void(int64_t revision)>;
using error_handler = std::function<void(api::Status)>;

std::unique_ptr<google::protobuf::Message> decode(const codec::resource_info& r,
                                                  const std::string& value);

/// Read of one object: linearizable, or `serializable` (the local replica
/// as it is, no quorum round) for a read-modify-write whose compare-and-swap
/// on the mod revision turns a stale read into a Conflict anyway.
void store_get(apiserver_ptr self, const codec::resource_info& r, const std::string& key,
               stored_handler then, error_handler fail, bool serializable = false);

/// Writes `obj` if `key` does not exist; `extra` ops join the same
/// transaction (e.g. ClusterIP allocation keys, which must not exist either).
void store_create(apiserver_ptr self, const std::string& key,
                  const google::protobuf::Message& obj, std::vector<std::string> extra_keys,
                  revision_handler then, std::function<void(bool key_taken)> exists,
                  error_handler fail);

/// Writes `obj` if `key` is still at `expected` (compare-and-swap on the
/// resourceVersion) and `required_key` (if given) exists; `conflict`
/// otherwise. The binding requires its node: a node deleted between the
/// scheduler's choice and the bind makes the bind fail, atomically.
void store_update(apiserver_ptr self, const std::string& key,
                  const google::protobuf::Message& obj, int64_t expected, revision_handler then,
                  std::function<void()> conflict, error_handler fail,
                  const std::string& required_key = {});

/// Deletes `key` if still at `expected` (plus `extra_keys`, unconditionally).
void store_delete(apiserver_ptr self, const std::string& key, int64_t expected,
                  std::vector<std::string> extra_keys, revision_handler then,
                  std::function<void()> conflict, error_handler fail);

/// Linearizable read of every key under `prefix`, as the store answers.
void store_range(apiserver_ptr self, const std::string& prefix,
                 std::function<void(const store::RangeResponse&)> then, error_handler fail);

/// Linearizable list of a prefix: (objects, revision).
void store_list(apiserver_ptr self, const codec::resource_info& r, const std::string& prefix,
                std::function<void(std::vector<stored_object>, int64_t revision)> then,
                error_handler fail);

/// Watches a prefix from `start_revision`; responses go to `on_event`.
int64_t store_watch(apiserver_ptr self, const std::string& prefix, int64_t start_revision,
                    std::function<void(const store::WatchResponse&)> on_event);

// -- handlers -----------------------------------------------------------------------

void handle_get(apiserver_ptr self, const GetRequest& req,
                caf::typed_response_promise<ApiResponse> rp);
void handle_list(apiserver_ptr self, const ListRequest& req,
                 caf::typed_response_promise<ApiResponse> rp);
void handle_create(apiserver_ptr self, const CreateRequest& req,
                   caf::typed_response_promise<ApiResponse> rp);
void handle_update(apiserver_ptr self, const UpdateRequest& req,
                   caf::typed_response_promise<ApiResponse> rp);
void handle_patch(apiserver_ptr self, const PatchRequest& req,
                  caf::typed_response_promise<ApiResponse> rp);
void handle_delete(apiserver_ptr self, const DeleteRequest& req,
                   caf::typed_response_promise<ApiResponse> rp);

/// Deletes the object `ctx` names (gracefully for pods, held by finalizers,
/// namespaces via termination); shared by delete and eviction.
void delete_object(apiserver_ptr self, const context_ptr& ctx, const api::DeleteOptions& opts);

/// The write path shared by update and patch: validates `updated` against
/// the stored `current` and writes it with compare-and-swap. When the
/// object changed meanwhile, `retry` (if set) starts over from a fresh
/// read instead of answering Conflict.
void write_update(apiserver_ptr self, const context_ptr& ctx,
                  std::unique_ptr<google::protobuf::Message> updated, stored_object current,
                  std::function<void()> retry = nullptr);

/// Runs `then` with the resource's watch cache once it is loaded (fed by
/// one store watch), or `fail` if the store cannot be read (watch.cpp).
void with_cache(apiserver_ptr self, const codec::resource_info& r,
                std::function<void(resource_cache&)> then, error_handler fail);
/// The cache's watch_cache (resource_cache is private to watch.cpp).
const watch_cache& cache_of(const resource_cache& rc);
/// Loads the cache of `r` (if not yet) and tells `fn` every object in it
/// and every change from now on (watch_cache::observe).
void observe_cache(apiserver_ptr self, const codec::resource_info& r, watch_cache::observer fn);
/// Starts loading the cache of `r` if it is neither loaded nor loading.
resource_cache& warm_cache(apiserver_ptr self, const codec::resource_info& r);
/// The object `ns/name` of `resource`'s watch cache; null when absent or
/// while the cache is not loaded. It may lag the store by the watch's
/// latency: writes based on it compare-and-swap on its revision.
std::shared_ptr<const google::protobuf::Message> cached_object(apiserver_ptr self,
                                                               const std::string& resource,
                                                               std::string_view ns,
                                                               std::string_view name);

/// The apiserver's own status for the inspector: requests by verb, caches.
ApiserverStatus describe_apiserver(apiserver_ptr self);
/// Reloads the cache of `resource` (timer after a failed reload).
void reload_cache(apiserver_ptr self, const std::string& resource);
/// Sends every watch that allows them a BOOKMARK.
void send_bookmarks(apiserver_ptr self);

/// WATCH (watch.cpp).
void handle_watch(apiserver_ptr self, const WatchRequest& req, const caf::actor& watcher,
                  caf::typed_response_promise<WatchStarted> rp);
void stop_watch(apiserver_ptr self, const caf::actor_addr& watcher, int64_t id);
/// A watcher went away: stop all its watches.
void drop_watcher(apiserver_ptr self, const caf::actor_addr& watcher);
/// Routes a response of a store watch to its handler; a canceled one is
/// the last, and its handler may start another watch.
void on_store_watch_response(apiserver_ptr self, const store::WatchResponse& resp);
/// Cancels a store watch started with store_watch.
void cancel_store_watch(apiserver_ptr self, int64_t id);

/// Applies a PATCH body of `type` ("merge", "strategic", "json") to the
/// object's JSON (patching.cpp).
patch_result apply_patch(const std::string& type, const std::string& original,
                         const std::string& patch, std::string_view kind);

/// Subresources (subresources.cpp).
void create_binding(apiserver_ptr self, const context_ptr& ctx, const CreateRequest& req);
void create_eviction(apiserver_ptr self, const context_ptr& ctx, const CreateRequest& req);
void get_scale(apiserver_ptr self, const context_ptr& ctx);
void update_scale(apiserver_ptr self, const context_ptr& ctx, const UpdateRequest& req);

/// ClusterIP / NodePort allocation (service_alloc.cpp): fills the service's
/// missing addresses and returns the store keys that reserve them.
std::optional<std::vector<std::string>> allocate_service(apiserver_ptr self,
                                                         google::protobuf::Message& obj,
                                                         std::string& error);
std::vector<std::string> service_allocation_keys(const google::protobuf::Message& obj);

/// pods/log and the kubelets serving it (pod_logs.cpp).
void handle_pod_log(apiserver_ptr self, const PodLogRequest& req, const caf::actor& client,
                    caf::typed_response_promise<PodLogResponse> rp);
void stop_pod_log(apiserver_ptr self, const PodLogStop& stop, const caf::actor& client);
void register_kubelet(apiserver_ptr self, const KubeletRegistration& req,
                      const caf::actor& kubelet, caf::typed_response_promise<ApiResponse> rp);
/// A monitored actor went away: if it was a kubelet, forget it.
void drop_kubelet(apiserver_ptr self, const caf::actor_addr& who);

/// Bootstrap (bootstrap.cpp): default namespaces and RBAC policy in the
/// store, the RBAC cache kept current by store watches.
void start_bootstrap(apiserver_ptr self);
/// Lists one RBAC resource into the authorizer and follows its changes
/// (retried by a reload timer if the store cannot be read).
void follow_rbac(apiserver_ptr self, const codec::resource_info& r);

// -- join credentials (node_credentials.cpp) ------------------------------------

/// The reload_atom tag that retries loading the join Secrets.
inline constexpr std::string_view join_secrets_reload = "join-secrets";

/// Loads the Secrets of kube-system into state.join_auth and follows them.
void follow_join_secrets(apiserver_ptr self);
/// Loads the watch caches of Secrets and ServiceAccounts, which
/// service-account tokens are checked against.
void follow_service_accounts(apiserver_ptr self);
// -- node authorizer (node_authorization.cpp) ----------------------------------

/// Feeds the node authorizer's graph from the pods and serviceaccounts
/// caches.
void follow_node_graph(apiserver_ptr self);
/// Why `user` may do `a` as a node whose pods use the object (a get of a
/// Secret, ConfigMap or ServiceAccount); nothing: RBAC decides.
std::optional<std::string> node_graph_allows(apiserver_ptr self, const user_info& user,
                                             const request_attributes& a);
/// Who `token` is: the configured authenticator (static tokens) first, then
/// service-account tokens, client certificates, bootstrap tokens and node
/// credentials.
std::optional<user_info> authenticate_token(apiserver_ptr self, const std::string& token);
/// Exchanges a bootstrap token for a node credential.
void handle_node_credential(apiserver_ptr self, const NodeCredentialRequest& req,
                            caf::typed_response_promise<NodeCredentialResponse> rp);

} // namespace convoy::apiserver
