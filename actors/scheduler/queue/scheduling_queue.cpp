#include "actors/scheduler/queue/scheduling_queue.hpp"

#include <algorithm>

namespace convoy::scheduler {

namespace {

int32_t priority_of(const pod_info& pod) {
  return pod.spec().has_priority() ? pod.spec().priority() : 0;
}

} // namespace

bool scheduling_queue::active_order::operator()(const heap_item& x, const heap_item& y) const {
  // std::priority_queue pops the largest: "x < y" means y goes first.
  if (x.priority != y.priority)
    return x.priority < y.priority;
  if (x.time != y.time)
    return x.time > y.time;
  return x.seq > y.seq;
}

bool scheduling_queue::backoff_order::operator()(const heap_item& x, const heap_item& y) const {
  if (x.time != y.time)
    return x.time > y.time;
  return x.seq > y.seq;
}

queue_time scheduling_queue::backoff_duration(uint32_t attempts) const {
  auto d = options_.initial_backoff;
  for (uint32_t i = 1; i < attempts && d < options_.max_backoff; ++i)
    d *= 2;
  return std::min(d, options_.max_backoff);
}

bool scheduling_queue::fresh(const heap_item& item) const {
  auto it = pods_.find(item.key);
  return it != pods_.end() && it->second.seq == item.seq;
}

void scheduling_queue::push_active(entry& e, const std::string& key, queue_time now) {
  e.in = where::active;
  e.seq = ++next_seq_;
  e.pod.timestamp = now;
  active_.push(heap_item{priority_of(*e.pod.info), now, e.seq, key});
  ++active_count_;
}

void scheduling_queue::push_backoff(entry& e, const std::string& key) {
  e.in = where::backoff;
  e.seq = ++next_seq_;
  backoff_.push(heap_item{0, e.pod.backoff_expiry, e.seq, key});
  ++backoff_count_;
}

void scheduling_queue::leave(entry& e, const std::string& key) {
  switch (e.in) {
    case where::active:
      --active_count_;
      break;
    case where::backoff:
      --backoff_count_;
      break;
    case where::unschedulable:
      unschedulable_.erase(key);
      break;
  }
  e.seq = ++next_seq_; // heap items of the old place go stale
}

void scheduling_queue::move_to_active_or_backoff(entry& e, const std::string& key,
                                                 queue_time now) {
  leave(e, key);
  if (e.pod.backoff_expiry > now)
    push_backoff(e, key);
  else
    push_active(e, key, now);
}

void scheduling_queue::add(pod_info_ptr pod, queue_time now) {
  auto key = pod->key;
  auto [it, fresh_entry] = pods_.try_emplace(key);
  if (!fresh_entry) {
    update(std::move(pod), now);
    return;
  }
  it->second.pod.info = std::move(pod);
  push_active(it->second, key, now);
}

void scheduling_queue::update(pod_info_ptr pod, queue_time now) {
  auto it = pods_.find(pod->key);
  if (it == pods_.end()) {
    add(std::move(pod), now);
    return;
  }
  auto& e = it->second;
  e.pod.info = std::move(pod);
  if (e.in == where::unschedulable)
    move_to_active_or_backoff(e, it->first, now);
}

void scheduling_queue::remove(const std::string& key) {
  auto it = pods_.find(key);
  if (it == pods_.end())
    return;
  leave(it->second, key);
  pods_.erase(it);
}

std::optional<queued_pod> scheduling_queue::pop() {
  while (!active_.empty()) {
    auto item = active_.top();
    active_.pop();
    if (!fresh(item))
      continue;
    auto it = pods_.find(item.key);
    auto out = std::move(it->second.pod);
    --active_count_;
    pods_.erase(it);
    return out;
  }
  return std::nullopt;
}

void scheduling_queue::add_unschedulable(queued_pod pod, queue_time now, bool event_seen) {
  auto key = pod.info->key;
  remove(key);
  ++pod.attempts;
  pod.backoff_expiry = now + backoff_duration(pod.attempts);
  auto& e = pods_[key];
  e.pod = std::move(pod);
  if (event_seen) {
    push_backoff(e, key);
    return;
  }
  e.in = where::unschedulable;
  e.seq = ++next_seq_;
  e.unschedulable_since = now;
  unschedulable_.insert(key);
}

void scheduling_queue::add_backoff(queued_pod pod, queue_time now) {
  auto key = pod.info->key;
  remove(key);
  ++pod.attempts;
  pod.backoff_expiry = now + backoff_duration(pod.attempts);
  auto& e = pods_[key];
  e.pod = std::move(pod);
  push_backoff(e, key);
}

void scheduling_queue::move_all_to_active_or_backoff(queue_time now) {
  std::vector<std::string> keys(unschedulable_.begin(), unschedulable_.end());
  for (const auto& key : keys)
    move_to_active_or_backoff(pods_.at(key), key, now);
}

void scheduling_queue::flush(queue_time now) {
  while (!backoff_.empty() && backoff_.top().time <= now) {
    auto item = backoff_.top();
    backoff_.pop();
    if (!fresh(item))
      continue;
    auto& e = pods_.at(item.key);
    leave(e, item.key);
    push_active(e, item.key, now);
  }
  std::vector<std::string> stale;
  for (const auto& key : unschedulable_)
    if (now - pods_.at(key).unschedulable_since > options_.max_unschedulable)
      stale.push_back(key);
  for (const auto& key : stale)
    move_to_active_or_backoff(pods_.at(key), key, now);
}

std::optional<queue_time> scheduling_queue::next_backoff_expiry() {
  while (!backoff_.empty() && !fresh(backoff_.top()))
    backoff_.pop();
  if (backoff_.empty())
    return std::nullopt;
  return backoff_.top().time;
}

} // namespace convoy::scheduler
