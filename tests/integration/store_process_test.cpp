// Three real `convoy node --roles store` processes on 127.0.0.1: a write load,
// kill -9 of the leader, restart of the killed replica and of the whole
// cluster. Nothing acknowledged may be lost.

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
#include <map>
#include <memory>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"

#include "actors/store/replica_engine.hpp"
#include "actors/store/store_client.hpp"
#include "child_process.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"
#include "runtime/node/system_setup.hpp"

using namespace convoy;
using namespace std::chrono_literals;
using test::child_process;

namespace {

const std::string convoy_bin = CONVOY_BINARY;

/// A three-replica store cluster of real processes in a temporary data dir.
struct process_cluster {
  process_cluster() {
    root = std::filesystem::temp_directory_path()
           / ("convoy-store-it-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    for (int i = 1; i <= 3; ++i) {
      names.push_back("n" + std::to_string(i));
      ports.push_back(test::free_port());
    }
    for (size_t i = 0; i < 3; ++i)
      cluster += (i ? "," : "") + names[i] + "=127.0.0.1:" + std::to_string(ports[i]);
    for (size_t i = 0; i < 3; ++i)
      procs.emplace_back();
  }

  ~process_cluster() {
    procs.clear();
    std::filesystem::remove_all(root);
  }

  void start(size_t i) {
    procs[i] = std::make_unique<child_process>(std::vector<std::string>{
      convoy_bin, "node", "--name", names[i], "--roles", "store", "--listen",
      "127.0.0.1:" + std::to_string(ports[i]), "--data-dir", (root / names[i]).string(),
      "--initial-cluster", cluster});
    // Signals are blocked from main() on; wait until the node is up.
    BOOST_REQUIRE_MESSAGE(procs[i]->wait_for_output("listening on", 20s), procs[i]->output());
  }

  std::filesystem::path root;
  std::vector<std::string> names;
  std::vector<uint16_t> ports;
  std::string cluster;
  std::vector<std::unique_ptr<child_process>> procs;
};

/// The test's own actor system with a store client over real sockets.
struct client_side {
  explicit client_side(const process_cluster& c) : sys(configured(cfg)) {
    store_client_config cc;
    for (auto port : c.ports)
      cc.endpoints.push_back(net::host_port{"127.0.0.1", port});
    cc.request_timeout = 10s;
    client = spawn_store_client(sys, cc);
  }
  ~client_side() {
    caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
  }
  static caf::actor_system_config& configured(caf::actor_system_config& cfg) {
    configure_system(cfg, system_settings{});
    return cfg;
  }
  template <class Response, class Request>
  caf::expected<Response> ask(const Request& req, caf::timespan timeout = 15s) {
    caf::scoped_actor self{sys};
    std::optional<Response> out;
    caf::error failure;
    self->request(client, timeout, req)
      .receive([&](Response& r) { out = std::move(r); }, [&](caf::error& e) { failure = e; });
    if (out)
      return std::move(*out);
    return failure;
  }
  caf::actor_system_config cfg;
  caf::actor_system sys;
  store_actor client;
};

std::optional<std::string> get(client_side& cs, const std::string& key) {
  store::RangeRequest req;
  req.set_key(key);
  auto r = cs.ask<store::RangeResponse>(req);
  if (!r || r->kvs_size() == 0)
    return std::nullopt;
  return r->kvs(0).value();
}

/// Which of the three processes leads now.
std::optional<size_t> leader(client_side& cs, const process_cluster& c) {
  auto st = cs.ask<store::StatusResponse>(store::StatusRequest{});
  if (!st || st->leader() == 0)
    return std::nullopt;
  for (size_t i = 0; i < c.names.size(); ++i)
    if (store::member_id(c.names[i]) == st->leader())
      return i;
  return std::nullopt;
}

} // namespace

BOOST_AUTO_TEST_SUITE(store_process)

BOOST_AUTO_TEST_CASE(killing_the_leader_under_load_loses_no_acknowledged_write) {
  process_cluster c;
  for (size_t i = 0; i < 3; ++i)
    c.start(i);
  std::map<std::string, std::string> acked;
  size_t unknown = 0;
  std::optional<size_t> killed;
  {
    client_side cs{c};
    for (int i = 0; i < 200; ++i) {
      if (i == 60) {
        killed = leader(cs, c);
        BOOST_REQUIRE_MESSAGE(killed, "no leader after 60 writes");
        c.procs[*killed]->signal(SIGKILL);
        BOOST_TEST_MESSAGE("killed the leader " << c.names[*killed]);
      }
      store::PutRequest put;
      put.set_key("/load/" + std::to_string(i));
      put.set_value("v" + std::to_string(i));
      auto r = cs.ask<store::PutResponse>(put);
      if (r)
        acked[put.key()] = put.value();
      else
        ++unknown; // outcome unknown (or refused): not counted as acknowledged
    }
    BOOST_TEST_MESSAGE(acked.size() << " writes acknowledged, " << unknown << " not");
    BOOST_CHECK_GE(acked.size(), 150u);
    auto now_leading = leader(cs, c);
    BOOST_REQUIRE(now_leading);
    BOOST_CHECK_NE(*now_leading, *killed);
    for (const auto& [k, v] : acked)
      BOOST_CHECK_MESSAGE(get(cs, k) == v, k << " lost after failover");
    // The killed replica restarts from its disk and catches up.
    c.start(*killed);
    store::PutRequest after;
    after.set_key("/after-restart");
    after.set_value("yes");
    BOOST_REQUIRE(cs.ask<store::PutResponse>(after));
    acked[after.key()] = after.value();
  }
  // Stop every replica, start the whole cluster again: all is still there.
  for (auto& p : c.procs) {
    p->signal(SIGTERM);
    BOOST_CHECK_EQUAL(p->wait_exit(20s), 0);
  }
  for (size_t i = 0; i < 3; ++i)
    c.start(i);
  client_side cs{c};
  size_t present = 0;
  for (const auto& [k, v] : acked)
    present += get(cs, k) == v;
  BOOST_CHECK_EQUAL(present, acked.size());
  // And the restarted replica itself has everything (serializable, local).
  store::RangeRequest all;
  all.set_key("/");
  all.set_range_end(std::string(1, '\0'));
  all.set_count_only(true);
  auto counted = cs.ask<store::RangeResponse>(all);
  BOOST_REQUIRE(counted);
  BOOST_CHECK_EQUAL(static_cast<size_t>(counted->count()), acked.size());
}

BOOST_AUTO_TEST_SUITE_END()
