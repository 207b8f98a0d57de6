#include "actors/kubelet/core/pod_sync.hpp"

#include <algorithm>
#include <unordered_set>

namespace convoy::kubelet {

namespace {

using groups_t = std::unordered_map<std::string, attempt_list>;

/// One pass of the sync: the input plus what it produces.
struct planner {
  const sync_input& in;
  groups_t groups;
  pod_actions out;

  bool terminal_phase() const {
    const auto& phase = in.pod.status().phase();
    return phase == "Succeeded" || phase == "Failed";
  }

  void kill(const containers::container_status& st, std::string reason) {
    out.kill.push_back({st.id, st.container_name, std::move(reason)});
  }

  void block(const std::string& name, wall_ms until) {
    std::string key = backoff_key(in.pod.metadata().uid(), name);
    out.waiting[name] = {"CrashLoopBackOff",
                         "back-off " + go_duration(in.backoff.delay(key))
                             + " restarting failed container=" + name
                             + " pod=" + format_pod(in.pod)};
    if (!out.resync_at || until < *out.resync_at)
      out.resync_at = until;
  }

  /// Starts `name` now unless its back-off runs (restarts only).
  bool start_or_block(const std::string& name, bool restart) {
    if (restart) {
      auto key = backoff_key(in.pod.metadata().uid(), name);
      if (auto until = in.backoff.blocked_until(key, in.now)) {
        block(name, *until);
        return false;
      }
    }
    out.start.push_back(name);
    return true;
  }

  void collect_garbage();
  void kill_strays();
  void kill_everything(std::string reason);
  bool plan_init();
  void plan_app();
};

void planner::collect_garbage() {
  for (const auto& [name, list] : groups) {
    const containers::container_status* keep = nullptr;
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
      if (!is_exited(**it))
        continue;
      if (keep == nullptr)
        keep = *it;
      else
        out.remove.push_back((*it)->id);
    }
  }
  std::sort(out.remove.begin(), out.remove.end());
}

/// Live attempts that are not the newest of a name in the spec: leftovers
/// of a crash between start and record, or of a container removed from the
/// spec. Kubernetes kills containers it does not know the same way.
void planner::kill_strays() {
  std::unordered_set<std::string> names;
  for (const auto& c : in.pod.spec().init_containers())
    names.insert(c.name());
  for (const auto& c : in.pod.spec().containers())
    names.insert(c.name());
  for (const auto& [name, list] : groups) {
    bool known = names.count(name) != 0;
    for (const auto* st : list)
      if (is_live(*st) && (!known || st != list.back()))
        kill(*st, known ? "duplicate attempt" : "not in pod spec");
  }
}

void planner::kill_everything(std::string reason) {
  out.kill_all = true;
  out.kill_all_reason = reason;
  out.start.clear();
  out.start_is_init = false;
  out.kill.clear();
  for (const auto& [name, list] : groups)
    for (const auto* st : list)
      if (is_live(*st))
        kill(*st, reason);
  std::sort(out.kill.begin(), out.kill.end(),
            [](const auto& a, const auto& b) { return a.container_id < b.container_id; });
}

/// Init containers run one at a time, in order. Returns true once all of
/// them exited 0 (or an app container already ran: init is over then).
bool planner::plan_init() {
  const auto& spec = in.pod.spec();
  for (const auto& c : spec.containers())
    if (find_attempts(groups, c.name()) != nullptr)
      return true;
  for (const auto& c : spec.init_containers()) {
    const auto* st = latest_attempt(find_attempts(groups, c.name()));
    if (st == nullptr) {
      out.start_is_init = start_or_block(c.name(), false);
      return false;
    }
    if (!is_exited(*st))
      return false; // running (or unknown): wait for it
    if (st->exit_code == 0)
      continue;
    if (spec.restart_policy() == "Never") {
      out.init_failed = true;
      kill_everything("init container " + c.name() + " failed");
      return false;
    }
    out.start_is_init = start_or_block(c.name(), true);
    return false;
  }
  return true;
}

void planner::plan_app() {
  const auto& spec = in.pod.spec();
  const auto& uid = in.pod.metadata().uid();
  for (const auto& c : spec.containers()) {
    const auto* st = latest_attempt(find_attempts(groups, c.name()));
    if (st == nullptr) {
      if (start_or_block(c.name(), false))
        out.waiting[c.name()] = {"ContainerCreating", ""};
      continue;
    }
    if (is_live(*st)) {
      if (in.probes.liveness_failed(uid, c.name(), st->id))
        kill(*st, "Container " + c.name() + " failed liveness probe, will be restarted");
      else if (in.probes.startup_failed(uid, c.name(), st->id))
        kill(*st, "Container " + c.name() + " failed startup probe, will be restarted");
      else if (!st->image.empty() && !c.image().empty() && st->image != c.image())
        kill(*st, "Container " + c.name() + " definition changed, will be restarted");
      continue;
    }
    if (is_exited(*st) && should_restart(spec.restart_policy(), st->exit_code)) {
      if (start_or_block(c.name(), true))
        out.waiting[c.name()] = {"ContainerCreating", ""};
    }
  }
}

} // namespace

bool should_restart(const std::string& restart_policy, int exit_code) {
  if (restart_policy == "Never")
    return false;
  if (restart_policy == "OnFailure")
    return exit_code != 0;
  return true;
}

int next_attempt(const std::vector<containers::container_status>& observed,
                 const std::string& name) {
  int next = 0;
  for (const auto& st : observed)
    if (st.container_name == name)
      next = std::max(next, st.attempt + 1);
  return next;
}

pod_actions compute_pod_actions(const sync_input& in) {
  planner p{in, group_attempts(in.observed), {}};
  p.collect_garbage();
  if (in.pod.metadata().has_deletion_timestamp()) {
    p.kill_everything("pod is being deleted");
    return std::move(p.out);
  }
  if (p.terminal_phase()) {
    p.kill_everything("pod is " + in.pod.status().phase());
    return std::move(p.out);
  }
  p.kill_strays();
  if (!p.plan_init()) {
    if (!p.out.kill_all)
      for (const auto& c : in.pod.spec().containers())
        p.out.waiting[c.name()] = {"PodInitializing", ""};
    return std::move(p.out);
  }
  p.plan_app();
  bool any_live = std::any_of(in.observed.begin(), in.observed.end(),
                              [](const auto& st) { return is_live(st); });
  if (!any_live && p.out.start.empty() && !p.out.resync_at) {
    p.out.kill_all = true;
    p.out.kill_all_reason = "all containers terminated";
  }
  return std::move(p.out);
}

} // namespace convoy::kubelet
