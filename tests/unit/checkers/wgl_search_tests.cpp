// The linearizability search on its own, with the smallest model there is:
// one integer register (read / write). Classic histories from the
// literature, operations without return, budgets, the failure report.

#include <functional>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "linearizability/checker.hpp"

using namespace convoy::checkers;

namespace {

struct reg_input {
  bool write = false;
  int value = 0;
};

struct reg_output {
  int value = 0; // read: the value read
};

/// A register holding an int, initially 0.
struct register_model {
  using input = reg_input;
  using output = reg_output;
  using state = int;

  int init() const {
    return 0;
  }

  std::optional<int> step(int s, const reg_input& in, const reg_output* out) const {
    if (in.write)
      return in.value;
    if (out != nullptr && out->value != s)
      return std::nullopt;
    return s;
  }

  size_t hash(int s) const {
    return std::hash<int>{}(s);
  }

  std::string describe_operation(const reg_input& in, const reg_output* out) const {
    if (in.write)
      return "write " + std::to_string(in.value);
    return "read -> " + (out ? std::to_string(out->value) : std::string{"?"});
  }

  std::string describe_state(int s) const {
    return "value " + std::to_string(s);
  }
};

using reg_op = operation<reg_input, reg_output>;
using reg_history = history<reg_input, reg_output>;

reg_op w(int client, time_ns call, time_ns ret, int value) {
  return {client, call, ret, {true, value}, {}};
}

reg_op w_pending(int client, time_ns call, int value) {
  return {client, call, std::nullopt, {true, value}, {}};
}

reg_op r(int client, time_ns call, time_ns ret, int value) {
  return {client, call, ret, {false, 0}, {value}};
}

struct register_case {
  const char* name;
  reg_history ops;
  check_verdict expected;
};

const auto lin = check_verdict::linearizable;
const auto not_lin = check_verdict::not_linearizable;

std::vector<register_case> register_cases() {
  return {
    {"empty history", {}, lin},
    {"write then read", {w(0, 0, 10, 1), r(1, 20, 30, 1)}, lin},
    {"stale read after a completed write", {w(0, 0, 10, 1), r(1, 20, 30, 0)}, not_lin},
    {"read during a write sees the old value", {w(0, 0, 10, 1), r(1, 5, 15, 0)}, lin},
    {"read during a write sees the new value", {w(0, 0, 10, 1), r(1, 5, 15, 1)}, lin},
    {"no going back: new value, then old",
     {w(0, 0, 100, 1), r(1, 10, 20, 1), r(2, 30, 40, 0)},
     not_lin},
    {"concurrent writes, 1 last", {w(0, 0, 10, 1), w(1, 0, 10, 2), r(2, 20, 30, 1)}, lin},
    {"concurrent writes, 2 last", {w(0, 0, 10, 1), w(1, 0, 10, 2), r(2, 20, 30, 2)}, lin},
    {"reads disagree on the last of two writes",
     {w(0, 0, 10, 1), w(1, 0, 10, 2), r(2, 20, 30, 1), r(3, 40, 50, 2)},
     not_lin},
    {"read of a value never written", {w(0, 0, 10, 1), r(1, 5, 15, 7)}, not_lin},
    {"touching intervals count as concurrent", {w(0, 0, 10, 1), r(1, 10, 20, 0)}, lin},
    {"pending write may have taken effect", {w_pending(0, 0, 1), r(1, 10, 20, 1)}, lin},
    {"pending write may never take effect", {w_pending(0, 0, 1), r(1, 10, 20, 0)}, lin},
    {"pending write may take effect late",
     {w_pending(0, 0, 1), r(1, 10, 20, 0), r(2, 30, 40, 1)},
     lin},
    {"pending write cannot be undone",
     {w_pending(0, 0, 1), r(1, 10, 20, 1), r(2, 30, 40, 0)},
     not_lin},
    {"pending write cannot act before its invocation",
     {r(1, 0, 10, 1), w_pending(0, 20, 1)},
     not_lin},
    {"two pending writes in either order",
     {w_pending(0, 0, 1), w_pending(1, 0, 2), r(2, 20, 30, 2), r(3, 40, 50, 1)},
     lin},
    {"a pending write takes effect once",
     {w_pending(0, 0, 1), w(1, 5, 8, 2), r(2, 10, 20, 1), r(3, 30, 40, 2)},
     not_lin},
  };
}

} // namespace

