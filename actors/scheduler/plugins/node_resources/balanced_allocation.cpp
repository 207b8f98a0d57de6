#include "actors/scheduler/plugins/node_resources/balanced_allocation.hpp"

#include <array>
#include <cmath>
#include <cstddef>

namespace convoy::scheduler::plugins {

namespace {

/// Kubernetes' balancedResourceScorer over `n` used fractions in [0, 1]:
/// two fractions take the |a - b| / 2 shortcut, more the population
/// standard deviation, fewer have nothing to balance.
int64_t balance_score(const double* fractions, size_t n) {
  double std_dev = 0;
  if (n == 2) {
    std_dev = std::abs((fractions[0] - fractions[1]) / 2);
  } else if (n > 2) {
    double mean = 0;
    for (size_t i = 0; i < n; ++i)
      mean += fractions[i];
    mean /= static_cast<double>(n);
    double sum = 0;
    for (size_t i = 0; i < n; ++i)
      sum += (fractions[i] - mean) * (fractions[i] - mean);
    std_dev = std::sqrt(sum / static_cast<double>(n));
  }
  // Truncates like Go's int64(float64).
  return static_cast<int64_t>((1 - std_dev) * static_cast<double>(max_node_score));
}

/// Appends the share of `allocatable` that `requested` uses (capped at 1);
/// a resource the node does not have is left out, as in Kubernetes.
void add_fraction(std::array<double, 2>& out, size_t& n, int64_t requested, int64_t allocatable) {
  if (allocatable == 0)
    return;
  double fraction = static_cast<double>(requested) / static_cast<double>(allocatable);
  out[n++] = fraction > 1 ? 1 : fraction;
}

} // namespace

int64_t balanced_allocation::score(const cycle_state& /*state*/, const pod_info& pod,
                                   const node_info& node) const {
  const auto& alloc = node.allocatable();
  const auto& used = node.requested();
  const auto& req = pod.requests;
  std::array<double, 2> fractions{};
  size_t n = 0;
  add_fraction(fractions, n, used.milli_cpu + req.milli_cpu, alloc.milli_cpu);
  add_fraction(fractions, n, used.memory + req.memory, alloc.memory);
  return balance_score(fractions.data(), n);
}

} // namespace convoy::scheduler::plugins
