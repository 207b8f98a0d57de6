#include "actors/kubelet/core/pod_status.hpp"

#include <google/protobuf/util/message_differencer.h>

#include <algorithm>

#include "actors/apiserver/defaulting/pod_defaults.hpp"

namespace convoy::kubelet {

namespace {

using groups_t = std::unordered_map<std::string, attempt_list>;

void fill_terminated(api::ContainerStateTerminated& t, const containers::container_status& st) {
  t.set_exit_code(st.exit_code);
  t.set_signal(st.signal);
  t.set_reason(!st.reason.empty() ? st.reason : (st.exit_code == 0 ? "Completed" : "Error"));
  t.set_message(st.message);
  if (st.started_at > 0)
    set_timestamp(*t.mutable_started_at(), st.started_at);
  set_timestamp(*t.mutable_finished_at(), st.finished_at);
  t.set_container_id(api_container_id(st.id));
}

/// What one container shows (convertToAPIContainerStatuses).
struct container_view {
  const std::string& pod_uid;
  const probe_tracker& probes;
  const std::map<std::string, waiting_reason>& waiting;
  const waiting_reason& default_waiting;

  api::ContainerStatus convert(const api::Container& c, const attempt_list* list) const {
    api::ContainerStatus out;
    out.set_name(c.name());
    out.set_image(c.image());
    out.set_started(false);
    const auto* st = latest_attempt(list);
    auto w = waiting.find(c.name());
    const waiting_reason& why = w != waiting.end() ? w->second : default_waiting;
    if (st == nullptr) {
      set_waiting(out, why);
      return out;
    }
    if (!st->image.empty())
      out.set_image(st->image);
    out.set_container_id(api_container_id(st->id));
    out.set_restart_count(st->attempt);
    const auto* prev = previous_exit(list);
    if (st->state == containers::container_state::running) {
      set_timestamp(*out.mutable_state()->mutable_running()->mutable_started_at(), st->started_at);
      out.set_started(probes.started(pod_uid, c, *st));
      out.set_ready(probes.ready(pod_uid, c, *st));
    } else if (is_exited(*st) && w != waiting.end()) {
      // About to restart (or backing off): waiting, the exit as lastState.
      set_waiting(out, w->second);
      prev = st;
    } else if (is_exited(*st)) {
      fill_terminated(*out.mutable_state()->mutable_terminated(), *st);
    } else if (st->state == containers::container_state::created) {
      set_waiting(out, {"ContainerCreating", ""});
    } else {
      set_waiting(out, {"ContainerStatusUnknown", "The container state could not be determined"});
    }
    if (prev != nullptr)
      fill_terminated(*out.mutable_last_state()->mutable_terminated(), *prev);
    return out;
  }

  static void set_waiting(api::ContainerStatus& out, const waiting_reason& why) {
    auto* w = out.mutable_state()->mutable_waiting();
    w->set_reason(why.reason);
    w->set_message(why.message);
  }
};

std::string bracket_list(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      out += ' ';
    out += names[i];
  }
  return out + "]";
}

api::PodCondition condition(const char* type, bool value, std::string reason = {},
                            std::string message = {}) {
  api::PodCondition c;
  c.set_type(type);
  c.set_status(value ? "True" : "False");
  c.set_reason(std::move(reason));
  c.set_message(std::move(message));
  return c;
}

bool has_run(const api::ContainerStatus& cs) {
  return cs.state().has_running() || cs.state().has_terminated()
         || cs.last_state().has_terminated();
}

api::PodCondition initialized_condition(const api::PodStatus& s) {
  bool app_ran = std::any_of(s.container_statuses().begin(), s.container_statuses().end(),
                             has_run);
  std::vector<std::string> incomplete;
  for (const auto& cs : s.init_container_statuses())
    if (!(cs.state().has_terminated() && cs.state().terminated().exit_code() == 0))
      incomplete.push_back(cs.name());
  if (incomplete.empty() || app_ran)
    return condition("Initialized", true);
  return condition("Initialized", false, "ContainersNotInitialized",
                   "containers with incomplete status: " + bracket_list(incomplete));
}

api::PodCondition containers_ready_condition(const api::PodStatus& s) {
  std::vector<std::string> unready;
  for (const auto& cs : s.container_statuses())
    if (!cs.ready())
      unready.push_back(cs.name());
  if (unready.empty())
    return condition("ContainersReady", true);
  if (s.phase() == "Succeeded")
    return condition("ContainersReady", false, "PodCompleted");
  return condition("ContainersReady", false, "ContainersNotReady",
                   "containers with unready status: " + bracket_list(unready));
}

api::PodCondition ready_condition(const api::Pod& pod, const api::PodCondition& containers_ready) {
  if (containers_ready.status() != "True")
    return condition("Ready", false, containers_ready.reason(), containers_ready.message());
  std::string message;
  for (const auto& gate : pod.spec().readiness_gates()) {
    const auto& conds = pod.status().conditions();
    auto it = std::find_if(conds.begin(), conds.end(), [&](const api::PodCondition& c) {
      return c.type() == gate.condition_type();
    });
    std::string problem;
    if (it == conds.end())
      problem = "corresponding condition of pod readiness gate \"" + gate.condition_type()
                + "\" does not exist.";
    else if (it->status() != "True")
      problem = "the status of pod readiness gate \"" + gate.condition_type()
                + "\" is not \"True\", but " + it->status();
    if (!problem.empty())
      message += (message.empty() ? "" : ", ") + problem;
  }
  if (!message.empty())
    return condition("Ready", false, "ReadinessGatesNotReady", message);
  return condition("Ready", true);
}

bool kubelet_owned(const std::string& type) {
  return type == "Initialized" || type == "Ready" || type == "ContainersReady"
         || type == "PodScheduled";
}

/// Appends `c`, keeping the previous lastTransitionTime if the status did
/// not change (the status manager's updateLastTransitionTime).
void add_condition(api::PodStatus& s, const api::PodStatus& old, api::PodCondition c,
                   wall_ms now) {
  for (const auto& prev : old.conditions())
    if (prev.type() == c.type() && prev.status() == c.status()
        && prev.has_last_transition_time()) {
      *c.mutable_last_transition_time() = prev.last_transition_time();
      *s.add_conditions() = std::move(c);
      return;
    }
  set_timestamp(*c.mutable_last_transition_time(), now);
  *s.add_conditions() = std::move(c);
}

void set_conditions(const api::Pod& pod, api::PodStatus& s, wall_ms now) {
  const auto& old = pod.status();
  for (const auto& c : old.conditions())
    if (!kubelet_owned(c.type()))
      *s.add_conditions() = c;
  auto containers_ready = containers_ready_condition(s);
  add_condition(s, old, initialized_condition(s), now);
  add_condition(s, old, ready_condition(pod, containers_ready), now);
  add_condition(s, old, std::move(containers_ready), now);
  add_condition(s, old, condition("PodScheduled", true), now);
}

void set_addresses(api::PodStatus& s, const api::Pod& pod, const std::string& pod_ip,
                   const std::string& host_ip, wall_ms now) {
  const auto& old = pod.status();
  if (!host_ip.empty()) {
    s.set_host_ip(host_ip);
    s.add_host_ips()->set_ip(host_ip);
  }
  if (!pod_ip.empty()) {
    s.set_pod_ip(pod_ip);
    s.add_pod_ips()->set_ip(pod_ip);
  }
  if (old.has_start_time())
    *s.mutable_start_time() = old.start_time();
  else
    set_timestamp(*s.mutable_start_time(), now);
}

} // namespace

