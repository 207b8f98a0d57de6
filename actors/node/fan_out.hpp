#pragma once

// How the node actor passes a request on to the other nodes it knows: each
// request carries the nodes it already covered, so the fan-out reaches every
// node once even when the nodes know each other in a cycle.

#include <chrono>
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
