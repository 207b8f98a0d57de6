#pragma once

// The node actor's state, shared by its two halves: node_actor.cpp (node
// info, hosted actors, peers) and node_inspection.cpp (the inspector).

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "caf/typed_response_promise.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/stateful_actor.hpp"

#include "actors/common/backoff.hpp"
#include "actors/common/wall_clock.hpp"
#include "actors/node/node_actor.hpp"
#include "actors/node/node_inspector.hpp"
#include "runtime/logging/log.hpp"

namespace convoy {

/// A node this node joined.
struct peer {
  net::host_port address;
  node::PeerInfo info;
  node_info_actor handle;
  backoff retry;
  bool failure_logged = false;
};

/// A trace the inspector runs until its budget or its time is spent.
struct running_trace {
  std::shared_ptr<inspect::trace_session> session;
  std::vector<std::shared_ptr<inspect::actor_probe>> armed;
  uint64_t started_ns = 0;
  caf::actor_clock::time_point deadline;
  /// The records go to the trace_stream of the same id as they come,
  /// instead of into the answer.
  bool streamed = false;
  std::function<void(node::TraceResponse)> done;
};

/// A streamed trace this node was asked for: its own records and those its
/// peers stream into it go on to `subscriber` until the budget is spent.
struct trace_stream {
  trace_subscriber_actor subscriber;
  /// The stream id the subscriber chose (chunks carry it).
  uint64_t subscriber_stream = 0;
  /// Events the budget still allows, and those beyond it.
  uint32_t left = 0;
  uint64_t dropped = 0;
  /// The peers asked to trace along (and to stop when the budget is spent).
  std::map<std::string, node_info_actor> peers;
  bool stopped = false;
};

struct node_state {
  node_actor_config cfg;
  std::shared_ptr<spdlog::logger> log;
  std::unique_ptr<wall_clock> clock;
  wall_clock::time_point started_wall;
  caf::actor_clock::time_point started;
  std::map<caf::actor_id, node::ActorInfo> actors;
  std::map<caf::actor_id, caf::actor> handles;
  std::vector<peer> peers;
  /// Nodes that joined this one (they announced themselves), by name.
  std::map<std::string, node_info_actor> joined_us;
  std::mt19937_64 rng;
  std::unique_ptr<node_inspector> inspector;
  std::map<uint64_t, running_trace> traces;
  /// Streamed traces by the id of this node's own part in `traces`.
  std::map<uint64_t, trace_stream> streams;
  uint64_t next_trace = 1;
  static inline const char* name = "convoy.node";
};

using node_ptr = node_actor::stateful_pointer<node_state>;

/// Starts the inspector: samples every actor each second.
void start_inspector(node_ptr self);

/// The inspection half of the node actor's behavior.
caf::result<node::ActorsResponse> on_actors(node_ptr self, node::ActorsRequest req);
caf::result<node::InspectResponse> on_inspect(node_ptr self, node::InspectRequest req);
void on_sample(node_ptr self);
/// Kills an actor or moves the store's leadership, once an apiserver
/// confirmed the caller may (node_admin.cpp).
caf::result<node::AdminResponse> on_admin(node_ptr self, node::AdminRequest req);

/// Traces (node_trace.cpp): answered at the end, or streamed to
/// `subscriber` as they run; chunks and stops come from peers and
/// subscribers of streamed traces; the check is each trace's poll.
caf::result<node::TraceResponse> on_trace(node_ptr self, node::TraceRequest req);
caf::result<node::TraceResponse> on_streamed_trace(node_ptr self, node::TraceRequest req,
                                                   caf::actor subscriber);
void on_trace_chunk(node_ptr self, node::TraceChunk& chunk);
void on_trace_stop(node_ptr self, const node::TraceStop& stop);
/// A subscriber gone ends its streams (the node monitors every subscriber).
void on_trace_subscriber_down(node_ptr self, const caf::actor_addr& who);
void on_trace_check(node_ptr self, uint64_t id);

/// The hosted actor registered as `component` (what LookupRequest answers),
/// or null.
caf::actor hosted(node_ptr self, const std::string& component);

/// The actors `ref` names on this node: none if it names another node.
std::vector<std::shared_ptr<inspect::actor_probe>> local_actors(node_ptr self,
                                                                const actor_ref& ref);

/// The live actor behind `probe`, or null once it is gone.
caf::actor actor_of(const inspect::actor_probe& probe);

/// Every peer to fan out to (joined or joined us), by name, skipping `visited`.
std::map<std::string, node_info_actor>
fan_out_targets(node_ptr self, const google::protobuf::RepeatedPtrField<std::string>& visited);

} // namespace convoy
