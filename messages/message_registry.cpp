#include "messages/message_registry.hpp"

#include "caf/actor_system_config.hpp"

#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"

// One #include per .proto file and one CONVOY_MESSAGE(...) per top-level
// message, generated at configure time from messages/**/*.proto.
#include "convoy/message_includes.inc"

namespace convoy {

void register_messages(caf::actor_system_config& cfg) {
#define CONVOY_MESSAGE(type) cfg.add_message_type<type>(type::descriptor()->full_name());
#include "convoy/message_types.inc"
#undef CONVOY_MESSAGE
  register_error_category(cfg);
}

} // namespace convoy
