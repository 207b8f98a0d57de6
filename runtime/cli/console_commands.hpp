#pragma once

// What `convoy console` does with a typed line before running it, as pure
// functions: split it into words, expand console aliases, and decide whether
// it would change the cluster (the console is read-only unless --admin).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace convoy::cli {

/// What the words after a verb usually are, so completion offers the right
/// candidates.
enum class console_args {
  none,
  /// pods, nodes, services, ... (kubectl resource kinds and short names).
  kinds,
  /// actor names, ids and components of the cluster.
  actors,
};

/// One command the console knows: a ctl verb or a console-only command.
struct console_verb {
  const char* name;
  const char* summary;
  console_args args;
};

/// Every ctl verb (including the inspection verbs) and the console-only
/// commands (help, watch, exit, quit), in the order `help` lists them.
const std::vector<console_verb>& console_verbs();

/// Resource kinds `get`/`describe`/`watch` complete, sorted.
const std::vector<std::string>& console_kinds();

/// Splits `line` into words at blanks. '...' keeps its text literally,
/// "..." keeps it except that \" and \\ escape, a backslash outside quotes
/// escapes the next character. Returns an error (and leaves `out` partial)
/// when a quote is not closed or the line ends in a lone backslash.
std::optional<std::string> tokenize_console_line(std::string_view line,
                                                 std::vector<std::string>& out);

/// `watch KIND ARGS...` becomes `get KIND -w ARGS...`; any other line is
/// returned unchanged.
std::vector<std::string> expand_console_alias(std::vector<std::string> words);

/// The command of `words` that would change the cluster ("delete",
/// "store put", "rollout undo", ...), or nullopt for a read-only command.
/// Common ctl flags before the verb (-o json, --timeout 5s) are skipped.
std::optional<std::string> write_command_of(const std::vector<std::string>& words);

} // namespace convoy::cli
