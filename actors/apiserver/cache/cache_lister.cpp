#include "actors/apiserver/cache/cache_lister.hpp"

#include <map>

#include "actors/apiserver/cache/cache_status.hpp"
#include "actors/apiserver/cache/continue_token.hpp"
#include "actors/apiserver/cache/object_filter.hpp"
#include "messages/codec/resource_registry.hpp"

namespace convoy::apiserver {

namespace {

bool has_prefix(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

/// Collects one page: the first `limit` matches, and whether any object
/// follows the last one (then the page gets a continue token, as etcd's
/// `more` gives Kubernetes one even if no later object matches).
struct page_sink {
  const label_selector& labels;
  const field_selector& fields;
  size_t limit; ///< 0 = unlimited
  list_result& out;
  std::string_view last_key;
  bool more = false;

  bool operator()(std::string_view key, const cached_object& object, int64_t) {
    if (limit != 0 && out.items.size() == limit) {
      more = true;
      return false;
    }
    if (selects(labels, fields, object)) {
      out.items.push_back(object.message);
      last_key = key;
    }
    return true;
  }
};

} // namespace

const object_store::key_set* cache_lister::pick_index(const field_selector& fields) const {
  for (const auto& term : fields.terms())
    if (!term.negated && store_.indexed(term.field))
      return store_.indexed_keys(term.field, term.value);
  return nullptr;
}

template <class F>
void cache_lister::scan_current(const std::string& prefix, const std::string& start,
                                const field_selector& fields, F&& fn) const {
  if (const auto* keys = pick_index(fields)) {
    for (auto it = keys->lower_bound(start); it != keys->end() && has_prefix(*it, prefix); ++it) {
      const auto* entry = store_.find(*it);
      if (!fn(*it, entry->object, entry->mod_revision))
        return;
    }
    return;
  }
  const auto& objects = store_.objects();
  for (auto it = objects.lower_bound(start); it != objects.end() && has_prefix(it->first, prefix);
       ++it)
    if (!fn(it->first, it->second.object, it->second.mod_revision))
      return;
}

template <class F>
void cache_lister::scan_at(int64_t revision, const std::string& prefix, const std::string& start,
                           F&& fn) const {
  // Each key changed after `revision`, mapped to its state then: the state
  // before its first later event (empty if it did not exist yet).
  std::map<std::string_view, const cached_object*> rolled_back;
  for (size_t i = window_.first_after(revision); i < window_.size(); ++i) {
    const auto& e = window_[i];
    if (has_prefix(e.key, prefix) && std::string_view{e.key} >= start)
      rolled_back.emplace(e.key, &e.prev);
  }
  const auto& objects = store_.objects();
  auto it = objects.lower_bound(start);
  auto rb = rolled_back.begin();
  for (;;) {
    bool have_cur = it != objects.end() && has_prefix(it->first, prefix);
    bool have_rb = rb != rolled_back.end();
    if (!have_cur && !have_rb)
      return;
    std::string_view key;
    const cached_object* object;
    if (have_rb && (!have_cur || rb->first <= std::string_view{it->first})) {
      if (have_cur && rb->first == std::string_view{it->first})
        ++it;
      key = rb->first;
      object = rb->second;
      ++rb;
    } else {
      key = it->first;
      object = &it->second.object;
      ++it;
    }
    if (*object && !fn(key, *object, 0))
      return;
  }
}

list_result cache_lister::list(int64_t current, std::string_view ns, const label_selector& labels,
                               const field_selector& fields, int64_t limit,
                               std::string_view continue_text) const {
  list_result result;
  const std::string prefix = resource_.prefix(ns);
  std::string start = prefix;
  int64_t at = current;
  if (!continue_text.empty()) {
    std::string error;
    auto token = continue_token::decode(continue_text, error);
    if (!token) {
      result.error = cache_status::continue_invalid(error);
      return result;
    }
    start += token->start;
    if (token->revision != -1)
      at = token->revision;
    if (at > current) {
      result.wait_for_revision = at;
      return result;
    }
    if (at < window_.oldest_resumable()) {
      result.error = cache_status::continue_expired();
      result.error->mutable_metadata()->set_continue_(continue_token{-1, token->start}.encode());
      return result;
    }
  }
  result.revision = at;
  page_sink sink{labels, fields, limit > 0 ? static_cast<size_t>(limit) : 0, result, {}};
  if (at == current)
    scan_current(prefix, start, fields, sink);
  else
    scan_at(at, prefix, start, sink);
  if (sink.more && !sink.last_key.empty()) {
    std::string next{sink.last_key.substr(prefix.size())};
    next += '\0';
    result.continue_token = continue_token{at, std::move(next)}.encode();
  }
  return result;
}

std::vector<watch_event> cache_lister::initial_events(std::string_view ns,
                                                      const label_selector& labels,
                                                      const field_selector& fields) const {
  std::vector<watch_event> events;
  const std::string prefix = resource_.prefix(ns);
  scan_current(prefix, prefix, fields,
               [&](std::string_view, const cached_object& object, int64_t mod_revision) {
                 if (selects(labels, fields, object))
                   events.push_back({watch_event_type::added, object.message, mod_revision});
                 return true;
               });
  return events;
}

} // namespace convoy::apiserver
