// The node actor across simulated hosts: join, link cut, heal, stall, crash.

#include <boost/test/unit_test.hpp>

#include "caf/all.hpp"

#include "actors/node/node_actor.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"
#include "sim_fixture.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

/// Two hosts: `a` publishes its node actor on 7000, `b` joins it.
struct two_nodes : test::sim_fixture {
  two_nodes() : a(net.add_host("a")), b(net.add_host("b")) {
    node_actor_config cfg_a;
    cfg_a.name = "a";
    node_a = a.track(spawn_node_actor(a.system(), cfg_a));
    net.publish(a, node_a, 7000);
    node_actor_config cfg_b;
    cfg_b.name = "b";
    cfg_b.join = {net::host_port{"a", 7000}};
    cfg_b.seed = net.seed();
    node_b = b.track(spawn_node_actor(b.system(), cfg_b));
  }

  /// b's view of its peer a.
  node::PeerInfo peer_of_b() {
    auto info = ask<node::NodeInfoResponse>(b, node_info_actor{node_b}, node::NodeInfoRequest{});
    BOOST_REQUIRE(info && *info);
    BOOST_REQUIRE_EQUAL((*info)->peers_size(), 1);
    return (*info)->peers(0);
  }

  bool b_sees_a(const std::string& state) {
    return peer_of_b().state() == state;
  }

  sim::sim_host& a;
  sim::sim_host& b;
  node_actor node_a;
  node_actor node_b;
};

} // namespace

BOOST_AUTO_TEST_SUITE(node_sim)

BOOST_FIXTURE_TEST_CASE(a_joined_node_reports_its_peer_connected, two_nodes) {
  net.run_until([] { return false; }, 1s);
  auto peer = peer_of_b();
  BOOST_CHECK_EQUAL(peer.state(), "connected");
  BOOST_CHECK_EQUAL(peer.name(), "a");
  BOOST_CHECK_EQUAL(peer.address(), "a:7000");
}

BOOST_FIXTURE_TEST_CASE(cut_link_marks_peer_gone_and_heal_reconnects, two_nodes) {
  net.run_until([] { return false; }, 1s);
  BOOST_REQUIRE(b_sees_a("connected"));
  net.cut(a, b);
  net.run_until([] { return false; }, 100ms);
  auto peer = peer_of_b();
  BOOST_CHECK_EQUAL(peer.state(), "gone");
  BOOST_CHECK_EQUAL(peer.detail(), "remote link unreachable");
  // While cut, reconnect attempts fail; after healing, back-off retries win.
  net.run_until([] { return false; }, 5s);
  BOOST_CHECK(b_sees_a("gone"));
  net.heal(a, b);
  BOOST_CHECK(net.run_until([&] { return b_sees_a("connected"); }, 60s));
}

BOOST_FIXTURE_TEST_CASE(stalled_peer_is_detected_by_heartbeat_timeout, two_nodes) {
  net.run_until([] { return false; }, 1s);
  BOOST_REQUIRE(b_sees_a("connected"));
  auto stalled_at = net.now();
  net.stall(a);
  BOOST_REQUIRE(net.run_until([&] { return b_sees_a("gone"); }, 10s));
  auto detected_after = net.now() - stalled_at;
  BOOST_TEST_MESSAGE("silent peer detected after "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(detected_after)
                          .count()
                     << " ms of virtual time");
  // The default peer timeout is 2 s (heartbeats every 500 ms).
  BOOST_CHECK(detected_after <= caf::timespan{2000ms});
  BOOST_CHECK(detected_after >= caf::timespan{1000ms});
  net.resume(a);
  BOOST_CHECK(net.run_until([&] { return b_sees_a("connected"); }, 60s));
}

BOOST_FIXTURE_TEST_CASE(crashed_peer_is_reported_gone, two_nodes) {
  net.run_until([] { return false; }, 1s);
  BOOST_REQUIRE(b_sees_a("connected"));
  net.crash(a);
  BOOST_CHECK(net.run_until([&] { return b_sees_a("gone"); }, 3s));
}

BOOST_AUTO_TEST_SUITE_END()
