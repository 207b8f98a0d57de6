// The two KV models on hand-written histories: each case states what the
// per-key model (kv_key_model) and the global model (kv_model) must decide.
// Where they differ, the global model sees an order across keys (revisions
// are one counter) that no single key's history reveals.

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "linearizability/checker.hpp"
#include "linearizability/kv_key_model.hpp"
#include "linearizability/kv_model.hpp"

using namespace convoy::checkers;

namespace {

using kv_history = history<kv_input, kv_output>;
using kv_operation = operation<kv_input, kv_output>;

kv_operation done(int client, time_ns call, time_ns ret, kv_input in, kv_output out) {
  return {client, call, ret, std::move(in), std::move(out)};
}

kv_operation pending(int client, time_ns call, kv_input in) {
  return {client, call, std::nullopt, std::move(in), {}};
}

const auto lin = check_verdict::linearizable;
const auto not_lin = check_verdict::not_linearizable;

struct kv_case {
  const char* name;
  kv_history ops;
  check_verdict per_key;
  check_verdict global;
};

using in = kv_input;
using out = kv_output;

std::vector<kv_case> value_cases() {
  return {
    {"put then get",
     {done(0, 0, 10, in::put("a", "x"), out::put(2)),
      done(1, 20, 30, in::get("a"), out::found("x", 2, 2))},
     lin, lin},
    {"stale read after a completed put",
     {done(0, 0, 10, in::put("a", "x"), out::put(2)), done(1, 20, 30, in::get("a"), out::absent())},
     not_lin, not_lin},
    {"read of a value never written",
     {done(0, 0, 10, in::put("a", "x"), out::put()),
      done(1, 5, 30, in::get("a"), out::found("y"))},
     not_lin, not_lin},
    {"concurrent puts, either order without revisions",
     {done(0, 0, 10, in::put("a", "x"), out::put()), done(1, 0, 10, in::put("a", "y"), out::put()),
      done(2, 20, 30, in::get("a"), out::found("y"))},
     lin, lin},
    {"concurrent puts ordered by their revisions",
     {done(0, 0, 10, in::put("a", "x"), out::put(3)),
      done(1, 0, 10, in::put("a", "y"), out::put(2)),
      done(2, 20, 30, in::get("a"), out::found("x", 3))},
     lin, lin},
    {"read contradicts the order of the revisions",
     {done(0, 0, 10, in::put("a", "x"), out::put(3)),
      done(1, 0, 10, in::put("a", "y"), out::put(2)),
      done(2, 20, 30, in::get("a"), out::found("y"))},
     not_lin, not_lin},
    {"get reports the wrong mod_revision",
     {done(0, 0, 10, in::put("a", "x"), out::put(2)),
      done(1, 20, 30, in::get("a"), out::found("x", 3))},
     not_lin, not_lin},
    {"erase then get",
     {done(0, 0, 10, in::put("a", "x"), out::put(2)),
      done(0, 20, 30, in::erase("a"), out::erased(true, 3)),
      done(1, 40, 50, in::get("a"), out::absent(3))},
     lin, lin},
    {"erase of a missing key deletes nothing",
     {done(0, 0, 10, in::erase("a"), out::erased(true))}, not_lin, not_lin},
    {"erase of a missing key keeps the revision",
     {done(0, 0, 10, in::erase("a"), out::erased(false, 1)),
      done(0, 20, 30, in::put("a", "x"), out::put(2))},
     lin, lin},
  };
}

std::vector<kv_case> compare_cases() {
  return {
    {"lost update: two compare_and_put on the same mod_revision",
     {done(0, 0, 5, in::put("a", "x"), out::put(2)),
      done(1, 10, 15, in::get("a"), out::found("x", 2)),
      done(2, 10, 15, in::get("a"), out::found("x", 2)),
      done(1, 20, 30, in::compare_and_put("a", 2, "y"), out::compared(true, 3)),
      done(2, 20, 30, in::compare_and_put("a", 2, "z"), out::compared(true, 4))},
     not_lin, not_lin},
    {"lost update without revisions: only the global model counts them",
     {done(0, 0, 5, in::put("a", "x"), out::put(2)),
      done(1, 20, 30, in::compare_and_put("a", 2, "y"), out::compared(true)),
      done(2, 20, 30, in::compare_and_put("a", 2, "z"), out::compared(true))},
     lin, not_lin},
    {"one compare_and_put wins, the other fails",
     {done(0, 0, 5, in::put("a", "x"), out::put(2)),
      done(1, 20, 30, in::compare_and_put("a", 2, "y"), out::compared(true, 3)),
      done(2, 20, 30, in::compare_and_put("a", 2, "z"), out::compared(false, 3)),
      done(3, 40, 50, in::get("a"), out::found("y", 3, 3))},
     lin, lin},
    {"a failed compare must not match",
     {done(0, 0, 5, in::put("a", "x"), out::put(2)),
      done(1, 20, 30, in::compare_and_put("a", 2, "y"), out::compared(false))},
     not_lin, not_lin},
    {"create (expected 0) fails on an existing key",
     {done(0, 0, 5, in::put("a", "x"), out::put(2)),
      done(1, 20, 30, in::compare_and_put("a", 0, "y"), out::compared(true))},
     not_lin, not_lin},
    {"compare_and_erase then get",
     {done(0, 0, 5, in::put("a", "x"), out::put(2)),
      done(1, 20, 30, in::compare_and_erase("a", 2), out::compared(true, 3)),
      done(2, 40, 50, in::get("a"), out::absent(3))},
     lin, lin},
  };
}

std::vector<kv_case> pending_cases() {
  return {
    {"pending put may have taken effect",
     {pending(0, 0, in::put("a", "x")), done(1, 10, 20, in::get("a"), out::found("x"))}, lin, lin},
    {"pending put may never take effect",
     {pending(0, 0, in::put("a", "x")), done(1, 10, 20, in::get("a"), out::absent()),
      done(2, 30, 40, in::put("a", "y"), out::put(2))},
     lin, lin},
    {"pending put cannot be undone",
     {pending(0, 0, in::put("a", "x")), done(1, 10, 20, in::get("a"), out::found("x")),
      done(2, 30, 40, in::get("a"), out::absent())},
     not_lin, not_lin},
    {"pending put cannot act before its invocation",
     {done(1, 0, 10, in::get("a"), out::found("x")), pending(0, 20, in::put("a", "x"))}, not_lin,
     not_lin},
    {"pending put explains a revision gap on another key",
     {pending(0, 0, in::put("b", "x")), done(1, 10, 20, in::put("a", "y"), out::put(3))}, lin,
     lin},
    {"revision gap that no write explains",
     {done(1, 10, 20, in::put("a", "y"), out::put(3))}, lin, not_lin},
    {"pending put revealed by the next compare",
     {done(0, 0, 10, in::put("a", "x"), out::put(2)), pending(1, 20, in::put("a", "y")),
      done(2, 30, 40, in::compare_and_put("a", 3, "z"), out::compared(true, 4)),
      done(3, 50, 60, in::get("a"), out::found("z", 4, 4))},
     lin, lin},
    {"pending compare_and_put: effect or none",
     {done(0, 0, 10, in::put("a", "x"), out::put(2)),
      pending(1, 20, in::compare_and_put("a", 2, "y")),
      done(2, 30, 40, in::get("a"), out::found("y", 3)),
      done(3, 50, 60, in::put("a", "w"), out::put(4))},
     lin, lin},
  };
}

std::vector<kv_case> revision_cases() {
  return {
    {"two keys' puts share a revision",
     {done(0, 0, 10, in::put("a", "x"), out::put(2)),
      done(1, 20, 30, in::put("b", "y"), out::put(2))},
     lin, not_lin},
    {"header revision goes back across keys",
     {done(0, 0, 10, in::put("a", "x"), out::put(2)),
      done(1, 20, 30, in::get("b"), out::absent(1))},
     lin, not_lin},
    {"header revision goes back on one key",
     {done(0, 0, 10, in::put("a", "x"), out::put(2)),
      done(1, 0, 10, in::put("b", "y"), out::put(3)),
      done(2, 20, 30, in::get("a"), out::found("x", 2, 3)),
      done(2, 40, 50, in::get("a"), out::found("x", 2, 2))},
     not_lin, not_lin},
    {"a put's revision below an earlier read's header revision",
     {done(0, 0, 10, in::get("a"), out::absent(5)),
      done(1, 20, 30, in::put("a", "x"), out::put(4))},
     not_lin, not_lin},
  };
}

void run_cases(const std::vector<kv_case>& cases) {
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      auto per_key = check(c.ops, kv_key_model{});
      BOOST_TEST(to_string(per_key.verdict) == to_string(c.per_key), per_key.explanation);
      auto global = check(c.ops, kv_model{});
      BOOST_TEST(to_string(global.verdict) == to_string(c.global), global.explanation);
    }
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(kv_model_suite)

BOOST_AUTO_TEST_CASE(values_reads_and_erases) {
  run_cases(value_cases());
}

BOOST_AUTO_TEST_CASE(compare_and_swap) {
  run_cases(compare_cases());
}

BOOST_AUTO_TEST_CASE(operations_without_return) {
  run_cases(pending_cases());
}

BOOST_AUTO_TEST_CASE(revisions) {
  run_cases(revision_cases());
}

BOOST_AUTO_TEST_CASE(revision_checks_can_be_turned_off) {
  kv_history h{done(0, 0, 10, in::put("a", "x"), out::put(7)),
               done(1, 20, 30, in::put("b", "y"), out::put(7))};
  kv_model_options loose;
  loose.check_revisions = false;
  BOOST_TEST(!check(h, kv_model{}).ok());
  BOOST_TEST(check(h, kv_model{loose}).ok());
  BOOST_TEST(check(h, kv_key_model{loose}).ok());
}

BOOST_AUTO_TEST_CASE(initial_revision_is_configurable) {
  kv_history h{done(0, 0, 10, in::put("a", "x"), out::put(101))};
  kv_model_options from_100;
  from_100.initial_revision = 100;
  BOOST_TEST(!check(h, kv_model{}).ok());
  BOOST_TEST(check(h, kv_model{from_100}).ok());
}

BOOST_AUTO_TEST_CASE(per_key_model_partitions_by_key) {
  kv_history h{done(0, 0, 10, in::put("a", "x"), out::put(2)),
               done(1, 0, 10, in::put("b", "x"), out::put(3)),
               done(2, 20, 30, in::get("c"), out::absent(3)),
               pending(3, 40, in::get("d"))};
  auto result = check(h, kv_key_model{});
  BOOST_TEST(result.ok());
  BOOST_TEST(result.partitions == 3u); // the pending get is dropped
  BOOST_TEST(check(h, kv_model{}).partitions == 1u);
}

BOOST_AUTO_TEST_CASE(failure_report_names_key_and_operation) {
  kv_history h{done(0, 0, 10, in::put("a", "x"), out::put(2)),
               done(1, 20, 30, in::get("a"), out::absent())};
  auto result = check(h, kv_key_model{});
  BOOST_TEST_REQUIRE(!result.ok());
  BOOST_TEST(result.partition == "a");
  BOOST_TEST_MESSAGE(result.explanation);
  BOOST_TEST(result.explanation.find("partition \"a\"") != std::string::npos);
  BOOST_TEST(result.explanation.find("op #0 client 0 [0, 10] put(\"a\", \"x\") -> rev 2")
             != std::string::npos);
  BOOST_TEST(result.explanation.find("op #1 client 1 [20, 30] get(\"a\") -> absent: impossible")
             != std::string::npos);
  BOOST_TEST(result.explanation.find("\"x\" mod 2") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
