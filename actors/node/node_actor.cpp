#include "actors/node/node_actor.hpp"

#include <google/protobuf/util/time_util.h>

#include "caf/actor_system.hpp"

#include "actors/inspect/shell/inspected_actor.hpp"
#include "actors/node/node_state.hpp"
#include "messages/checked.hpp"
#include "messages/protobuf_inspect.hpp"
#include "net/middleman/remote.hpp"

namespace convoy {

namespace {

using google::protobuf::util::TimeUtil;

node::NodeInfoResponse describe_node(node_ptr self) {
  auto& st = self->state;
  node::NodeInfoResponse out;
  out.set_name(st.cfg.name);
  for (const auto& role : st.cfg.roles)
    out.add_roles(role);
  out.set_version(CONVOY_VERSION);
  out.set_listen(st.cfg.listen);
  auto since_epoch = st.started_wall.time_since_epoch();
  *out.mutable_start_time() = TimeUtil::NanosecondsToTimestamp(
    std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count());
  auto uptime = st.clock->steady_now() - st.started;
  *out.mutable_uptime() = TimeUtil::NanosecondsToDuration(
    std::chrono::duration_cast<std::chrono::nanoseconds>(uptime).count());
  for (const auto& [id, info] : st.actors)
    *out.add_actors() = info;
  for (const auto& p : st.peers)
    *out.add_peers() = p.info;
  return out;
}

void schedule_reconnect(node_ptr self, size_t index) {
  auto& p = self->state.peers[index];
  auto delay = p.retry.next(self->state.rng);
  self->delayed_send(self, delay, reconnect_atom::value, static_cast<uint64_t>(index));
}

void on_peer_failure(node_ptr self, size_t index, const caf::error& err) {
  auto& p = self->state.peers[index];
  p.info.set_detail(describe(err));
  if (!p.failure_logged) {
    self->state.log->warn("cannot reach peer at {}: {} (retrying)", p.address.to_string(),
                          p.info.detail());
    p.failure_logged = true;
  }
  schedule_reconnect(self, index);
}

void on_peer_connected(node_ptr self, size_t index, node_info_actor handle) {
  self->monitor(handle);
  self->state.peers[index].handle = handle;
  self->request(handle, self->state.cfg.connect_timeout, node::NodeInfoRequest{})
    .then(
      [self, index](const node::NodeInfoResponse& info) {
        auto& p = self->state.peers[index];
        p.info.set_name(info.name());
        p.info.set_state("connected");
        p.info.clear_detail();
        p.retry.reset();
        p.failure_logged = false;
        std::string roles;
        for (const auto& r : info.roles())
          roles += (roles.empty() ? "" : ",") + r;
        self->state.log->info("joined peer {} at {} (roles: {})", info.name(),
                              p.address.to_string(), roles.empty() ? "none" : roles);
        node::PeerAnnounce hello;
        hello.set_name(self->state.cfg.name);
        hello.set_listen(self->state.cfg.listen);
        self->send(p.handle, std::move(hello), caf::actor_cast<caf::actor>(self));
      },
      [self, index](const caf::error& err) { on_peer_failure(self, index, err); });
}

void connect_peer(node_ptr self, size_t index) {
  const auto& addr = self->state.peers[index].address;
  net::connect_remote<node_info_actor>(
    self, addr, self->state.cfg.connect_timeout,
    [self, index](node_info_actor handle) { on_peer_connected(self, index, handle); },
    [self, index](const caf::error& err) { on_peer_failure(self, index, err); });
}

/// DOWN from a monitored actor: a hosted actor ended or a peer is gone.
void on_down(node_ptr self, const caf::down_msg& down) {
  auto& st = self->state;
  on_trace_subscriber_down(self, down.source);
  auto local = down.source.node() == self->node();
  if (auto i = st.actors.find(down.source.id()); local && i != st.actors.end()) {
    st.log->info("actor {} ({}) exited: {}", i->second.name(), i->first, describe(down.reason));
    st.handles.erase(i->first);
    st.actors.erase(i);
    return;
  }
  for (auto i = st.joined_us.begin(); i != st.joined_us.end(); ++i)
    if (i->second.address() == down.source) {
      st.log->info("node {} that joined this one is gone: {}", i->first, describe(down.reason));
      st.joined_us.erase(i);
      break;
    }
  for (size_t index = 0; index < st.peers.size(); ++index) {
    auto& p = st.peers[index];
    if (!p.handle || p.handle.address() != down.source)
      continue;
    p.handle = nullptr;
    p.info.set_state("gone");
    p.info.set_detail(describe(down.reason));
    p.failure_logged = true;
    st.log->warn("peer {} at {} is gone: {}", p.info.name(), p.address.to_string(),
                 p.info.detail());
    schedule_reconnect(self, index);
    return;
  }
}

} // namespace

caf::actor hosted(node_ptr self, const std::string& component) {
  const auto& st = self->state;
  for (const auto& [id, info] : st.actors)
    if (info.component() == component)
      if (auto i = st.handles.find(id); i != st.handles.end())
        return i->second;
  return {};
}

namespace {

node_actor::behavior_type node_behavior(node_ptr self, node_actor_config cfg) {
  auto& st = self->state;
  st.log = log::get(cfg.name, "node");
  st.clock = std::make_unique<wall_clock>(self->system());
  st.started_wall = st.clock->now();
  st.started = st.clock->steady_now();
  st.rng.seed(cfg.seed);
  node::ActorInfo me;
  me.set_id(self->id());
  me.set_name("node");
  me.set_component("node");
  st.actors.emplace(self->id(), me);
  for (const auto& addr : cfg.join) {
    peer p{addr, {}, {}, backoff{cfg.reconnect_initial, cfg.reconnect_max}, false};
    p.info.set_address(addr.to_string());
    p.info.set_state("connecting");
    st.peers.push_back(std::move(p));
    self->send(self, reconnect_atom::value, static_cast<uint64_t>(st.peers.size() - 1));
  }
  st.cfg = std::move(cfg);
  start_inspector(self);
  inspect::expose_summary(self, [self] { return describe_node(self); });
  self->set_down_handler([self](caf::down_msg& down) { on_down(self, down); });
  return {
    checked<node::NodeInfoRequest>(
      [self](const node::NodeInfoRequest&) -> caf::result<node::NodeInfoResponse> {
        return describe_node(self);
      }),
    checked<node::LookupRequest>([self](const node::LookupRequest& req) -> caf::result<caf::actor> {
      if (auto found = hosted(self, req.component()))
        return found;
      return make_error(errc::not_found,
                        "node " + self->state.cfg.name + " hosts no " + req.component() + " actor");
    }),
    [self](const node::RegisterActor& reg, const caf::strong_actor_ptr& who) {
      if (!who)
        return;
      self->monitor(who);
      self->state.actors[who->id()] = reg.actor();
      self->state.actors[who->id()].set_id(who->id());
      self->state.handles[who->id()] = caf::actor_cast<caf::actor>(who);
      self->state.inspector->set_role(who->id(), reg.actor().role());
    },
    checked<node::ActorsRequest>(
      [self](const node::ActorsRequest& req) { return on_actors(self, req); }),
    checked<node::InspectRequest>(
      [self](const node::InspectRequest& req) { return on_inspect(self, req); }),
    checked<node::TraceRequest>(
      [self](const node::TraceRequest& req) { return on_trace(self, req); }),
    [self](const node::TraceRequest& req,
           const caf::actor& subscriber) -> caf::result<node::TraceResponse> {
      if (auto why = malformed_reason(req))
        return make_error(errc::malformed_message, std::move(*why));
      return on_streamed_trace(self, req, subscriber);
    },
    [self](node::TraceChunk& chunk) {
      if (!malformed_reason(chunk))
        on_trace_chunk(self, chunk);
    },
    [self](const node::TraceStop& stop) {
      if (!malformed_reason(stop))
        on_trace_stop(self, stop);
    },
    checked<node::AdminRequest>(
      [self](const node::AdminRequest& req) { return on_admin(self, req); }),
    [self](const node::PeerAnnounce& hello, const caf::actor& who) {
      if (malformed_reason(hello) || !who || hello.name().empty())
        return;
      auto handle = caf::actor_cast<node_info_actor>(who);
      auto& slot = self->state.joined_us[hello.name()];
      if (slot != handle) {
        slot = handle;
        self->monitor(handle);
        self->state.log->info("node {} at {} joined this one", hello.name(), hello.listen());
      }
    },
    [self](sample_atom) { on_sample(self); },
    [self](trace_atom, uint64_t id) { on_trace_check(self, id); },
    [self](reconnect_atom, uint64_t index) {
      if (index < self->state.peers.size() && !self->state.peers[index].handle)
        connect_peer(self, index);
    },
  };
}

} // namespace

node_actor spawn_node_actor(caf::actor_system& sys, node_actor_config cfg) {
  return inspect::spawn_inspected(sys, {"node", "node"}, node_behavior, std::move(cfg));
}

} // namespace convoy
