#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "linearizability/wgl_search.hpp"

namespace convoy::checkers {

namespace detail {

template <class M, class = void>
struct has_progress : std::false_type {};

template <class M>
struct has_progress<
  M, std::void_t<
       decltype(std::declval<const M&>().progress(std::declval<const typename M::state&>())),
       decltype(std::declval<const M&>().progress_limit(
         std::declval<const typename M::input&>(), std::declval<const typename M::output&>()))>>
  : std::true_type {};

} // namespace detail

/// Adapts a model (see checker.hpp for the concept) to the search: every
/// distinct state is stored once and named by a small id, so the search's
/// memoization compares and hashes integers, and the model's (possibly
/// large) states are hashed only when first produced.
template <class Model>
class interning_oracle final : public step_oracle {
public:
  using input = typename Model::input;
  using output = typename Model::output;
  using state = typename Model::state;

  static constexpr bool has_progress_v = detail::has_progress<Model>::value;

  /// `outputs[i]` is null for an operation that did not return. Both vectors
  /// must outlive the oracle.
  interning_oracle(const Model& model, std::vector<const input*> inputs,
                   std::vector<const output*> outputs)
    : model_(model),
      inputs_(std::move(inputs)),
      outputs_(std::move(outputs)),
      ids_(64, hasher{&model}) {
  }

  uint32_t initial_state() override {
    return intern(model_.init());
  }

  std::optional<uint32_t> step(uint32_t state_id, uint32_t op) override {
    auto next = model_.step(*states_[state_id], *inputs_[op], outputs_[op]);
    if (!next)
      return std::nullopt;
    return intern(std::move(*next));
  }

  bool has_progress() const override {
    return has_progress_v;
  }

  int64_t progress(uint32_t state_id) override {
    if constexpr (has_progress_v)
      return model_.progress(*states_[state_id]);
    else
      return 0;
  }

  int64_t progress_limit(uint32_t op) override {
    if constexpr (has_progress_v) {
      if (outputs_[op] != nullptr)
        return model_.progress_limit(*inputs_[op], *outputs_[op]);
    }
    return std::numeric_limits<int64_t>::max();
  }

  const state& state_of(uint32_t id) const {
    return *states_[id];
  }

  size_t distinct_states() const noexcept {
    return states_.size();
  }

private:
  struct hasher {
    const Model* model;
    size_t operator()(const state& s) const {
      return model->hash(s);
    }
  };

  uint32_t intern(state&& s) {
    auto [it, inserted] = ids_.try_emplace(std::move(s), static_cast<uint32_t>(states_.size()));
    if (inserted)
      states_.push_back(&it->first); // node-based map: keys never move
    return it->second;
  }

  const Model& model_;
  std::vector<const input*> inputs_;
  std::vector<const output*> outputs_;
  std::unordered_map<state, uint32_t, hasher> ids_;
  std::vector<const state*> states_;
};

} // namespace convoy::checkers
