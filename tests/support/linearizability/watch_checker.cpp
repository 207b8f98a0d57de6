#include "linearizability/watch_checker.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <utility>

namespace convoy::checkers {

watch_event watch_event::put(int64_t revision, std::string key, std::string value) {
  return {revision, std::move(key), watch_event_type::put, std::move(value)};
}

watch_event watch_event::erase(int64_t revision, std::string key) {
  return {revision, std::move(key), watch_event_type::erase, {}};
}

key_range key_range::exact(std::string key) {
  return {std::move(key), {}};
}

key_range key_range::prefix(std::string prefix) {
  // etcd's prefix range end: the prefix with its last byte below 0xff
  // incremented (trailing 0xff bytes dropped); none such: every key >= prefix.
  std::string end = prefix;
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff)
    end.pop_back();
  if (end.empty())
    return {std::move(prefix), std::string(1, '\0')};
  end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return {std::move(prefix), std::move(end)};
}

key_range key_range::all() {
  return {{}, std::string(1, '\0')};
}

bool key_range::contains(std::string_view k) const {
  if (range_end.empty())
    return k == key;
  if (range_end == std::string_view{"\0", 1})
    return k >= key;
  return k >= key && k < range_end;
}

std::string key_range::describe() const {
  if (range_end.empty())
    return "key \"" + key + "\"";
  if (range_end == std::string_view{"\0", 1})
    return "keys >= \"" + key + "\"";
  return "keys in [\"" + key + "\", \"" + range_end + "\")";
}

const char* to_string(watch_problem_kind kind) {
  switch (kind) {
    case watch_problem_kind::bad_history:
      return "bad history";
    case watch_problem_kind::out_of_range:
      return "out of range";
    case watch_problem_kind::before_start:
      return "before start";
    case watch_problem_kind::not_committed:
      return "not committed";
    case watch_problem_kind::wrong_value:
      return "wrong value";
    case watch_problem_kind::duplicate:
      return "duplicate";
    case watch_problem_kind::out_of_order:
      return "out of order";
    case watch_problem_kind::split_revision:
      return "split revision";
    case watch_problem_kind::gap:
      return "gap";
  }
  return "?";
}

namespace {

std::string describe(const watch_event& e) {
  return "rev " + std::to_string(e.revision) + " key \"" + e.key + "\" ("
         + (e.type == watch_event_type::put ? "put \"" + e.value + "\"" : std::string{"erase"})
         + ")";
}

/// Collects the problems of one stream, at most `max_per_kind` of each kind
/// spelled out.
class problem_list {
public:
  problem_list(std::string watcher, size_t max_per_kind)
    : watcher_(std::move(watcher)), max_per_kind_(max_per_kind) {
  }

  void add(watch_problem_kind kind, const watch_event& e, const std::string& detail) {
    auto& count = counts_[static_cast<size_t>(kind)];
    if (++count > max_per_kind_)
      return;
    problems_.push_back(
      {kind, watcher_, e.revision, e.key,
       std::string{to_string(kind)} + ": watcher \"" + watcher_ + "\" " + detail});
  }

  std::vector<watch_problem> finish() {
    for (size_t k = 0; k < counts_.size(); ++k) {
      if (counts_[k] <= max_per_kind_)
        continue;
      auto kind = static_cast<watch_problem_kind>(k);
      problems_.push_back({kind,
                           watcher_,
                           0,
                           {},
                           std::string{to_string(kind)} + ": watcher \"" + watcher_ + "\" "
                             + std::to_string(counts_[k] - max_per_kind_)
                             + " more problems of this kind"});
    }
    return std::move(problems_);
  }

private:
  std::string watcher_;
  size_t max_per_kind_;
  std::array<size_t, 9> counts_{};
  std::vector<watch_problem> problems_;
};

} // namespace

watch_checker::watch_checker(std::vector<watch_event> committed)
  : committed_(std::move(committed)) {
  check_history();
}

