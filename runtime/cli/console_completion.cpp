#include "runtime/cli/console_completion.hpp"

#include <algorithm>

#include "runtime/cli/console_commands.hpp"

namespace convoy::cli {

namespace {

void sort_unique(std::vector<std::string>& words) {
  words.erase(std::remove(words.begin(), words.end(), std::string{}), words.end());
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
}

/// Appends the words of the sorted `list` that start with `prefix`.
void append_prefixed(const std::vector<std::string>& list, const std::string& prefix,
                     std::vector<std::string>& out) {
  for (auto i = std::lower_bound(list.begin(), list.end(), prefix);
       i != list.end() && i->compare(0, prefix.size(), prefix) == 0; ++i)
    out.push_back(*i);
}

console_args args_of(const std::string& verb, bool& known) {
  for (const auto& v : console_verbs()) {
    if (verb == v.name) {
      known = true;
      return v.args;
    }
  }
  known = false;
  return console_args::none;
}

} // namespace

console_completion::console_completion() {
  for (const auto& v : console_verbs())
    verbs_.emplace_back(v.name);
  sort_unique(verbs_);
}

void console_completion::set_actor_words(std::vector<std::string> words) {
  sort_unique(words);
  actor_words_ = std::move(words);
}

std::vector<std::string> console_completion::candidates(const std::vector<std::string>& before,
                                                        const std::string& word) const {
  std::vector<std::string> out;
  if (before.empty()) {
    append_prefixed(verbs_, word, out);
    return out;
  }
  bool known = false;
  auto args = args_of(before.front(), known);
  if (!known || args == console_args::kinds)
    append_prefixed(console_kinds(), word, out);
  if (!known || args == console_args::actors)
    append_prefixed(actor_words_, word, out);
  sort_unique(out);
  return out;
}

} // namespace convoy::cli
