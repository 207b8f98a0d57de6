#pragma once

// State of the kubelet actor and the functions of its parts: node_sync.cpp
// (Node registration, lease, node status), pod_sync.cpp (syncing pods),
// relist.cpp (the runtime relist, probes, housekeeping), routes.cpp (host-gw
// routes to the other nodes' pods) and log_server.cpp (container logs).

#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <spdlog/logger.h>

#include "actors/client/api_calls.hpp"
#include "actors/client/event_recorder.hpp"
#include "actors/client/informer.hpp"
#include "actors/common/wall_clock.hpp"
#include "actors/kubelet/core/container_env.hpp"
#include "actors/kubelet/core/crash_backoff.hpp"
#include "actors/kubelet/core/object_cache.hpp"
#include "actors/kubelet/core/pod_ip_pool.hpp"
#include "actors/kubelet/core/probe_tracker.hpp"
#include "actors/kubelet/kubelet_config.hpp"
#include "actors/kubelet/node/host_facts.hpp"
#include "api/config.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "api/service.pb.h"
#include "messages/kubelet/kubelet_actor.hpp"
#include "runtime/network/host_gw_routes.hpp"

namespace convoy::kubelet {

using kubelet_full_actor = kubelet_actor::extend<
  caf::reacts_to<reload_atom, int64_t>, caf::reacts_to<relist_atom, bool>, caf::reacts_to<renew_atom>,
  caf::reacts_to<node_status_atom>, caf::reacts_to<follow_atom>, caf::reacts_to<flush_atom>,
  caf::reacts_to<tick_atom, bool>,
  caf::reacts_to<kill_atom, std::string>, caf::reacts_to<requeue_atom, std::string>,
  caf::reacts_to<probe_atom, std::string, std::string, std::string, int, bool, std::string>>;

struct kubelet_state;
using kubelet_ptr = kubelet_full_actor::stateful_pointer<kubelet_state>;
using kubelet_self = std::remove_pointer_t<kubelet_ptr>;

template <class T, class List>
using informer_of = client::informer<T, List, kubelet_self>;

/// A `logs -f` being fed: which container, from where.
struct log_stream {
  caf::actor client;
  int64_t id = 0;
  std::string pod_uid;
  std::string container_id;
  uint64_t offset = 0;
};

struct kubelet_state {
  kubelet_config cfg;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<wall_clock> clock;
  std::unique_ptr<client::api_calls<kubelet_self>> calls;
  std::unique_ptr<client::event_recorder<kubelet_self>> events;

  // -- what the apiserver says ----------------------------------------------------
  std::unique_ptr<informer_of<api::Pod, api::PodList>> pods;
  std::unique_ptr<informer_of<api::Service, api::ServiceList>> services;
  /// The Secrets, ConfigMaps and ServiceAccounts of its pods, fetched by
  /// name (the node authorizer allows no more); pod_objects.cpp.
  object_cache objects{std::chrono::seconds{60}, std::chrono::seconds{5}, std::chrono::minutes{10}};
  /// Service keys by namespace: a container's service variables come from
  /// its namespace only.
  std::unordered_map<std::string, std::unordered_set<std::string>> services_by_ns;
  /// Pods whose last start waited for, or failed on, a ConfigMap or Secret
  /// (synced again when a fetch in their namespace answers).
  std::unordered_set<std::string> config_waiting;
  /// Pod key ("ns/name") by uid, for the runtime's records (keyed by uid).
  std::unordered_map<std::string, std::string> key_by_uid;

  // -- what the runtime says (the last relist) ------------------------------------
  std::unordered_map<std::string, std::vector<containers::container_status>> observed;
  /// Per pod uid: (id, state) of each container at the last relist, so a
  /// relist marks only pods whose containers changed (the PLEG's events).
  std::unordered_map<std::string, std::string> fingerprints;
  bool relisted = false;
  bool relist_soon = false;

  // -- the kubelet's own bookkeeping ---------------------------------------------
  probe_tracker probes;
  crash_backoff backoff;
  std::unique_ptr<pod_ip_pool> ips;
  /// Pods whose network is set up: uid -> netns path ("" = the host's).
  std::unordered_map<std::string, std::string> pod_netns;
  /// When the pod network's leftovers are next looked for (relist).
  containers::wall_ms network_gc_at = 0;
  /// Pods (by key) to sync at the next flush.
  std::set<std::string> dirty;
  bool flush_scheduled = false;
  /// Pods whose containers got SIGTERM (SIGKILL follows by kill_atom).
  std::unordered_set<std::string> terminating;
  /// Orphaned containers (pod gone) being stopped: id -> when to SIGKILL.
  std::unordered_map<std::string, containers::wall_ms> orphans;
  /// The status last written per pod key (skip writing it again).
  std::unordered_map<std::string, api::PodStatus> written;
  /// Pods whose status write is in flight, and those to sync again after.
  std::unordered_set<std::string> writing;
  std::unordered_set<std::string> rewrite;
  /// Pods whose delete confirmation is in flight.
  std::unordered_set<std::string> deleting;

  // -- the Node ----------------------------------------------------------------
  api::Node node;
  bool registered = false;
  int64_t node_written_ms = 0;
  std::string lease_version;
  int64_t last_renewal_ms = 0;

