#pragma once

// State of the garbage collector actor: one informer per monitored kind
// (gc_kinds.hpp), the core's dependency graph, a uid index into the caches
// and the reconcile loop keyed by uid.

#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <spdlog/logger.h>

#include "actors/client/api_calls.hpp"
#include "actors/client/informer.hpp"
#include "actors/controllers/garbagecollector/core/garbage_collector.hpp"
#include "actors/controllers/garbagecollector/gc_kinds.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "actors/controllers/shell/reconcile_loop.hpp"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers::gc {

/// tick_atom + uid: the safety-net requeue of an owner waiting for its
/// dependents (events normally requeue it first).
using gc_actor = controller_actor::extend<caf::reacts_to<reload_atom, int64_t>,
                                          caf::reacts_to<requeue_atom, std::string>,
                                          caf::reacts_to<tick_atom, std::string>>;

struct gc_state;

using gc_ptr = gc_actor::stateful_pointer<gc_state>;

using gc_self = std::remove_pointer_t<gc_ptr>;

template <class Kind>
using informer_of = client::informer<typename Kind::object, typename Kind::list, gc_self>;

template <class Kind>
using informer_ptr = std::unique_ptr<informer_of<Kind>>;

namespace detail {

template <class List>
struct informer_tuple;

template <class... Kinds>
struct informer_tuple<kind_list<Kinds...>> {
  using type = std::tuple<informer_ptr<Kinds>...>;
};

} // namespace detail

/// Where the object with a given uid is: enough to find it in its kind's
/// cache and to address a write to it.
struct tracked_object {
  const kind_info* kind = nullptr;
  std::string namespace_;
  std::string name;
};

struct gc_state {
  controller_config cfg;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<client::api_calls<gc_self>> calls;
  std::unique_ptr<reconcile_loop<gc_self>> loop;
  detail::informer_tuple<monitored_kinds>::type informers;
  garbage_collector collector;
  /// Every object in the caches, by uid (what "absent" is judged against).
  std::unordered_map<std::string, tracked_object> by_uid;
  /// Owner uids a live read confirmed gone: uids are never reused, so the
  /// answer holds forever (Kubernetes' absentOwnerCache). Bounded by
  /// clearing it when it grows past absent_cache_limit.
  std::unordered_set<std::string> absent_owners;
  /// Owners with a safety-net requeue timer pending (one each at most).
  std::unordered_set<std::string> waiting;

  static constexpr size_t absent_cache_limit = 10000;
  static inline const char* name = "garbagecollector";
};

/// The informer of `Kind`.
template <class Kind>
informer_of<Kind>& informer(const gc_state& st) {
  return *std::get<informer_ptr<Kind>>(st.informers);
}

} // namespace convoy::controllers::gc
