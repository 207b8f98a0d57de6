#pragma once

#include <string>
#include <vector>

#include "runtime/cli/printers.hpp"

namespace google::protobuf {
class Message;
} // namespace google::protobuf

namespace convoy::api {
class Event;
} // namespace convoy::api

namespace convoy::cli {

/// What `convoy ctl describe` prints for one object, as kubectl lays it out
/// (aligned "Key:  value" lines; per kind the fields kubectl shows: a pod's
/// node, IP, containers with image/state/restarts, conditions, ...), then
/// its events (oldest first; "Events:  <none>" without any). `related` is
/// extra context a kind uses when given: the Endpoints of a Service.
/// Pure: `now` dates the ages.
std::string describe_object(const google::protobuf::Message& object,
                            const std::vector<api::Event>& events, wall_time now,
                            const google::protobuf::Message* related = nullptr);

} // namespace convoy::cli
