#include "runtime/cli/console_line_editor.hpp"

#include <editline/readline.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <vector>

#include "runtime/cli/console_commands.hpp"

namespace convoy::cli {

namespace {

/// libedit calls plain C functions: they reach the editor's completion
/// through these (one editor at a time).
const console_completion* active_completion = nullptr;
std::vector<std::string> pending_matches;

char* next_match(const char*, int state) {
  static size_t index = 0;
  if (state == 0)
    index = 0;
  if (index >= pending_matches.size())
    return nullptr;
  return strdup(pending_matches[index++].c_str());
}

/// The words before the one being completed decide what it may become.
char** complete(const char* text, int start, int) {
  rl_attempted_completion_over = 1; // never fall back to file names
  if (active_completion == nullptr || rl_line_buffer == nullptr)
    return nullptr;
  std::vector<std::string> before;
  auto head = std::string{rl_line_buffer}.substr(0, static_cast<size_t>(start));
  if (tokenize_console_line(head, before))
    return nullptr; // inside an open quote
  pending_matches = active_completion->candidates(before, text);
  if (pending_matches.empty())
    return nullptr;
  return rl_completion_matches(text, next_match);
}

} // namespace

std::string default_history_file() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0')
    return {};
  return std::string{home} + "/.convoy_history";
}

console_line_editor::console_line_editor(std::string history_file,
                                         const console_completion& completion)
  : history_file_(std::move(history_file)), interactive_(isatty(STDIN_FILENO) != 0) {
  if (!interactive_)
    return;
  active_completion = &completion;
  rl_readline_name = "convoy";
  rl_attempted_completion_function = complete;
  using_history();
  stifle_history(history_limit);
  // A missing or unreadable file just means an empty history.
  if (!history_file_.empty())
    (void) read_history(history_file_.c_str());
}

console_line_editor::~console_line_editor() {
  if (!interactive_)
    return;
  rl_attempted_completion_function = nullptr;
  active_completion = nullptr;
}

std::optional<std::string> console_line_editor::read_line(const std::string& prompt) {
  if (!interactive_) {
    std::string line;
    if (!std::getline(std::cin, line))
      return std::nullopt;
    return line;
  }
  char* raw = readline(prompt.c_str());
  if (raw == nullptr)
    return std::nullopt;
  std::string line{raw};
  std::free(raw);
  return line;
}

void console_line_editor::remember(const std::string& line) {
  if (!interactive_ || line.find_first_not_of(" \t") == std::string::npos
      || line == last_line_)
    return;
  last_line_ = line;
  add_history(line.c_str());
  // Saved after every line so a killed console keeps it; an unwritable
  // file is no reason to bother the user.
  if (!history_file_.empty())
    (void) write_history(history_file_.c_str());
}

} // namespace convoy::cli
