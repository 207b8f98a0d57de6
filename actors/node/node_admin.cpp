// The node's actions that change things: kill an actor, move the store's
// Raft leadership. Like a kubelet's own API, they are authorized by an
// apiserver: the node has the caller's bearer token reviewed (AccessReview,
// which the apiserver audit-logs) and acts only if RBAC allows the verb on
// the target. A node that does not host the target passes the request on
// without acting; the node that acts reviews the token itself, so a request
// passed on by a peer is never trusted on the peer's word.

#include <functional>
#include <sstream>

#include "actors/node/fan_out.hpp"
#include "messages/apiserver/apiserver_actor.hpp"
#include "messages/protobuf_inspect.hpp"
#include "messages/store/store_actor.hpp"

namespace convoy {

namespace {

constexpr auto review_timeout = std::chrono::seconds{5};
/// A leadership transfer takes up to an election timeout or two.
constexpr auto move_timeout = std::chrono::seconds{10};
constexpr auto peer_timeout = review_timeout + move_timeout + std::chrono::seconds{2};

/// What RBAC is asked for an action: a verb on a resource named by the target.
struct admin_verb {
  std::string verb;
  std::string resource;
};

std::optional<admin_verb> verb_of(const std::string& action) {
  if (action == "kill")
    return admin_verb{"kill", "actors"};
  if (action == "step-down")
    return admin_verb{"stepdown", "storereplicas"};
  return std::nullopt;
}

using admin_promise = caf::typed_response_promise<node::AdminResponse>;
template <class T>
using then_fn = std::function<void(caf::expected<T>)>;

/// Asks `peers` from `index` on, one at a time, for their apiserver.
void peer_apiserver(node_ptr self, std::vector<node_info_actor> peers, size_t index,
                    then_fn<apiserver_actor> then) {
  if (index == peers.size())
    return then(make_error(errc::unavailable, "node " + self->state.cfg.name
                                                + " found no apiserver to authorize the "
                                                  "action (on itself or its peers)"));
  node::LookupRequest req;
  req.set_component("apiserver");
  auto peer = peers[index];
  self->request(peer, review_timeout, req)
    .then([then](caf::actor& api) { then(caf::actor_cast<apiserver_actor>(api)); },
          [self, peers = std::move(peers), index, then](const caf::error&) {
            peer_apiserver(self, peers, index + 1, then);
          });
}

/// This node's apiserver, else the first peer's.
void find_apiserver(node_ptr self, then_fn<apiserver_actor> then) {
  if (auto api = hosted(self, "apiserver"))
    return then(caf::actor_cast<apiserver_actor>(api));
  std::vector<node_info_actor> peers;
  for (const auto& [name, handle] : fan_out_targets(self, {}))
    peers.push_back(handle);
  peer_apiserver(self, std::move(peers), 0, std::move(then));
}

/// Has `api` review the caller's token for `verb` on the target; `then`
/// gets the caller's user name when allowed.
void authorize(node_ptr self, apiserver_actor api, const node::AdminRequest& req,
               const admin_verb& verb, then_fn<std::string> then) {
  apiserver::AccessReviewRequest review;
  review.mutable_meta()->set_token(req.token());
  review.set_verb(verb.verb);
  review.set_resource(verb.resource);
  review.set_name(req.target());
  self->request(api, review_timeout, review)
    .then(
      [then, verb, target = req.target()](apiserver::AccessReviewResponse& r) {
        if (r.user().empty())
          return then(make_error(errc::unauthorized,
                                 "the bearer token is missing or invalid (" + r.reason() + ")"));
        if (!r.allowed())
          return then(
            make_error(errc::forbidden, "user " + r.user() + " may not " + verb.verb + " "
                                          + verb.resource + (target.empty() ? "" : " " + target)
                                          + (r.reason().empty() ? "" : ": " + r.reason())));
        then(r.user());
      },
      [then](const caf::error& err) {
        then(
          make_error(errc::unavailable, "cannot authorize with the apiserver: " + describe(err)));
      });
}

std::string reason_text(const node::AdminRequest& req) {
  return req.reason().empty() ? "" : " (reason: " + req.reason() + ")";
}

node::AdminResponse done(node_ptr self, const std::string& user, std::string result) {
  node::AdminResponse out;
  out.set_node(self->state.cfg.name);
  out.set_user(user);
  out.set_result(std::move(result));
  return out;
}

/// Passes `req` on to the peers not yet visited; the first that acts answers.
void pass_on(node_ptr self, node::AdminRequest req, const admin_promise& promise, caf::error none) {
  auto targets = forward_targets(self, req);
  first_answer(self, targets, req, peer_timeout, promise, std::move(none));
}

/// Authorizes `req` with an apiserver, then runs `act` with the caller's name.
void authorized(node_ptr self, const node::AdminRequest& req, admin_promise promise,
                std::function<void(const std::string& user)> act) {
  auto verb = *verb_of(req.action());
  find_apiserver(self, [self, req, verb, promise, act](caf::expected<apiserver_actor> api) mutable {
    if (!api) {
      promise.deliver(api.error());
      return;
    }
    authorize(self, *api, req, verb, [promise, act](caf::expected<std::string> user) mutable {
      if (!user) {
        promise.deliver(user.error());
        return;
      }
      act(*user);
    });
  });
}

caf::result<node::AdminResponse> kill_actor(node_ptr self, node::AdminRequest req) {
  // Errors found here are returned; the promise exists only once the answer
  // may come later (CAF drops a returned error once a promise was made).
  auto& st = self->state;
  auto ref = actor_ref::parse(req.target());
  auto found = local_actors(self, ref);
  if (found.empty()) {
    if (ref.node == st.cfg.name)
      req.set_local_only(true);
    auto promise = self->make_response_promise<node::AdminResponse>();
    pass_on(self, req, promise, make_error(errc::not_found, "no node knows actor " + req.target()));
    return promise;
  }
  if (found.size() > 1) {
    std::string names;
    for (const auto& p : found)
      names += (names.empty() ? "" : ", ") + p->name() + " (" + std::to_string(p->id()) + ")";
    return make_error(errc::invalid_argument, "target: " + req.target() + " names "
                                                + std::to_string(found.size()) + " actors on node "
                                                + st.cfg.name + " (" + names
                                                + "); name one by name or id");
  }
  auto probe = found.front();
  if (probe->id() == self->id())
    return make_error(errc::invalid_argument,
                      "target: the node actor cannot be killed; stop the node instead");
  auto promise = self->make_response_promise<node::AdminResponse>();
  authorized(self, req, promise, [self, req, probe, promise](const std::string& user) mutable {
    auto target = actor_of(*probe);
    auto what = probe->name() + " (" + std::to_string(probe->id()) + ")@" + self->state.cfg.name;
    if (!target) {
      promise.deliver(make_error(errc::not_found, "actor " + what + " is already gone"));
      return;
    }
    self->state.log->warn("admin: user {} killed actor {}{}", user, what, reason_text(req));
    caf::anon_send_exit(target, caf::exit_reason::kill);
    promise.deliver(done(self, user, "killed " + what));
  });
  return promise;
}

std::string member_name(const store::MemberListResponse& members, uint64_t id) {
  for (const auto& m : members.members())
    if (m.id() == id)
      return m.name();
  std::ostringstream hex;
  hex << std::hex << id;
  return hex.str();
}

/// Moves leadership to `to` (0: the most up-to-date follower) through the
/// local replica, which passes the request to the leader.
void move_leader(node_ptr self, store_actor replica, const node::AdminRequest& req,
                 const std::string& user, store::MemberListResponse members, uint64_t to,
                 admin_promise promise) {
  store::MoveLeaderRequest move;
  move.set_targetid(to);
  self->request(replica, move_timeout, move)
    .then(
      [self, user, members, promise, why = reason_text(req)](store::MoveLeaderResponse& r) mutable {
        auto result = "store leader is now " + member_name(members, r.leader()) + " (term "
                      + std::to_string(r.header().raft_term()) + ")";
        self->state.log->warn("admin: user {} moved the store leadership: {}{}", user, result, why);
        promise.deliver(done(self, user, std::move(result)));
      },
      [promise](const caf::error& err) mutable { promise.deliver(err); });
}

caf::result<node::AdminResponse> step_down(node_ptr self, node::AdminRequest req) {
  auto promise = self->make_response_promise<node::AdminResponse>();
  auto replica = caf::actor_cast<store_actor>(hosted(self, "store"));
  if (!replica) {
    pass_on(self, req, promise,
            make_error(errc::not_found, "no node reachable from " + self->state.cfg.name
                                          + " hosts a store replica"));
    return promise;
  }
  authorized(self, req, promise, [self, replica, req, promise](const std::string& user) {
    self->request(replica, review_timeout, store::MemberListRequest{})
      .then(
        [self, replica, req, user, promise](store::MemberListResponse& members) mutable {
          uint64_t to = 0;
          if (!req.target().empty()) {
            std::string names;
            for (const auto& m : members.members()) {
              names += (names.empty() ? "" : ", ") + m.name();
              if (m.name() == req.target())
                to = m.id();
            }
            if (to == 0) {
              promise.deliver(make_error(errc::invalid_argument, "target: no store member named "
                                                                   + req.target()
                                                                   + " (members: " + names + ")"));
              return;
            }
          }
          move_leader(self, replica, req, user, std::move(members), to, promise);
        },
        [promise](const caf::error& err) mutable { promise.deliver(err); });
  });
  return promise;
}

} // namespace

caf::result<node::AdminResponse> on_admin(node_ptr self, node::AdminRequest req) {
  if (!verb_of(req.action()))
    return make_error(errc::invalid_argument,
                      "action: must be kill or step-down, not '" + req.action() + "'");
  if (req.action() == "kill") {
    if (req.target().empty())
      return make_error(errc::invalid_argument, "target: name the actor to kill");
    return kill_actor(self, std::move(req));
  }
  return step_down(self, std::move(req));
}

} // namespace convoy
