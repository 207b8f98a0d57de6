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
