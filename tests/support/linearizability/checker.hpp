#pragma once

// check(history, model): is a concurrent history linearizable with respect to
// a sequential model? The Wing–Gong / Lowe search (wgl_search.hpp), per
// partition when the model is P-compositional, with a readable explanation of
// failures.
//
// A model is a class with
//
//   using input = ...; using output = ...;
//   using state = ...;   // copyable, equality-comparable
//   state init() const;
//   // The state after `in` answered `*out`, or nothing if that answer is
//   // impossible in `s`. `out` is null for an operation that never returned:
//   // return the state in which the operation took effect (the search covers
//   // "never took effect" by leaving the operation out, so a model whose
//   // unknown-outcome operations can only either take effect or do nothing
//   // may stay deterministic).
//   std::optional<state> step(const state& s, const input& in, const output* out) const;
//   size_t hash(const state&) const;
//   std::string describe_operation(const input&, const output* out) const;
//   std::string describe_state(const state&) const;
//
// and optionally
//
//   // Operations that never change the state: dropped when they did not
//   // return (they constrain nothing).
//   bool read_only(const input&) const;
//   // P-compositionality: operations with different keys never constrain each
//   // other, so each key's sub-history is checked on its own (exponentially
//   // cheaper than one search over everything).
//   std::string partition_key(const input&) const;
//   // A counter no step decreases (etcd's revision) and, per answered
//   // operation, the highest counter it fits: prunes dead ends at once
//   // (step_oracle::progress_limit).
//   int64_t progress(const state&) const;
//   int64_t progress_limit(const input&, const output&) const;

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "linearizability/history.hpp"
#include "linearizability/interning_oracle.hpp"
#include "linearizability/wgl_search.hpp"

namespace convoy::checkers {

enum class check_verdict {
  linearizable,
  not_linearizable,
  /// The budget ran out first: nothing is known.
  unknown,
};

const char* to_string(check_verdict verdict);

struct check_options {
  /// Wall-clock bound of the whole check; past it the verdict is `unknown`.
  std::chrono::milliseconds time_budget{std::chrono::seconds{30}};

  /// Deterministic bound: search steps summed over all partitions (0 =
  /// unlimited). Unlike the time budget it gives up at the same point on every
  /// machine.
  uint64_t max_steps = 0;

  /// The explanation shows this many operations at the end of the longest
  /// linearizable prefix.
  size_t report_prefix_tail = 20;
};

struct check_result {
  check_verdict verdict = check_verdict::unknown;

  /// Partition key of the failing (or unfinished) sub-history; empty when the
  /// model does not partition.
  std::string partition;

  /// Failure: the longest linearizable prefix the search found, as indices
  /// into the history, in linearization order.
  std::vector<size_t> longest_prefix;

  /// Failure: the returned operations that could have come next after that
  /// prefix (invoked before the earliest outstanding return) but fit nowhere.
  std::vector<size_t> unplaced;

  size_t partitions = 0;
  uint64_t steps = 0;
  uint64_t configurations = 0;

  /// Empty when linearizable; otherwise a multi-line report for a human.
  std::string explanation;

