#pragma once

#include <string>
#include <vector>

namespace convoy::cli {

/// Tab completion of the console, without any line-editor dependency: given
/// the words before the cursor, which words may the current one become.
/// Actor words come from the server and are replaced after `actors`/`top`.
class console_completion {
public:
  console_completion();

  /// Replaces the actor names, ids and components offered after
  /// inspect/trace/top/actors (duplicates and empty words are dropped).
  void set_actor_words(std::vector<std::string> words);

  /// Candidates for `word` (a prefix, possibly empty) when `before` are the
  /// complete words before it, sorted. The first word completes to verbs;
  /// later words to kinds or actor words depending on the verb, or to both
  /// for verbs the console does not know.
  std::vector<std::string> candidates(const std::vector<std::string>& before,
                                      const std::string& word) const;

  size_t actor_word_count() const {
    return actor_words_.size();
  }

private:
  /// Each list is sorted and unique, so the words with a prefix are one
  /// contiguous range found by binary search.
  std::vector<std::string> verbs_;
  std::vector<std::string> actor_words_;
};

} // namespace convoy::cli