void watch_checker::check_history() {
  problem_list problems{"(committed history)", 10};
  std::set<std::pair<int64_t, std::string>> seen;
  for (size_t i = 0; i < committed_.size(); ++i) {
    const auto& e = committed_[i];
    if (i > 0 && e.revision < committed_[i - 1].revision)
      problems.add(watch_problem_kind::bad_history, e,
                   "sees committed event #" + std::to_string(i) + " " + describe(e) + " after rev "
                     + std::to_string(committed_[i - 1].revision));
    if (!seen.emplace(e.revision, e.key).second)
      problems.add(watch_problem_kind::bad_history, e,
                   "sees key \"" + e.key + "\" twice in committed rev "
                     + std::to_string(e.revision));
  }
  history_problems_ = problems.finish();
  // Lookups need revision order; keep commit order within a revision.
  std::stable_sort(
    committed_.begin(), committed_.end(),
    [](const watch_event& a, const watch_event& b) { return a.revision < b.revision; });
}

const watch_event* watch_checker::find(int64_t revision, const std::string& key) const {
  auto it = std::lower_bound(committed_.begin(), committed_.end(), revision,
                             [](const watch_event& e, int64_t r) { return e.revision < r; });
  for (; it != committed_.end() && it->revision == revision; ++it)
    if (it->key == key)
      return &*it;
  return nullptr;
}

std::vector<watch_problem> watch_checker::check(const watch_stream& stream,
                                                size_t max_per_kind) const {
  problem_list problems{stream.watcher, max_per_kind};
  std::set<std::pair<int64_t, std::string>> seen;
  std::map<int64_t, size_t> batch_of_revision;
  std::set<int64_t> split_reported;
  int64_t highest = 0;
  int64_t last_seen = 0;
  for (size_t b = 0; b < stream.batches.size(); ++b) {
    last_seen = std::max(last_seen, stream.batches[b].progress_revision);
    for (const auto& e : stream.batches[b].events) {
      if (!stream.range.contains(e.key)) {
        problems.add(watch_problem_kind::out_of_range, e,
                     "got " + describe(e) + " outside its range (" + stream.range.describe() + ")");
        continue;
      }
      if (e.revision < stream.start_revision) {
        problems.add(watch_problem_kind::before_start, e,
                     "got " + describe(e) + " below its start revision "
                       + std::to_string(stream.start_revision));
        continue;
      }
      if (!seen.emplace(e.revision, e.key).second) {
        problems.add(watch_problem_kind::duplicate, e,
                     "got " + describe(e) + " again (in response #" + std::to_string(b) + ")");
        continue;
      }
      if (e.revision < highest)
        problems.add(watch_problem_kind::out_of_order, e,
                     "got " + describe(e) + " after rev " + std::to_string(highest));
      highest = std::max(highest, e.revision);
      last_seen = std::max(last_seen, e.revision);
      const auto* committed = find(e.revision, e.key);
      if (committed == nullptr)
        problems.add(watch_problem_kind::not_committed, e,
                     "got " + describe(e) + ", which was never committed");
      else if (committed->type != e.type || committed->value != e.value)
        problems.add(watch_problem_kind::wrong_value, e,
                     "got " + describe(e) + " but the store committed " + describe(*committed));
      auto [first, fresh] = batch_of_revision.emplace(e.revision, b);
      if (!fresh && first->second != b && split_reported.insert(e.revision).second)
        problems.add(watch_problem_kind::split_revision, e,
                     "got the events of rev " + std::to_string(e.revision) + " in responses #"
                       + std::to_string(first->second) + " and #" + std::to_string(b)
                       + " (a revision must arrive in one response)");
    }
  }
  auto it = std::lower_bound(committed_.begin(), committed_.end(), stream.start_revision,
                             [](const watch_event& e, int64_t r) { return e.revision < r; });
  for (; it != committed_.end() && it->revision <= last_seen; ++it)
    if (stream.range.contains(it->key) && seen.count({it->revision, it->key}) == 0)
      problems.add(watch_problem_kind::gap, *it,
                   "missed " + describe(*it) + " though it saw rev " + std::to_string(last_seen));
  return problems.finish();
}

std::vector<watch_problem>
watch_checker::check_all(const std::vector<watch_stream>& streams) const {
  auto all = history_problems_;
  for (const auto& stream : streams) {
    auto problems = check(stream);
    all.insert(all.end(), problems.begin(), problems.end());
  }
  return all;
}

std::string watch_checker::format(const std::vector<watch_problem>& problems) {
  std::string text;
  for (const auto& p : problems)
    text += p.message + "\n";
  return text;
}

} // namespace convoy::checkers
