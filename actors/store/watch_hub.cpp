#include "actors/store/watch_hub.hpp"

#include <algorithm>

namespace convoy::store {

int64_t watch_hub::add(subscriber who, const WatchCreateRequest& req,
                       int64_t current_revision) {
  int64_t id = req.watch_id() != 0 ? req.watch_id() : next_id_++;
  if (watches_.count({who, id}))
    return -1;
  watch w;
  w.who = who;
  w.id = id;
  w.key = req.key();
  w.range_end = req.range_end();
  w.prev_kv = req.prev_kv();
  w.progress_notify = req.progress_notify();
  for (auto f : req.filters()) {
    w.no_put |= f == WatchCreateRequest::NOPUT;
    w.no_delete |= f == WatchCreateRequest::NODELETE;
  }
  auto start = req.start_revision();
  w.next_revision = start <= 0 ? current_revision + 1 : start;
  applied_revision_ = std::max(applied_revision_, current_revision);
  watches_.emplace(key{who, id}, std::move(w));
  return id;
}

bool watch_hub::cancel(subscriber who, int64_t id) {
  return watches_.erase({who, id}) > 0;
}

void watch_hub::remove(subscriber who) {
  auto i = watches_.lower_bound({who, INT64_MIN});
  while (i != watches_.end() && i->first.first == who)
    i = watches_.erase(i);
}

bool watch_hub::matches(const watch& w, const Event& e) {
  if ((e.type() == Event::PUT && w.no_put) || (e.type() == Event::DELETE && w.no_delete))
    return false;
  const auto& k = e.kv().key();
  if (w.range_end.empty())
    return k == w.key;
  if (w.range_end.size() == 1 && w.range_end[0] == '\0')
    return k >= w.key;
  return k >= w.key && k < w.range_end;
}

void watch_hub::append_event(const watch& w, const Event& e, WatchResponse& resp) {
  auto* out = resp.add_events();
  *out = e;
  if (!w.prev_kv)
    out->clear_prev_kv();
}

void watch_hub::dispatch(int64_t revision, const std::vector<Event>& events,
                         std::vector<std::pair<subscriber, WatchResponse>>& out) {
  for (auto& [k, w] : watches_) {
    if (w.next_revision != revision)
      continue; // catching up (older) or starting later (newer)
    WatchResponse resp;
    for (const auto& e : events)
      if (matches(w, e))
        append_event(w, e, resp);
    w.next_revision = revision + 1;
    if (resp.events_size() == 0)
      continue;
    resp.set_watch_id(w.id);
    resp.mutable_header()->set_revision(revision);
    out.emplace_back(w.who, std::move(resp));
  }
  applied_revision_ = revision;
}

std::vector<watch_hub::lagging> watch_hub::catching_up() const {
  std::vector<lagging> out;
  for (const auto& [k, w] : watches_)
    if (w.next_revision <= applied_revision_)
      out.push_back({w.who, w.id, w.next_revision});
  return out;
}

std::optional<WatchResponse> watch_hub::replayed(subscriber who, int64_t id,
                                                 const std::vector<Event>& events,
                                                 int64_t through, int64_t current_revision) {
  auto i = watches_.find({who, id});
  if (i == watches_.end())
    return std::nullopt;
  auto& w = i->second;
  WatchResponse resp;
  resp.set_watch_id(id);
  for (const auto& e : events)
    if (e.kv().mod_revision() >= w.next_revision && matches(w, e))
      append_event(w, e, resp);
  w.next_revision = std::max(w.next_revision, through + 1);
  applied_revision_ = std::max(applied_revision_, current_revision);
  resp.mutable_header()->set_revision(through);
  return resp;
}

void watch_hub::jumped_to(int64_t revision) {
  applied_revision_ = std::max(applied_revision_, revision);
}

void watch_hub::progress(int64_t revision,
                         std::vector<std::pair<subscriber, WatchResponse>>& out) {
  for (const auto& [k, w] : watches_) {
    if (!w.progress_notify || w.next_revision != revision + 1)
      continue;
    WatchResponse resp;
    resp.set_watch_id(w.id);
    resp.mutable_header()->set_revision(revision);
    out.emplace_back(w.who, std::move(resp));
  }
}

const watch_hub::watch* watch_hub::find(subscriber who, int64_t id) const {
  auto i = watches_.find({who, id});
  return i == watches_.end() ? nullptr : &i->second;
}

} // namespace convoy::store
