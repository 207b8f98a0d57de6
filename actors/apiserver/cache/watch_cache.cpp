#include "actors/apiserver/cache/watch_cache.hpp"

#include <algorithm>
#include <climits>
#include <stdexcept>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "actors/apiserver/cache/cache_status.hpp"
#include "actors/apiserver/cache/object_meta.hpp"
#include "messages/codec/resource_registry.hpp"

namespace convoy::apiserver {

namespace {

/// A resourceVersion: decimal digits, no sign, fits int64.
std::optional<int64_t> parse_revision(std::string_view text) {
  if (text.empty() || text.size() > 18)
    return std::nullopt;
  int64_t value = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9')
      return std::nullopt;
    value = value * 10 + (ch - '0');
  }
  return value;
}

} // namespace

// -- construction --------------------------------------------------------------

watch_cache::watch_cache(const codec::resource_info& resource, watch_cache_options options)
  : resource_(resource),
    options_(std::move(options)),
    store_(field_table::find(resource.kind), options_.index_fields),
    window_(options_.window_capacity),
    index_(field_table::find(resource.kind)) {
  if (!has_object_meta(resource.type))
    throw std::invalid_argument("watch cache for kind \"" + std::string{resource.kind} +
                                "\": the type has no ObjectMeta metadata");
}

// -- feeding -------------------------------------------------------------------

std::optional<std::string_view> watch_cache::key_namespace(std::string_view key) const {
  const auto prefix = resource_.store_prefix;
  if (key.size() <= prefix.size() || key.substr(0, prefix.size()) != prefix)
    return std::nullopt;
  auto rest = key.substr(prefix.size());
  auto slash = rest.find('/');
  if (!resource_.namespaced)
    return slash == std::string_view::npos ? std::optional<std::string_view>{""} : std::nullopt;
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size() ||
      rest.find('/', slash + 1) != std::string_view::npos)
    return std::nullopt;
  return rest.substr(0, slash);
}

std::optional<cached_object> watch_cache::decode(std::string_view key, std::string_view value,
                                                 int64_t mod_revision, std::string& error) const {
  auto message = resource_.make();
  if (message == nullptr || value.size() > static_cast<size_t>(INT_MAX) ||
      !message->ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    error = "skipped " + std::string{key} + " at revision " + std::to_string(mod_revision) +
            ": the value is not a valid " + std::string{resource_.type->full_name()};
    return std::nullopt;
  }
  auto* meta = mutable_object_meta(*message);
  meta->set_resource_version(std::to_string(mod_revision));
  cached_object object;
  object.meta = meta;
  object.message = std::move(message);
  return object;
}

apply_result watch_cache::apply(const std::vector<store::Event>& events) {
  return apply_events(events);
}

apply_result watch_cache::apply(const google::protobuf::RepeatedPtrField<store::Event>& events) {
  return apply_events(events);
}

template <class Events>
apply_result watch_cache::apply_events(const Events& events) {
  apply_result result;
  if (!ready_) {
    result.stale = static_cast<size_t>(events.size());
    stats_.events_stale += result.stale;
    return result;
  }
  const int64_t base = revision_;
  int64_t last = base;
  for (const auto& event : events) {
    int64_t rev = event.kv().mod_revision();
    if (rev <= base) {
      ++result.stale;
      continue;
    }
    if (rev < last) {
      ++result.skipped;
      result.errors.push_back("skipped " + event.kv().key() + ": revision " + std::to_string(rev) +
                              " after revision " + std::to_string(last));
      continue;
    }
    last = rev;
    apply_one(event, result);
  }
  revision_ = last;
  finish(result.deliveries);
  stats_.events_applied += result.applied;
  stats_.events_stale += result.stale;
  stats_.events_skipped += result.skipped;
  return result;
}

void watch_cache::apply_one(const store::Event& event, apply_result& result) {
  const auto& kv = event.kv();
  auto ns = key_namespace(kv.key());
  if (!ns) {
    ++result.skipped;
    result.errors.push_back("skipped " + kv.key() + ": not a key of " +
                            std::string{resource_.resource});
    return;
  }
  window_event e;
  e.ns.assign(*ns);
  e.key = kv.key();
  e.revision = kv.mod_revision();
  if (event.type() == store::Event::DELETE) {
    e.prev = store_.erase(kv.key());
    if (!e.prev)
      return; // never seen (e.g. skipped as undecodable): nothing to tell
    e.type = watch_event_type::deleted;
  } else {
    std::string error;
    auto object = decode(kv.key(), kv.value(), e.revision, error);
    if (!object) {
      ++result.skipped;
      result.errors.push_back(std::move(error));
      return;
    }
    e.object = *object;
    e.prev = store_.put(kv.key(), std::move(*object), e.revision);
    e.type = e.prev ? watch_event_type::modified : watch_event_type::added;
  }
  ++result.applied;
  dispatch(e);
  window_.push(std::move(e));
}