  // -- host-gw routes (bridge pod network only; routes.cpp) --------------------
  /// Every Node (null without a bridge network: no routes to keep).
  std::unique_ptr<informer_of<api::Node, api::NodeList>> all_nodes;
  std::unique_ptr<network::host_gw_routes> routes;
  /// A coalesced route update is pending (a `tick_atom, false` is on its way).
  bool routes_scheduled = false;
  /// When routes were last applied (coalescing: at most one pass a second).
  int64_t routes_applied_ms = 0;

  // -- logs ----------------------------------------------------------------------
  std::map<std::pair<caf::actor_addr, int64_t>, log_stream> streams;
  bool follow_scheduled = false;

  // -- counters (KubeletStatus) ------------------------------------------------
  int64_t starts = 0;
  int64_t restarts = 0;
  int64_t syncs = 0;
  int64_t status_updates = 0;

  static inline const char* name = "convoy.kubelet";
};

/// Wall time in ms (virtual in simulation).
containers::wall_ms now_ms(kubelet_ptr self);

/// Records an Event about `pod` (the kubelet's Started, Killing, BackOff,
/// Unhealthy, Failed; through the recorder's spam filter).
void record_event(kubelet_ptr self, const api::Pod& pod, const std::string& type,
                  const std::string& reason, const std::string& message);

// -- node_sync.cpp ------------------------------------------------------------------

/// Registers the Node (or, restarted, reports it again) and starts the
/// lease and node-status timers.
void start_node_sync(kubelet_ptr self);
void renew_lease(kubelet_ptr self);
void update_node_status(kubelet_ptr self);

// -- pod_objects.cpp ----------------------------------------------------------------

/// Fetches what `pod` uses (Secrets, ConfigMaps, its ServiceAccount and
/// that account's token Secret) that the cache lacks or holds too long;
/// whether everything was fetched at least once (else the pod waits and
/// is synced again when the answers come).
bool fetch_pod_objects(kubelet_ptr self, const api::Pod& pod);
/// A container's environment sources over the object cache (no fetch).
void cached_env_sources(kubelet_ptr self, const std::string& ns, env_sources& src);
/// Drops cached objects no pod used for a while (each relist).
void evict_unused_objects(kubelet_ptr self);
/// Syncs again the waiting pods of namespace `ns`.
void resync_waiting(kubelet_ptr self, const std::string& ns);

// -- pod_sync.cpp -------------------------------------------------------------------

/// Starts the informers and the relist timer.
void start_pod_sync(kubelet_ptr self);
/// The containers of pod `uid` as of the last relist (plus those started
/// since).
const std::vector<containers::container_status>& observed_of(kubelet_ptr self,
                                                             const std::string& uid);
/// Asks for a relist soon (after starting or stopping containers).
void relist_soon(kubelet_ptr self);
/// Marks a pod for the next flush.
void mark_dirty(kubelet_ptr self, const std::string& key);
/// Syncs every dirty pod.
void flush(kubelet_ptr self);
/// Relists the runtime, marks changed pods, runs due probes, cleans up.
void relist(kubelet_ptr self);
/// The grace period of a terminating pod ran out: SIGKILL what is left.
void force_kill(kubelet_ptr self, const std::string& pod_uid);
void on_probe_result(kubelet_ptr self, const std::string& pod_uid, const std::string& container,
                     const std::string& container_id, int kind, bool success,
                     const std::string& output);
/// Re-claims the pod IPs the runtime's records show (after a restart).
void restore_pod_ips(
  kubelet_ptr self,
  const std::unordered_map<std::string, std::vector<containers::container_status>>& by_pod);
/// Called when the Node's spec.podCIDR becomes known.
void set_pod_cidr(kubelet_ptr self, const std::string& cidr);
/// The environment container `name` of `pod` runs with (exec probes run
/// with it too, as in the container); empty if it cannot be built now.
env_list container_environment(kubelet_ptr self, const api::Pod& pod, const std::string& name);
/// Tears down pod `uid`'s network (once its containers are removed).
void release_pod_network(kubelet_ptr self, const std::string& uid);
/// Tears down the networks of pods neither the apiserver nor the runtime
/// has (a crash's leftovers); at most once a minute.
void collect_pod_networks(kubelet_ptr self, containers::wall_ms now);

// -- routes.cpp ---------------------------------------------------------------------

/// With a bridge pod network: watches every Node and keeps this host's
/// routes to the other nodes' pod CIDRs (host-gw). Otherwise does nothing.
void start_routes(kubelet_ptr self);
/// `tick_atom, periodic` fired: applies the routes (the periodic pass also
/// re-arms itself and repairs routes changed behind the kubelet's back).
void on_routes_tick(kubelet_ptr self, bool periodic);
/// Hands `ev` to the Node informer if it is its event; false otherwise.
bool route_node_event(kubelet_ptr self, const apiserver::WatchEvent& ev);
/// Relists the Node informer if `id` is its watch id; false otherwise.
bool route_node_relist(kubelet_ptr self, int64_t id);

// -- log_server.cpp ------------------------------------------------------------------

apiserver::PodLogResponse serve_log(kubelet_ptr self, const kubelet::ContainerLogRequest& req,
                                    const caf::actor& client);
void stop_log_stream(kubelet_ptr self, const apiserver::PodLogStop& stop,
                     const caf::actor& client);
void feed_log_streams(kubelet_ptr self);
/// Drops the streams of a client that went away.
void drop_log_client(kubelet_ptr self, const caf::actor_addr& client);

} // namespace convoy::kubelet
