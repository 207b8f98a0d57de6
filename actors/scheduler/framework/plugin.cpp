#include "actors/scheduler/framework/plugin.hpp"

#include <algorithm>

namespace convoy::scheduler {

void default_normalize(std::vector<int64_t>& scores, bool reverse) {
  int64_t max = 0;
  for (auto s : scores)
    max = std::max(max, s);
  if (max == 0) {
    if (reverse)
      std::fill(scores.begin(), scores.end(), max_node_score);
    return;
  }
  for (auto& s : scores) {
    s = max_node_score * s / max;
    if (reverse)
      s = max_node_score - s;
  }
}

} // namespace convoy::scheduler
