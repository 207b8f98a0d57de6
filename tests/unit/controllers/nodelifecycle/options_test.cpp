// Flag validation and the per-zone token bucket.

#include <boost/test/unit_test.hpp>

#include <functional>

#include "actors/controllers/nodelifecycle/core/lifecycle_options.hpp"
#include "actors/controllers/nodelifecycle/core/token_bucket.hpp"

using namespace convoy::controllers::nodelifecycle;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(lifecycle_options_suite)

BOOST_AUTO_TEST_CASE(defaults_are_valid) {
  lifecycle_options o;
  BOOST_CHECK(!o.validate());
  BOOST_CHECK(o.node_monitor_grace_period == 40s);
  BOOST_CHECK(o.node_startup_grace_period == 60s);
  BOOST_CHECK(o.node_monitor_period == 5s);
}

BOOST_AUTO_TEST_CASE(each_invalid_field_is_named) {
  struct row {
    std::function<void(lifecycle_options&)> spoil;
    std::string flag;
  };
  std::vector<row> rows = {
    {[](auto& o) { o.node_monitor_period = 0s; }, "--node-monitor-period"},
    {[](auto& o) { o.node_monitor_grace_period = 0s; }, "--node-monitor-grace-period"},
    {[](auto& o) { o.node_startup_grace_period = -1s; }, "--node-startup-grace-period"},
    {[](auto& o) { o.node_eviction_rate = -0.1; }, "--node-eviction-rate"},
    {[](auto& o) { o.secondary_node_eviction_rate = -1; }, "--secondary-node-eviction-rate"},
    {[](auto& o) { o.large_cluster_size_threshold = -1; }, "--large-cluster-size-threshold"},
    {[](auto& o) { o.unhealthy_zone_threshold = 0; }, "--unhealthy-zone-threshold"},
    {[](auto& o) { o.unhealthy_zone_threshold = 1.5; }, "--unhealthy-zone-threshold"},
  };
  for (const auto& r : rows) {
    lifecycle_options o;
    r.spoil(o);
    auto err = o.validate();
    BOOST_TEST_CONTEXT(r.flag) {
      BOOST_REQUIRE(err);
      BOOST_CHECK(err->find(r.flag) == 0);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(token_bucket_suite)

BOOST_AUTO_TEST_CASE(starts_full_then_refills_at_the_rate) {
  token_bucket b(0.1);
  BOOST_CHECK(b.try_accept(100s));
  BOOST_CHECK(!b.try_accept(100s));
  BOOST_CHECK(!b.try_accept(109s));
  BOOST_CHECK(b.try_accept(110s));
  BOOST_CHECK(b.try_accept(500s)); // burst 1: a long wait saves only one token
  BOOST_CHECK(!b.try_accept(500s));
}

BOOST_AUTO_TEST_CASE(zero_rate_never_accepts) {
  token_bucket b(0);
  BOOST_CHECK(!b.try_accept(0s));
  BOOST_CHECK(!b.try_accept(1000000s));
}

BOOST_AUTO_TEST_CASE(a_new_rate_starts_drained_when_the_old_bucket_was_empty) {
  token_bucket empty(0.1);
  BOOST_CHECK(empty.try_accept(0s));
  empty.set_qps(1, 1s);
  BOOST_CHECK(!empty.try_accept(1s));
  BOOST_CHECK(empty.try_accept(2s));

  token_bucket full(0.1);
  full.set_qps(1, 1s);
  BOOST_CHECK(full.try_accept(1s));

  token_bucket stopped(0);
  stopped.set_qps(0.1, 5s); // leaving a stop: wait a full period first
  BOOST_CHECK(!stopped.try_accept(5s));
  BOOST_CHECK(stopped.try_accept(15s));
}

BOOST_AUTO_TEST_SUITE_END()
