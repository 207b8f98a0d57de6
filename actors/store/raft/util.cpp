#include "actors/store/raft/util.hpp"

namespace convoy::raft {

const char* to_string(role x) {
  switch (x) {
    case role::follower:
      return "follower";
    case role::pre_candidate:
      return "pre-candidate";
    case role::candidate:
      return "candidate";
    case role::leader:
      return "leader";
  }
  return "?";
}

const char* to_string(raft_errc x) {
  switch (x) {
    case raft_errc::ok:
      return "ok";
    case raft_errc::proposal_dropped:
      return "raft proposal dropped";
    case raft_errc::step_local_msg:
      return "raft: cannot step a local message type received from the network";
    case raft_errc::step_peer_not_found:
      return "raft: response from a node that is not a member";
    case raft_errc::storage_not_empty:
      return "raft: cannot bootstrap a non-empty storage";
    case raft_errc::no_peers:
      return "raft: bootstrap needs at least one peer";
    case raft_errc::empty_read_context:
      return "raft: read_index needs a non-empty request context";
  }
  return "?";
}

uint64_t entry_size(const Entry& e) {
  return e.ByteSizeLong();
}

uint64_t payload_size(const Entry& e) {
  return e.data().size();
}

bool is_empty(const HardState& hs) {
  return hs.term() == 0 && hs.vote() == 0 && hs.commit() == 0;
}

bool operator==(const HardState& x, const HardState& y) {
  return x.term() == y.term() && x.vote() == y.vote() && x.commit() == y.commit();
}

bool is_local_msg(MessageType t) {
  return t == MSG_HUP || t == MSG_BEAT || t == MSG_UNREACHABLE || t == MSG_SNAP_STATUS
         || t == MSG_CHECK_QUORUM;
}

bool is_response_msg(MessageType t) {
  return t == MSG_APP_RESP || t == MSG_VOTE_RESP || t == MSG_HEARTBEAT_RESP
         || t == MSG_UNREACHABLE || t == MSG_PRE_VOTE_RESP;
}

MessageType vote_response_type(MessageType t) {
  require(t == MSG_VOTE || t == MSG_PRE_VOTE, "vote_response_type of a non-vote message");
  return t == MSG_VOTE ? MSG_VOTE_RESP : MSG_PRE_VOTE_RESP;
}

const char* short_name(MessageType t) {
  switch (t) {
    case MSG_HUP:
      return "MsgHup";
    case MSG_BEAT:
      return "MsgBeat";
    case MSG_PROP:
      return "MsgProp";
    case MSG_APP:
      return "MsgApp";
    case MSG_APP_RESP:
      return "MsgAppResp";
    case MSG_VOTE:
      return "MsgVote";
    case MSG_VOTE_RESP:
      return "MsgVoteResp";
    case MSG_SNAP:
      return "MsgSnap";
    case MSG_HEARTBEAT:
      return "MsgHeartbeat";
    case MSG_HEARTBEAT_RESP:
      return "MsgHeartbeatResp";
    case MSG_UNREACHABLE:
      return "MsgUnreachable";
    case MSG_SNAP_STATUS:
      return "MsgSnapStatus";
    case MSG_CHECK_QUORUM:
      return "MsgCheckQuorum";
    case MSG_TRANSFER_LEADER:
      return "MsgTransferLeader";
    case MSG_TIMEOUT_NOW:
      return "MsgTimeoutNow";
    case MSG_READ_INDEX:
      return "MsgReadIndex";
    case MSG_READ_INDEX_RESP:
      return "MsgReadIndexResp";
    case MSG_PRE_VOTE:
      return "MsgPreVote";
    case MSG_PRE_VOTE_RESP:
      return "MsgPreVoteResp";
    default:
      return "MsgUnknown";
  }
}

std::string describe(const Message& m) {
  auto s = std::to_string(m.from()) + "->" + std::to_string(m.to()) + " "
           + short_name(m.type()) + " term=" + std::to_string(m.term());
  if (m.type() == MSG_APP || m.type() == MSG_VOTE || m.type() == MSG_PRE_VOTE)
    s += " log=" + std::to_string(m.log_term()) + "/" + std::to_string(m.index());
  else if (m.type() == MSG_APP_RESP || m.type() == MSG_READ_INDEX_RESP)
    s += " index=" + std::to_string(m.index());
  if (m.commit() != 0)
    s += " commit=" + std::to_string(m.commit());
  if (m.entries_size() > 0)
    s += " entries=" + std::to_string(m.entries_size());
  if (m.reject())
    s += " rejected(hint " + std::to_string(m.reject_hint()) + ")";
  if (m.has_snapshot())
    s += " snapshot=" + std::to_string(m.snapshot().metadata().term()) + "/"
         + std::to_string(m.snapshot().metadata().index());
  return s;
}

} // namespace convoy::raft
