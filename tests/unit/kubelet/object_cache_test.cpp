// The kubelet's cache of objects fetched by name: the first use fetches,
// a fresh entry is served without fetching, an old one is served while it
// is fetched again, one fetch at a time, and unused entries are dropped.

#include <boost/test/unit_test.hpp>

#include "actors/kubelet/core/object_cache.hpp"
#include "api/config.pb.h"

using namespace convoy;
using namespace convoy::kubelet;
using namespace std::chrono_literals;

namespace {

object_cache::object_ptr secret(const std::string& value) {
  auto s = std::make_shared<api::Secret>();
  (*s->mutable_data())["v"] = value;
  return s;
}

std::string value_of(const object_cache::object_ptr& p) {
  return static_cast<const api::Secret&>(*p).data().at("v");
}

} // namespace

BOOST_AUTO_TEST_SUITE(object_cache_suite)

BOOST_AUTO_TEST_CASE(fetches_once_serves_fresh_and_refreshes_old_entries) {
  object_cache c{60s, 5s, 600s};
  const auto key = object_cache::key("secrets", "team", "db");
  BOOST_TEST(key == "secrets/team/db");
  BOOST_TEST(!c.known(key));
  BOOST_TEST(c.start_fetch(key, 0s));
  BOOST_TEST(!c.start_fetch(key, 1s)); // in flight
  BOOST_TEST(!c.known(key));
  c.fetched(key, secret("one"), 2s);
  BOOST_TEST(c.known(key));
  BOOST_TEST(value_of(c.get(key, 3s)) == "one");
  BOOST_TEST(!c.start_fetch(key, 61s));           // fresh
  BOOST_TEST(c.start_fetch(key, 62s));            // TTL over: fetched again...
  BOOST_TEST(value_of(c.get(key, 63s)) == "one"); // ...while the old copy serves
  c.failed(key);
  BOOST_TEST(value_of(c.get(key, 64s)) == "one"); // a failure keeps it
  BOOST_TEST(c.start_fetch(key, 64s));            // and the next use retries
  c.fetched(key, nullptr, 65s);                   // NotFound
  BOOST_TEST(c.known(key));
  BOOST_TEST(c.get(key, 66s) == nullptr);
}

BOOST_AUTO_TEST_CASE(entries_unused_for_the_idle_time_are_dropped) {
  object_cache c{60s, 5s, 600s};
  const auto used = object_cache::key("configmaps", "team", "used");
  const auto unused = object_cache::key("configmaps", "team", "unused");
  for (const auto& k : {used, unused}) {
    BOOST_TEST(c.start_fetch(k, 0s));
    c.fetched(k, secret(k), 0s);
  }
  c.get(used, 500s);
  BOOST_TEST(c.evict_idle(600s) == 1u);
  BOOST_TEST(c.known(used));
  BOOST_TEST(!c.known(unused));
  BOOST_TEST(c.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
