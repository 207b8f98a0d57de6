#pragma once

// Asynchronous, typed connections to actors published by other nodes, usable
// from any event-based actor (production or simulation): the request goes to
// CAF's middleman actor, so the calling actor never blocks.

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "caf/actor_cast.hpp"
#include "caf/atom.hpp"
#include "caf/io/middleman.hpp"
#include "caf/io/middleman_actor.hpp"
#include "caf/node_id.hpp"

#include "messages/error.hpp"
#include "net/address/host_port.hpp"
#include "net/middleman/network_setup.hpp"

namespace convoy::net {

/// Connects `self` to the actor published at `addr`, checking that it speaks
/// (at least) the typed interface `Handle`. Calls `on_ok(Handle)` or
/// `on_error(caf::error)` from within `self`.
template <class Handle, class Self, class OnOk, class OnError>
void connect_remote(Self* self, const host_port& addr, caf::timespan timeout,
                    OnOk on_ok, OnError on_error) {
  auto mm = middleman_handle(self->system());
  auto where = addr.to_string();
  bool tls = uses_tls(self->system());
  self->request(mm, timeout, caf::connect_atom::value, addr.host, addr.port)
    .then(
      [self, where, on_ok, on_error](const caf::node_id&, caf::strong_actor_ptr& ptr,
                                     const std::set<std::string>& offered) mutable {
        if (!ptr) {
          on_error(make_error(errc::unavailable, "no actor is published at " + where));
          return;
        }
        auto wanted = self->system().template message_types<Handle>();
        if (!std::includes(offered.begin(), offered.end(), wanted.begin(), wanted.end())) {
          on_error(make_error(errc::unavailable,
                              "the actor at " + where
                                + " does not speak the expected interface (version skew?)"));
          return;
        }
        on_ok(caf::actor_cast<Handle>(std::move(ptr)));
      },
      [where, tls, on_error](caf::error& err) mutable {
        on_error(make_error(errc::unavailable, "cannot connect to " + where + ": "
                                                 + describe(err) + tls_hint(tls, err)));
      });
}

} // namespace convoy::net

#include "messages/node/node_actor.hpp"

namespace convoy::net {

/// Connects to the node at `addr` and asks it for the actor of `component`
/// (e.g. "store") it hosts; every node publishes one actor, its node actor,
/// which is the directory of the others. Calls `on_ok(Handle)` or
/// `on_error(caf::error)` from within `self`.
template <class Handle, class Self, class OnOk, class OnError>
void connect_component(Self* self, const host_port& addr, std::string component,
                       caf::timespan timeout, OnOk on_ok, OnError on_error) {
  connect_remote<node_info_actor>(
    self, addr, timeout,
    [self, timeout, component, on_ok, on_error](node_info_actor node) mutable {
      node::LookupRequest req;
      req.set_component(component);
      self->request(node, timeout, std::move(req))
        .then([on_ok](caf::actor& found) mutable { on_ok(caf::actor_cast<Handle>(found)); },
              [on_error](caf::error& err) mutable { on_error(err); });
    },
    on_error);
}

} // namespace convoy::net
