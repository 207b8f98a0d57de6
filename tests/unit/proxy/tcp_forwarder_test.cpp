// The TCP data plane with real sockets on 127.0.0.1: forwarding, round
// robin, backend replacement with draining, listener removal, bind
// failures, refused backends and half-close.

#include <boost/test/unit_test.hpp>

#include <map>
#include <thread>

#include "net/proxy/tcp_forwarder.hpp"
#include "tests/unit/proxy/test_sockets.hpp"

using namespace convoy;
using namespace convoy::net::proxy;
using namespace convoy::net::proxy::test;
using convoy::proxy::backend;
using convoy::proxy::rule;

namespace {

rule to(int listen_port, std::initializer_list<int> backend_ports) {
  rule r{"default/web:http", "127.0.0.1", listen_port, {}};
  for (int p : backend_ports)
    r.backends.push_back(backend{"127.0.0.1", p});
  return r;
}

/// A started forwarder and a helper that applies and waits until done.
struct fixture {
  fixture() {
    fwd.start();
  }
  void apply(std::vector<rule> rules) {
    auto before = fwd.stats().applies;
    fwd.apply(std::move(rules));
    BOOST_REQUIRE(eventually([&] { return fwd.stats().applies > before; }));
  }
  const listener_stats* listener(const std::string& address) {
    last = fwd.stats();
    for (const auto& l : last.listeners)
      if (l.address == address)
        return &l;
    return nullptr;
  }
  tcp_forwarder fwd{"test"};
  plane_stats last;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(tcp_forwarder_suite, fixture)

BOOST_AUTO_TEST_CASE(forwards_both_ways_and_counts) {
  test_backend a("a");
  int port = free_port();
  apply({to(port, {a.port()})});
  client c(port);
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(c.line() == "a");
  BOOST_REQUIRE(c.send("hello"));
  BOOST_TEST(c.read(5) == "hello");
  auto st = fwd.stats();
  BOOST_TEST(st.total_accepted == 1u);
  BOOST_TEST(st.open_connections == 1u);
  BOOST_TEST(st.bytes_in == 5u);
  BOOST_TEST(st.bytes_out == 7u); // "a\n" + "hello"
  const auto* l = listener("127.0.0.1:" + std::to_string(port));
  BOOST_REQUIRE(l);
  BOOST_TEST(l->bound);
  BOOST_TEST(l->service_key == "default/web:http");
  BOOST_TEST(l->accepted == 1u);
}

BOOST_AUTO_TEST_CASE(round_robin_over_two_backends) {
  test_backend a("a"), b("b");
  int port = free_port();
  apply({to(port, {a.port(), b.port()})});
  std::map<std::string, int> seen;
  std::vector<std::string> order;
  for (int i = 0; i < 6; ++i) {
    client c(port);
    BOOST_REQUIRE(c.ok());
    order.push_back(c.line());
    ++seen[order.back()];
  }
  BOOST_TEST(seen["a"] == 3);
  BOOST_TEST(seen["b"] == 3);
  for (size_t i = 1; i < order.size(); ++i)
    BOOST_TEST(order[i] != order[i - 1]);
}

BOOST_AUTO_TEST_CASE(replaced_backends_take_new_connections_old_ones_drain) {
  test_backend a("a"), b("b");
  int port = free_port();
  apply({to(port, {a.port()})});
  client old_conn(port);
  BOOST_REQUIRE(old_conn.ok());
  BOOST_TEST(old_conn.line() == "a");
  apply({to(port, {b.port()})});
  for (int i = 0; i < 3; ++i) {
    client c(port);
    BOOST_REQUIRE(c.ok());
    BOOST_TEST(c.line() == "b");
  }
  BOOST_REQUIRE(old_conn.send("still here"));
  BOOST_TEST(old_conn.read(10) == "still here");
}

BOOST_AUTO_TEST_CASE(removed_listener_refuses_new_connections_and_drains_old) {
  test_backend a("a");
  int port = free_port();
  apply({to(port, {a.port()})});
  client old_conn(port);
  BOOST_REQUIRE(old_conn.ok());
  BOOST_TEST(old_conn.line() == "a");
  apply({});
  BOOST_TEST(fwd.stats().listeners.empty());
  client refused(port);
  BOOST_TEST(!refused.ok());
  BOOST_REQUIRE(old_conn.send("drain"));
  BOOST_TEST(old_conn.read(5) == "drain");
  BOOST_TEST(fwd.stats().open_connections == 1u);
}

BOOST_AUTO_TEST_CASE(bind_failure_is_reported_not_thrown) {
  test_backend a("a");
  // A listening socket already owns the port: SO_REUSEADDR does not help.
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor taken(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  int busy = taken.local_endpoint().port();
  int good = free_port();
  rule bad_ip{"default/x:", "not-an-ip", 80, {}};
  BOOST_CHECK_NO_THROW(apply({to(busy, {a.port()}), to(good, {a.port()}), bad_ip}));
  const auto* l = listener("127.0.0.1:" + std::to_string(busy));
  BOOST_REQUIRE(l);
  BOOST_TEST(!l->bound);
  BOOST_TEST(l->error.find("127.0.0.1:" + std::to_string(busy)) != std::string::npos, l->error);
  BOOST_TEST(l->error.find("in use") != std::string::npos, l->error);
  l = listener("not-an-ip:80");
  BOOST_REQUIRE(l);
  BOOST_TEST(!l->bound);
  BOOST_TEST(!l->error.empty());
  // The other listener works all the same.
  client c(good);
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(c.line() == "a");
  // Once the port is free, the next apply binds it.
  taken.close();
  apply({to(busy, {a.port()}), to(good, {a.port()})});
  l = listener("127.0.0.1:" + std::to_string(busy));
  BOOST_REQUIRE(l);
  BOOST_TEST(l->bound);
  BOOST_TEST(l->error.empty());
}

BOOST_AUTO_TEST_CASE(refused_backend_is_skipped_for_the_next) {
  test_backend a("a");
  int dead = free_port();
  int port = free_port();
  apply({to(port, {dead, a.port()})});
  for (int i = 0; i < 4; ++i) {
    client c(port);
    BOOST_REQUIRE(c.ok());
    BOOST_TEST(c.line() == "a");
  }
  BOOST_TEST(fwd.stats().backend_failures == 2u);
}

BOOST_AUTO_TEST_CASE(no_working_backend_closes_the_client) {
  int dead = free_port();
  int port = free_port();
  int empty = free_port();
  apply({to(port, {dead}), to(empty, {})});
  for (int p : {port, empty}) {
    client c(p);
    BOOST_REQUIRE(c.ok()); // the listener accepts, then resets
    BOOST_TEST(c.read_to_eof().empty());
  }
  BOOST_TEST(eventually([&] { return fwd.stats().rejected == 2u; }));
  BOOST_TEST(eventually([&] { return fwd.stats().open_connections == 0u; }));
}

BOOST_AUTO_TEST_CASE(half_close_still_delivers_the_reply) {
  test_backend a("a");
  int port = free_port();
  apply({to(port, {a.port()})});
  client c(port);
  BOOST_REQUIRE(c.ok());
  BOOST_REQUIRE(c.send("ping"));
  c.shutdown_write();
  BOOST_TEST(c.read_to_eof() == "a\nping");
  BOOST_TEST(c.eof());
  BOOST_TEST(eventually([&] { return fwd.stats().open_connections == 0u; }));
}

BOOST_AUTO_TEST_CASE(bulk_transfer_is_exact) {
  test_backend a("a");
  int port = free_port();
  apply({to(port, {a.port()})});
  client c(port);
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(c.line() == "a");
  std::string payload(1 << 20, '\0');
  for (size_t i = 0; i < payload.size(); ++i)
    payload[i] = static_cast<char>(i * 131 % 251);
  std::thread writer([&] {
    c.send(payload);
    c.shutdown_write();
  });
  auto back = c.read_to_eof();
  writer.join();
  BOOST_TEST(back.size() == payload.size());
  BOOST_TEST((back == payload));
}

BOOST_AUTO_TEST_CASE(stop_is_idempotent_and_apply_after_stop_is_ignored) {
  fwd.stop();
  fwd.stop();
  BOOST_CHECK_NO_THROW(fwd.apply({to(free_port(), {})}));
  BOOST_TEST(fwd.stats().applies == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
