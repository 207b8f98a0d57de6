#pragma once

#include <string>
#include <vector>

#include "messages/codec/value_sink.hpp"

namespace convoy::codec {

/// Prints value events as block-style YAML the way `kubectl get -o yaml`
/// (go-yaml v2) does: 2-space indentation, sequences at their key's column
/// ("containers:\n- name: web"), `{}`/`[]` for empty containers, strings plain
/// when they read back as the same string in yaml-cpp and go-yaml v2, else
/// double-quoted ("1", "true", "yes", ""), multi-line strings as `|` blocks.
class yaml_writer : public value_sink {
public:
  explicit yaml_writer(std::string& out) : out_(out) {}

  void begin_object() override;
  void key(std::string_view name) override;
  void end_object() override;
  void begin_array() override;
  void end_array() override;
  void string_value(std::string_view text) override;
  void raw_value(std::string_view text) override;

private:
  enum class origin : unsigned char { root, key, item };

  struct frame {
    bool array;
    origin from;
    int indent;        ///< column of this container's keys or "- " markers
    int parent_indent; ///< column of the "- " that introduced it (origin item)
    size_t count;      ///< members written so far
  };

  void begin(bool array);
  void end(const char* empty_form);
  /// Writes what precedes a container's first member ("\n" or "- ").
  void open_header(const frame& f);
  /// Positions the output for a scalar value; returns the indent a `|`
  /// block's content lines use.
  int start_scalar();
  void spaces(int n) { out_.append(static_cast<size_t>(n), ' '); }

  std::string& out_;
  std::vector<frame> frames_;
  bool after_key_ = false;
};

} // namespace convoy::codec
