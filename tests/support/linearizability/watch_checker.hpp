#pragma once

// Checks what watchers of convoy's store received against the committed
// history: the etcd watch guarantees (ordered, unique, reliable, atomic).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace convoy::checkers {

enum class watch_event_type : uint8_t { put, erase };

/// One committed change, as the store records it and a watcher receives it.
struct watch_event {
  int64_t revision = 0;
  std::string key;
  watch_event_type type = watch_event_type::put;
  /// put: the value written; erase: empty.
  std::string value;

  static watch_event put(int64_t revision, std::string key, std::string value);
  static watch_event erase(int64_t revision, std::string key);
};

/// etcd's key range [key, range_end): an empty range_end means `key` alone,
/// range_end "\0" means every key >= `key`.
struct key_range {
  std::string key;
  std::string range_end;

  static key_range exact(std::string key);
  /// Every key starting with `prefix` (etcd's WithPrefix).
  static key_range prefix(std::string prefix);
  static key_range all();

  bool contains(std::string_view k) const;
  std::string describe() const;
};

/// One watch response.
struct watch_batch {
  std::vector<watch_event> events;

  /// Non-zero: a progress guarantee (etcd progress notification): every event
  /// of the range with a revision up to this one has been delivered.
  int64_t progress_revision = 0;
};

/// Everything one watcher received, in arrival order.
struct watch_stream {
  /// Names the watcher in reports.
  std::string watcher;
  /// Events from this revision on were asked for.
  int64_t start_revision = 1;
  key_range range;
  std::vector<watch_batch> batches;
};

enum class watch_problem_kind {
  bad_history,    // the committed history itself is inconsistent
  out_of_range,   // an event for a key the watcher did not ask for
  before_start,   // an event older than the start revision
  not_committed,  // an event no write produced
  wrong_value,    // type or value differs from the committed event
  duplicate,      // the same (revision, key) twice
  out_of_order,   // a revision lower than one already delivered
  split_revision, // one revision's events spread over several responses
  gap,            // a committed event missing below the last seen revision
};

const char* to_string(watch_problem_kind kind);

struct watch_problem {
  watch_problem_kind kind = watch_problem_kind::gap;
  std::string watcher;
  int64_t revision = 0;
  std::string key;
  /// Starts with the problem's name ("gap: ...").
  std::string message;
};

/// Verifies watch streams against the committed history. Every watcher must
/// receive exactly the committed events of its range with revision >=
/// its start revision, up to the last revision it saw (an event's or a
/// progress notification's), in revision order, each once, with the committed
/// type and value, all events of one revision in one response. Events above
/// the last seen revision are not required: the watcher may simply be behind.
class watch_checker {
public:
  /// `committed`: every committed change in commit order (revisions never
  /// decrease; one revision may hold several keys, each at most once).
  explicit watch_checker(std::vector<watch_event> committed);

  /// Problems of the committed history itself, found by the constructor.
  const std::vector<watch_problem>& history_problems() const noexcept {
    return history_problems_;
  }

  /// At most `max_per_kind` problems of each kind are listed; one more entry
  /// of that kind then counts the rest.
  std::vector<watch_problem> check(const watch_stream& stream, size_t max_per_kind = 10) const;

  /// All streams' problems, the history's first.
  std::vector<watch_problem> check_all(const std::vector<watch_stream>& streams) const;

  /// One line per problem; empty when there is none.
  static std::string format(const std::vector<watch_problem>& problems);

private:
  const watch_event* find(int64_t revision, const std::string& key) const;
  void check_history();

  std::vector<watch_event> committed_;
  std::vector<watch_problem> history_problems_;
};

} // namespace convoy::checkers
