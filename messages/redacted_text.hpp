#pragma once

#include <string>

#include <google/protobuf/message.h>

namespace convoy {

/// `msg` on one line like ShortDebugString, but with what must not leak into
/// logs and traces replaced: every bytes field (Secret data, keys, Raft
/// payloads) as "<N bytes>", and string fields named like credentials
/// (token, password, private_key, ...) as "<redacted>". CAF's to_string of
/// any convoy message goes through here, so logs and `convoy ctl trace`
/// never show a bearer token or a secret.
std::string redacted_text(const google::protobuf::Message& msg);

} // namespace convoy
