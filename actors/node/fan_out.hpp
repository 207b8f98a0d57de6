#pragma once

// How the node actor passes a request on to the other nodes it knows: each
// request carries the nodes it already covered, so the fan-out reaches every
// node once even when the nodes know each other in a cycle.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "actors/node/node_state.hpp"
#include "messages/error.hpp"

namespace convoy {

/// The peers `req` goes on to (none when local_only), marking them and this
/// node visited in `req` so no node is asked twice.
template <class Request>
std::map<std::string, node_info_actor> forward_targets(node_ptr self, Request& req) {
  auto targets = req.local_only() ? std::map<std::string, node_info_actor>{}
                                  : fan_out_targets(self, req.visited());
  req.add_visited(self->state.cfg.name);
  for (const auto& [name, handle] : targets)
    req.add_visited(name);
  return targets;
}

/// How long the inspector waits for a peer's answer (beyond a trace's time).
constexpr auto inspect_peer_timeout = std::chrono::seconds{3};

/// Collects answers (this node's and its peers') and delivers the merged
/// response when the last arrives. Runs in the node actor only.
template <class Response>
struct gathering {
  Response out;
  size_t left = 0;
  caf::typed_response_promise<Response> promise;
  /// Runs on the merged response right before it is delivered.
  std::function<void(Response&)> before_delivery;

  template <class Merge>
  void add(Response& part, Merge&& merge) {
    merge(out, part);
    done();
  }
  void fail(const std::string& peer, const caf::error& err) {
    out.add_unreachable(peer + ": " + describe(err));
    done();
  }
  void done() {
    if (--left != 0)
      return;
    if (before_delivery)
      before_delivery(out);
    promise.deliver(std::move(out));
  }
};

/// Asks each of `targets` for `request` (plus `extra`, e.g. an actor to
/// stream to) and gathers their answers with `local_parts` more from this
/// node itself.
template <class Response, class Request, class Merge, class... Extra>
std::shared_ptr<gathering<Response>>
gather_from(node_ptr self, const std::map<std::string, node_info_actor>& targets,
            const Request& request, size_t local_parts, std::chrono::milliseconds timeout,
            Merge merge, const Extra&... extra) {
  auto g = std::make_shared<gathering<Response>>();
  g->left = targets.size() + local_parts;
  g->promise = self->template make_response_promise<Response>();
  for (const auto& [name, handle] : targets)
    self->request(handle, timeout, request, extra...)
      .then([g, merge](Response& r) mutable { g->add(r, merge); },
            [g, name = name](const caf::error& err) { g->fail(name, err); });
  return g;
}

/// Sends `req` (marked with the nodes it already covers) to every peer not yet
/// visited; `local_parts` more answers come from this node itself.
template <class Request, class Response, class Merge>
std::shared_ptr<gathering<Response>> ask_peers(node_ptr self, Request req, size_t local_parts,
                                               std::chrono::milliseconds timeout, Merge merge) {
  auto targets = forward_targets(self, req);
  return gather_from<Response>(self, targets, req, local_parts, timeout, std::move(merge));
}

/// Asks every one of `targets` and delivers the first answer to `promise`.
/// When none answers, delivers the first error that is not "not found" (a
/// peer that found the target but failed says why), else `none`.
template <class Response, class Request>
void first_answer(node_ptr self, const std::map<std::string, node_info_actor>& targets,
                  const Request& req, std::chrono::milliseconds timeout,
                  caf::typed_response_promise<Response> promise, caf::error none) {
  struct pending {
    size_t left;
    caf::error failure;
    bool answered = false;
    bool informative = false; ///< failure came from a peer, not `none`
  };
  auto st = std::make_shared<pending>(pending{targets.size(), std::move(none)});
  if (targets.empty()) {
    promise.deliver(st->failure);
    return;
  }
  for (const auto& [name, handle] : targets)
    self->request(handle, timeout, req)
      .then(
        [promise, st](Response& r) mutable {
          if (!st->answered)
            promise.deliver(std::move(r));
          st->answered = true;
        },
        [promise, st](const caf::error& err) mutable {
          if (!st->informative && code_of(err) != errc::not_found) {
            st->failure = err;
            st->informative = true;
          }
          if (--st->left == 0 && !st->answered)
            promise.deliver(st->failure);
        });
}

} // namespace convoy
