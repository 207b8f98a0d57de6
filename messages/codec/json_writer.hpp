#pragma once

#include <string>
#include <vector>

#include "messages/codec/value_sink.hpp"

namespace convoy::codec {

/// Prints value events as JSON into a caller's string: compact, or indented
/// with 4 spaces like `kubectl get -o json`. Strings are escaped per RFC 8259;
/// invalid UTF-8 becomes U+FFFD (as Go's encoder does), so the output is
/// always valid JSON.
class json_writer : public value_sink {
public:
  json_writer(std::string& out, bool pretty) : out_(out), pretty_(pretty) {}

  void begin_object() override;
  void key(std::string_view name) override;
  void end_object() override;
  void begin_array() override;
  void end_array() override;
  void string_value(std::string_view text) override;
  void raw_value(std::string_view text) override;

  /// Appends `text` as a quoted, escaped JSON string.
  static void append_quoted(std::string& out, std::string_view text);

private:
  /// Comma/newline/indent before a value in an array, or nothing after a key.
  void before_value();
  void open(char bracket);
  void close(char bracket);
  void newline_indent();

  std::string& out_;
  bool pretty_;
  bool after_key_ = false;
  /// Per open container: how many members it has so far.
  std::vector<size_t> counts_;
};

} // namespace convoy::codec
