// Proves the deterministic harness itself: virtual time, seeded replay,
// typed protobuf requests across simulated hosts, link cuts, bad bytes.

#include <boost/test/unit_test.hpp>

#include "caf/all.hpp"
#include "caf/io/all.hpp"

#include "actors/node/node_actor.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"
#include "net/middleman/remote.hpp"
#include "sim_fixture.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

using tick_atom = caf::atom_constant<caf::atom("tick")>;

node_actor spawn_node(sim::sim_host& h, std::vector<net::host_port> join = {}) {
  node_actor_config cfg;
  cfg.name = h.name();
  cfg.join = std::move(join);
  return h.track(spawn_node_actor(h.system(), cfg));
}

} // namespace

BOOST_AUTO_TEST_SUITE(harness)

BOOST_FIXTURE_TEST_CASE(timer_fires_only_when_virtual_time_passes_its_deadline,
                        test::deterministic_fixture) {
  auto fired = std::make_shared<int>(0);
  host.spawn([fired](caf::event_based_actor* self) -> caf::behavior {
    self->delayed_send(self, 150ms, tick_atom::value);
    return {[=](tick_atom) {
      ++*fired;
      self->quit();
    }};
  });
  run();
  BOOST_CHECK_EQUAL(*fired, 0);
  advance(100ms);
  BOOST_CHECK_EQUAL(*fired, 0);
  advance(49ms);
  BOOST_CHECK_EQUAL(*fired, 0);
  advance(1ms);
  BOOST_CHECK_EQUAL(*fired, 1);
  BOOST_CHECK_EQUAL(std::chrono::duration_cast<std::chrono::milliseconds>(net.now()).count(), 150);
}

namespace {

/// Three hosts whose actors gossip: every actor forwards each token to a
/// peer chosen by the host's order of execution. Returns the trace hash.
uint64_t gossip_trace(uint64_t seed) {
  sim::sim_network net{seed};
  auto trace = [&net](std::string event) { net.trace(event); };
  std::vector<caf::actor> actors;
  for (int i = 0; i < 3; ++i) {
    auto& h = net.add_host("h" + std::to_string(i));
    for (int j = 0; j < 3; ++j) {
      auto name = h.name() + "/" + std::to_string(j);
      actors.push_back(h.spawn([=](caf::event_based_actor* self) -> caf::behavior {
        return {[=](int hops, const std::vector<caf::actor>& peers) {
          trace(name + " got hop " + std::to_string(hops));
          if (hops > 0)
            self->send(peers[static_cast<size_t>(hops) % peers.size()], hops - 1, peers);
        }};
      }));
    }
  }
  // Several concurrent token chains: their interleaving depends on the seed.
  for (size_t k = 0; k < actors.size(); ++k) {
    auto peers = actors;
    std::rotate(peers.begin(), peers.begin() + static_cast<std::ptrdiff_t>(k), peers.end());
    caf::anon_send(actors[k], 20 + static_cast<int>(k), peers);
  }
  net.run();
  auto hash = net.trace_hash();
  BOOST_CHECK_EQUAL(net.shutdown(), 0u);
  return hash;
}

} // namespace

BOOST_AUTO_TEST_CASE(same_seed_replays_the_same_trace_and_other_seeds_differ) {
  auto seed = test::test_seed(7);
  BOOST_TEST_MESSAGE("SEED=" << seed);
  auto first = gossip_trace(seed);
  BOOST_CHECK_EQUAL(first, gossip_trace(seed));
  std::set<uint64_t> hashes{first};
  for (uint64_t other = seed + 1; other < seed + 6; ++other)
    hashes.insert(gossip_trace(other));
  BOOST_CHECK_GT(hashes.size(), 1u);
}

