// Real `convoy` processes under mutual TLS: certificates from `convoy certs`,
// two nodes joined over TLS and an admin's `convoy ctl` through TLS; a node
// with another CA's certificate and a plain-TCP node are refused; the
// apiserver authenticates `convoy ctl`'s client certificate as its CN in
// its O groups; a TLS node's metrics port speaks HTTPS only.

#include <boost/test/unit_test.hpp>

#include <thread>

#include <csignal>

#include "child_process.hpp"
#include "process_helpers.hpp"
#include "temp_dir.hpp"

using namespace std::chrono_literals;
using convoy::test::child_process;
using convoy::test::run_command;

namespace {

const std::string convoy_bin = CONVOY_BINARY;

std::string addr(uint16_t port) {
  return "127.0.0.1:" + std::to_string(port);
}

void certs(const std::vector<std::string>& args) {
  std::vector<std::string> argv{convoy_bin, "certs"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto [code, out] = run_command(argv, 20s);
  BOOST_REQUIRE_MESSAGE(code == 0, out);
}

/// `convoy node NAME` with NAME's certificate from `dir`, trusting `ca_dir`.
std::vector<std::string> tls_node(const std::string& name, uint16_t port,
                                  const std::string& dir, const std::string& ca_dir) {
  return {convoy_bin,   "node",        "--name",      name,
          "--listen",   addr(port),    "--tls-cert",  dir + "/" + name + ".crt",
          "--tls-key",  dir + "/" + name + ".key", "--tls-ca", ca_dir + "/ca.crt"};
}

std::vector<std::string> with_join(std::vector<std::string> argv, uint16_t port) {
  argv.insert(argv.end(), {"--join", addr(port)});
  return argv;
}

} // namespace

BOOST_AUTO_TEST_SUITE(tls_process)

BOOST_AUTO_TEST_CASE(nodes_and_admins_of_one_ca_connect_and_everyone_else_is_refused) {
  convoy::test::temp_dir cluster, foreign;
  certs({"init", "--dir", cluster.path()});
  for (auto name : {"a", "b", "admin"})
    certs({"issue", name, "--dir", cluster.path(), "--hosts", "127.0.0.1"});
  certs({"init", "--dir", foreign.path()});
  certs({"issue", "x", "--dir", foreign.path()});
  auto port_a = convoy::test::free_port();
  child_process a{tls_node("a", port_a, cluster.path(), cluster.path())};
  BOOST_REQUIRE_MESSAGE(a.wait_for_output("listening on " + addr(port_a) + " with mutual TLS",
                                          20s),
                        a.output());
  // b (same CA) joins a over TLS.
  child_process b{with_join(tls_node("b", convoy::test::free_port(), cluster.path(),
                                     cluster.path()),
                            port_a)};
  BOOST_REQUIRE_MESSAGE(b.wait_for_output("joined peer a at " + addr(port_a), 20s), b.output());
  // An admin certificate in CONVOY_TLS_* reaches a; without it ctl is refused.
  auto [code, out] = run_command(
    {"/usr/bin/env", "CONVOY_TLS_CERT=" + cluster.sub("admin.crt"),
     "CONVOY_TLS_KEY=" + cluster.sub("admin.key"), "CONVOY_TLS_CA=" + cluster.sub("ca.crt"),
     convoy_bin, "ctl", "--server", addr(port_a), "node"},
    20s);
  BOOST_CHECK_MESSAGE(code == 0 && out.find(addr(port_a)) != std::string::npos, out);
  auto [plain_code, plain_out] =
    run_command({convoy_bin, "ctl", "--server", addr(port_a), "node"}, 20s);
  BOOST_CHECK_EQUAL(plain_code, 1);
  BOOST_CHECK_MESSAGE(plain_out.find("may require TLS") != std::string::npos, plain_out);
  // x (another CA's certificate, trusting that CA) is refused.
  child_process x{with_join(tls_node("x", convoy::test::free_port(), foreign.path(),
                                     foreign.path()),
                            port_a)};
  BOOST_CHECK_MESSAGE(x.wait_for_output("cannot reach peer at " + addr(port_a), 20s),
                      x.output());
  // "TLS handshake refused", or, when the refusal beat x's first
  // SSL_connect, "nothing listens there, or the TLS handshake was refused".
  BOOST_CHECK_MESSAGE(x.output().find("TLS handshake") != std::string::npos, x.output());
  // A plain node is refused too.
  auto plain_port = convoy::test::free_port();
  child_process p{{convoy_bin, "node", "--name", "p", "--listen", addr(plain_port), "--join",
                   addr(port_a)}};
  BOOST_CHECK_MESSAGE(p.wait_for_output("cannot reach peer at " + addr(port_a), 20s),
                      p.output());
  BOOST_CHECK_EQUAL(x.output().find("joined peer"), std::string::npos);
  BOOST_CHECK_EQUAL(p.output().find("joined peer"), std::string::npos);
  // While both keep retrying (back-off 0.5 s, 1 s, 2 s, ...), the trusted
  // link a-b stays up: a refused handshake must not leave OpenSSL errors
  // that make a's next read on b's connection fail (see
  // net/middleman/openssl_error_queue.cpp).
  BOOST_CHECK_MESSAGE(!b.wait_for_output("is gone", 3s), b.output());
  for (auto* child : {&p, &x, &b, &a}) {
    child->signal(SIGTERM);
    BOOST_CHECK_EQUAL(child->wait_exit(20s), 0);
  }
  // Neither refused node ever joined (their whole output is in now).
  BOOST_CHECK_EQUAL(x.output().find("joined peer"), std::string::npos);
  BOOST_CHECK_EQUAL(p.output().find("joined peer"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(client_certificates_authenticate_as_their_cn_in_their_groups) {
  convoy::test::temp_dir cluster;
  certs({"init", "--dir", cluster.path()});
  certs({"issue", "a", "--dir", cluster.path(), "--hosts", "127.0.0.1"});
  certs({"issue", "alice", "--dir", cluster.path()});
  certs({"issue", "root", "--dir", cluster.path(), "--groups", "system:masters"});
  auto port = convoy::test::free_port();
  auto argv = tls_node("a", port, cluster.path(), cluster.path());
  argv.insert(argv.end(), {"--roles", "store,apiserver", "--data-dir", cluster.sub("data")});
  child_process a{argv};
  BOOST_REQUIRE_MESSAGE(a.wait_for_output("listening on " + addr(port) + " with mutual TLS", 20s),
                        a.output());
  // No token anywhere: ctl signs a credential with the certificate's key.
  auto ctl_as = [&](const std::string& who, const std::string& kind) {
    return run_command({"/usr/bin/env", "-u", "CONVOY_TOKEN",
                        "CONVOY_TLS_CERT=" + cluster.sub((who + ".crt").c_str()),
                        "CONVOY_TLS_KEY=" + cluster.sub((who + ".key").c_str()),
                        "CONVOY_TLS_CA=" + cluster.sub("ca.crt"), convoy_bin, "ctl", "--server",
                        addr(port), "get", kind},
                       20s);
  };
  std::pair<int, std::string> root{1, ""};
  for (int i = 0; i < 50 && root.second.find("kube-system") == std::string::npos; ++i) {
    root = ctl_as("root", "namespaces"); // until the store elected itself
    std::this_thread::sleep_for(100ms);
  }
  BOOST_CHECK_MESSAGE(root.first == 0 && root.second.find("kube-system") != std::string::npos,
                      root.second);
  // alice is authenticated (not 401) but has no rights.
  auto [code, out] = ctl_as("alice", "pods");
  BOOST_CHECK_NE(code, 0);
  BOOST_CHECK_MESSAGE(out.find("User \"alice\" cannot list resource \"pods\"") != std::string::npos,
                      out);
  a.signal(SIGTERM);
  BOOST_CHECK_EQUAL(a.wait_exit(20s), 0);
}

BOOST_AUTO_TEST_CASE(a_tls_node_serves_its_metrics_port_over_https_only) {
  convoy::test::temp_dir cluster;
  certs({"init", "--dir", cluster.path()});
  certs({"issue", "a", "--dir", cluster.path(), "--hosts", "127.0.0.1"});
  auto metrics_port = convoy::test::free_port();
  auto argv = tls_node("a", convoy::test::free_port(), cluster.path(), cluster.path());
  argv.insert(argv.end(), {"--metrics-listen", addr(metrics_port)});
  child_process a{argv};
  BOOST_REQUIRE_MESSAGE(a.wait_for_output("over HTTPS (client certificates for /metrics) on "
                                          "127.0.0.1:"
                                            + std::to_string(metrics_port),
                                          20s),
                        a.output());
  // Plain HTTP gets no answer (the unit tests speak TLS to it).
  auto plain = convoy::test::http_get("127.0.0.1", metrics_port, "/healthz");
  BOOST_CHECK_NE(plain.first, 200);
  BOOST_CHECK_EQUAL(plain.second.find("ok"), std::string::npos);
  a.signal(SIGTERM);
  BOOST_CHECK_EQUAL(a.wait_exit(20s), 0);
}

BOOST_AUTO_TEST_CASE(incomplete_or_unreadable_tls_flags_fail_with_one_clear_line) {
  auto [code, out] = run_command({convoy_bin, "node", "--name", "q", "--tls-cert", "/x.crt"},
                                 20s);
  BOOST_CHECK_EQUAL(code, 2);
  BOOST_CHECK_NE(out.find("--tls-key: required"), std::string::npos);
  std::tie(code, out) = run_command({convoy_bin, "node", "--name", "q", "--tls-cert",
                                     "/nonexistent/q.crt", "--tls-key", "/nonexistent/q.key",
                                     "--tls-ca", "/nonexistent/ca.crt"},
                                    20s);
  BOOST_CHECK_EQUAL(code, 2);
  BOOST_CHECK_NE(out.find("--tls-cert: cannot read '/nonexistent/q.crt'"), std::string::npos);
  std::tie(code, out) = run_command({convoy_bin, "certs", "issue", "n"}, 20s);
  BOOST_CHECK_EQUAL(code, 2);
  BOOST_CHECK_NE(out.find("--dir: required"), std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
