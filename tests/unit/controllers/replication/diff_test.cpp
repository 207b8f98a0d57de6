// diff_replicas: create the shortfall or delete the excess, both capped at
// the burst; the excess chosen by delete_before; slow-start batch sizes.

#include <boost/test/unit_test.hpp>

#include "actors/controllers/replication/core/replica_diff.hpp"
#include "tests/unit/controllers/replication/builders.hpp"

using namespace convoy;
using namespace convoy::controllers::replication;
using namespace convoy::controllers::replication::test;

namespace {

std::vector<api::Pod> running(int n) {
  std::vector<api::Pod> pods;
  for (int i = 0; i < n; ++i)
    pods.push_back(pod_builder("p" + std::to_string(i)).ready(100).created(i));
  return pods;
}

} // namespace

BOOST_AUTO_TEST_SUITE(diff_suite)

BOOST_AUTO_TEST_CASE(shortfall_and_excess) {
  struct row {
    int32_t replicas;
    int have, burst;
    int create;
    std::size_t remove;
  };
  std::vector<row> rows = {
      {3, 3, 500, 0, 0},   {5, 2, 500, 3, 0},    {0, 0, 500, 0, 0}, {1, 4, 500, 0, 3},
      {0, 2, 500, 0, 2},   {900, 0, 500, 500, 0}, {10, 0, 4, 4, 0}, {0, 10, 4, 0, 4},
      {-1, 2, 500, 0, 2}, // a negative count (invalid) acts as 0
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("replicas " << r.replicas << " have " << r.have << " burst " << r.burst) {
      auto pods = running(r.have);
      auto d = diff_replicas(rs_builder().replicas(r.replicas).owner(), ptrs(pods), r.burst);
      BOOST_CHECK_EQUAL(d.create, r.create);
      BOOST_CHECK_EQUAL(d.remove.size(), r.remove);
    }
  }
}

BOOST_AUTO_TEST_CASE(inactive_pods_are_not_replicas) {
  std::vector<api::Pod> pods = {
      pod_builder("done").phase("Succeeded"),
      pod_builder("failed").phase("Failed"),
      pod_builder("going").deleting(),
      pod_builder("live").ready(1),
  };
  auto d = diff_replicas(rs_builder().replicas(2).owner(), ptrs(pods));
  BOOST_CHECK_EQUAL(d.create, 1);
  auto down = diff_replicas(rs_builder().replicas(0).owner(), ptrs(pods));
  BOOST_CHECK((names(down.remove) == std::vector<std::string>{"live"}));
}

BOOST_AUTO_TEST_CASE(deletes_the_least_useful_pods_first) {
  std::vector<api::Pod> pods = {
      pod_builder("old-ready").ready(10).created(1),
      pod_builder("unassigned").unassigned().phase("Pending").created(1),
      pod_builder("new-ready").ready(10).created(5),
      pod_builder("pending").phase("Pending").created(1),
      pod_builder("not-ready").not_ready().created(1),
      pod_builder("recently-ready").ready(50).created(1),
  };
  struct row {
    int32_t replicas;
    std::vector<std::string> removed;
  };
  std::vector<row> rows = {
      {5, {"unassigned"}},
      {3, {"unassigned", "pending", "not-ready"}},
      {1, {"unassigned", "pending", "not-ready", "recently-ready", "new-ready"}},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("replicas " << r.replicas) {
      auto d = diff_replicas(rs_builder().replicas(r.replicas).owner(), ptrs(pods));
      BOOST_CHECK_EQUAL(d.create, 0);
      BOOST_CHECK(names(d.remove) == r.removed);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_owner_selecting_nothing_changes_nothing) {
  auto rs = rs_builder().replicas(3).rs;
  rs.mutable_spec()->clear_selector();
  BOOST_CHECK_EQUAL(diff_replicas(owner_of(rs), {}).create, 0);
}

BOOST_AUTO_TEST_CASE(slow_start_doubles_up_to_the_count) {
  struct row {
    int count, initial;
    std::vector<int> batches;
  };
  std::vector<row> rows = {
      {0, 1, {}},
      {1, 1, {1}},
      {2, 1, {1, 1}},
      {3, 1, {1, 2}},
      {10, 1, {1, 2, 4, 3}},
      {15, 1, {1, 2, 4, 8}},
      {16, 1, {1, 2, 4, 8, 1}},
      {500, 1, {1, 2, 4, 8, 16, 32, 64, 128, 245}},
      {10, 3, {3, 6, 1}},
      {2, 5, {2}},
      {-4, 1, {}},
      {4, 0, {}},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("count " << r.count << " initial " << r.initial) {
      auto got = slow_start_batches(r.count, r.initial);
      BOOST_CHECK_EQUAL_COLLECTIONS(got.begin(), got.end(), r.batches.begin(), r.batches.end());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
