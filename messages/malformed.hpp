#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace google::protobuf {
class Message;
} // namespace google::protobuf

namespace convoy {

/// Parses `wire` into `x`. On failure `x` is cleared and carries a marker (an
/// unknown field no .proto uses) with the reason, so the receiver can answer the
/// sender with an error instead of the transport dropping the message.
void parse_or_mark_malformed(google::protobuf::Message& x, std::string_view wire);

/// Marks `x` as malformed with `reason` (clears its content first).
void mark_malformed(google::protobuf::Message& x, std::string_view reason);

/// Returns why `x` is malformed, or nothing for a well-formed message.
std::optional<std::string> malformed_reason(const google::protobuf::Message& x);

} // namespace convoy
