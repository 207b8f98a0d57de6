#pragma once

#include <string_view>

namespace convoy::codec {

/// Receives a JSON-shaped value tree as events (the message_walker produces
/// them, json_writer and yaml_writer print them), so "which fields are
/// emitted and in which form" is decided in one place for both formats.
class value_sink {
public:
  virtual ~value_sink() = default;

  virtual void begin_object() = 0;
  /// The next key of the innermost object; a value event follows.
  virtual void key(std::string_view name) = 0;
  virtual void end_object() = 0;

  virtual void begin_array() = 0;
  virtual void end_array() = 0;

  /// A string value (quoted/escaped by the sink as its format needs).
  virtual void string_value(std::string_view text) = 0;
  /// A number, `true` or `false`, printed verbatim.
  virtual void raw_value(std::string_view text) = 0;
};

} // namespace convoy::codec
