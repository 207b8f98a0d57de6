#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <vector>

namespace convoy::scheduler {

/// Data a plugin computes once per cycle (pre-filter, pre-score) and reads
/// for every node (filter, score).
struct state_data {
  virtual ~state_data() = default;
};

/// Per-cycle scratch space, one slot per plugin (the framework hands each
/// plugin its slot index), plus which plugins asked to be skipped. Reused
/// across cycles: reset() keeps the capacity.
class cycle_state {
public:
  explicit cycle_state(size_t slots = 0) : data_(slots), skip_filter_(slots), skip_score_(slots) {}

  void reset() {
    for (auto& d : data_)
      d.reset();
    std::fill(skip_filter_.begin(), skip_filter_.end(), false);
    std::fill(skip_score_.begin(), skip_score_.end(), false);
  }

  void write(size_t slot, std::unique_ptr<state_data> data) {
    data_.at(slot) = std::move(data);
  }

  /// The data in `slot` as T, or nullptr when absent.
  template <class T>
  const T* read(size_t slot) const {
    return slot < data_.size() ? static_cast<const T*>(data_[slot].get()) : nullptr;
  }

  bool skip_filter(size_t slot) const {
    return skip_filter_[slot];
  }
  void set_skip_filter(size_t slot) {
    skip_filter_[slot] = true;
  }
  bool skip_score(size_t slot) const {
    return skip_score_[slot];
  }
  void set_skip_score(size_t slot) {
    skip_score_[slot] = true;
  }

private:
  std::vector<std::unique_ptr<state_data>> data_;
  std::vector<bool> skip_filter_;
  std::vector<bool> skip_score_;
};

} // namespace convoy::scheduler
