// Service-account tokens: RS256 JWTs signed by the token controller's key
// and verified by the apiserver's keys, then checked against the Secret and
// the ServiceAccount they name (Kubernetes' legacy token authenticator).

#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "actors/apiserver/auth/auth_config_error.hpp"
#include "actors/apiserver/auth/crypto.hpp"
#include "actors/apiserver/auth/service_account_authenticator.hpp"
#include "actors/apiserver/auth/service_account_token.hpp"

using namespace convoy;
using namespace convoy::apiserver;

namespace {

/// Key generation takes a fraction of a second: two keys for the binary.
const rsa_key& key_a() {
  static const rsa_key k = rsa_key::generate();
  return k;
}

const rsa_key& key_b() {
  static const rsa_key k = rsa_key::generate();
  return k;
}

const service_account_claims claims{"team", "reader-token-abcde", "reader", "uid-1"};

/// A JWT with any header and payload, signed by `key`.
std::string forge(const nlohmann::json& header, const nlohmann::json& payload, const rsa_key& key) {
  auto input = crypto::base64url(header.dump()) + "." + crypto::base64url(payload.dump());
  return input + "." + crypto::base64url(key.sign_sha256(input));
}

nlohmann::json payload_of(const service_account_claims& c) {
  return {{"iss", "kubernetes/serviceaccount"},
          {"kubernetes.io/serviceaccount/namespace", c.namespace_},
          {"kubernetes.io/serviceaccount/secret.name", c.secret_name},
          {"kubernetes.io/serviceaccount/service-account.name", c.account_name},
          {"kubernetes.io/serviceaccount/service-account.uid", c.account_uid},
          {"sub", c.subject()}};
}

const nlohmann::json rs256 = {{"alg", "RS256"}, {"typ", "JWT"}};

/// The objects a token is checked against, editable per test.
struct world {
  api::Secret secret;
  api::ServiceAccount account;
  bool has_secret = true;
  bool has_account = true;

  explicit world(const std::string& token) {
    secret.set_type("kubernetes.io/service-account-token");
    secret.mutable_metadata()->set_name(claims.secret_name);
    secret.mutable_metadata()->set_namespace_(claims.namespace_);
    (*secret.mutable_metadata()->mutable_annotations())["kubernetes.io/service-account.name"] =
      claims.account_name;
    (*secret.mutable_data())["token"] = token;
    account.mutable_metadata()->set_name(claims.account_name);
    account.mutable_metadata()->set_namespace_(claims.namespace_);
    account.mutable_metadata()->set_uid(claims.account_uid);
  }

