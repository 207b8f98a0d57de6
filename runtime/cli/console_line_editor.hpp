#pragma once

#include <optional>
#include <string>

#include "runtime/cli/console_completion.hpp"

namespace convoy::cli {

/// Reads the console's lines: through libedit (prompt, history, tab
/// completion) when stdin is a terminal, else plainly line by line so
/// `echo actors | convoy console` works. libedit keeps global state, so at
/// most one editor exists at a time.
class console_line_editor {
public:
  /// `history_file` empty: history stays in memory. `completion` must
  /// outlive the editor.
  console_line_editor(std::string history_file, const console_completion& completion);
  ~console_line_editor();

  console_line_editor(const console_line_editor&) = delete;
  console_line_editor& operator=(const console_line_editor&) = delete;

  /// The next line, or nullopt at end of input (Ctrl-D). `prompt` may hold
  /// terminal escapes wrapped in '\1' ... '\2' (not counted as width); it is
  /// not shown when stdin is not a terminal.
  std::optional<std::string> read_line(const std::string& prompt);

  /// Records a non-empty line (not twice in a row) and saves the history.
  void remember(const std::string& line);

  bool interactive() const {
    return interactive_;
  }

  /// Lines kept in memory and in the history file.
  static constexpr int history_limit = 1000;

private:
  std::string history_file_;
  bool interactive_;
  std::string last_line_;
};

/// ~/.convoy_history, or "" when HOME is unset or empty (history not saved).
std::string default_history_file();

} // namespace convoy::cli
