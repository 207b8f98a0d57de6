#pragma once

// CAF atoms for actor-internal messages (timers, self-messages). Requests
// between components are protobuf messages, never atoms.

#include "caf/atom.hpp"

namespace convoy {

/// Timer: retry connecting to a peer (payload: the peer's index).
using reconnect_atom = caf::atom_constant<caf::atom("reconnect")>;

/// Timer: send BOOKMARK events to the watches that allow them.
using bookmark_atom = caf::atom_constant<caf::atom("bookmark")>;

/// Timer: reload something that failed (payload says what).
using reload_atom = caf::atom_constant<caf::atom("reload")>;

/// Self-message: run a burst of scheduling cycles.
using schedule_atom = caf::atom_constant<caf::atom("schedule")>;

/// Timer: periodic housekeeping (back-off queues, expired assumptions).
using flush_atom = caf::atom_constant<caf::atom("flush")>;

/// Timer: try to acquire or renew a leader-election Lease.
using elect_atom = caf::atom_constant<caf::atom("elect")>;

} // namespace convoy

/// Timer: retry something that failed (connecting, a request).
using retry_atom = caf::atom_constant<caf::atom("retry")>;

/// Timer: a controller's key is due for another sync (payload: the key).
using requeue_atom = caf::atom_constant<caf::atom("requeue")>;

/// Timer: a periodic pass (the node lifecycle controller's monitor, the
/// controller manager's leadership check).
using tick_atom = caf::atom_constant<caf::atom("tick")>;

/// Kubelet timers: relist the runtime (PLEG), renew the node lease,
/// recompute the node status, feed following log streams, and force-kill a
/// pod whose grace period ran out.
using relist_atom = caf::atom_constant<caf::atom("relist")>;
using renew_atom = caf::atom_constant<caf::atom("renew")>;
using node_status_atom = caf::atom_constant<caf::atom("nodestatus")>;
using follow_atom = caf::atom_constant<caf::atom("follow")>;
using kill_atom = caf::atom_constant<caf::atom("kill")>;
/// A probe's outcome, sent to the kubelet by its prober.
using probe_atom = caf::atom_constant<caf::atom("probe")>;
