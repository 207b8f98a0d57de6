// The metrics server with the node's TLS files, over real sockets on
// 127.0.0.1: HTTPS only; health for any client, /metrics only for a client
// certificate the cluster CA signed; bad files named at start.

#include <boost/test/unit_test.hpp>

#include <ctime>
#include <memory>

#include <openssl/ssl.h>

#include "http_test_client.hpp"
#include "net/http/metrics_server.hpp"
#include "runtime/certs/cluster_ca.hpp"
#include "temp_dir.hpp"

using namespace convoy;
using namespace convoy::net::http;
using convoy::test::client;
using convoy::test::parse;
using convoy::test::reply_t;

namespace {

/// A TLS client that trusts `ca` and presents `cert`/`key` when given.
struct tls_client {
  tls_client(const std::string& ca, const std::string& cert = "", const std::string& key = "")
      : ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free) {
    BOOST_REQUIRE_EQUAL(SSL_CTX_load_verify_locations(ctx.get(), ca.c_str(), nullptr), 1);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    if (!cert.empty()) {
      BOOST_REQUIRE_EQUAL(SSL_CTX_use_certificate_file(ctx.get(), cert.c_str(), SSL_FILETYPE_PEM),
                          1);
      BOOST_REQUIRE_EQUAL(SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM), 1);
    }
  }

  reply_t get(uint16_t port, const std::string& path) {
    client c{port};
    BOOST_REQUIRE(c.connected);
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl{SSL_new(ctx.get()), SSL_free};
    SSL_set_fd(ssl.get(), c.fd);
    std::string raw;
    if (SSL_connect(ssl.get()) == 1) {
      auto req = "GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
      SSL_write(ssl.get(), req.data(), static_cast<int>(req.size()));
      char buf[4096];
      int n;
      while ((n = SSL_read(ssl.get(), buf, sizeof(buf))) > 0)
        raw.append(buf, static_cast<size_t>(n));
    }
    return parse(raw);
  }

  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx;
};

/// A plain-HTTP request to the TLS port.
reply_t plain_get(uint16_t port, const std::string& path) {
  client c{port};
  c.send("GET " + path + " HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  return parse(c.read_all());
}

/// A cluster CA with a node certificate (the server's) and an admin one, and
/// a second CA with a certificate of its own.
struct tls_fixture {
  tls_fixture() {
    auto now = std::time(nullptr);
    certs::cluster_ca ca, other_ca;
    BOOST_REQUIRE(!certs::cluster_ca::init(dir.path(), 30, now));
    BOOST_REQUIRE(!certs::cluster_ca::load(dir.path(), ca));
    BOOST_REQUIRE(!ca.issue({"node-a", {"127.0.0.1"}, 30, {}}, now));
    BOOST_REQUIRE(!ca.issue({"prometheus", {}, 30, {}}, now));
    BOOST_REQUIRE(!certs::cluster_ca::init(other.path(), 30, now));
    BOOST_REQUIRE(!certs::cluster_ca::load(other.path(), other_ca));
    BOOST_REQUIRE(!other_ca.issue({"intruder", {}, 30, {}}, now));
    auto err = server.start({"127.0.0.1", 0}, files());
    BOOST_REQUIRE_MESSAGE(!err, *err);
  }

  net::tls_files files() const {
    return {dir.sub("node-a.crt"), dir.sub("node-a.key"), dir.sub("ca.crt")};
  }

  static metrics_handlers handlers() {
    return {[] { return std::string{"convoy_node_info{node=\"test\"} 1\n"}; }, [] { return true; },
            []() -> std::optional<std::string> { return std::nullopt; }};
  }

  test::temp_dir dir;
  test::temp_dir other;
  metrics_server server{"test", handlers()};
};

} // namespace

BOOST_AUTO_TEST_SUITE(metrics_tls_suite)

BOOST_FIXTURE_TEST_CASE(health_is_open_and_metrics_need_a_cluster_certificate, tls_fixture) {
  tls_client anonymous{dir.sub("ca.crt")};
  BOOST_TEST(anonymous.get(server.port(), "/healthz").code == 200);
  BOOST_TEST(anonymous.get(server.port(), "/readyz").code == 200);
  auto refused = anonymous.get(server.port(), "/metrics");
  BOOST_TEST(refused.code == 401);
  BOOST_TEST(refused.body.find("client certificate") != std::string::npos, refused.body);
  BOOST_TEST(refused.body.find("convoy_node_info") == std::string::npos);

  tls_client scraper{dir.sub("ca.crt"), dir.sub("prometheus.crt"), dir.sub("prometheus.key")};
  auto metrics = scraper.get(server.port(), "/metrics");
  BOOST_TEST(metrics.code == 200);
  BOOST_TEST(metrics.body.find("convoy_node_info") != std::string::npos, metrics.body);
}

BOOST_FIXTURE_TEST_CASE(strangers_and_plain_http_get_nothing, tls_fixture) {
  // A certificate from another CA fails the handshake: no answer at all.
  tls_client intruder{dir.sub("ca.crt"), other.sub("intruder.crt"), other.sub("intruder.key")};
  BOOST_TEST(intruder.get(server.port(), "/metrics").code == 0);
  BOOST_TEST(intruder.get(server.port(), "/healthz").code == 0);
  // Plain HTTP is not spoken on the TLS port.
  BOOST_TEST(plain_get(server.port(), "/healthz").code == 0);
  // The server keeps serving.
  BOOST_TEST(tls_client{dir.sub("ca.crt")}.get(server.port(), "/healthz").code == 200);
}

BOOST_FIXTURE_TEST_CASE(unusable_tls_files_are_named_at_start, tls_fixture) {
  auto bad = files();
  bad.key = other.sub("intruder.key"); // not the certificate's key
  metrics_server second{"test", handlers()};
  auto err = second.start({"127.0.0.1", 0}, bad);
  BOOST_REQUIRE(err.has_value());
  BOOST_TEST(err->find("--tls-key") != std::string::npos, *err);
  bad = files();
  bad.ca = dir.sub("missing.crt");
  metrics_server third{"test", handlers()};
  err = third.start({"127.0.0.1", 0}, bad);
  BOOST_REQUIRE(err.has_value());
  BOOST_TEST(err->find("--tls-ca") != std::string::npos, *err);
}

BOOST_AUTO_TEST_SUITE_END()
