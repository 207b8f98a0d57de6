#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.pb.h"

namespace convoy::store {

/// The watches registered with one store replica, as a pure data structure:
/// which watch sees which event, which watches still replay history.
///
/// Ordering guarantees come from two rules. A watch is either *synced* (it has
/// seen every event up to the replica's applied revision; live events go to
/// it as they are applied) or *catching up* (it still reads history from
/// `next_revision`; live events skip it, the replay delivers them later). And
/// all events of one revision always go out in one response. Together: per
/// watch, events arrive in revision order, each once, with no gaps.
class watch_hub {
public:
  /// Identifies the subscriber (the actor maps it to a watcher handle).
  using subscriber = uint64_t;

  struct watch {
    subscriber who = 0;
    int64_t id = 0;
    std::string key;
    std::string range_end;
    bool prev_kv = false;
    bool progress_notify = false;
    bool no_put = false;
    bool no_delete = false;
    /// The first revision this watch has not seen yet.
    int64_t next_revision = 0;
  };

  /// A catching-up watch: replay history from `from` for it.
  struct lagging {
    subscriber who;
    int64_t id;
    int64_t from;
  };

  /// Registers a watch created by `req` when the replica is at
  /// `current_revision`. A start revision of 0 (or beyond the current one)
  /// means "from the next revision". Returns the watch id (req.watch_id if
  /// non-zero, else a fresh one); -1 if `who` already has that id.
  int64_t add(subscriber who, const WatchCreateRequest& req, int64_t current_revision);

  /// Removes one watch; false if unknown.
  bool cancel(subscriber who, int64_t id);

  /// Removes every watch of a subscriber (it went away).
  void remove(subscriber who);

  /// Fans the events of one applied revision out to the synced watches that
  /// match; appends one response per watch that got events. Also advances
  /// every synced watch past `revision`.
  void dispatch(int64_t revision, const std::vector<Event>& events,
                std::vector<std::pair<subscriber, WatchResponse>>& out);

  /// Watches that still need history, oldest first.
  std::vector<lagging> catching_up() const;

  /// Filters history events (ordered, whole revisions) for a catching-up
  /// watch and records that it has seen everything up to `through`; once
  /// `through` reaches `current_revision` the watch is synced. Returns the
  /// response to send (may be empty). Unknown watch: nothing.
  std::optional<WatchResponse> replayed(subscriber who, int64_t id,
                                       const std::vector<Event>& events, int64_t through,
                                       int64_t current_revision);

  /// The replica's state jumped to `revision` without dispatch() (it
  /// installed a snapshot): watches that have not seen it catch up from
  /// history.
  void jumped_to(int64_t revision);

  /// Progress notifications for synced watches that asked for them: an
  /// empty response whose header revision says "seen everything up to here".
  void progress(int64_t revision, std::vector<std::pair<subscriber, WatchResponse>>& out);

  size_t size() const {
    return watches_.size();
  }
  const watch* find(subscriber who, int64_t id) const;

private:
  using key = std::pair<subscriber, int64_t>;

  static bool matches(const watch& w, const Event& e);
  static void append_event(const watch& w, const Event& e, WatchResponse& resp);

  std::map<key, watch> watches_;
  int64_t next_id_ = 1;
  /// The replica's newest applied revision as far as the hub knows.
  int64_t applied_revision_ = 0;
};

} // namespace convoy::store