void watch_cache::advance(int64_t revision) {
  if (ready_ && revision > revision_)
    revision_ = revision;
}

// -- relist --------------------------------------------------------------------

apply_result watch_cache::replace(const std::vector<stored_kv>& objects, int64_t revision) {
  apply_result result;
  if (ready_ && revision < revision_) {
    result.stale = objects.size();
    result.errors.push_back("relist at revision " + std::to_string(revision) +
                            " is older than the cache (revision " + std::to_string(revision_) +
                            ")");
    return result;
  }
  // A watch waiting for a revision the relist jumps over cannot be served
  // from a difference to the old state: it is as expired as a resume from
  // before the new window.
  for (auto& [id, w] : watchers_)
    if (w->after_revision > revision_ && w->after_revision < revision)
      deliver_error(*w, cache_status::too_old(w->after_revision, revision), revision);
  auto changes = relist_diff(objects, revision, result);
  for (auto& e : changes) {
    ++result.applied;
    dispatch(e);
  }
  window_.reset(revision);
  revision_ = revision;
  ready_ = true;
  ++stats_.relists;
  finish(result.deliveries);
  stats_.events_skipped += result.skipped;
  return result;
}

std::vector<window_event> watch_cache::relist_diff(const std::vector<stored_kv>& objects,
                                                   int64_t revision, apply_result& result) {
  std::vector<const stored_kv*> sorted;
  sorted.reserve(objects.size());
  for (const auto& o : objects) {
    if (key_namespace(o.key)) {
      sorted.push_back(&o);
    } else {
      ++result.skipped;
      result.errors.push_back("skipped " + o.key + ": not a key of " +
                              std::string{resource_.resource});
    }
  }
  // Sorted by key; of duplicates the last one listed wins.
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return a->key < b->key; });
  auto dup = [](const auto* a, const auto* b) { return a->key == b->key; };
  std::reverse(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end(), dup), sorted.end());
  std::reverse(sorted.begin(), sorted.end());

  // Merge the listed keys with the cached ones, in key order.
  std::vector<window_event> changes;
  std::vector<int64_t> mod_revisions;
  const auto& current = store_.objects();
  auto it = current.begin();
  size_t i = 0;
  while (it != current.end() || i < sorted.size()) {
    bool take_listed = i < sorted.size() && (it == current.end() || sorted[i]->key <= it->first);
    const object_store::entry* old = nullptr;
    window_event e;
    e.revision = revision;
    if (take_listed) {
      const auto& o = *sorted[i++];
      if (it != current.end() && it->first == o.key)
        old = &(it++)->second;
      if (old != nullptr && old->mod_revision == o.mod_revision)
        continue; // unchanged: keep the decoded object
      std::string error;
      auto object = decode(o.key, o.value, o.mod_revision, error);
      if (!object) {
        ++result.skipped;
        result.errors.push_back(std::move(error));
        continue;
      }
      e.key = o.key;
      e.object = std::move(*object);
      e.type = old != nullptr ? watch_event_type::modified : watch_event_type::added;
      mod_revisions.push_back(o.mod_revision);
    } else {
      old = &it->second;
      e.key = (it++)->first;
      e.type = watch_event_type::deleted;
      mod_revisions.push_back(revision);
    }
    if (old != nullptr)
      e.prev = old->object;
    e.ns.assign(*key_namespace(e.key));
    changes.push_back(std::move(e));
  }
  for (size_t k = 0; k < changes.size(); ++k) {
    const auto& e = changes[k];
    if (e.type == watch_event_type::deleted)
      store_.erase(e.key);
    else
      store_.put(e.key, e.object, mod_revisions[k]);
  }
  return changes;
}

// -- fan-out -------------------------------------------------------------------

std::optional<watch_event> watch_cache::convert(const window_event& e, const cache_watcher& w) {
  bool now = e.object && w.sees(e.object, e.ns);
  bool before = e.prev && w.sees(e.prev, e.ns);
  if (now)
    return watch_event{before ? watch_event_type::modified : watch_event_type::added,
                       e.object.message, e.revision};
  if (before)
    // Kubernetes: the previous object content, at the event's revision.
    return watch_event{watch_event_type::deleted, e.prev_at_revision(), e.revision};
  return std::nullopt;
}

void watch_cache::observe(observer fn) {
  observer_ = std::move(fn);
  if (observer_)
    for (const auto& [key, entry] : store_.objects())
      observer_(key, entry.object.message.get());
}

void watch_cache::notify(const window_event& e) const {
  if (observer_)
    observer_(e.key, e.type == watch_event_type::deleted ? nullptr : e.object.message.get());
}

void watch_cache::dispatch(const window_event& e) {
  notify(e);
  index_.for_each_candidate(e, [&](cache_watcher& w) {
    if (w.terminated || e.revision <= w.after_revision)
      return;
    ++stats_.watcher_checks;
    if (auto event = convert(e, w))
      deliver(w, std::move(*event));
  });
}

