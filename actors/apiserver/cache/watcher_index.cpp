#include "actors/apiserver/cache/watcher_index.hpp"

namespace convoy::apiserver {

namespace {

/// Prefer the most selective trigger when a selector pins several fields:
/// a node name splits pods finest, then object names.
int trigger_rank(std::string_view field) {
  if (field == "spec.nodeName")
    return 0;
  if (field == "metadata.name")
    return 1;
  if (field == "involvedObject.name")
    return 2;
  return 3;
}

} // namespace

int watcher_index::trigger_term(const cache_watcher& w) {
  int best = -1;
  int best_rank = 0;
  const auto& terms = w.fields.terms();
  for (size_t i = 0; i < terms.size(); ++i) {
    const auto& term = terms[i];
    if (term.negated || term.accessor == nullptr || term.field == "metadata.namespace")
      continue;
    int rank = trigger_rank(term.field);
    if (best < 0 || rank < best_rank) {
      best = static_cast<int>(i);
      best_rank = rank;
    }
  }
  return best;
}

watcher_index::bucket& watcher_index::bucket_of(cache_watcher& w) {
  if (w.field_index < 0)
    return by_namespace_[w.bucket_key];
  return fields_[static_cast<size_t>(w.field_index)].by_value[w.bucket_key];
}

void watcher_index::insert(cache_watcher& w) {
  int term_index = w.fields.table() == table_ ? trigger_term(w) : -1;
  if (term_index < 0) {
    w.field_index = -1;
    w.bucket_key = w.ns;
    // An all-namespace watch pinned to one namespace by its field selector
    // is filed under that namespace.
    if (w.bucket_key.empty())
      if (auto ns = w.fields.requires_exact_match("metadata.namespace"))
        w.bucket_key.assign(*ns);
  } else {
    const auto& term = w.fields.terms()[static_cast<size_t>(term_index)];
    size_t i = 0;
    while (i < fields_.size() && fields_[i].field != term.field)
      ++i;
    if (i == fields_.size())
      fields_.push_back(trigger{term.field, term.accessor, {}});
    w.field_index = static_cast<int>(i);
    w.bucket_key = term.value;
  }
  auto& b = bucket_of(w);
  w.slot = b.size();
  b.push_back(&w);
}

void watcher_index::erase(cache_watcher& w) {
  auto& buckets = w.field_index < 0 ? by_namespace_
                                    : fields_[static_cast<size_t>(w.field_index)].by_value;
  auto it = buckets.find(w.bucket_key);
  if (it == buckets.end())
    return;
  auto& b = it->second;
  if (w.slot < b.size() && b[w.slot] == &w) {
    b[w.slot] = b.back();
    b[w.slot]->slot = w.slot;
    b.pop_back();
  }
  if (b.empty())
    buckets.erase(it);
}

} // namespace convoy::apiserver