  service_account_lookup lookup() const {
    return {[this](const std::string& ns, const std::string& name) {
              bool match = has_secret && ns == claims.namespace_ && name == claims.secret_name;
              return match ? std::make_shared<const api::Secret>(secret) : nullptr;
            },
            [this](const std::string& ns, const std::string& name) {
              bool match = has_account && ns == claims.namespace_ && name == claims.account_name;
              return match ? std::make_shared<const api::ServiceAccount>(account) : nullptr;
            }};
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(service_account_token_suite)

BOOST_AUTO_TEST_CASE(a_signed_token_verifies_and_carries_its_claims) {
  auto token = sign_service_account_token(key_a(), claims);
  BOOST_CHECK(looks_like_jwt(token));
  auto v = verify_service_account_token(token, {key_a()});
  BOOST_REQUIRE_MESSAGE(v.claims, v.why);
  BOOST_CHECK_EQUAL(v.claims->namespace_, "team");
  BOOST_CHECK_EQUAL(v.claims->secret_name, "reader-token-abcde");
  BOOST_CHECK_EQUAL(v.claims->account_name, "reader");
  BOOST_CHECK_EQUAL(v.claims->account_uid, "uid-1");
  // Any configured key may verify (rotation); none of them: refused.
  BOOST_CHECK(verify_service_account_token(token, {key_b(), key_a()}).claims);
  auto other = verify_service_account_token(token, {key_b()});
  BOOST_CHECK(!other.claims);
  BOOST_CHECK_EQUAL(other.why, "no service-account key verifies the signature");
}

BOOST_AUTO_TEST_CASE(tampered_or_malformed_tokens_are_refused_with_a_reason) {
  auto token = sign_service_account_token(key_a(), claims);
  auto dot = token.find('.');
  auto evil = payload_of(claims);
  evil["kubernetes.io/serviceaccount/namespace"] = "kube-system";
  auto swapped =
    token.substr(0, dot + 1) + crypto::base64url(evil.dump()) + token.substr(token.rfind('.'));
  // A character inside the signature (the last one also holds unused bits).
  auto bad_sig = token;
  auto& c = bad_sig[bad_sig.size() - 20];
  c = c == 'A' ? 'B' : 'A';
  auto unsigned_none = crypto::base64url(R"({"alg":"none"})") + "."
                       + crypto::base64url(payload_of(claims).dump()) + ".";
  auto bad_iss = payload_of(claims);
  bad_iss["iss"] = "someone-else";
  auto no_uid = payload_of(claims);
  no_uid.erase("kubernetes.io/serviceaccount/service-account.uid");
  auto wrong_sub = payload_of(claims);
  wrong_sub["sub"] = "system:serviceaccount:kube-system:admin";
  struct row {
    std::string token;
    std::string why;
  };
  const std::vector<row> rows{
    {swapped, "no service-account key verifies the signature"},
    {bad_sig, "no service-account key verifies the signature"},
    {unsigned_none, "the JWT algorithm is not RS256"},
    {forge({{"alg", "HS256"}}, payload_of(claims), key_a()), "the JWT algorithm is not RS256"},
    {forge(rs256, bad_iss, key_a()), "the issuer is not kubernetes/serviceaccount"},
    {forge(rs256, no_uid, key_a()),
     "claim kubernetes.io/serviceaccount/service-account.uid is missing"},
    {forge(rs256, wrong_sub, key_a()), "sub does not name the account of the claims"},
    {"eyJ.e30.x", "the JWT header is not a base64url JSON object"},
    {crypto::base64url(R"({"typ":"JWT"})") + ".e30.sig", "the JWT algorithm is not RS256"},
    {"abcdef.0123456789abcdef", "not a JWT"},
  };
  for (const auto& r : rows) {
    auto v = verify_service_account_token(r.token, {key_a()});
    BOOST_CHECK(!v.claims);
    BOOST_CHECK_EQUAL(v.why, r.why);
  }
}

BOOST_AUTO_TEST_CASE(only_jwt_shaped_tokens_are_taken_for_service_account_tokens) {
  BOOST_CHECK(!looks_like_jwt("Q2hlY2sgb3V0IGNvbnZveSwgdGhlIGNvbnRyb2wgcGxhbmU"));
  BOOST_CHECK(!looks_like_jwt("abcdef.0123456789abcdef"));                // a bootstrap token
  BOOST_CHECK(!looks_like_jwt("eyJhbGciOiJSUzI1NiJ9.e30"));               // two parts
  BOOST_CHECK(!looks_like_jwt("eyJ" + std::string(20000, 'a') + ".b.c")); // too long
  BOOST_CHECK(looks_like_jwt("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));
}

BOOST_AUTO_TEST_CASE(a_valid_token_authenticates_as_its_service_account) {
  auto token = sign_service_account_token(key_a(), claims);
  world w{token};
  service_account_authenticator auth{{key_a()}};
  auto r = auth.authenticate(token, w.lookup());
  BOOST_REQUIRE_MESSAGE(r.user, r.why);
  BOOST_CHECK_EQUAL(r.user->user.name, "system:serviceaccount:team:reader");
  BOOST_CHECK_EQUAL(r.user->uid, "uid-1");
  const std::vector<std::string> groups{"system:serviceaccounts", "system:serviceaccounts:team",
                                        "system:authenticated"};
  BOOST_CHECK_EQUAL_COLLECTIONS(r.user->user.groups.begin(), r.user->user.groups.end(),
                                groups.begin(), groups.end());
  // The signature is verified once; a refused token is not remembered.
  BOOST_CHECK(auth.authenticate(token, w.lookup()).user);
  BOOST_CHECK_EQUAL(auth.remembered(), 1u);
  auto forged = sign_service_account_token(key_b(), claims);
  BOOST_CHECK(!auth.authenticate(forged, w.lookup()).user);
  BOOST_CHECK_EQUAL(auth.remembered(), 1u);
}

// The authenticator remembers the verified signature: revocation must still
// take effect at once, through the lookups.
BOOST_AUTO_TEST_CASE(deleting_or_replacing_the_secret_or_the_account_revokes_the_token) {
  auto token = sign_service_account_token(key_a(), claims);
  service_account_authenticator auth{{key_a()}};
  struct row {
    std::function<void(world&)> change;
    std::string why;
  };
  const std::vector<row> rows{
    {[](world& w) { w.has_secret = false; }, "secret team/reader-token-abcde does not exist"},
    {[](world& w) { (*w.secret.mutable_data())["token"] = "another"; },
     "secret team/reader-token-abcde: it holds another token"},
    {[](world& w) { w.secret.set_type("Opaque"); },
     "secret team/reader-token-abcde: it is not of type kubernetes.io/service-account-token"},
    {[](world& w) { w.secret.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(1); },
     "secret team/reader-token-abcde: it is being deleted"},
    {[](world& w) {
       (*w.secret.mutable_metadata()->mutable_annotations())["kubernetes.io/service-account.name"] =
         "admin";
     },
     "secret team/reader-token-abcde: it belongs to another service account"},
    {[](world& w) { w.has_account = false; },
     "service account system:serviceaccount:team:reader does not exist"},
    {[](world& w) { w.account.mutable_metadata()->set_uid("uid-2"); },
     "service account system:serviceaccount:team:reader was recreated (uid uid-2, token for "
     "uid-1)"},
    {[](world& w) { w.account.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(1); },
     "service account system:serviceaccount:team:reader is being deleted"},
  };
  for (const auto& r : rows) {
    world w{token};
    BOOST_REQUIRE(auth.authenticate(token, w.lookup()).user);
    r.change(w);
    auto result = auth.authenticate(token, w.lookup());
    BOOST_CHECK(!result.user);
    BOOST_CHECK_EQUAL(result.why, r.why);
  }
}

BOOST_AUTO_TEST_CASE(key_files_give_every_key_and_refuse_what_is_not_one) {
  auto both = key_a().private_pem() + "\n" + key_b().private_pem();
  auto keys = rsa_key::all_from_pem(both, "sa.keys");
  BOOST_REQUIRE_EQUAL(keys.size(), 2u);
  auto token = sign_service_account_token(keys[1], claims);
  BOOST_CHECK(verify_service_account_token(token, {key_b()}).claims);
  auto signer = rsa_key::private_from_pem(key_a().private_pem(), "sa.key");
  BOOST_CHECK(
    verify_service_account_token(sign_service_account_token(signer, claims), {key_a()}).claims);
  struct row {
    std::string pem;
    std::string error;
  };
  const std::vector<row> rows{
    {"", "f.pem: no PEM-encoded RSA key found"},
    {"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
     "f.pem: PEM block 1 (CERTIFICATE) is not a key (PRIVATE KEY, RSA PRIVATE KEY or PUBLIC "
     "KEY)"},
    {"-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n",
     "f.pem: PEM block 1 (PUBLIC KEY) does not parse"},
    {"-----BEGIN PRIVATE KEY-----\nAAAA\n", "f.pem: PEM block 1 has no END line"},
  };
  for (const auto& r : rows) {
    try {
      rsa_key::all_from_pem(r.pem, "f.pem");
      BOOST_ERROR("accepted: " + r.pem);
    } catch (const auth_config_error& e) {
      BOOST_CHECK_EQUAL(e.what(), r.error);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
