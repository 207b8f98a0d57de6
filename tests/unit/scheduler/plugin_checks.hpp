#pragma once

// Checks shared by the plugin tests: a status's code (by name, so a failure
// reads "unschedulable != unresolvable") and its exact reasons, and running
// a score plugin over nodes the way the framework does.

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "actors/scheduler/framework/plugin.hpp"

namespace convoy::scheduler::test {

inline std::string code_name(code c) {
  switch (c) {
    case code::success:
      return "success";
    case code::unschedulable:
      return "unschedulable";
    case code::unresolvable:
      return "unresolvable";
    case code::error:
      return "error";
    case code::skip:
      return "skip";
  }
  return "code " + std::to_string(static_cast<int>(c));
}

/// `s` has code `want` and exactly `reasons` (none for success and skip).
inline void check_status(const status& s, code want, const std::vector<std::string>& reasons = {}) {
  BOOST_TEST(code_name(s.get_code()) == code_name(want));
  BOOST_TEST(s.reasons() == reasons, boost::test_tools::per_element());
}

/// Raw scores of `nodes`, in order.
inline std::vector<int64_t> raw_scores(const score_plugin& pl, const cycle_state& state,
                                       const pod_info& pod,
                                       const std::vector<const node_info*>& nodes) {
  std::vector<int64_t> out;
  for (const auto* n : nodes)
    out.push_back(pl.score(state, pod, *n));
  return out;
}

} // namespace convoy::scheduler::test
