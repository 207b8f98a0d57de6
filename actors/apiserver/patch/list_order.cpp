#include "actors/apiserver/patch/list_order.hpp"

#include <algorithm>
#include <functional>
#include <vector>

namespace convoy::apiserver {

namespace {

/// Hash consistent with json's operator==, which compares numbers by value
/// across integer and floating types (1 == 1.0).
std::size_t value_hash(const json& value) {
  if (value.is_number())
    return std::hash<double>{}(value.get<double>());
  return std::hash<json>{}(value);
}

} // namespace

const json* list_matcher::identity(const json& item) const noexcept {
  if (key_.empty())
    return &item;
  if (!item.is_object())
    return nullptr;
  auto it = item.find(key_);
  return it == item.end() ? nullptr : &*it;
}

bool list_matcher::same(const json& a, const json& b) const {
  const json* x = identity(a);
  const json* y = identity(b);
  if (x == nullptr || y == nullptr || *x != *y)
    return false;
  if (second_key_.empty())
    return true;
  auto sa = a.find(second_key_);
  auto sb = b.find(second_key_);
  return sa == a.end() || sb == b.end() || *sa == *sb;
}

json list_matcher::probe(const json& item) const {
  if (key_.empty())
    return item;
  json out = json::object();
  out[key_] = *identity(item);
  if (!second_key_.empty())
    if (auto it = item.find(second_key_); it != item.end())
      out[second_key_] = *it;
  return out;
}

position_index::position_index(const json& list, const list_matcher& matcher, std::size_t count)
  : list_(list), matcher_(matcher) {
  count = std::min(count, list.size());
  positions_.reserve(count);
  for (std::size_t pos = 0; pos < count; ++pos)
    add(pos);
}

void position_index::add(std::size_t pos) {
  if (const json* id = matcher_.identity(list_[pos]))
    positions_.emplace(value_hash(*id), pos);
}

std::size_t position_index::find(const json& probe) const {
  const json* id = matcher_.identity(probe);
  if (id == nullptr)
    return npos;
  std::size_t best = npos;
  auto [first, last] = positions_.equal_range(value_hash(*id));
  for (auto it = first; it != last; ++it)
    if (it->second < best && matcher_.same(list_[it->second], probe))
      best = it->second;
  return best;
}

void reorder(json& list, const json& order, const json& server, std::size_t server_count,
             const list_matcher& matcher) {
  struct entry {
    std::size_t item;
    std::size_t order_pos;
    std::size_t server_pos;
  };
  std::vector<entry> patch_items;
  std::vector<entry> server_only;
  {
    position_index in_order{order, matcher};
    position_index in_server{server, matcher, server_count};
    for (std::size_t i = 0; i < list.size(); ++i) {
      entry e{i, in_order.find(list[i]), in_server.find(list[i])};
      (e.order_pos != position_index::npos ? patch_items : server_only).push_back(e);
    }
  }
  std::stable_sort(patch_items.begin(), patch_items.end(),
                   [](const entry& a, const entry& b) { return a.order_pos < b.order_pos; });
  std::stable_sort(server_only.begin(), server_only.end(),
                   [](const entry& a, const entry& b) { return a.server_pos < b.server_pos; });
  // Kubernetes' mergeSortedSlice: a server-only item goes first only when
  // both it and the next patch item were on the server and it came earlier.
  json out = json::array();
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < server_only.size() || j < patch_items.size()) {
    bool take_left = j >= patch_items.size()
                     || (i < server_only.size() && server_only[i].server_pos != position_index::npos
                         && patch_items[j].server_pos != position_index::npos
                         && server_only[i].server_pos < patch_items[j].server_pos);
    const entry& e = take_left ? server_only[i++] : patch_items[j++];
    out.push_back(std::move(list[e.item]));
  }
  list = std::move(out);
}

} // namespace convoy::apiserver
