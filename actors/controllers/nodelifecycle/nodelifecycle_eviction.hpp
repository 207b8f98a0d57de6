#pragma once

// The taint eviction half (Kubernetes' taint-eviction-controller, the
// former taint manager), level-triggered: sync(node) deletes the pods of
// the node that no longer tolerate its NoExecute taints and comes back at
// the earliest toleration deadline still ahead.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "actors/common/event_builder.hpp"
#include "actors/controllers/nodelifecycle/core/node_taints.hpp"
#include "actors/controllers/nodelifecycle/core/taint_eviction.hpp"
#include "actors/controllers/nodelifecycle/nodelifecycle_state.hpp"

namespace convoy::controllers::nodelifecycle {

using done_fn = reconcile_loop<lifecycle_self>::done_fn;

/// The node has a NoExecute taint (only those evict).
inline bool has_no_execute(const api::Node& node) {
  for (const auto& t : node.spec().taints())
    if (t.effect() == no_execute)
      return true;
  return false;
}

/// The pods bound to `node` as the informer holds them.
inline std::vector<std::shared_ptr<const api::Pod>> pods_of_node(const lifecycle_state& st,
                                                                 const std::string& node) {
  std::vector<std::shared_ptr<const api::Pod>> out;
  auto keys = st.pods_on_node.find(node);
  if (keys == st.pods_on_node.end())
    return out;
  for (const auto& key : keys->second)
    if (auto it = st.pods->objects().find(key); it != st.pods->objects().end())
      out.push_back(it->second);
  return out;
}

/// Deletes `victims` (default grace, as the taint manager does), then
/// finishes the sync; a failed delete other than NotFound requeues it.
inline void evict_pods(lifecycle_ptr self, const std::string& node,
                       const std::vector<std::shared_ptr<const api::Pod>>& victims,
                       done_fn done) {
  auto& st = self->state;
  struct run {
    int pending;
    std::string error;
    done_fn done;
  };
  auto r = std::make_shared<run>(run{static_cast<int>(victims.size()), "", std::move(done)});
  for (const auto& pod : victims) {
    const auto& meta = pod->metadata();
    st.log->info("evicting pod {}/{} from node {}: it does not tolerate the node's taints",
                 meta.namespace_(), meta.name(), node);
    st.loop->count_writes(1);
    st.events->record(reference_to("Pod", "v1", meta.namespace_(), meta.name(), meta.uid()),
                      "Normal", "TaintManagerEviction",
                      "Marking for deletion Pod " + meta.namespace_() + "/" + meta.name());
    st.calls->remove("pods", meta.namespace_(), meta.name(), api::DeleteOptions{},
                     [r, pod](const apiserver::ApiResponse& resp) {
                       if (api_failed(resp) && resp.status().reason() != "NotFound")
                         r->error = "deleting pod " + client::object_key(*pod) + ": "
                                    + resp.status().message();
                       if (--r->pending == 0)
                         r->done(r->error);
                     });
  }
}

/// Kubernetes' taint manager for node `name`.
inline void sync_node(lifecycle_ptr self, const std::string& name, done_fn done) {
  auto& st = self->state;
  auto it = st.nodes->objects().find(name);
  if (it == st.nodes->objects().end() || !has_no_execute(*it->second))
    return done("");
  auto now = wall_seconds(st);
  auto decided = evictions_on_node(*it->second, pods_of_node(st, name), now);
  if (decided.next_deadline)
    st.loop->add_after(name, std::chrono::seconds{*decided.next_deadline - now});
  if (decided.evict.empty())
    return done("");
  evict_pods(self, name, decided.evict, std::move(done));
}

} // namespace convoy::controllers::nodelifecycle
