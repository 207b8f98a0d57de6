// The watch-stream checker: correct streams pass; each broken guarantee
// (gap, duplicate, reorder, split revision, wrong value, ...) is reported
// under its own name.

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "linearizability/watch_checker.hpp"

using namespace convoy::checkers;

namespace {

using ev = watch_event;

/// rev 2..6, rev 4 is a transaction writing two keys.
std::vector<watch_event> committed() {
  return {ev::put(2, "/pods/a", "a1"), ev::put(3, "/pods/b", "b1"), ev::put(4, "/pods/a", "a2"),
          ev::put(4, "/svc/c", "c1"),  ev::erase(5, "/pods/a"),     ev::put(6, "/pods/b", "b2")};
}

watch_batch batch(std::vector<watch_event> events, int64_t progress = 0) {
  return {std::move(events), progress};
}

watch_stream stream(std::vector<watch_batch> batches, int64_t start = 1,
                    key_range range = key_range::all()) {
  return {"w", start, std::move(range), std::move(batches)};
}

std::vector<watch_batch> faithful() {
  auto all = committed();
  return {batch({all[0]}), batch({all[1]}), batch({all[2], all[3]}), batch({all[4]}),
          batch({all[5]})};
}

struct good_case {
  const char* name;
  watch_stream s;
};

struct bad_case {
  const char* name;
  watch_stream s;
  watch_problem_kind expected;
  int64_t revision;
};

std::vector<good_case> good_cases() {
  auto all = committed();
  auto f = faithful();
  return {
    {"every event, one response per revision", stream(f)},
    {"several revisions in one response",
     stream({batch({all[0], all[1], all[2], all[3]}), batch({all[4], all[5]})})},
    {"a watcher that is behind", stream({f[0], f[1]})},
    {"a watcher that saw nothing yet", stream({})},
    {"start revision skips older events", stream({f[2], f[3], f[4]}, 4)},
    {"prefix watcher sees its keys only",
     stream({batch({all[0]}), batch({all[1]}), batch({all[2]}), batch({all[4]}), batch({all[5]})},
            1, key_range::prefix("/pods/"))},
    {"exact key with a progress notification",
     stream({batch({all[3]}), batch({}, 6)}, 1, key_range::exact("/svc/c"))},
  };
}

std::vector<bad_case> bad_cases() {
  auto all = committed();
  auto f = faithful();
  auto wrong = all[1];
  wrong.value = "b9";
  auto erased = all[1];
  erased.type = watch_event_type::erase;
  erased.value.clear();
  return {
    {"gap", stream({f[0], f[2], f[3], f[4]}), watch_problem_kind::gap, 3},
    {"gap at the start", stream({f[1], f[2]}), watch_problem_kind::gap, 2},
    {"half a revision", stream({f[0], f[1], batch({all[2]})}), watch_problem_kind::gap, 4},
    {"gap before a progress notification", stream({batch({}, 6)}, 1, key_range::prefix("/svc/")),
     watch_problem_kind::gap, 4},
    {"duplicate", stream({f[0], f[1], f[1], f[2]}), watch_problem_kind::duplicate, 3},
    {"duplicate inside one response", stream({batch({all[0], all[0]})}),
     watch_problem_kind::duplicate, 2},
    {"reorder", stream({f[0], f[1], f[3], f[2], f[4]}), watch_problem_kind::out_of_order, 4},
    {"split revision", stream({f[0], f[1], batch({all[2]}), batch({all[3]}), f[3]}),
     watch_problem_kind::split_revision, 4},
    {"wrong value", stream({f[0], batch({wrong}), f[2]}), watch_problem_kind::wrong_value, 3},
    {"wrong event type", stream({f[0], batch({erased}), f[2]}), watch_problem_kind::wrong_value, 3},
    {"event never committed", stream({f[0], batch({ev::put(9, "/pods/z", "z")})}),
     watch_problem_kind::not_committed, 9},
    {"event outside the range", stream({f[2]}, 4, key_range::prefix("/pods/")),
     watch_problem_kind::out_of_range, 4},
    {"event below the start revision", stream({f[1], f[2]}, 4), watch_problem_kind::before_start,
     3},
  };
}

bool has(const std::vector<watch_problem>& problems, watch_problem_kind kind, int64_t revision) {
  for (const auto& p : problems)
    if (p.kind == kind && p.revision == revision)
      return true;
  return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(watch_checker_suite)

BOOST_AUTO_TEST_CASE(correct_streams_pass) {
  watch_checker checker{committed()};
  BOOST_TEST(checker.history_problems().empty());
  for (const auto& c : good_cases()) {
    BOOST_TEST_CONTEXT(c.name) {
      auto problems = checker.check(c.s);
      BOOST_TEST(problems.empty(), watch_checker::format(problems));
    }
  }
}

BOOST_AUTO_TEST_CASE(broken_streams_name_their_problem) {
  watch_checker checker{committed()};
  for (const auto& c : bad_cases()) {
    BOOST_TEST_CONTEXT(c.name) {
      auto problems = checker.check(c.s);
      auto text = watch_checker::format(problems);
      BOOST_TEST_MESSAGE(text);
      BOOST_TEST(has(problems, c.expected, c.revision), text);
      auto name = std::string{to_string(c.expected)} + ": watcher \"w\"";
      BOOST_TEST(text.find(name) != std::string::npos, text);
      BOOST_TEST(text.find("rev " + std::to_string(c.revision)) != std::string::npos, text);
    }
  }
}

BOOST_AUTO_TEST_CASE(messages_say_what_was_expected) {
  watch_checker checker{committed()};
  auto wrong = committed()[1];
  wrong.value = "b9";
  auto text = watch_checker::format(checker.check(stream({batch({wrong})})));
  BOOST_TEST(text.find("wrong value: watcher \"w\" got rev 3 key \"/pods/b\" (put \"b9\") but "
                       "the store committed rev 3 key \"/pods/b\" (put \"b1\")")
               != std::string::npos,
             text);
  auto f = faithful();
  text = watch_checker::format(checker.check(stream({f[0], f[2]})));
  BOOST_TEST(text.find("gap: watcher \"w\" missed rev 3 key \"/pods/b\" (put \"b1\") though it "
                       "saw rev 4")
               != std::string::npos,
             text);
}

BOOST_AUTO_TEST_CASE(many_problems_are_summarized) {
  std::vector<watch_event> history;
  for (int64_t r = 2; r < 42; ++r)
    history.push_back(ev::put(r, "k", std::to_string(r)));
  watch_checker checker{history};
  auto problems = checker.check(stream({batch({history.back()})}), 10);
  BOOST_TEST(problems.size() == 11u);
  BOOST_TEST(problems.back().message.find("29 more problems of this kind") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(inconsistent_history_is_reported) {
  watch_checker checker{{ev::put(3, "a", "1"), ev::put(2, "b", "1"), ev::put(3, "a", "2")}};
  auto problems = checker.check_all({});
  BOOST_TEST(problems.size() == 2u);
  BOOST_TEST(has(problems, watch_problem_kind::bad_history, 2));
  BOOST_TEST(has(problems, watch_problem_kind::bad_history, 3));
}

BOOST_AUTO_TEST_CASE(key_ranges_follow_etcd) {
  struct row {
    key_range range;
    std::string key;
    bool contained;
  };
  std::vector<row> rows{
    {key_range::exact("a"), "a", true},
    {key_range::exact("a"), "ab", false},
    {key_range::prefix("/pods/"), "/pods/x", true},
    {key_range::prefix("/pods/"), "/pods0", false},
    {key_range::prefix("/pods/"), "/pod", false},
    {key_range::prefix("a\xff"), "a\xff\x01", true},
    {key_range::prefix("a\xff"), "b", false},
    {key_range::prefix("\xff"), "\xff\xff", true},
    {key_range::all(), "", true},
    {key_range::all(), "zzz", true},
    {key_range{"b", "d"}, "c", true},
    {key_range{"b", "d"}, "d", false},
  };
  for (const auto& r : rows)
    BOOST_TEST(r.range.contains(r.key) == r.contained, r.range.describe() << " vs " << r.key);
}

BOOST_AUTO_TEST_SUITE_END()
