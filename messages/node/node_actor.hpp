#pragma once

// Typed interface of the node actor every `convoy node` publishes.

#include "caf/atom.hpp"
#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "messages/atoms.hpp"
#include "node/admin.pb.h"
#include "node/inspect.pb.h"
#include "node/node.pb.h"

namespace convoy {

/// What remote clients (ctl, peers, the console) may ask a node. A client asks
/// for this subset so it works against nodes that grew more operations.
using node_info_actor =
  caf::typed_actor<caf::replies_to<node::NodeInfoRequest>::with<node::NodeInfoResponse>,
                   caf::replies_to<node::LookupRequest>::with<caf::actor>,
                   caf::replies_to<node::ActorsRequest>::with<node::ActorsResponse>,
                   caf::replies_to<node::InspectRequest>::with<node::InspectResponse>,
                   caf::replies_to<node::TraceRequest>::with<node::TraceResponse>,
                   caf::replies_to<node::TraceRequest, caf::actor>::with<node::TraceResponse>,
                   caf::reacts_to<node::TraceChunk>, caf::reacts_to<node::TraceStop>,
                   caf::replies_to<node::AdminRequest>::with<node::AdminResponse>,
                   caf::reacts_to<node::PeerAnnounce, caf::actor>>;

/// Where a streamed trace's events go: the caller, or the node that asked
/// this one (which relays them).
using trace_subscriber_actor = caf::typed_actor<caf::reacts_to<node::TraceChunk>>;

/// Timers of the node actor's inspector: sample every actor's counters, and
/// check a running trace (payload: the trace id).
using sample_atom = caf::atom_constant<caf::atom("sample")>;
using trace_atom = caf::atom_constant<caf::atom("trace")>;

/// The full node actor: node_info_actor plus local registration of the actors
/// the node's roles spawn (so the node can list and monitor them) and its
/// reconnect timer.
using node_actor =
  node_info_actor::extend<caf::reacts_to<node::RegisterActor, caf::strong_actor_ptr>,
                          caf::reacts_to<reconnect_atom, uint64_t>, caf::reacts_to<sample_atom>,
                          caf::reacts_to<trace_atom, uint64_t>>;

} // namespace convoy
