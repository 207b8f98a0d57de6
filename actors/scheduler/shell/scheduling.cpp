// The scheduling loop of the actor: pop a pod, run the framework's cycle
// over the cache's snapshot, assume + bind what fits (bindings pipelined,
// bounded), report what does not (PodScheduled=False + a FailedScheduling
// event), requeue on failure.

#include "actors/scheduler/shell/scheduler_state.hpp"

#include <google/protobuf/util/time_util.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "actors/common/event_builder.hpp"
#include "api/event.pb.h"

namespace convoy::scheduler {

namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp timestamp(scheduler_ptr self) {
  auto since = self->state.clock->now().time_since_epoch();
  return TimeUtil::SecondsToTimestamp(
    std::chrono::duration_cast<std::chrono::seconds>(since).count());
}

apiserver::RequestMeta request_meta(scheduler_ptr self) {
  apiserver::RequestMeta meta;
  meta.set_token(self->state.cfg.token);
  meta.set_user_agent("convoy-scheduler");
  return meta;
}

void emit_event(scheduler_ptr self, const pod_info& pod, const std::string& message) {
  const auto& m = pod.meta();
  auto ev = make_event(reference_to("Pod", "v1", m.namespace_(), m.name(), m.uid()), "Warning",
                       "FailedScheduling", message, self->state.cfg.scheduler_name,
                       self->state.clock->now(), ++self->state.counters.events);
  ev.set_action("Scheduling");
  apiserver::CreateRequest req;
  *req.mutable_meta() = request_meta(self);
  req.set_resource("events");
  req.set_namespace_(pod.meta().namespace_());
  req.mutable_object()->PackFrom(ev);
  self->request(self->state.cfg.api, std::chrono::seconds{30}, std::move(req))
    .then(
      [self](const apiserver::ApiResponse& resp) {
        if (api_failed(resp))
          self->state.log->warn("cannot record an event: {}", resp.status().message());
      },
      [self](const caf::error& err) {
        self->state.log->warn("cannot record an event: {}", caf::to_string(err));
      });
}

/// PodScheduled=False, reason Unschedulable, with the fit error message, as
/// a strategic merge patch of the status (conditions merge by type).
void patch_condition(scheduler_ptr self, const pod_info& pod, const std::string& message) {
  nlohmann::json condition = {
    {"type", "PodScheduled"},
    {"status", "False"},
    {"reason", "Unschedulable"},
    {"message", message},
    {"lastTransitionTime", TimeUtil::ToString(timestamp(self))},
  };
  nlohmann::json patch = {{"status", {{"conditions", nlohmann::json::array({condition})}}}};
  apiserver::PatchRequest req;
  *req.mutable_meta() = request_meta(self);
  req.set_resource("pods");
  req.set_namespace_(pod.meta().namespace_());
  req.set_name(pod.meta().name());
  req.set_subresource("status");
  req.set_patch_type("strategic");
  req.set_patch(patch.dump());
  auto key = pod.key;
  self->request(self->state.cfg.api, std::chrono::seconds{30}, std::move(req))
    .then(
      [self, key](const apiserver::ApiResponse& resp) {
        if (api_failed(resp))
          self->state.reported.erase(key); // try again next attempt
      },
      [self, key](const caf::error&) { self->state.reported.erase(key); });
}

/// Tells the user why the pod waits, once per distinct reason.
void report_unschedulable(scheduler_ptr self, const pod_info& pod, const std::string& message) {
  auto& last = self->state.reported[pod.key];
  if (last == message)
    return;
  last = message;
  self->state.log->info("pod {} is unschedulable: {}", pod.key, message);
  patch_condition(self, pod, message);
  emit_event(self, pod, message);
}

/// The latest version of a pod (the informer's), nullptr if it is gone or
/// someone bound it.
pod_info_ptr still_pending(scheduler_ptr self, const queued_pod& qp) {
  const auto& objects = self->state.pods->objects();
  auto it = objects.find(qp.info->key);
  if (it == objects.end() || !it->second->spec().node_name().empty()
      || it->second->metadata().has_deletion_timestamp())
    return nullptr;
  return it->second == qp.info->pod ? qp.info : pod_info::make(it->second);
}

void on_bind_failed(scheduler_ptr self, queued_pod qp, const std::string& node,
                    const std::string& why) {
  auto& st = self->state;
  ++st.counters.bind_failures;
  st.cache.forget(qp.info->key);
  st.fw->unreserve(*qp.info, node);
  st.log->warn("binding {} to {} failed: {}", qp.info->key, node, why);
  if (auto latest = still_pending(self, qp)) {
    qp.info = std::move(latest);
    st.queue.add_backoff(std::move(qp), now(self));
  }
}

void bind_pod(scheduler_ptr self, queued_pod qp, const std::string& node) {
  auto& st = self->state;
  const auto& meta = qp.info->meta();
  api::Binding binding;
  binding.mutable_metadata()->set_name(meta.name());
  binding.mutable_metadata()->set_namespace_(meta.namespace_());
  binding.mutable_metadata()->set_uid(meta.uid());
  binding.mutable_target()->set_kind("Node");
  binding.mutable_target()->set_api_version("v1");
  binding.mutable_target()->set_name(node);
  apiserver::CreateRequest req;
  *req.mutable_meta() = request_meta(self);
  req.set_resource("pods");
  req.set_namespace_(meta.namespace_());
  req.set_name(meta.name());
  req.set_subresource("binding");
  req.mutable_object()->PackFrom(binding);
  ++st.binds_in_flight;
  st.api_requests.request(self, st.cfg.api, std::chrono::seconds{30}, std::move(req))
    .then(
      [self, qp, node](const apiserver::ApiResponse& resp) mutable {
        auto& st = self->state;
        --st.binds_in_flight;
        if (!api_failed(resp)) {
          ++st.counters.scheduled;
          st.bind_rate.add(now(self));
          st.cache.finish_binding(qp.info->key, now(self));
          st.reported.erase(qp.info->key);
        } else {
          on_bind_failed(self, std::move(qp), node, resp.status().message());
        }
        kick(self);
      },
      [self, qp, node](const caf::error& err) mutable {
        --self->state.binds_in_flight;
        on_bind_failed(self, std::move(qp), node, caf::to_string(err));
        kick(self);
      });
}

void schedule_one(scheduler_ptr self, queued_pod qp) {
  auto& st = self->state;
  auto started = std::chrono::steady_clock::now();
  auto result = st.fw->schedule(*qp.info, st.cache.snapshot());
  st.counters.last_cycle_time = std::chrono::steady_clock::now() - started;
  st.counters.cycle_time += st.counters.last_cycle_time;
  ++st.counters.attempts;
  if (!result.ok()) {
    if (result.failure.get_code() == code::error) {
      st.queue.add_backoff(std::move(qp), now(self));
      return;
    }
    ++st.counters.unschedulable;
    auto message = result.failure.reasons().empty() ? result.diag.message()
                                                    : result.failure.reasons().front();
    report_unschedulable(self, *qp.info, message);
    st.queue.add_unschedulable(std::move(qp), now(self));
    return;
  }
  if (!st.cache.assume(qp.info, result.node))
    return; // already placed (bound meanwhile): nothing to do
  if (auto rs = st.fw->reserve(*qp.info, result.node); !rs.is_success()) {
    st.cache.forget(qp.info->key);
    st.queue.add_backoff(std::move(qp), now(self));
    return;
  }
  bind_pod(self, std::move(qp), result.node);
}

} // namespace

void run_burst(scheduler_ptr self) {
  auto& st = self->state;
  st.burst_pending = false;
  if (!st.pods->synced() || !st.nodes->synced())
    return; // the informers' synced handlers kick again
  if (!leading(self))
    return; // a standby; winning the election kicks again
  for (size_t i = 0; i < st.cfg.cycles_per_burst; ++i) {
    if (st.binds_in_flight >= st.cfg.max_binds_in_flight)
      return; // a bind answer kicks again
    auto next = st.queue.pop();
    if (!next)
      return;
    schedule_one(self, std::move(*next));
  }
  kick(self);
}

} // namespace convoy::scheduler
