#pragma once

// Makes every generated protobuf message a CAF message, with no per-type code.
//
// CAF finds `inspect` by argument-dependent lookup; every generated message
// derives from google::protobuf::Message, so one template in namespace
// google::protobuf covers them all:
//  - saving: the message travels as its protobuf wire bytes (one string field);
//  - loading: bytes that do not parse do NOT fail the CAF deserializer (CAF's
//    BASP layer would silently drop a request and leave the sender waiting).
//    Instead the message arrives cleared and marked malformed, so the receiving
//    actor answers with errc::malformed_message and keeps serving
//    (see messages/checked.hpp);
//  - printing: one line like ShortDebugString with credentials and bytes
//    hidden (redacted_text.hpp), for CAF's to_string, logs and traces.
// Registration under the protobuf full name lives in message_registry.cpp.

#include <string>
#include <type_traits>

#include <google/protobuf/message.h>

#include "caf/detail/stringification_inspector.hpp"
#include "caf/meta/load_callback.hpp"
#include "caf/meta/type_name.hpp"

#include "messages/malformed.hpp"
#include "messages/redacted_text.hpp"

namespace google::protobuf {

template <class Inspector, class T>
std::enable_if_t<std::is_base_of_v<Message, T>, typename Inspector::result_type>
inspect(Inspector& f, T& x) {
  auto name = caf::meta::type_name(T::descriptor()->full_name().c_str());
  if constexpr (std::is_same_v<Inspector, caf::detail::stringification_inspector>) {
    auto text = convoy::redacted_text(x);
    return f(name, text);
  } else if constexpr (Inspector::reads_state) {
    // One buffer per thread: serializing is not re-entrant for protobuf payloads.
    thread_local std::string wire;
    wire.clear();
    x.SerializeToString(&wire);
    return f(name, wire);
  } else {
    thread_local std::string wire;
    auto parse = [&x]() -> caf::error {
      convoy::parse_or_mark_malformed(x, wire);
      return caf::none;
    };
    return f(name, wire, caf::meta::load_callback(parse));
  }
}

} // namespace google::protobuf
