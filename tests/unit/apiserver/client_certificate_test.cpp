// Client certificates as credentials: `convoy ctl` signs a short-lived
// credential with its certificate's key; the apiserver checks the chain
// against the client CA, the signature and the time, and authenticates the
// holder as CN in the O groups.

#include <boost/test/unit_test.hpp>

#include <ctime>
#include <filesystem>

#include <unistd.h>

#include "actors/apiserver/auth/auth_config_error.hpp"
#include "actors/apiserver/auth/client_certificate.hpp"
#include "actors/apiserver/auth/private_file.hpp"
#include "runtime/certs/cluster_ca.hpp"

using namespace convoy;
using namespace convoy::apiserver;

namespace {

/// Two CAs in a temporary directory: "ours" with alice (no groups) and
/// root (system:masters), "theirs" with mallory.
struct pki {
  std::filesystem::path dir =
    std::filesystem::temp_directory_path() / ("convoy-client-cert-" + std::to_string(::getpid()));
  int64_t now = static_cast<int64_t>(std::time(nullptr));

  pki() {
    std::filesystem::remove_all(dir);
    issue("ours", "alice", {});
    issue("ours", "root", {"system:masters", "ops"});
    issue("theirs", "mallory", {"system:masters"});
  }
  ~pki() { std::filesystem::remove_all(dir); }

  void issue(const std::string& ca_name, const std::string& name, std::vector<std::string> groups) {
    auto ca_dir = (dir / ca_name).string();
    if (!std::filesystem::exists(ca_dir + "/ca.crt"))
      BOOST_REQUIRE(!certs::cluster_ca::init(ca_dir, 30, std::time(nullptr)));
    certs::cluster_ca ca;
    BOOST_REQUIRE(!certs::cluster_ca::load(ca_dir, ca));
    certs::issue_request req;
    req.name = name;
    req.groups = std::move(groups);
    BOOST_REQUIRE(!ca.issue(req, std::time(nullptr)));
  }

  std::string file(const std::string& ca, const std::string& name) const {
    return read_whole_file((dir / ca / name).string());
  }

  std::string credential(const std::string& ca, const std::string& cert, const std::string& key,
                         int64_t at) const {
    return make_certificate_credential(file(ca, cert + ".crt"), file(ca, key + ".key"), at);
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(client_certificate_suite)

BOOST_AUTO_TEST_CASE(a_signed_credential_authenticates_as_cn_in_its_o_groups) {
  pki p;
  certificate_authenticator auth{p.file("ours", "ca.crt"), "ca.crt"};
  auto token = p.credential("ours", "root", "root", p.now);
  BOOST_CHECK(looks_like_certificate_credential(token));
  auto r = auth.authenticate(token, p.now + 10);
  BOOST_REQUIRE_MESSAGE(r.user, r.why);
  BOOST_CHECK_EQUAL(r.user->user.name, "root");
  const std::vector<std::string> groups{"system:masters", "ops", "system:authenticated"};
  BOOST_CHECK_EQUAL_COLLECTIONS(r.user->user.groups.begin(), r.user->user.groups.end(),
                                groups.begin(), groups.end());
  BOOST_CHECK_EQUAL(auth.remembered(), 1u);
  BOOST_CHECK(auth.authenticate(token, p.now + 20).user); // remembered
  auto alice = auth.authenticate(p.credential("ours", "alice", "alice", p.now), p.now);
  BOOST_REQUIRE_MESSAGE(alice.user, alice.why);
  BOOST_CHECK_EQUAL(alice.user->user.name, "alice");
  BOOST_CHECK_EQUAL(alice.user->user.groups.size(), 1u); // system:authenticated only
}

BOOST_AUTO_TEST_CASE(expired_foreign_or_mis_signed_credentials_are_refused) {
  pki p;
  certificate_authenticator auth{p.file("ours", "ca.crt"), "ca.crt"};
  auto valid = p.credential("ours", "alice", "alice", p.now);
  BOOST_REQUIRE(auth.authenticate(valid, p.now).user);
  struct row {
    std::string token;
    int64_t at;
    std::string why;
  };
  const std::vector<row> rows{
    {valid, p.now + credential_lifetime_seconds, "the credential expired"},
    {p.credential("ours", "alice", "alice", p.now + 120), p.now,
     "the credential is from the future"},
    {p.credential("theirs", "mallory", "mallory", p.now), p.now,
     "the certificate does not verify: unable to get local issuer certificate"},
    {p.credential("ours", "root", "alice", p.now), p.now,
     "the signature is not the certificate key's"},
    {"x509.AAAA." + std::to_string(p.now) + ".AAAA", p.now, "the certificate does not parse"},
    {"x509.AAAA.12x.AAAA", p.now, "not a certificate credential"},
    {"admin-token", p.now, "not a certificate credential"},
  };
  for (const auto& r : rows) {
    auto result = auth.authenticate(r.token, r.at);
    BOOST_CHECK(!result.user);
    BOOST_CHECK_EQUAL(result.why, r.why);
  }
  // A remembered credential expires too.
  BOOST_CHECK(!auth.authenticate(valid, p.now + credential_lifetime_seconds).user);
}

BOOST_AUTO_TEST_CASE(bad_ca_files_and_keys_are_clear_errors) {
  BOOST_CHECK_EXCEPTION(certificate_authenticator("not pem", "ca.crt"), auth_config_error,
                        [](const auth_config_error& e) {
                          return std::string{e.what()} == "ca.crt: no PEM certificate found";
                        });
  pki p;
  BOOST_CHECK_EXCEPTION(make_certificate_credential(p.file("ours", "alice.crt"), "junk", p.now),
                        auth_config_error, [](const auth_config_error& e) {
                          return std::string{e.what()} == "the client key is not a PEM private key";
                        });
}

BOOST_AUTO_TEST_SUITE_END()
