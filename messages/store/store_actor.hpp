#pragma once

// Typed interfaces of the store (the etcd role).

#include "caf/actor.hpp"
#include "caf/atom.hpp"
#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "raft/raft.pb.h"
#include "store/store.pb.h"

namespace convoy {

/// The key-value API of a store replica (etcd v3's KV, Lease, Watch and
/// Cluster services). Any replica answers: writes are forwarded to the
/// leader, linearizable reads confirm leadership by ReadIndex, serializable
/// reads (RangeRequest.serializable) answer from local state.
///
/// Watches: WatchCreateRequest comes with the watcher actor, which then gets
/// WatchResponse messages (events, progress, cancellation) until it sends
/// WatchCancelRequest or goes away.
using store_actor = caf::typed_actor<
  caf::replies_to<store::RangeRequest>::with<store::RangeResponse>,
  caf::replies_to<store::PutRequest>::with<store::PutResponse>,
  caf::replies_to<store::DeleteRangeRequest>::with<store::DeleteRangeResponse>,
  caf::replies_to<store::TxnRequest>::with<store::TxnResponse>,
  caf::replies_to<store::CompactionRequest>::with<store::CompactionResponse>,
  caf::replies_to<store::LeaseGrantRequest>::with<store::LeaseGrantResponse>,
  caf::replies_to<store::LeaseRevokeRequest>::with<store::LeaseRevokeResponse>,
  caf::replies_to<store::LeaseKeepAliveRequest>::with<store::LeaseKeepAliveResponse>,
  caf::replies_to<store::LeaseTimeToLiveRequest>::with<store::LeaseTimeToLiveResponse>,
  caf::replies_to<store::LeaseLeasesRequest>::with<store::LeaseLeasesResponse>,
  caf::replies_to<store::StatusRequest>::with<store::StatusResponse>,
  caf::replies_to<store::HashKVRequest>::with<store::HashKVResponse>,
  caf::replies_to<store::MemberListRequest>::with<store::MemberListResponse>,
  caf::replies_to<store::MemberAddRequest>::with<store::MemberAddResponse>,
  caf::replies_to<store::MemberRemoveRequest>::with<store::MemberRemoveResponse>,
  caf::replies_to<store::MoveLeaderRequest>::with<store::MoveLeaderResponse>,
  caf::replies_to<store::WatchCreateRequest, caf::actor>::with<store::WatchResponse>,
  caf::reacts_to<store::WatchCancelRequest, caf::actor>>;

/// What a watcher receives.
using store_watcher_actor = caf::typed_actor<caf::reacts_to<store::WatchResponse>>;

/// Timers of a store replica.
using tick_atom = caf::atom_constant<caf::atom("tick")>;
using process_atom = caf::atom_constant<caf::atom("process")>;
using peer_atom = caf::atom_constant<caf::atom("peer")>;
using progress_atom = caf::atom_constant<caf::atom("progress")>;

/// A store replica: the API plus Raft traffic between replicas and its own
/// timers (peer_atom: (re)connect to the member with that id).
using store_replica_actor = store_actor::extend<
  caf::reacts_to<raft::Message>,
  caf::reacts_to<tick_atom>,
  caf::reacts_to<process_atom>,
  caf::reacts_to<progress_atom>,
  caf::reacts_to<peer_atom, uint64_t>>;

} // namespace convoy
