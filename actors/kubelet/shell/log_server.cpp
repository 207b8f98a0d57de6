// Container logs for pods/log: the runtime keeps each container's output;
// the kubelet picks the container (or its previous instance) and reads the
// requested part. Following streams are fed by one timer for all of them.

#include "actors/kubelet/core/container_attempts.hpp"
#include "actors/kubelet/shell/kubelet_state.hpp"
#include "api/meta.pb.h"

#include <limits>

namespace convoy::kubelet {

namespace {

/// How often following streams are checked for new output.
constexpr auto follow_period = std::chrono::milliseconds{200};
constexpr uint64_t default_limit = 1 << 20;

apiserver::PodLogResponse failure(const std::string& reason, int code, std::string message) {
  apiserver::PodLogResponse out;
  auto& s = *out.mutable_status();
  s.set_status("Failure");
  s.set_reason(reason);
  s.set_code(code);
  s.set_message(std::move(message));
  return out;
}

/// The container name to read: the given one, or the only one.
std::optional<std::string> pick_container(const api::Pod* pod, const std::string& pod_name,
                                          const std::string& wanted, std::string& error) {
  if (!wanted.empty() || pod == nullptr)
    return wanted;
  const auto& cs = pod->spec().containers();
  if (cs.size() == 1)
    return cs[0].name();
  error = "a container name must be specified for pod " + pod_name + ", choose one of: [";
  for (int i = 0; i < cs.size(); ++i)
    error += (i ? " " : "") + cs[i].name();
  error += "]";
  return std::nullopt;
}

/// Whether the stream's container still runs, as of the last relist.
bool still_running(kubelet_ptr self, const log_stream& s) {
  auto i = self->state.observed.find(s.pod_uid);
  if (i == self->state.observed.end())
    return false;
  for (const auto& c : i->second)
    if (c.id == s.container_id)
      return is_live(c);
  return false;
}

void schedule_follow(kubelet_ptr self) {
  auto& st = self->state;
  if (st.follow_scheduled || st.streams.empty())
    return;
  st.follow_scheduled = true;
  self->delayed_send(self, follow_period, follow_atom::value);
}

} // namespace

apiserver::PodLogResponse serve_log(kubelet_ptr self, const kubelet::ContainerLogRequest& req,
                                    const caf::actor& client) {
  auto& st = self->state;
  const api::Pod* pod = nullptr;
  const auto& objs = st.pods->objects();
  if (auto i = objs.find(req.namespace_() + "/" + req.pod()); i != objs.end())
    pod = i->second.get();
  auto uid = pod ? pod->metadata().uid() : req.pod_uid();
  std::string error;
  auto name = pick_container(pod, req.pod(), req.container(), error);
  if (!name)
    return failure("BadRequest", 400, error);
  auto observed = st.observed.find(uid);
  if (observed == st.observed.end())
    return failure("NotFound", 404, "no containers of pod " + req.pod() + " on node "
                                      + st.cfg.node_name + " (not started yet?)");
  auto groups = group_attempts(observed->second);
  const auto* attempts = find_attempts(groups, *name);
  const auto* chosen = req.previous() ? previous_exit(attempts) : latest_attempt(attempts);
  if (chosen == nullptr)
    return failure("BadRequest", 400,
                   req.previous() ? "previous terminated container \"" + *name + "\" in pod \""
                                      + req.pod() + "\" not found"
                                  : "container \"" + *name + "\" in pod \"" + req.pod()
                                      + "\" is waiting to start");
  containers::log_query q;
  if (req.has_tail_lines())
    q.tail_lines = req.tail_lines();
  q.limit_bytes = req.limit_bytes() > 0 ? static_cast<uint64_t>(req.limit_bytes()) : default_limit;
  auto chunk = st.cfg.runtime->read_log(chosen->id, q);
  if (!chunk.found)
    return failure("NotFound", 404, "the log of container \"" + *name + "\" is gone");
  if (req.follow() && client) {
    st.streams[{client.address(), req.stream_id()}]
      = log_stream{client, req.stream_id(), uid, chosen->id, chunk.next_offset};
    self->monitor(client);
    schedule_follow(self);
  }
  apiserver::PodLogResponse out;
  out.set_data(std::move(chunk.data));
  return out;
}

void feed_log_streams(kubelet_ptr self) {
  auto& st = self->state;
  st.follow_scheduled = false;
  for (auto i = st.streams.begin(); i != st.streams.end();) {
    auto& s = i->second;
    containers::log_query q;
    q.from_offset = s.offset;
    auto chunk = st.cfg.runtime->read_log(s.container_id, q);
    apiserver::PodLogChunk out;
    out.set_stream_id(s.id);
    if (!chunk.data.empty()) {
      s.offset = chunk.next_offset;
      out.set_data(std::move(chunk.data));
    } else {
      out.set_end(!chunk.found || !still_running(self, s));
    }
    if (!out.data().empty() || out.end())
      caf::anon_send(s.client, std::move(out));
    if (out.end())
      i = st.streams.erase(i);
    else
      ++i;
  }
  schedule_follow(self);
}

void stop_log_stream(kubelet_ptr self, const apiserver::PodLogStop& stop,
                     const caf::actor& client) {
  if (client)
    self->state.streams.erase({client.address(), stop.stream_id()});
}

void drop_log_client(kubelet_ptr self, const caf::actor_addr& client) {
  auto& streams = self->state.streams;
  auto first = streams.lower_bound({client, std::numeric_limits<int64_t>::min()});
  auto last = first;
  while (last != streams.end() && last->first.first == client)
    ++last;
  streams.erase(first, last);
}

} // namespace convoy::kubelet
