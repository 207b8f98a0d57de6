#pragma once

// Forward declarations of convoy::raft (the Raft consensus core).

namespace convoy::raft {

class inflights;
class log_storage;
class memory_storage;
class progress_tracker;
class raft_core;
class raft_log;
class raw_node;
class read_only;
class unstable_log;

struct basic_status;
struct config;
struct progress;
struct read_state;
struct ready;
struct soft_state;
struct status;

} // namespace convoy::raft
