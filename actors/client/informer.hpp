#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <unordered_map>
#include <unordered_set>

#include "caf/event_based_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "actors/common/backoff.hpp"
#include "messages/apiserver/apiserver_actor.hpp"
#include "messages/atoms.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"

namespace convoy::client {

/// "namespace/name" (or "name" for cluster-scoped objects).
template <class T>
std::string object_key(const T& obj) {
  const auto& meta = obj.metadata();
  if (meta.namespace_().empty())
    return meta.name();
  return meta.namespace_() + "/" + meta.name();
}

/// Handlers an informer calls from inside its actor.
template <class T>
struct informer_handlers {
  using ptr = std::shared_ptr<const T>;
  std::function<void(const ptr&)> added;
  std::function<void(const ptr& old_obj, const ptr& new_obj)> updated;
  std::function<void(const ptr&)> deleted;
  /// After the first list was applied (the local store is complete).
  std::function<void()> synced;
  /// A list or watch failed (the informer lists again after a back-off):
  /// what went wrong. Unset, the informer logs it to the owner's
  /// `state.log`.
  std::function<void(const std::string& what)> failed;
};

/// Whether the actor `Self` keeps a spdlog logger in `state.log` (every
/// convoy component does): informers then log their failures there.
template <class Self, class = void>
struct has_state_log : std::false_type {};
template <class Self>
struct has_state_log<Self, std::void_t<decltype(std::declval<Self&>().state.log->warn(""))>>
  : std::true_type {};

/// The client half of Kubernetes' reflector + informer for one resource:
/// list (from the watch cache), then watch from the list's resourceVersion, keeping a
/// local store of the objects (shared, immutable) and calling the handlers
/// for every change. When the watch fails (410 Gone, the apiserver went
/// away) it lists again after a back-off and reports the difference, so a
/// deletion missed in the gap still reaches `deleted`.
///
/// It lives inside one actor: the actor forwards WatchEvents whose watch_id
/// is id() to on_event(), and `reload_atom, id()` messages to relist().
template <class T, class List, class Self>
class informer {
public:
  using ptr = std::shared_ptr<const T>;

  informer(Self* self, apiserver_actor api, std::string token, std::string resource,
           int64_t watch_id, informer_handlers<T> handlers, uint64_t seed = 1)
    : self_(self),
      api_(std::move(api)),
      token_(std::move(token)),
      resource_(std::move(resource)),
      watch_id_(watch_id),
      handlers_(std::move(handlers)),
      retry_(std::chrono::milliseconds{200}, std::chrono::seconds{10}),
      rng_(seed) {}

  int64_t id() const noexcept {
    return watch_id_;
  }
  bool synced() const noexcept {
    return synced_;
  }
  const std::unordered_map<std::string, ptr>& objects() const noexcept {
    return objects_;
  }

  /// Only objects of `ns` and matching the selectors (a kubelet watches
  /// "spec.nodeName=NAME"). Set before start().
  void restrict(std::string ns, std::string label_selector, std::string field_selector) {
    namespace_ = std::move(ns);
    label_selector_ = std::move(label_selector);
    field_selector_ = std::move(field_selector);
  }

  /// Lists, then watches. The list comes from the apiserver's watch cache
  /// (resourceVersion "0", as Kubernetes' reflector asks), so the watch
  /// resumes from a revision that cache holds. A list from the store can be
  /// at a revision just before the cache's first one, and that watch is then
  /// refused as too old: the informer would sit on its stale list for a
  /// back-off (a kubelet once started a container without a Service's
  /// variables that way).
  void start() {
    apiserver::ListRequest req;
    req.mutable_meta()->set_token(token_);
    req.set_resource_version("0");
    req.set_resource(resource_);
    req.set_namespace_(namespace_);
    req.set_label_selector(label_selector_);
    req.set_field_selector(field_selector_);
    self_->request(api_, std::chrono::seconds{60}, std::move(req))
      .then([this](const apiserver::ApiResponse& resp) { on_list(resp); },
            [this](const caf::error& err) { fail("list failed: " + describe(err)); });
  }