BOOST_AUTO_TEST_SUITE(wgl_search_suite)

BOOST_AUTO_TEST_CASE(classic_register_histories) {
  for (const auto& c : register_cases()) {
    BOOST_TEST_CONTEXT(c.name) {
      auto result = check(c.ops, register_model{});
      BOOST_TEST(to_string(result.verdict) == to_string(c.expected));
      BOOST_TEST(result.explanation.empty() == (c.expected == lin));
    }
  }
}

BOOST_AUTO_TEST_CASE(failure_report_names_prefix_and_culprit) {
  reg_history h{w(0, 0, 10, 1), r(1, 20, 30, 0)};
  auto result = check(h, register_model{});
  BOOST_TEST_REQUIRE(to_string(result.verdict) == to_string(not_lin));
  BOOST_TEST(result.longest_prefix == std::vector<size_t>{0});
  BOOST_TEST(result.unplaced == std::vector<size_t>{1});
  const auto& text = result.explanation;
  BOOST_TEST_MESSAGE(text);
  BOOST_TEST(text.find("Longest linearizable prefix: 1 operations") != std::string::npos);
  BOOST_TEST(text.find("op #0 client 0 [0, 10] write 1") != std::string::npos);
  BOOST_TEST(text.find("State after the prefix: value 1") != std::string::npos);
  BOOST_TEST(text.find("op #1 client 1 [20, 30] read -> 0: impossible in this state")
             != std::string::npos);
}

BOOST_AUTO_TEST_CASE(report_counts_pending_operations_in_the_prefix) {
  reg_history h{w(0, 0, 10, 1), w_pending(2, 15, 5), r(1, 20, 30, 0)};
  auto result = check(h, register_model{});
  BOOST_TEST_REQUIRE(to_string(result.verdict) == to_string(not_lin));
  BOOST_TEST(result.longest_prefix == (std::vector<size_t>{0, 1}));
  BOOST_TEST(result.unplaced == std::vector<size_t>{2});
  BOOST_TEST(result.explanation.find("op #1 client 2 [15, -] write 5") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(step_budget_gives_unknown) {
  // 14 concurrent writes and a read of a value nobody wrote: proving it
  // impossible means trying every subset of writes before the read.
  reg_history h;
  for (int i = 0; i < 14; ++i)
    h.push_back(w(i, 0, 100, i + 1));
  h.push_back(r(14, 200, 210, 99));
  check_options tight;
  tight.max_steps = 500;
  auto limited = check(h, register_model{}, tight);
  BOOST_TEST(to_string(limited.verdict) == to_string(check_verdict::unknown));
  BOOST_TEST(limited.explanation.find("ran out of budget") != std::string::npos);
  auto full = check(h, register_model{});
  BOOST_TEST(to_string(full.verdict) == to_string(not_lin));
  BOOST_TEST(full.steps > 500u);
}

BOOST_AUTO_TEST_CASE(time_budget_gives_unknown) {
  reg_history h;
  for (int i = 0; i < 24; ++i)
    h.push_back(w(i, 0, 100, i + 1));
  h.push_back(r(24, 200, 210, 99));
  check_options quick;
  quick.time_budget = std::chrono::milliseconds{20};
  auto result = check(h, register_model{}, quick);
  BOOST_TEST(to_string(result.verdict) == to_string(check_verdict::unknown));
}

BOOST_AUTO_TEST_CASE(return_before_call_is_rejected) {
  reg_history h{w(0, 10, 5, 1)};
  BOOST_CHECK_THROW(check(h, register_model{}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(recorder_orders_events_and_keeps_unfinished_pending) {
  history_recorder<reg_input, reg_output> recorder;
  auto a = recorder.invoke(0, {true, 1});
  auto b = recorder.invoke(1, {false, 0});
  recorder.complete(a, {});
  recorder.invoke(2, {true, 2}); // never completes
  recorder.complete(b, {1});
  auto h = recorder.snapshot();
  BOOST_TEST_REQUIRE(h.size() == 3u);
  BOOST_TEST(h[0].call < h[1].call);
  BOOST_TEST(*h[0].ret < h[2].call);
  BOOST_TEST(*h[1].ret > h[2].call);
  BOOST_TEST(!h[2].returned());
  BOOST_TEST(check(h, register_model{}).ok());
}

BOOST_AUTO_TEST_SUITE_END()
