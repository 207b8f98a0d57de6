#pragma once

// One sync of one Service (Kubernetes' endpoint controller syncService):
// the Service gone → delete its Endpoints; otherwise compute the Endpoints
// its selected pods give and write them if the cached object differs.

#include <memory>
#include <string>
#include <vector>

#include "actors/controllers/endpoints/core/desired_endpoints.hpp"
#include "actors/controllers/endpoints/endpoints_events.hpp"

namespace convoy::controllers::endpoints {

using done_fn = reconcile_loop<endpoints_self>::done_fn;

/// "ns/name" split in two.
inline std::pair<std::string, std::string> split_key(const std::string& key) {
  auto slash = key.find('/');
  if (slash == std::string::npos)
    return {std::string{}, key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

/// The pods of the service's namespace its selector matches (through the
/// namespace index: no scan over all pods).
inline std::vector<const api::Pod*> selected_pods(endpoints_state& st, const api::Service& svc) {
  std::vector<const api::Pod*> out;
  for (const auto& key : st.index.in_namespace(svc.metadata().namespace_())) {
    auto it = st.pods->objects().find(key);
    if (it != st.pods->objects().end() && selects(svc, it->second->metadata().labels()))
      out.push_back(it->second.get());
  }
  return out;
}

/// Finishes `done` with the failure of `resp`, if it is one. AlreadyExists
/// and Conflict only say the cache is behind: the endpoints watch brings
/// the newer object and its event requeues the service, so they need no
/// retry of their own. NotFound is harmless where `not_found_ok`.
inline void finish(const done_fn& done, const apiserver::ApiResponse& resp, const char* what,
                   bool not_found_ok = false) {
  const auto& reason = resp.status().reason();
  if (!api_failed(resp) || reason == "AlreadyExists" || reason == "Conflict"
      || (not_found_ok && reason == "NotFound"))
    return done("");
  done(std::string{what} + ": " + resp.status().message());
}

inline void delete_endpoints(endpoints_ptr self, const std::string& ns, const std::string& name,
                             done_fn done) {
  auto& st = self->state;
  st.loop->count_writes(1);
  st.calls->remove("endpoints", ns, name, api::DeleteOptions{},
                   [done](const apiserver::ApiResponse& resp) {
                     finish(done, resp, "deleting endpoints", true);
                   });
}

/// Creates `desired`, or replaces `current` with its subsets and labels
/// (a compare-and-swap on current's resourceVersion: a stale cache gets a
/// Conflict and the key is retried).
inline void write_endpoints(endpoints_ptr self, const api::Endpoints* current,
                            const api::Endpoints& desired, done_fn done) {
  auto& st = self->state;
  const auto& meta = desired.metadata();
  st.loop->count_writes(1);
  if (current == nullptr)
    return st.calls->create("endpoints", meta.namespace_(), desired,
                            [done](const apiserver::ApiResponse& resp) {
                              finish(done, resp, "creating endpoints");
                            });
  api::Endpoints updated = *current;
  *updated.mutable_metadata()->mutable_labels() = meta.labels();
  *updated.mutable_subsets() = desired.subsets();
  st.calls->update("endpoints", meta.namespace_(), meta.name(), updated,
                   [done](const apiserver::ApiResponse& resp) {
                     finish(done, resp, "updating endpoints");
                   });
}

/// Kubernetes' syncService for `key`.
inline void sync(endpoints_ptr self, const std::string& key, done_fn done) {
  auto& st = self->state;
  auto [ns, name] = split_key(key);
  auto it = st.services->objects().find(key);
  if (it == st.services->objects().end())
    return delete_endpoints(self, ns, name, std::move(done));
  const auto& svc = *it->second;
  auto desired = desired_endpoints(svc, selected_pods(st, svc));
  if (!desired)
    return done(""); // not managed: no selector, or ExternalName
  auto current = st.endpoints->objects().find(key);
  if (current == st.endpoints->objects().end())
    return write_endpoints(self, nullptr, *desired, std::move(done));
  if (endpoints_equal(*current->second, *desired))
    return done("");
  write_endpoints(self, current->second.get(), *desired, std::move(done));
}

} // namespace convoy::controllers::endpoints