  /// Lists again (after the watch broke).
  void relist() {
    if (watching_) {
      apiserver::WatchStop stop;
      stop.set_watch_id(watch_id_);
      self_->send(api_, std::move(stop), caf::actor_cast<caf::actor>(self_));
    }
    watching_ = false;
    start();
  }

  void on_event(const apiserver::WatchEvent& ev) {
    if (ev.type() == "BOOKMARK")
      return;
    if (ev.type() == "ERROR") {
      api::Status status;
      ev.object().UnpackTo(&status);
      fail("watch ended: " + status.message());
      return;
    }
    auto obj = std::make_shared<T>();
    if (!ev.object().UnpackTo(obj.get()))
      return;
    if (ev.type() == "DELETED")
      remove(object_key(*obj));
    else
      upsert(std::move(obj));
  }

private:
  void on_list(const apiserver::ApiResponse& resp) {
    List list;
    if (api_failed(resp))
      return fail("list failed: " + resp.status().message());
    if (!resp.object().UnpackTo(&list))
      return fail("list answered no " + list.GetDescriptor()->name());
    std::unordered_set<std::string> seen;
    for (auto& item : *list.mutable_items()) {
      auto obj = std::make_shared<T>(std::move(item));
      seen.insert(object_key(*obj));
      upsert(std::move(obj));
    }
    std::vector<std::string> gone;
    for (const auto& [key, obj] : objects_)
      if (seen.count(key) == 0)
        gone.push_back(key);
    for (const auto& key : gone)
      remove(key);
    watch(list.metadata().resource_version());
    if (!synced_) {
      synced_ = true;
      if (handlers_.synced)
        handlers_.synced();
    }
  }

  void watch(const std::string& resource_version) {
    apiserver::WatchRequest req;
    req.mutable_meta()->set_token(token_);
    req.set_resource(resource_);
    req.set_namespace_(namespace_);
    req.set_label_selector(label_selector_);
    req.set_field_selector(field_selector_);
    req.set_resource_version(resource_version);
    req.set_watch_id(watch_id_);
    watching_ = true;
    self_
      ->request(api_, std::chrono::seconds{30}, std::move(req), caf::actor_cast<caf::actor>(self_))
      .then(
        [this](const apiserver::WatchStarted& started) {
          if (started.status().code() != 0)
            fail("watch refused: " + started.status().message());
          else
            retry_.reset();
        },
        [this](const caf::error& err) { fail("watch failed: " + describe(err)); });
  }

  /// Lists again after a back-off, and tells the owner why (its `failed`
  /// handler, else its log).
  void fail(const std::string& what) {
    watching_ = false;
    if (handlers_.failed) {
      handlers_.failed(resource_ + ": " + what);
    } else if constexpr (has_state_log<Self>::value) {
      if (self_->state.log)
        self_->state.log->warn("{}: {}", resource_, what);
    }
    schedule_relist();
  }

  void schedule_relist() {
    self_->delayed_send(self_, retry_.next(rng_), reload_atom::value, watch_id_);
  }

  void upsert(ptr obj) {
    auto key = object_key(*obj);
    auto [it, fresh] = objects_.try_emplace(std::move(key), obj);
    if (fresh) {
      if (handlers_.added)
        handlers_.added(obj);
      return;
    }
    if (it->second->metadata().resource_version() == obj->metadata().resource_version())
      return; // a relist found it unchanged
    auto old = std::move(it->second);
    it->second = obj;
    if (handlers_.updated)
      handlers_.updated(old, obj);
  }

  void remove(const std::string& key) {
    auto it = objects_.find(key);
    if (it == objects_.end())
      return;
    auto old = std::move(it->second);
    objects_.erase(it);
    if (handlers_.deleted)
      handlers_.deleted(old);
  }

  Self* self_;
  apiserver_actor api_;
  std::string token_;
  std::string resource_;
  std::string namespace_;
  std::string label_selector_;
  std::string field_selector_;
  int64_t watch_id_;
  informer_handlers<T> handlers_;
  backoff retry_;
  std::mt19937_64 rng_;
  std::unordered_map<std::string, ptr> objects_;
  bool synced_ = false;
  bool watching_ = false;
};

} // namespace convoy::client
