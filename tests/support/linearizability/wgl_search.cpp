#include "linearizability/wgl_search.hpp"

#include <algorithm>
#include <limits>
#include <tuple>

namespace convoy::checkers {

namespace {

size_t count_returned(const std::vector<search_op>& ops) {
  return static_cast<size_t>(
    std::count_if(ops.begin(), ops.end(), [](const search_op& op) { return op.returned; }));
}

} // namespace

wgl_search::wgl_search(const std::vector<search_op>& ops, step_oracle& oracle)
  : oracle_(oracle), cache_(count_returned(ops), ops.size() - count_returned(ops)) {
  build_entries(ops);
  pruning_ = oracle_.has_progress();
  if (pruning_) {
    leaves_ = 1;
    while (leaves_ < ops.size())
      leaves_ *= 2;
    limits_.assign(2 * leaves_, std::numeric_limits<int64_t>::max());
    op_limits_.assign(ops.size(), std::numeric_limits<int64_t>::max());
    for (uint32_t i = 0; i < ops.size(); ++i) {
      if (ops[i].returned)
        op_limits_[i] = oracle_.progress_limit(i);
      set_limit(i, op_limits_[i]);
    }
  }
}

void wgl_search::set_limit(uint32_t op, int64_t limit) {
  auto node = leaves_ + op;
  limits_[node] = limit;
  for (node /= 2; node >= 1; node /= 2)
    limits_[node] = std::min(limits_[2 * node], limits_[2 * node + 1]);
}

void wgl_search::build_entries(const std::vector<search_op>& ops) {
  // (time, 0 = call / 1 = return, op): calls sort before returns at equal
  // times, so touching intervals count as concurrent.
  std::vector<std::tuple<time_ns, int, uint32_t>> order;
  order.reserve(ops.size() * 2);
  for (uint32_t i = 0; i < ops.size(); ++i) {
    if (!ops[i].returned) {
      pending_.push_back({ops[i].call, i});
      continue;
    }
    order.emplace_back(ops[i].call, 0, i);
    order.emplace_back(std::max(ops[i].ret, ops[i].call), 1, i);
    ++returned_ops_;
  }
  std::sort(order.begin(), order.end());
  std::sort(pending_.begin(), pending_.end(), [](const pending_call& a, const pending_call& b) {
    return a.call != b.call ? a.call < b.call : a.op < b.op;
  });
  placed_.assign(pending_.size(), false);
  bit_of_.assign(ops.size(), 0);
  for (uint32_t k = 0; k < pending_.size(); ++k)
    bit_of_[pending_[k].op] = k;
  uint32_t returned_bit = 0;
  for (uint32_t i = 0; i < ops.size(); ++i)
    if (ops[i].returned)
      bit_of_[i] = returned_bit++;
  entries_.resize(order.size() + 1);
  std::vector<int32_t> call_entry(ops.size(), -1);
  for (size_t k = 0; k < order.size(); ++k) {
    auto index = static_cast<int32_t>(k + 1);
    auto& e = entries_[index];
    e.time = std::get<0>(order[k]);
    e.op = std::get<2>(order[k]);
    e.is_call = std::get<1>(order[k]) == 0;
    e.prev = index - 1;
    e.next = k + 1 < order.size() ? index + 1 : -1;
    if (e.is_call)
      call_entry[e.op] = index;
    else
      entries_[call_entry[e.op]].match = index;
  }
  entries_[0].next = order.empty() ? -1 : 1;
}

int32_t wgl_search::last_pending_until(time_ns time) const {
  auto it = std::upper_bound(pending_.begin(), pending_.end(), time,
                             [](time_ns t, const pending_call& p) { return t < p.call; });
  return static_cast<int32_t>(it - pending_.begin()) - 1;
}

void wgl_search::lift(int32_t call_entry) {
  const auto& c = entries_[call_entry];
  // A call entry is always followed by its return entry: c.next exists.
  entries_[c.prev].next = c.next;
  entries_[c.next].prev = c.prev;
  const auto& r = entries_[c.match];
  entries_[r.prev].next = r.next;
  if (r.next >= 0)
    entries_[r.next].prev = r.prev;
}

void wgl_search::unlift(int32_t call_entry) {
  const auto& c = entries_[call_entry];
  const auto& r = entries_[c.match];
  entries_[r.prev].next = c.match;
  if (r.next >= 0)
    entries_[r.next].prev = c.match;
  entries_[c.prev].next = call_entry;
  entries_[c.next].prev = call_entry;
}

void wgl_search::note_depth() {
  if (stack_.size() <= longest_.size())
    return;
  longest_.resize(low_water_);
  for (size_t i = low_water_; i < stack_.size(); ++i)
    longest_.push_back(stack_[i].op);
  low_water_ = stack_.size();
}

void wgl_search::toggle(uint32_t op, bool pending) {
  if (pending)
    cache_.toggle_pending(bit_of_[op]);
  else
    cache_.toggle_returned(bit_of_[op]);
}

std::optional<uint32_t> wgl_search::try_step(uint32_t state, uint32_t op, bool pending) {
  auto next = oracle_.step(state, op);
  if (!next || (pending && *next == state))
    return std::nullopt;
  if (pending && !stack_.empty() && stack_.back().call_entry < 0) {
    // Pending right after pending: if `op` alone, in place of the one below,
    // reaches the same state, that one was overwritten; the configuration
    // without it dominates this one and is (or will be) explored from below.
    auto without = oracle_.step(stack_.back().state_before, op);
    if (without && *without == *next)
      return std::nullopt;
  }
  constexpr auto unbounded = std::numeric_limits<int64_t>::max();
  if (pruning_ && !pending)
    set_limit(op, unbounded); // no longer outstanding
  bool fresh = !pruning_ || oracle_.progress(*next) <= lowest_limit();
  if (fresh) {
    toggle(op, pending);
    fresh = cache_.remember(*next);
    if (!fresh)
      toggle(op, pending);
  }
  if (!fresh && pruning_ && !pending)
    set_limit(op, op_limits_[op]);
  return fresh ? next : std::nullopt;
}

search_result wgl_search::finish(search_status status, uint64_t steps) {
  search_result result;
  result.status = status;
  result.steps = steps;
  result.configurations = cache_.size();
  if (status == search_status::linearizable) {
    // The final path, not the deepest one: a deeper dead end may have
    // included pending operations the solution leaves out.
    for (const auto& f : stack_)
      result.longest_prefix.push_back(f.op);
  } else {
    result.longest_prefix = longest_;
  }
  return result;
}

void wgl_search::push(uint32_t op, int32_t call_entry, int32_t pending_index, uint32_t next_state) {
  stack_.push_back({op, call_entry, pending_index, at_.state});
  at_.state = next_state;
  note_depth();
  at_.in_pending = false;
  at_.cur = entries_[0].next;
}

bool wgl_search::backtrack() {
  if (stack_.empty())
    return false;
  auto top = stack_.back();
  stack_.pop_back();
  low_water_ = std::min(low_water_, stack_.size());
  at_.state = top.state_before;
  toggle(top.op, top.call_entry < 0);
  if (top.call_entry >= 0) {
    if (pruning_)
      set_limit(top.op, op_limits_[top.op]);
    unlift(top.call_entry);
    ++at_.remaining;
    at_.in_pending = false;
    at_.cur = entries_[top.call_entry].next;
  } else {
    placed_[top.pending_index] = false;
    at_.pending_cur = top.pending_index - 1;
  }
  return true;
}

search_result wgl_search::run(const search_budget& budget) {
  uint64_t steps = 0;
  auto exhausted = [&] {
    ++steps;
    return (budget.max_steps != 0 && steps > budget.max_steps)
           || ((steps & 1023) == 0 && budget.expired && budget.expired());
  };
  at_ = position{};
  at_.state = oracle_.initial_state();
  at_.remaining = returned_ops_;
  at_.cur = entries_[0].next;
  while (at_.remaining > 0) {
    if (!at_.in_pending && at_.cur >= 0 && entries_[at_.cur].is_call) {
      const auto& e = entries_[at_.cur];
      if (exhausted())
        return finish(search_status::gave_up, steps);
      if (auto next = try_step(at_.state, e.op, false)) {
        lift(at_.cur);
        --at_.remaining;
        push(e.op, at_.cur, -1, *next);
      } else {
        at_.cur = e.next;
      }
      continue;
    }
    if (!at_.in_pending) {
      // The earliest outstanding return: pending operations invoked by then
      // are the remaining candidates.
      at_.in_pending = true;
      at_.pending_cur = last_pending_until(at_.cur >= 0 ? entries_[at_.cur].time
                                                        : std::numeric_limits<time_ns>::max());
    }
    while (at_.pending_cur >= 0 && placed_[at_.pending_cur])
      --at_.pending_cur;
    if (at_.pending_cur >= 0) {
      auto index = at_.pending_cur;
      if (exhausted())
        return finish(search_status::gave_up, steps);
      if (auto next = try_step(at_.state, pending_[index].op, true)) {
        placed_[index] = true;
        push(pending_[index].op, -1, index, *next);
      } else {
        --at_.pending_cur;
      }
      continue;
    }
    // Every candidate failed here: undo the latest choice.
    if (!backtrack())
      return finish(search_status::not_linearizable, steps);
  }
  return finish(search_status::linearizable, steps);
}

} // namespace convoy::checkers
