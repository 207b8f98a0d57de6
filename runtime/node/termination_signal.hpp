#pragma once

namespace convoy {

/// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts
/// afterwards. Call first thing in main, before any actor system exists, so
/// the signals wait for wait_for_termination_signal instead of killing the
/// process mid-write.
void block_termination_signals();

/// Waits until SIGINT or SIGTERM arrives; returns the signal number.
int wait_for_termination_signal();

} // namespace convoy
