#pragma once

// An actor with several informers routes each WatchEvent and each relist
// timer to the informer whose watch id it carries. These fold that
// dispatch over any number of informers (held by std::unique_ptr).

#include <cstdint>

#include "messages/apiserver/apiserver_actor.hpp"

namespace convoy::client {

/// Starts every informer (list, then watch).
template <class... Informers>
void start_all(Informers&... infs) {
  (infs->start(), ...);
}

/// Hands `ev` to the informer it belongs to.
template <class... Informers>
void route_event(const apiserver::WatchEvent& ev, Informers&... infs) {
  (void) ((ev.watch_id() == infs->id() ? (infs->on_event(ev), true) : false) || ...);
}

/// Relists the informer whose `reload_atom, id` timer fired.
template <class... Informers>
void route_relist(int64_t id, Informers&... infs) {
  (void) ((id == infs->id() ? (infs->relist(), true) : false) || ...);
}

} // namespace convoy::client
