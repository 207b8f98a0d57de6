#include "runtime/cli/console_session.hpp"

#include <csignal>
#include <cstring>
#include <iostream>

#include "runtime/cli/command.hpp"
#include "runtime/cli/console_commands.hpp"
#include "runtime/cli/console_line_editor.hpp"
#include "runtime/cli/console_server_info.hpp"

namespace convoy::cli {

namespace {

/// How long the console waits for the server's name and actors: the prompt
/// must come back quickly even when the server is down.
constexpr std::chrono::milliseconds fetch_limit{3000};

constexpr const char* sgr_prompt = "1;36";
constexpr const char* sgr_error = "31";

/// Verbs whose output may show actors the completion does not know yet.
bool lists_actors(const std::vector<std::string>& words) {
  return !words.empty() && (words[0] == "actors" || words[0] == "top");
}

} // namespace

console_session::console_session(console_options opts) : opts_(std::move(opts)) {}

int console_session::run() {
  ignore_interrupts_in_console();
  refresh_server_info(true);
  console_line_editor editor{default_history_file(), completion_};
  while (auto line = editor.read_line(prompt(editor.interactive()))) {
    editor.remember(*line);
    if (!execute(*line))
      break;
  }
  if (editor.interactive())
    std::cout << "\n";
  return had_failure_ && !editor.interactive() ? exit_failure : exit_ok;
}

bool console_session::execute(const std::string& line) {
  std::vector<std::string> words;
  if (auto err = tokenize_console_line(line, words)) {
    std::cerr << paint("convoy console: " + *err, sgr_error) << "\n";
    had_failure_ = true;
    return true;
  }
  if (words.empty())
    return true;
  if (words[0] == "exit" || words[0] == "quit")
    return false;
  if (words[0] == "help") {
    print_help();
    return true;
  }
  words = expand_console_alias(std::move(words));
  if (auto write = write_command_of(words); write && !opts_.admin) {
    std::cerr << paint("convoy console: '" + *write
                         + "' changes the cluster and the console is read-only; "
                           "start it with --admin to allow it",
                       sgr_error)
              << "\n";
    had_failure_ = true;
    return true;
  }
  run_ctl_words(words);
  if (lists_actors(words))
    refresh_server_info(false);
  return true;
}

void console_session::run_ctl_words(const std::vector<std::string>& words) {
  std::vector<std::string> args{"--server", opts_.server.to_string()};
  if (!opts_.token.empty())
    args.insert(args.end(), {"--token", opts_.token});
  args.insert(args.end(), words.begin(), words.end());
  report(run_in_child([&] { return run_ctl(args); }));
}

void console_session::report(const child_status& status) {
  if (status.signal == SIGINT) {
    std::cout << "\n"; // Ctrl-C: the user knows; just start a fresh line
    return;
  }
  if (status.signal != 0) {
    had_failure_ = true;
    std::cerr << paint("killed by signal " + std::to_string(status.signal) + " ("
                         + strsignal(status.signal) + ")",
                       sgr_error)
              << "\n";
  } else if (status.exit_code != 0) {
    had_failure_ = true;
    std::cerr << paint("exit " + std::to_string(status.exit_code), sgr_error) << "\n";
  }
}

void console_session::print_help() {
  std::cout << "Commands (run as 'convoy ctl --server " << opts_.server.to_string()
            << " COMMAND ...'):\n";
  for (const auto& v : console_verbs()) {
    std::string name = v.name;
    name.resize(10, ' ');
    std::cout << "  " << name << v.summary << "\n";
  }
  std::cout << (opts_.admin ? "Commands that change the cluster are allowed (--admin).\n"
                            : "Commands that change the cluster need 'convoy console "
                              "--admin'.\n")
            << "Tab completes verbs, kinds and actor names; Ctrl-C stops the running "
               "command.\n\n";
  report(run_in_child([] { return run_ctl({"--help"}); }));
}

void console_session::refresh_server_info(bool complain) {
  auto info = fetch_server_info(opts_.server, fetch_limit);
  if (!info) {
    if (complain)
      std::cerr << "convoy console: no answer from " << opts_.server.to_string()
                << " yet; completion lacks actor names\n";
    return;
  }
  if (!info->node_name.empty())
    node_name_ = info->node_name;
  completion_.set_actor_words(std::move(info->actor_words));
}

std::string console_session::prompt(bool interactive) const {
  if (!interactive)
    return {};
  auto text = "convoy(" + (node_name_.empty() ? opts_.server.to_string() : node_name_) + ")>";
  if (!opts_.colour)
    return text + " ";
  // \1 ... \2 tell libedit the escapes take no room on screen.
  return std::string{"\1\033["} + sgr_prompt + "m\2" + text + "\1\033[0m\2 ";
}

std::string console_session::paint(const std::string& text, const char* sgr) const {
  if (!opts_.colour)
    return text;
  return std::string{"\033["} + sgr + "m" + text + "\033[0m";
}

} // namespace convoy::cli
