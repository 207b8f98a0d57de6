#pragma once

// Small vocabulary shared by every part of the Raft core: node ids, roles,
// result codes, the invariant-violation exception and entry-size helpers.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "raft/raft.pb.h"

namespace convoy::raft {

/// Node id 0 means "nobody": no leader known, no vote cast.
constexpr uint64_t none = 0;

/// Byte limit meaning "no limit" for entry slices.
constexpr uint64_t no_limit = UINT64_MAX;

/// Context of a MsgVote sent on a leadership transfer: lets the vote through
/// the leader lease that otherwise makes followers ignore vote requests.
inline constexpr const char* campaign_transfer_context = "campaign-transfer";

enum class role { follower, pre_candidate, candidate, leader };

const char* to_string(role x);

/// What a caller of raw_node learns about a request it made. Everything else
/// (lost messages, stale terms) is handled inside the protocol and is not an
/// error: Raft tolerates dropping any message.
enum class raft_errc {
  ok,
  /// The proposal was not appended: no leader known, a leadership transfer is
  /// in progress, the uncommitted tail is full, this node was removed, or a
  /// membership change is already pending. Retry later (or elsewhere).
  proposal_dropped,
  /// A local-only message type (hup, beat, ...) arrived through step().
  step_local_msg,
  /// A response from a node that is not (or no longer) a member.
  step_peer_not_found,
  /// bootstrap() on a storage that already holds entries.
  storage_not_empty,
  /// bootstrap() without peers.
  no_peers,
  /// read_index() with an empty context (heartbeats could not carry it).
  empty_read_context,
};

const char* to_string(raft_errc x);

/// Thrown when the core finds a broken invariant (a storage that lost committed
/// entries, a commit index beyond the log). Never thrown for anything a peer
/// or a client can cause: those are dropped or answered.
class invariant_error : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

/// Throws invariant_error with `what` unless `condition` holds.
inline void require(bool condition, const char* what) {
  if (!condition)
    throw invariant_error(std::string("raft invariant violated: ") + what);
}

/// Bytes an entry adds to a message (its wire size).
uint64_t entry_size(const Entry& e);

/// Bytes of application payload (what the uncommitted-size limit counts).
uint64_t payload_size(const Entry& e);

bool is_empty(const HardState& hs);
bool operator==(const HardState& x, const HardState& y);
inline bool operator!=(const HardState& x, const HardState& y) {
  return !(x == y);
}

/// True for message types that only a node itself may generate.
bool is_local_msg(MessageType t);

/// True for message types that answer a request of the receiver.
bool is_response_msg(MessageType t);

MessageType vote_response_type(MessageType t);

const char* short_name(MessageType t);

/// One line describing `m`, for test transcripts and diagnostics.
std::string describe(const Message& m);

} // namespace convoy::raft