BOOST_FIXTURE_TEST_CASE(typed_protobuf_request_crosses_two_simulated_hosts, test::sim_fixture) {
  auto& a = net.add_host("a");
  auto& b = net.add_host("b");
  auto node = spawn_node(a);
  net.publish(a, node, 7000);
  auto got = std::make_shared<std::optional<node::NodeInfoResponse>>();
  b.spawn([got](caf::event_based_actor* self) {
    net::connect_remote<node_info_actor>(
      self, net::host_port{"a", 7000}, 5s,
      [=](node_info_actor remote) {
        self->request(remote, 5s, node::NodeInfoRequest{})
          .then([=](const node::NodeInfoResponse& info) {
            *got = info;
            self->quit();
          });
      },
      [=](const caf::error& err) {
        BOOST_ERROR("connect failed: " << describe(err));
        self->quit();
      });
  });
  BOOST_REQUIRE(net.run_until([&] { return got->has_value(); }, 10s));
  BOOST_CHECK_EQUAL((*got)->name(), "a");
  BOOST_CHECK_EQUAL((*got)->version(), CONVOY_VERSION);
  BOOST_CHECK_EQUAL((*got)->actors_size(), 1);
}

BOOST_FIXTURE_TEST_CASE(link_cut_yields_down_to_a_monitoring_actor, test::sim_fixture) {
  auto& a = net.add_host("a");
  auto& b = net.add_host("b");
  net.publish(a, spawn_node(a), 7000);
  auto down = std::make_shared<std::optional<caf::error>>();
  auto watching = std::make_shared<bool>(false);
  b.spawn([=](caf::event_based_actor* self) -> caf::behavior {
    self->set_down_handler([=](caf::down_msg& msg) {
      *down = msg.reason;
      self->quit();
    });
    net::connect_remote<node_info_actor>(
      self, net::host_port{"a", 7000}, 5s,
      [=](node_info_actor remote) {
        self->monitor(remote);
        *watching = true;
      },
      [=](const caf::error& err) { BOOST_ERROR("connect failed: " << describe(err)); });
    return {[](tick_atom) {}};
  });
  BOOST_REQUIRE(net.run_until([&] { return *watching; }, 10s));
  net.run_until([] { return false; }, 1s);
  BOOST_CHECK(!down->has_value());
  net.cut(a, b);
  BOOST_REQUIRE(net.run_until([&] { return down->has_value(); }, 1s));
  BOOST_CHECK_EQUAL(describe(**down), "remote link unreachable");
}

namespace {

/// A type that claims to be convoy.node.NodeInfoRequest on the wire but sends
/// arbitrary bytes, like a broken or hostile peer.
struct bogus_request {
  std::string bytes;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, bogus_request& x) {
  return f(caf::meta::type_name("convoy.node.NodeInfoRequest"), x.bytes);
}

} // namespace

BOOST_FIXTURE_TEST_CASE(malformed_bytes_get_an_error_reply_and_the_actor_keeps_serving,
                        test::sim_fixture) {
  auto& a = net.add_host("a");
  // Host b's CAF sends bogus_request under the name of NodeInfoRequest.
  auto& b = net.add_host("b", [](caf::actor_system_config& cfg) {
    cfg.add_message_type<bogus_request>("convoy.node.NodeInfoRequest");
  });
  auto node = spawn_node(a);
  net.publish(a, node, 7000);
  auto reply = std::make_shared<std::optional<caf::error>>();
  auto good = std::make_shared<std::optional<std::string>>();
  b.spawn([=](caf::event_based_actor* self) {
    net::connect_remote<node_info_actor>(
      self, net::host_port{"a", 7000}, 5s,
      [=](node_info_actor remote) {
        // A length-delimited field 1 announcing 5 bytes but carrying 2.
        bogus_request bad{std::string{"\x0a\x05" "ab", 4}};
        self->request(caf::actor_cast<caf::actor>(remote), 5s, bad)
          .then([=](const node::NodeInfoResponse&) { *reply = caf::error{}; },
                [=](caf::error& err) {
                  *reply = err;
                  self->request(remote, 5s, node::NodeInfoRequest{})
                    .then([=](const node::NodeInfoResponse& info) { *good = info.name(); });
                });
      },
      [=](const caf::error& err) { BOOST_ERROR("connect failed: " << describe(err)); });
  });
  BOOST_REQUIRE(net.run_until([&] { return good->has_value(); }, 10s));
  BOOST_REQUIRE(reply->has_value());
  BOOST_CHECK(code_of(**reply) == errc::malformed_message);
  BOOST_TEST_MESSAGE("error reply: " << describe(**reply));
  BOOST_CHECK_NE(describe(**reply).find("do not parse as convoy.node.NodeInfoRequest"),
                 std::string::npos);
  BOOST_CHECK_EQUAL(**good, "a");
}

BOOST_AUTO_TEST_SUITE_END()