std::string api_container_id(const std::string& id) {
  return "convoy://" + id;
}

std::string pod_phase(const api::PodSpec& spec, const api::PodStatus& status) {
  int pending_init = 0;
  int failed_init = 0;
  for (const auto& cs : status.init_container_statuses()) {
    const auto& state = cs.state();
    if (state.has_terminated()) {
      failed_init += state.terminated().exit_code() != 0 ? 1 : 0;
    } else if (state.has_waiting() && cs.last_state().has_terminated()) {
      failed_init += cs.last_state().terminated().exit_code() != 0 ? 1 : 0;
    } else {
      ++pending_init;
    }
  }
  int running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const auto& cs : status.container_statuses()) {
    const auto& state = cs.state();
    if (state.has_running()) {
      ++running;
    } else if (state.has_terminated()) {
      ++stopped;
      succeeded += state.terminated().exit_code() == 0 ? 1 : 0;
    } else if (cs.last_state().has_terminated()) {
      ++stopped; // waiting to restart
    } else {
      ++waiting;
    }
  }
  const auto& policy = spec.restart_policy();
  if (failed_init > 0 && policy == "Never")
    return "Failed";
  if (pending_init > 0 || waiting > 0)
    return "Pending";
  if (running > 0)
    return "Running";
  if (stopped == 0)
    return "Pending";
  if (policy == "Always" || policy.empty())
    return "Running";
  if (stopped == succeeded)
    return "Succeeded";
  if (policy == "Never")
    return "Failed";
  return "Running";
}

api::PodStatus generate_pod_status(const api::Pod& pod,
                                   const std::vector<containers::container_status>& observed,
                                   const probe_tracker& probes,
                                   const std::map<std::string, waiting_reason>& waiting,
                                   const std::string& pod_ip, const std::string& host_ip,
                                   wall_ms now) {
  const auto& spec = pod.spec();
  const auto& old = pod.status();
  auto groups = group_attempts(observed);
  api::PodStatus s;
  bool initializing = false;
  for (const auto& c : spec.init_containers()) {
    const auto* st = latest_attempt(find_attempts(groups, c.name()));
    initializing = initializing || st == nullptr || !is_exited(*st) || st->exit_code != 0;
  }
  waiting_reason pending{initializing ? "PodInitializing" : "ContainerCreating", ""};
  container_view view{pod.metadata().uid(), probes, waiting, pending};
  for (const auto& c : spec.init_containers())
    *s.add_init_container_statuses() = view.convert(c, find_attempts(groups, c.name()));
  for (const auto& c : spec.containers())
    *s.add_container_statuses() = view.convert(c, find_attempts(groups, c.name()));
  bool terminal = old.phase() == "Succeeded" || old.phase() == "Failed";
  s.set_phase(terminal ? old.phase() : pod_phase(spec, s));
  s.set_reason(old.reason());
  s.set_message(old.message());
  s.set_nominated_node_name(old.nominated_node_name());
  set_addresses(s, pod, pod_ip, host_ip, now);
  set_conditions(pod, s, now);
  s.set_qos_class(!old.qos_class().empty() ? old.qos_class()
                                           : std::string{apiserver::pod_qos_class(spec)});
  return s;
}

bool status_equal_ignoring_time(const api::PodStatus& a, const api::PodStatus& b) {
  using google::protobuf::util::MessageDifferencer;
  MessageDifferencer diff;
  const auto* desc = api::PodCondition::descriptor();
  diff.IgnoreField(desc->FindFieldByName("last_transition_time"));
  diff.IgnoreField(desc->FindFieldByName("last_probe_time"));
  return diff.Compare(a, b);
}

} // namespace convoy::kubelet
