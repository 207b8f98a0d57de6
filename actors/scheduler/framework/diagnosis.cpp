#include "actors/scheduler/framework/diagnosis.hpp"

#include <algorithm>
#include <vector>

namespace convoy::scheduler {

void diagnosis::add(const status& st) {
  for (const auto& reason : st.reasons())
    ++reasons[reason];
  if (!st.plugin().empty())
    unschedulable_plugins.insert(st.plugin());
  if (st.get_code() == code::unschedulable)
    resolvable = true;
}

std::string diagnosis::message() const {
  std::string out = "0/" + std::to_string(num_all_nodes) + " nodes are available:";
  if (!pre_filter_msg.empty())
    return out + " " + pre_filter_msg + ".";
  std::vector<std::string> parts;
  parts.reserve(reasons.size());
  for (const auto& [reason, count] : reasons)
    parts.push_back(std::to_string(count) + " " + reason);
  std::sort(parts.begin(), parts.end());
  if (parts.empty())
    return out + " no nodes to consider.";
  out += ' ';
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0)
      out += ", ";
    out += parts[i];
  }
  return out + ".";
}

} // namespace convoy::scheduler