void watch_cache::deliver(cache_watcher& w, watch_event event) {
  if (!w.touched) {
    w.touched = true;
    touched_.push_back(&w);
  }
  const size_t limit = options_.max_pending_events;
  const size_t pending = w.unacknowledged + w.out.size() + 1;
  if (limit != 0 && pending > limit) {
    // Like Kubernetes closing an unresponsive watcher: drop what it has not
    // got yet; it resumes from the last event it did get.
    deliver_error(w, cache_status::slow_watcher(pending, limit), event.revision);
    return;
  }
  w.out.push_back(std::move(event));
}

void watch_cache::deliver_error(cache_watcher& w, api::Status status, int64_t revision) {
  if (!w.touched) {
    w.touched = true;
    touched_.push_back(&w);
  }
  w.out.clear();
  w.out.push_back(watch_event{watch_event_type::error,
                              std::make_shared<api::Status>(std::move(status)), revision});
  w.terminated = true;
}

void watch_cache::finish(std::vector<watch_delivery>& deliveries) {
  std::vector<int64_t> ended;
  deliveries.reserve(deliveries.size() + touched_.size());
  for (auto* w : touched_) {
    stats_.events_delivered += w->out.size();
    if (!w->terminated)
      w->unacknowledged += w->out.size();
    deliveries.push_back(watch_delivery{w->id, std::move(w->out), w->terminated});
    w->out = {};
    w->touched = false;
    if (w->terminated)
      ended.push_back(w->id);
  }
  touched_.clear();
  for (auto id : ended) {
    remove_watch(id);
    ++stats_.watchers_terminated;
  }
}

// -- reading -------------------------------------------------------------------

list_result watch_cache::list(std::string_view ns, const label_selector& labels,
                              const field_selector& fields, int64_t limit,
                              std::string_view continue_token) const {
  if (!ready_) {
    list_result result;
    result.error = cache_status::not_ready();
    return result;
  }
  return lister().list(revision_, resource_.namespaced ? ns : std::string_view{}, labels, fields,
                      limit, continue_token);
}

std::shared_ptr<const google::protobuf::Message> watch_cache::get(std::string_view ns,
                                                                  std::string_view name) const {
  const auto* entry = store_.find(resource_.key(ns, name));
  return entry == nullptr ? nullptr : entry->object.message;
}

// -- watching ------------------------------------------------------------------

watch_start watch_cache::add_watch(int64_t id, std::string_view ns, label_selector labels,
                                   field_selector fields, std::string_view resource_version,
                                   bool allow_bookmarks) {
  watch_start start;
  if (!ready_) {
    start.error = cache_status::not_ready();
    return start;
  }
  if (watchers_.count(id) != 0) {
    start.error = cache_status::watch_exists(id);
    return start;
  }
  auto w = std::make_unique<cache_watcher>();
  w->id = id;
  w->ns.assign(resource_.namespaced ? ns : std::string_view{});
  w->labels = std::move(labels);
  w->fields = std::move(fields);
  w->allow_bookmarks = allow_bookmarks;
  if (resource_version.empty() || resource_version == "0") {
    start.events = lister().initial_events(w->ns, w->labels, w->fields);
    start.start_revision = revision_;
  } else {
    auto after = parse_revision(resource_version);
    if (!after) {
      start.error = cache_status::invalid_resource_version(resource_.resource, resource_version);
      return start;
    }
    if (*after < window_.oldest_resumable()) {
      start.error = cache_status::too_old(*after, window_.oldest_resumable());
      return start;
    }
    start.start_revision = *after;
    start.waiting = *after > revision_;
    for (size_t i = window_.first_after(*after); i < window_.size(); ++i)
      if (auto event = convert(window_[i], *w))
        start.events.push_back(std::move(*event));
  }
  w->after_revision = start.start_revision;
  index_.insert(*w);
  watchers_.emplace(id, std::move(w));
  return start;
}

bool watch_cache::remove_watch(int64_t id) {
  auto it = watchers_.find(id);
  if (it == watchers_.end())
    return false;
  index_.erase(*it->second);
  watchers_.erase(it);
  return true;
}

void watch_cache::acknowledge(int64_t id, size_t events) {
  auto it = watchers_.find(id);
  if (it != watchers_.end())
    it->second->unacknowledged -= std::min(events, it->second->unacknowledged);
}

std::vector<watch_delivery> watch_cache::bookmarks() {
  std::vector<watch_delivery> out;
  std::shared_ptr<const google::protobuf::Message> object;
  for (auto& [id, w] : watchers_) {
    if (!w->allow_bookmarks || w->after_revision > revision_)
      continue;
    if (!object) {
      std::shared_ptr<google::protobuf::Message> bookmark = resource_.make();
      mutable_object_meta(*bookmark)->set_resource_version(std::to_string(revision_));
      object = std::move(bookmark);
    }
    out.push_back(watch_delivery{id, {watch_event{watch_event_type::bookmark, object, revision_}},
                                 false});
  }
  return out;
}

} // namespace convoy::apiserver
