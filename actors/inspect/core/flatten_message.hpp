#pragma once

#include <google/protobuf/message.h>

#include "node/inspect.pb.h"

namespace convoy::inspect {

/// Appends every set field of `msg` to `out` as "path: value" pairs in field
/// order: nested messages as "a.b", repeated fields as "a[0]", map entries as
/// "a[key]", enums by name. Lets each component report its own status message
/// to the inspector with no inspector code per component.
void flatten_message(const google::protobuf::Message& msg, node::ComponentSummary& out);

} // namespace convoy::inspect
