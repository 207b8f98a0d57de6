#pragma once

// State of the node IPAM controller actor: the Node informer, the CIDR
// bookkeeping (core/node_cidrs.hpp) and the reconcile loop keyed by node
// name.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <spdlog/logger.h>

#include "actors/client/api_calls.hpp"
#include "actors/client/event_recorder.hpp"
#include "actors/client/informer.hpp"
#include "actors/controllers/common/requeue_limiter.hpp"
#include "actors/controllers/nodeipam/core/node_cidrs.hpp"
#include "actors/controllers/nodeipam/core/nodeipam_options.hpp"
#include "actors/controllers/shell/controller_config.hpp"
#include "actors/controllers/shell/reconcile_loop.hpp"
#include "api/node.pb.h"
#include "messages/controllers/controllers_actor.hpp"

namespace convoy::controllers::nodeipam {

using nodeipam_actor = controller_actor::extend<caf::reacts_to<reload_atom, int64_t>,
                                                caf::reacts_to<requeue_atom, std::string>>;

struct nodeipam_state;

using nodeipam_ptr = nodeipam_actor::stateful_pointer<nodeipam_state>;

using nodeipam_self = std::remove_pointer_t<nodeipam_ptr>;

using node_informer = client::informer<api::Node, api::NodeList, nodeipam_self>;

struct nodeipam_state {
  controller_config cfg;
  nodeipam_options opts;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<node_informer> nodes;
  std::unique_ptr<client::api_calls<nodeipam_self>> calls;
  std::unique_ptr<client::event_recorder<nodeipam_self>> events;
  std::unique_ptr<reconcile_loop<nodeipam_self>> loop;
  /// Set before the informers start (opts passed validate()).
  std::optional<node_cidrs> cidrs;
  /// Nodes that found the cluster CIDR exhausted: synced again as soon as
  /// a CIDR is freed, besides their back-off.
  std::set<std::string> waiting;
  /// The back-off of waiting nodes (the loop's own limiter would log every
  /// retry; exhaustion is logged once).
  requeue_limiter backoff;
  /// Node -> the resourceVersion our CIDR write replaced, until the
  /// informer shows the result (a sync before that must not write again).
  std::map<std::string, std::string> written;
  /// Whether the exhaustion was logged since the last allocation.
  bool exhaustion_logged = false;

  static inline const char* name = "nodeipam";
};

} // namespace convoy::controllers::nodeipam
