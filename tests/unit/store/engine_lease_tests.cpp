// Leases on an engine cluster: grant, keep-alive on the leader only,
// expiry after the TTL of virtual time (revocation through Raft deletes the
// attached keys everywhere), and a new leader restarting the timers.

#include <boost/test/unit_test.hpp>

#include "engine_cluster.hpp"

using namespace convoy;
using namespace convoy::store;
using namespace convoy::store::testing;
using namespace std::chrono_literals;

namespace {

int64_t grant(engine_cluster& c, int64_t ttl) {
  auto r = c.write(grant_cmd(ttl));
  BOOST_REQUIRE(r);
  BOOST_REQUIRE(!r->error);
  auto id = std::get<LeaseGrantResponse>(r->value).id();
  BOOST_REQUIRE(id != 0);
  return id;
}

/// Absent on every live replica except `except` (e.g. one cut off).
bool gone_everywhere(engine_cluster& c, const std::string& key, size_t except = SIZE_MAX) {
  for (size_t i = 0; i < c.size(); ++i)
    if (i != except && c.up(i) && c.get(i, key))
      return false;
  return true;
}

} // namespace

BOOST_AUTO_TEST_SUITE(engine_leases)

BOOST_AUTO_TEST_CASE(a_lease_expires_after_its_ttl_and_takes_its_keys) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto id = grant(c, 5);
  auto granted_at = c.now();
  auto r = c.put("/l/k", "v", id);
  BOOST_REQUIRE(r);
  BOOST_TEST(!r->error);
  BOOST_TEST(r->revision == 2);
  c.ticks(1);
  BOOST_TEST(c.get((l + 1) % 3, "/l/k")->lease() == id);
  // Keep-alive: leader only.
  BOOST_TEST(!c.engine((l + 1) % 3).keep_alive(id, c.now()));
  c.run_until([&] { return c.now() >= granted_at + 3s; });
  auto ka = c.engine(l).keep_alive(id, c.now());
  BOOST_REQUIRE(ka);
  BOOST_TEST(ka->ttl() == 5);
  auto deadline = c.now() + 5s;
  LeaseTimeToLiveRequest ttl_req;
  ttl_req.set_id(id);
  ttl_req.set_keys(true);
  auto ttl = c.engine(l).time_to_live(ttl_req, c.now());
  BOOST_REQUIRE(ttl);
  BOOST_TEST(ttl->ttl() == 5);
  BOOST_TEST(ttl->grantedttl() == 5);
  BOOST_REQUIRE_EQUAL(ttl->keys_size(), 1);
  BOOST_TEST(ttl->keys(0) == "/l/k");
  BOOST_TEST(c.engine(l).leases().leases_size() == 1);
  // Still there just before the deadline...
  c.run_until([&] { return c.now() + 100ms >= deadline; });
  BOOST_TEST(!gone_everywhere(c, "/l/k"));
  BOOST_TEST(c.get(l, "/l/k").has_value());
  // ...revoked through Raft right after it, on every replica.
  BOOST_REQUIRE(c.run_until([&] { return gone_everywhere(c, "/l/k"); }, 10));
  BOOST_TEST((c.now() >= deadline));
  BOOST_TEST((c.now() <= deadline + 300ms));
  c.ticks(1);
  for (size_t i = 0; i < c.size(); ++i) {
    BOOST_TEST(c.engine(i).revision() == 3); // one revision for the revocation
    BOOST_TEST(c.engine(i).leases().leases_size() == 0);
  }
  auto after = c.engine(l).time_to_live(ttl_req, c.now());
  BOOST_REQUIRE(after);
  BOOST_TEST(after->ttl() == -1);
  BOOST_TEST(c.engine(l).keep_alive(id, c.now())->ttl() == 0);
  // Nothing more is revoked later.
  c.ticks(30);
  BOOST_TEST(c.engine(l).revision() == 3);
  BOOST_TEST(c.divergence() == "");
}

BOOST_AUTO_TEST_CASE(a_new_leader_gives_every_lease_a_full_ttl_again) {
  engine_cluster c{{}};
  auto old = c.wait_for_leader();
  auto id = grant(c, 10);
  auto granted_at = c.now();
  BOOST_REQUIRE(c.put("/l/k", "v", id));
  c.run_until([&] { return c.now() >= granted_at + 8s; });
  std::optional<replica_engine::time_point> promoted;
  c.set_output_observer([&](size_t i, const engine_output& out) {
    if (i != old && out.soft && out.soft->state == raft::role::leader && !promoted)
      promoted = c.now();
  });
  c.isolate(old);
  BOOST_REQUIRE(c.run_until([&] { return promoted.has_value(); }, 100));
  auto l = *c.leader();
  BOOST_TEST(l != old);
  // The old deadline passes: no early expiry.
  c.run_until([&] { return c.now() >= granted_at + 11s; });
  BOOST_TEST(!gone_everywhere(c, "/l/k", old));
  BOOST_TEST(c.engine(l).keep_alive(id, c.now()).has_value());
  auto deadline = c.now() + 10s; // refreshed on the new leader
  BOOST_TEST(!c.engine(old).keep_alive(id, c.now()).has_value()); // stepped down
  c.run_until([&] { return c.now() + 100ms >= deadline; });
  BOOST_TEST(!gone_everywhere(c, "/l/k", old));
  BOOST_REQUIRE(c.run_until([&] { return gone_everywhere(c, "/l/k", old); }, 10));
  BOOST_TEST((c.now() <= deadline + 300ms));
  c.heal();
  c.ticks(5);
  BOOST_TEST(c.divergence() == "");
  BOOST_TEST(!c.get(old, "/l/k"));
}

BOOST_AUTO_TEST_CASE(a_lease_without_keep_alive_expires_after_a_leader_change_in_full_ttl) {
  engine_cluster c{{}};
  auto old = c.wait_for_leader();
  auto id = grant(c, 3);
  BOOST_REQUIRE(c.put("/l/k", "v", id));
  c.crash(old);
  std::optional<replica_engine::time_point> promoted;
  c.set_output_observer([&](size_t, const engine_output& out) {
    if (out.soft && out.soft->state == raft::role::leader && !promoted)
      promoted = c.now();
  });
  BOOST_REQUIRE(c.run_until([&] { return promoted.has_value(); }, 100));
  BOOST_REQUIRE(c.run_until([&] { return gone_everywhere(c, "/l/k"); }, 100));
  BOOST_TEST((c.now() >= *promoted + 3s));
  BOOST_TEST((c.now() <= *promoted + 3s + 300ms));
  c.restart(old);
  c.ticks(5);
  BOOST_TEST(c.divergence() == "");
}

BOOST_AUTO_TEST_CASE(a_revoked_lease_is_forgotten_by_the_timer) {
  engine_cluster c{{}};
  auto l = c.wait_for_leader();
  auto id = grant(c, 2);
  BOOST_REQUIRE(c.put("/l/a", "v", id));
  BOOST_REQUIRE(c.put("/l/b", "v", id));
  StoreCommand revoke;
  revoke.mutable_lease_revoke()->set_id(id);
  auto r = c.write(revoke);
  BOOST_REQUIRE(r);
  BOOST_TEST(!r->error);
  BOOST_TEST(r->revision == 4); // both keys deleted in one revision
  BOOST_TEST(r->events.size() == 2u);
  c.ticks(40);
  BOOST_TEST(c.engine(l).revision() == 4);
  BOOST_TEST(!c.engine(l).keep_alive(id, c.now())->ttl());
}

BOOST_AUTO_TEST_SUITE_END()
