// Tests for net::tls_hint: the explanation a failed connect gets when TLS
// may be why, for each error CAF 0.17 reports for it.

#include <boost/test/unit_test.hpp>

#include <string>

#include "caf/sec.hpp"

#include "net/middleman/network_setup.hpp"

using convoy::net::tls_hint;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(tls_hint_test)

BOOST_AUTO_TEST_CASE(a_hang_up_during_the_handshake_is_a_refused_tls_handshake) {
  auto hint = tls_hint(true, caf::sec::disconnect_during_handshake);
  BOOST_TEST(has(hint, "TLS handshake refused"), hint);
  BOOST_TEST(has(hint, "not signed by our cluster CA"), hint);
}

BOOST_AUTO_TEST_CASE(a_plain_node_that_was_hung_up_on_is_told_the_peer_may_want_tls) {
  auto hint = tls_hint(false, caf::sec::disconnect_during_handshake);
  BOOST_TEST(has(hint, "the peer may require TLS"), hint);
}

BOOST_AUTO_TEST_CASE(with_tls_a_failed_connect_names_both_causes) {
  // CAF's openssl middleman reports a refusal that arrives before its first
  // SSL_connect returns like a closed port.
  auto hint = tls_hint(true, caf::sec::cannot_connect_to_node);
  BOOST_TEST(has(hint, "nothing listens there, or the TLS handshake was refused"), hint);
  BOOST_TEST(has(hint, "does not use TLS"), hint);
}

BOOST_AUTO_TEST_CASE(other_failures_get_no_hint) {
  BOOST_TEST(tls_hint(false, caf::sec::cannot_connect_to_node).empty());
  BOOST_TEST(tls_hint(true, caf::sec::request_timeout).empty());
  BOOST_TEST(tls_hint(false, caf::sec::request_timeout).empty());
}

BOOST_AUTO_TEST_SUITE_END()
