#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace convoy::config {

/// The flags of one `convoy` subcommand: definition, parsing, help text.
///
/// Accepts `--name value`, `--name=value`, bare `--flag` for booleans (and
/// `--flag=false`), and one-letter aliases (`-o json`). Values are checked
/// while parsing, so a bad value is reported as one line naming the flag
/// ("--listen: malformed address 'x': expected HOST:PORT") before anything
/// starts. Settings may also come from a YAML config file (`--config FILE`,
/// keys are flag names without dashes); command-line values win.
class flag_set {
public:
  // -- member types -----------------------------------------------------------

  using value = std::variant<std::string, bool, int64_t, std::chrono::nanoseconds,
                             std::vector<std::string>>;

  /// Returns an error message for a bad value, or nothing when it is fine.
  using validator = std::function<std::optional<std::string>(const std::string&)>;

  enum class kind { string, boolean, integer, duration, list };

  struct flag {
    std::string name;
    char alias = 0;
    kind type = kind::string;
    value current;
    std::string help;
    std::string value_name;
    validator check;
    bool set_by_user = false;
  };

  // -- constructors -----------------------------------------------------------

  /// `usage` is the synopsis line, e.g. "convoy node --name NAME [flags]";
  /// `summary` one paragraph shown under it in --help.
  flag_set(std::string usage, std::string summary);

  // -- definition -------------------------------------------------------------

  flag_set& add_string(std::string name, std::string fallback, std::string help,
                       std::string value_name = "VALUE", validator check = {});
  flag_set& add_bool(std::string name, std::string help);
  flag_set& add_int(std::string name, int64_t fallback, int64_t min, int64_t max,
                    std::string help);
  flag_set& add_duration(std::string name, std::chrono::nanoseconds fallback,
                         std::string help);
  flag_set& add_list(std::string name, std::vector<std::string> fallback,
                     std::string help, std::string value_name = "A,B",
                     validator check_item = {});
  /// Gives the most recently added flag a one-letter alias (`-o`).
  flag_set& alias(char letter);
  /// Allows positional arguments (e.g. ctl verbs); otherwise they are errors.
  flag_set& allow_positional(std::string description);
  /// Everything from the first positional argument on is positional, flags
  /// included (a subcommand parses them with its own flag_set).
  flag_set& stop_at_positional();

  // -- parsing ----------------------------------------------------------------

  /// Parses command-line arguments (without the program and subcommand
  /// names). Handles `--help`/`-h` and `--config FILE` itself. Returns an
  /// error line on failure; nothing on success.
  std::optional<std::string> parse(const std::vector<std::string>& args);

  /// Applies settings from a YAML config file (a map of flag names to values).
  std::optional<std::string> load_file(const std::string& path);

  // -- access -----------------------------------------------------------------

  bool help_requested() const {
    return help_requested_;
  }
  const std::vector<std::string>& positional() const {
    return positional_;
  }
  const std::string& str(const std::string& name) const;
  bool boolean(const std::string& name) const;
  int64_t integer(const std::string& name) const;
  std::chrono::nanoseconds duration(const std::string& name) const;
  const std::vector<std::string>& list(const std::string& name) const;
  /// True if the user gave the flag (on the command line or in a file).
  bool is_set(const std::string& name) const;

  /// The --help text: usage, summary, one line per flag with its default.
  std::string help() const;

private:
  flag& define(std::string name, kind type, value fallback, std::string help,
               std::string value_name, validator check);
  flag* find(const std::string& name);
  flag* find_alias(char letter);
  const flag& get(const std::string& name) const;
  std::optional<std::string> assign(flag& f, const std::string& text,
                                    const std::string& origin);

  std::string usage_;
  std::string summary_;
  std::string positional_description_;
  bool allow_positional_ = false;
  bool stop_at_positional_ = false;
  bool help_requested_ = false;
  std::vector<flag> flags_;
  std::map<std::string, size_t> index_;
  std::vector<std::string> positional_;
};

} // namespace convoy::config
