// How pod and node changes reach the scheduler's queue and cache: pending
// pods of our scheduler name queue up, bound pods take their node's
// resources, and changes that can make waiting pods fit move them back to
// the active queue.

#include "actors/scheduler/shell/scheduler_state.hpp"

#include <google/protobuf/util/message_differencer.h>

#include "messages/map_equal.hpp"

namespace convoy::scheduler {

namespace {

using google::protobuf::util::MessageDifferencer;

bool terminated(const api::Pod& pod) {
  const auto& phase = pod.status().phase();
  return phase == "Succeeded" || phase == "Failed";
}

/// Whether the pod waits for this scheduler.
bool ours_pending(scheduler_ptr self, const api::Pod& pod) {
  return pod.spec().node_name().empty() && !pod.metadata().has_deletion_timestamp()
         && !terminated(pod) && pod.spec().scheduler_name() == self->state.cfg.scheduler_name;
}

/// Resources were freed or nodes changed: waiting pods may fit now.
void retry_waiting(scheduler_ptr self) {
  auto& st = self->state;
  if (st.queue.unschedulable_size() == 0)
    return;
  st.queue.move_all_to_active_or_backoff(now(self));
  kick(self);
}

void on_pod(scheduler_ptr self, const std::shared_ptr<const api::Pod>& pod) {
  auto& st = self->state;
  auto info = pod_info::make(pod);
  if (!pod->spec().node_name().empty()) {
    st.queue.remove(info->key);
    st.reported.erase(info->key);
    if (terminated(*pod)) {
      st.cache.remove_pod(info->key);
      retry_waiting(self);
    } else {
      st.cache.add_or_update_pod(std::move(info), pod->spec().node_name());
    }
    return;
  }
  if (st.cache.is_assumed(info->key))
    return; // binding in flight: the pod is ours until it fails
  if (ours_pending(self, *pod)) {
    st.queue.update(std::move(info), now(self));
    kick(self);
  } else {
    st.queue.remove(info->key);
  }
}

void on_pod_deleted(scheduler_ptr self, const std::shared_ptr<const api::Pod>& pod) {
  auto& st = self->state;
  auto key = pod_key(*pod);
  st.queue.remove(key);
  st.reported.erase(key);
  if (st.cache.contains_pod(key)) {
    st.cache.remove_pod(key);
    retry_waiting(self);
  }
}

/// Node changes that can make a pod fit (heartbeats and status churn
/// cannot): labels, spec (taints, unschedulable), allocatable.
bool relevant_change(const api::Node& old_node, const api::Node& new_node) {
  return !MessageDifferencer::Equals(old_node.spec(), new_node.spec())
         || !same_map(old_node.metadata().labels(), new_node.metadata().labels())
         || !same_map(old_node.status().allocatable(), new_node.status().allocatable());
}

} // namespace

client::informer_handlers<api::Pod> pod_handlers(scheduler_ptr self) {
  client::informer_handlers<api::Pod> h;
  h.added = [self](const auto& pod) { on_pod(self, pod); };
  h.updated = [self](const auto&, const auto& pod) { on_pod(self, pod); };
  h.deleted = [self](const auto& pod) { on_pod_deleted(self, pod); };
  h.synced = [self] { kick(self); };
  return h;
}

client::informer_handlers<api::Node> node_handlers(scheduler_ptr self) {
  client::informer_handlers<api::Node> h;
  h.added = [self](const auto& node) {
    self->state.cache.add_or_update_node(node);
    retry_waiting(self);
  };
  h.updated = [self](const auto& old_node, const auto& node) {
    self->state.cache.add_or_update_node(node);
    if (relevant_change(*old_node, *node))
      retry_waiting(self);
  };
  h.deleted = [self](const auto& node) {
    self->state.cache.remove_node(node->metadata().name());
  };
  return h;
}

} // namespace convoy::scheduler
