// WATCH and the watch caches: one watch_cache per resource, loaded by one
// store list and fed by one store watch, fans every change out to the API
// watches of that resource (Kubernetes' Cacher). The cache itself is pure
// (actors/apiserver/cache); this file moves its input and output.

#include "actors/apiserver/server/apiserver_state.hpp"

#include <unordered_map>

#include "actors/apiserver/cache/cache_status.hpp"
#include "actors/apiserver/selectors/field_selector.hpp"
#include "actors/apiserver/selectors/label_selector.hpp"
#include "runtime/logging/log.hpp"

namespace convoy::apiserver {

struct resource_cache {
  explicit resource_cache(const codec::resource_info& r) : cache(r) {}

  /// Who gets the events of one cache watch.
  struct client {
    caf::actor watcher;
    int64_t watch_id = 0;
  };

  watch_cache cache;
  int64_t store_watch = 0;
  bool loading = false;
  /// Requests waiting for the (re)load.
  std::vector<std::pair<std::function<void(resource_cache&)>, error_handler>> waiting;
  /// By cache watch id.
  std::map<int64_t, client> clients;
};

const watch_cache& cache_of(const resource_cache& rc) {
  return rc.cache;
}

ApiserverStatus describe_apiserver(apiserver_ptr self) {
  const auto& st = self->state;
  ApiserverStatus out;
  st.requests.describe(self->clock().now().time_since_epoch(), out);
  for (const auto& [resource, rc] : st.caches) {
    auto& c = (*out.mutable_caches())[resource];
    c.set_revision(rc->cache.revision());
    c.set_objects(rc->cache.size());
    c.set_watchers(rc->clients.size());
  }
  out.set_watches(st.api_watches.size());
  out.set_kubelets(st.kubelets.size());
  return out;
}

namespace {

/// How long a failed load waits before it is tried again.
constexpr auto reload_delay = std::chrono::seconds{1};

void forget_client(apiserver_ptr self, resource_cache& rc, int64_t cache_id) {
  auto i = rc.clients.find(cache_id);
  if (i == rc.clients.end())
    return;
  self->state.api_watches.erase({i->second.watcher.address(), i->second.watch_id});
  rc.clients.erase(i);
}

/// Sends what the cache produced to the watchers, in order. Events are
/// acknowledged once handed to CAF (the watcher's mailbox is the buffer).
void deliver(apiserver_ptr self, resource_cache& rc, std::vector<watch_delivery> deliveries) {
  // Watchers share event objects: each is serialized once, not per watcher.
  std::unordered_map<const google::protobuf::Message*, google::protobuf::Any> packed;
  for (auto& d : deliveries) {
    auto i = rc.clients.find(d.watch_id);
    if (i == rc.clients.end())
      continue;
    auto watcher = caf::actor_cast<api_watcher_actor>(i->second.watcher);
    for (const auto& e : d.events) {
      auto [any, fresh] = packed.try_emplace(e.object.get());
      if (fresh)
        any->second.PackFrom(*e.object);
      WatchEvent ev;
      ev.set_watch_id(i->second.watch_id);
      ev.set_type(std::string{to_string(e.type)});
      *ev.mutable_object() = any->second;
      self->send(watcher, std::move(ev));
    }
    if (d.terminated)
      forget_client(self, rc, d.watch_id);
    else
      rc.cache.acknowledge(d.watch_id, d.events.size());
  }
}

void report(apiserver_ptr self, const resource_cache& rc, const apply_result& result) {
  for (const auto& why : result.errors)
    self->state.log->warn("watch cache {}: {}", rc.cache.resource().resource, why);
}

void load(apiserver_ptr self, std::shared_ptr<resource_cache> rc);

void on_store_event(apiserver_ptr self, const std::shared_ptr<resource_cache>& rc,
                    const store::WatchResponse& resp) {
  if (resp.canceled()) {
    // Compacted past us, or the store client gave up: relist.
    self->state.log->info("watch cache {}: store watch ended ({}), relisting",
                          rc->cache.resource().resource, resp.cancel_reason());
    rc->store_watch = 0;
    return load(self, rc);
  }
  if (resp.events_size() == 0) {
    rc->cache.advance(resp.header().revision());
    return;
  }
  auto result = rc->cache.apply(resp.events());
  report(self, *rc, result);
  deliver(self, *rc, std::move(result.deliveries));
}

void finish_load(const std::shared_ptr<resource_cache>& rc,
                 const std::optional<api::Status>& failure) {
  rc->loading = false;
  auto waiting = std::move(rc->waiting);
  rc->waiting.clear();
  for (auto& [then, fail] : waiting) {
    if (failure)
      fail(*failure);
    else
      then(*rc);
  }
}

/// Lists the resource, replaces the cache's content with it and follows the
/// store from there. A failure answers the waiting requests and retries
/// later, so watches already registered are fed again once the store is.
void load(apiserver_ptr self, std::shared_ptr<resource_cache> rc) {
  rc->loading = true;
  const auto& r = rc->cache.resource();
  store_range(
    self, r.prefix(),
    [self, rc](const store::RangeResponse& resp) {
      std::vector<stored_kv> objects;
      objects.reserve(static_cast<size_t>(resp.kvs_size()));
      for (const auto& kv : resp.kvs())
        objects.push_back(stored_kv{kv.key(), kv.value(), kv.mod_revision()});
      auto revision = resp.header().revision();
      auto result = rc->cache.replace(objects, revision);
      report(self, *rc, result);
      deliver(self, *rc, std::move(result.deliveries));
      rc->store_watch = store_watch(self, rc->cache.resource().prefix(), revision + 1,
                                    [self, rc](const store::WatchResponse& resp) {
                                      on_store_event(self, rc, resp);
                                    });
      finish_load(rc, std::nullopt);
    },
    [self, rc](api::Status st) {
      self->state.log->warn("watch cache {}: cannot list: {}", rc->cache.resource().resource,
                            st.message());
      finish_load(rc, st);
      self->delayed_send(self, reload_delay, reload_atom::value,
                         std::string{rc->cache.resource().resource});
    });
}

WatchStarted refuse(int64_t id, api::Status status) {
  WatchStarted out;
  out.set_watch_id(id);
  *out.mutable_status() = std::move(status);
  return out;
}

/// Registers the watch with the cache and sends its first events.
/// Registers the watch and answers `rp`; the error when the cache refuses
/// it (for the caller to answer, so the refusal is counted and audited).
std::optional<api::Status> start_watch(apiserver_ptr self, resource_cache& rc,
                                       const WatchRequest& req, const caf::actor& watcher,
                                       const std::string& ns, label_selector labels,
                                       field_selector fields,
                                       caf::typed_response_promise<WatchStarted> rp) {
  auto cache_id = self->state.next_cache_watch++;
  auto start = rc.cache.add_watch(cache_id, ns, std::move(labels), std::move(fields),
                                  req.resource_version(), req.allow_bookmarks());
  if (start.error)
    return std::move(*start.error);
  auto& st = self->state;
  // A client reusing one of its watch ids replaces the older watch.
  stop_watch(self, watcher.address(), req.watch_id());
  rc.clients[cache_id] = {watcher, req.watch_id()};
  st.api_watches[{watcher.address(), req.watch_id()}]
    = api_watch{st.caches.at(std::string{rc.cache.resource().resource}), cache_id};
  self->monitor(watcher);
  WatchStarted ok;
  ok.set_watch_id(req.watch_id());
  ok.set_resource_version(std::to_string(start.start_revision));
  rp.deliver(ok);
  std::vector<watch_delivery> first(1);
  first[0].watch_id = cache_id;
  first[0].events = std::move(start.events);
  deliver(self, rc, std::move(first));
  return std::nullopt;
}

} // namespace

void with_cache(apiserver_ptr self, const codec::resource_info& r,
                std::function<void(resource_cache&)> then, error_handler fail) {
  auto& slot = self->state.caches[std::string{r.resource}];
  if (!slot)
    slot = std::make_shared<resource_cache>(r);
  if (slot->cache.ready() && !slot->loading)
    return then(*slot);
  slot->waiting.emplace_back(std::move(then), std::move(fail));
  if (!slot->loading)
    load(self, slot);
}

void observe_cache(apiserver_ptr self, const codec::resource_info& r, watch_cache::observer fn) {
  warm_cache(self, r).cache.observe(std::move(fn));
}

resource_cache& warm_cache(apiserver_ptr self, const codec::resource_info& r) {
  auto& slot = self->state.caches[std::string{r.resource}];
  if (!slot)
    slot = std::make_shared<resource_cache>(r);
  if (!slot->cache.ready() && !slot->loading)
    load(self, slot);
  return *slot;
}

std::shared_ptr<const google::protobuf::Message> cached_object(apiserver_ptr self,
                                                               const std::string& resource,
                                                               std::string_view ns,
                                                               std::string_view name) {
  auto it = self->state.caches.find(resource);
  if (it == self->state.caches.end() || !it->second->cache.ready())
    return nullptr;
  return it->second->cache.get(ns, name);
}

void reload_cache(apiserver_ptr self, const std::string& resource) {
  auto i = self->state.caches.find(resource);
  if (i != self->state.caches.end() && !i->second->loading && i->second->store_watch == 0)
    load(self, i->second);
}

void send_bookmarks(apiserver_ptr self) {
  for (auto& [name, rc] : self->state.caches)
    if (rc->cache.ready())
      deliver(self, *rc, rc->cache.bookmarks());
}

void handle_watch(apiserver_ptr self, const WatchRequest& req, const caf::actor& watcher,
                  caf::typed_response_promise<WatchStarted> rp) {
  auto id = req.watch_id();
  // The context's answer counts and audits the request; a refusal also
  // goes to the watcher (a started watch was answered by start_watch).
  auto ctx = begin_request(self, req.meta(), "watch", req.resource(), "", req.namespace_(), "",
                           [id, rp](ApiResponse resp) mutable {
                             if (api_failed(resp))
                               rp.deliver(refuse(id, std::move(*resp.mutable_status())));
                           });
  if (!ctx || !authorize(self, ctx))
    return;
  auto labels = label_selector::parse(req.label_selector());
  auto fields = field_selector::parse(req.field_selector(), ctx->resource->kind);
  if (!labels || !fields)
    return reply(self, ctx, api_status::bad_request(!labels ? labels.error : fields.error));
  with_cache(
    self, *ctx->resource,
    [self, ctx, req, watcher, labels = *labels.value, fields = *fields.value,
     rp](resource_cache& rc) mutable {
      if (auto error = start_watch(self, rc, req, watcher, ctx->attributes.namespace_,
                                   std::move(labels), std::move(fields), rp))
        return reply(self, ctx, std::move(*error));
      ctx->answer(ApiResponse{});
    },
    [self, ctx](api::Status st) { reply(self, ctx, std::move(st)); });
}

void stop_watch(apiserver_ptr self, const caf::actor_addr& watcher, int64_t id) {
  auto& all = self->state.api_watches;
  auto i = all.find({watcher, id});
  if (i == all.end())
    return;
  auto w = i->second;
  all.erase(i);
  w.cache->cache.remove_watch(w.cache_id);
  w.cache->clients.erase(w.cache_id);
}

void drop_watcher(apiserver_ptr self, const caf::actor_addr& watcher) {
  auto& all = self->state.api_watches;
  auto i = all.lower_bound({watcher, std::numeric_limits<int64_t>::min()});
  while (i != all.end() && i->first.first == watcher) {
    i->second.cache->cache.remove_watch(i->second.cache_id);
    i->second.cache->clients.erase(i->second.cache_id);
    i = all.erase(i);
  }
}

} // namespace convoy::apiserver
