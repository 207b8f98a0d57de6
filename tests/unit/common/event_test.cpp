// Events as the recorder writes them: names, references, timestamps; and the
// spam filter's burst-then-trickle per object.

#include <boost/test/unit_test.hpp>

#include "actors/common/event_builder.hpp"
#include "actors/common/event_spam_filter.hpp"

using namespace convoy;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(events)

BOOST_AUTO_TEST_CASE(an_event_names_and_references_its_object) {
  auto ref = reference_to("ReplicaSet", "apps/v1", "shop", "web", "uid-1");
  auto when = std::chrono::system_clock::time_point{1767225600s + 5ns};
  auto ev = make_event(ref, "Normal", "SuccessfulCreate", "Created pod: web-abcde",
                       "replicaset-controller", when, 7);
  BOOST_TEST(ev.metadata().namespace_() == "shop");
  BOOST_TEST(ev.metadata().name().rfind("web.", 0) == 0u);
  BOOST_TEST(ev.involved_object().uid() == "uid-1");
  BOOST_TEST(ev.involved_object().kind() == "ReplicaSet");
  BOOST_TEST(ev.reason() == "SuccessfulCreate");
  BOOST_TEST(ev.source().component() == "replicaset-controller");
  BOOST_TEST(ev.first_timestamp().seconds() == 1767225600);
  BOOST_TEST(ev.count() == 1);
  auto next = make_event(ref, "Normal", "SuccessfulCreate", "Created pod: web-fghij",
                         "replicaset-controller", when, 8);
  BOOST_TEST(next.metadata().name() != ev.metadata().name()); // same instant, new name
}

BOOST_AUTO_TEST_CASE(the_spam_filter_allows_a_burst_then_one_per_five_minutes) {
  event_spam_filter filter;
  int allowed = 0;
  for (int i = 0; i < 100; ++i)
    allowed += filter.allow("rs/web", 0s) ? 1 : 0;
  BOOST_TEST(allowed == 25);
  BOOST_TEST(filter.allow("rs/other", 0s)); // per object
  BOOST_TEST(!filter.allow("rs/web", 4min));
  BOOST_TEST(filter.allow("rs/web", 5min));
  BOOST_TEST(!filter.allow("rs/web", 5min));
}

BOOST_AUTO_TEST_SUITE_END()