  bool ok() const noexcept {
    return verdict == check_verdict::linearizable;
  }
};

namespace detail {

template <class M, class = void>
struct has_partition_key : std::false_type {};

template <class M>
struct has_partition_key<M, std::void_t<decltype(std::declval<const M&>().partition_key(
                              std::declval<const typename M::input&>()))>> : std::true_type {};

template <class M, class = void>
struct has_read_only : std::false_type {};

template <class M>
struct has_read_only<M, std::void_t<decltype(std::declval<const M&>().read_only(
                          std::declval<const typename M::input&>()))>> : std::true_type {};

/// True once `budget` has passed since the call (reads the steady clock).
std::function<bool()> deadline_after(std::chrono::milliseconds budget);

/// "op #12 client 3 [120, 180] " / "op #12 client 3 [120, -] ".
std::string operation_prefix(size_t index, int client, time_ns call, const time_ns* ret);

template <class Input, class Output>
void validate(const history<Input, Output>& h) {
  for (size_t i = 0; i < h.size(); ++i)
    if (h[i].ret && *h[i].ret < h[i].call)
      throw std::invalid_argument("linearizability check: operation #" + std::to_string(i)
                                  + " returns before it is invoked");
}

/// The operations to search, grouped by partition key (one group without
/// partitioning); pending read-only operations are left out.
template <class Model>
std::map<std::string, std::vector<size_t>>
partition(const history<typename Model::input, typename Model::output>& h, const Model& model) {
  std::map<std::string, std::vector<size_t>> groups;
  for (size_t i = 0; i < h.size(); ++i) {
    if constexpr (has_read_only<Model>::value) {
      if (!h[i].returned() && model.read_only(h[i].input))
        continue;
    }
    if constexpr (has_partition_key<Model>::value)
      groups[std::string{model.partition_key(h[i].input)}].push_back(i);
    else
      groups[std::string{}].push_back(i);
  }
  return groups;
}

template <class Model>
std::string describe_at(const history<typename Model::input, typename Model::output>& h,
                        const Model& model, size_t index) {
  const auto& op = h[index];
  const time_ns* ret = op.ret ? &*op.ret : nullptr;
  return operation_prefix(index, op.client, op.call, ret)
         + model.describe_operation(op.input, op.returned() ? &op.output : nullptr);
}

/// Fills result.unplaced and writes the list of candidates that could not
/// follow the prefix; `state` is the model state after the prefix.
template <class Model>
void explain_candidates(const history<typename Model::input, typename Model::output>& h,
                        const Model& model, const std::vector<size_t>& ops,
                        const std::vector<bool>& in_prefix, const typename Model::state& state,
                        check_result& result, std::ostream& out) {
  bool any_outstanding = false;
  time_ns earliest_return = 0;
  for (size_t k = 0; k < ops.size(); ++k) {
    const auto& op = h[ops[k]];
    if (!in_prefix[k] && op.ret && (!any_outstanding || *op.ret < earliest_return)) {
      earliest_return = *op.ret;
      any_outstanding = true;
    }
  }
  out << "Operations that could not be placed next (invoked before the earliest outstanding "
         "return, at "
      << earliest_return << "):\n";
  for (size_t k = 0; k < ops.size(); ++k) {
    const auto& op = h[ops[k]];
    if (in_prefix[k] || op.call > earliest_return)
      continue;
    auto fits = model.step(state, op.input, op.returned() ? &op.output : nullptr).has_value();
    out << "  " << describe_at(h, model, ops[k]) << ": ";
    if (!op.returned())
      out << "no return (may be left out)\n";
    else if (fits)
      out << "possible here, but no linearization continues from it\n";
    else
      out << "impossible in this state\n";
    if (op.returned())
      result.unplaced.push_back(ops[k]);
  }
}

template <class Model>
void explain_failure(const history<typename Model::input, typename Model::output>& h,
                     const Model& model, const std::vector<size_t>& ops, const search_result& found,
                     const check_options& options, check_result& result) {
  std::ostringstream out;
  out << "not linearizable";
  if constexpr (has_partition_key<Model>::value)
    out << " (partition \"" << result.partition << "\")";
  out << ": no order of its " << ops.size()
      << " operations respects both real time and the model.\n";
  std::vector<bool> in_prefix(ops.size(), false);
  auto state = model.init();
  auto shown_from = found.longest_prefix.size() > options.report_prefix_tail
                      ? found.longest_prefix.size() - options.report_prefix_tail
                      : 0;
  out << "Longest linearizable prefix: " << found.longest_prefix.size() << " operations";
  if (shown_from > 0)
    out << " (the last " << options.report_prefix_tail << " shown)";
  out << ":\n";
  for (size_t pos = 0; pos < found.longest_prefix.size(); ++pos) {
    auto k = found.longest_prefix[pos];
    in_prefix[k] = true;
    const auto& op = h[ops[k]];
    if (auto next = model.step(state, op.input, op.returned() ? &op.output : nullptr))
      state = std::move(*next);
    result.longest_prefix.push_back(ops[k]);
    if (pos >= shown_from)
      out << "  " << describe_at(h, model, ops[k]) << "\n";
  }
  out << "State after the prefix: " << model.describe_state(state) << "\n";
  explain_candidates(h, model, ops, in_prefix, state, result, out);
  result.explanation = out.str();
}

} // namespace detail

/// Checks `h` against `model` within the budget of `options`. Throws
/// std::invalid_argument if an operation returns before it is invoked.
template <class Model>
check_result check(const history<typename Model::input, typename Model::output>& h,
                   const Model& model, const check_options& options = {}) {
  detail::validate(h);
  check_result result;
  auto groups = detail::partition(h, model);
  result.partitions = groups.size();
  search_budget budget;
  budget.expired = detail::deadline_after(options.time_budget);
  std::string unfinished;
  bool gave_up = false;
  for (const auto& [key, ops] : groups) {
    std::vector<search_op> intervals;
    std::vector<const typename Model::input*> inputs;
    std::vector<const typename Model::output*> outputs;
    for (auto i : ops) {
      intervals.push_back({h[i].call, h[i].ret.value_or(h[i].call), h[i].returned()});
      inputs.push_back(&h[i].input);
      outputs.push_back(h[i].returned() ? &h[i].output : nullptr);
    }
    if (options.max_steps != 0)
      budget.max_steps = options.max_steps > result.steps ? options.max_steps - result.steps : 1;
    interning_oracle<Model> oracle{model, std::move(inputs), std::move(outputs)};
    auto found = wgl_search{intervals, oracle}.run(budget);
    result.steps += found.steps;
    result.configurations += found.configurations;
    if (found.status == search_status::not_linearizable) {
      result.verdict = check_verdict::not_linearizable;
      result.partition = key;
      detail::explain_failure(h, model, ops, found, options, result);
      return result;
    }
    if (found.status == search_status::gave_up && !gave_up) {
      gave_up = true;
      unfinished = key;
    }
  }
  if (gave_up) {
    result.verdict = check_verdict::unknown;
    result.partition = unfinished;
    result.explanation = "unknown: the search ran out of budget after "
                         + std::to_string(result.steps) + " steps"
                         + (unfinished.empty() ? "" : " (partition \"" + unfinished + "\")");
  } else {
    result.verdict = check_verdict::linearizable;
  }
  return result;
}

} // namespace convoy::checkers
