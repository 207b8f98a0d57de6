// Bootstrap tokens (format, generation, Secrets) and the decisions of the
// join authenticator: which Secrets make a token or node credential valid.

#include <boost/test/unit_test.hpp>

#include <random>
#include <set>

#include "actors/apiserver/auth/bootstrap_token.hpp"
#include "actors/apiserver/auth/cluster_tokens.hpp"
#include "actors/apiserver/auth/join_authenticator.hpp"
#include "actors/apiserver/auth/random_source.hpp"

using namespace convoy;
using namespace convoy::apiserver;

namespace {

/// Deterministic bytes (a seeded generator), so generated tokens replay.
class counter_random final : public random_source {
public:
  void fill(unsigned char* out, size_t n) override {
    for (size_t i = 0; i < n; ++i)
      out[i] = static_cast<unsigned char>(rng_() & 0xff);
  }

private:
  std::mt19937_64 rng_{171};
};

constexpr int64_t now = 1'700'000'000;
const bootstrap_token good{"abcdef", "0123456789abcdef"};

api::Secret token_secret() {
  return make_bootstrap_token_secret(good, now + 3600, "for tests");
}

} // namespace

BOOST_AUTO_TEST_SUITE(bootstrap_token_format)

BOOST_AUTO_TEST_CASE(parse_accepts_only_the_exact_shape) {
  struct row {
    const char* text;
    bool valid;
  };
  const row rows[] = {
    {"abcdef.0123456789abcdef", true},  {"a1b2c3.zzzzzzzzzzzzzzzz", true},
    {"ABCDEF.0123456789abcdef", false}, {"abcde.0123456789abcdef", false},
    {"abcdef.0123456789abcde", false},  {"abcdef:0123456789abcdef", false},
    {"abcdef.0123456789abcdef0", false}, {"abcdef.0123456789abcd-f", false},
    {"", false},                        {".", false},
  };
  for (const auto& r : rows) {
    auto parsed = parse_bootstrap_token(r.text);
    BOOST_TEST(parsed.has_value() == r.valid, r.text);
    if (parsed)
      BOOST_TEST(parsed->str() == r.text);
  }
}

BOOST_AUTO_TEST_CASE(generated_tokens_parse_and_differ) {
  counter_random random;
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto t = generate_bootstrap_token(random);
    BOOST_TEST(parse_bootstrap_token(t.str()).has_value(), t.str());
    seen.insert(t.str());
  }
  BOOST_TEST(seen.size() == 50u);
}

BOOST_AUTO_TEST_CASE(secret_has_the_kubernetes_fields) {
  auto s = token_secret();
  BOOST_TEST(s.metadata().name() == "bootstrap-token-abcdef");
  BOOST_TEST(s.metadata().namespace_() == "kube-system");
  BOOST_TEST(s.type() == "bootstrap.kubernetes.io/token");
  BOOST_TEST(s.data().at("token-id") == "abcdef");
  BOOST_TEST(s.data().at("token-secret") == "0123456789abcdef");
  BOOST_TEST(s.data().at("usage-bootstrap-authentication") == "true");
  BOOST_TEST(s.data().at("description") == "for tests");
  BOOST_TEST(parse_rfc3339(s.data().at("expiration")).value_or(0) == now + 3600);
  BOOST_TEST(make_bootstrap_token_secret(good, std::nullopt, "").data().count("expiration") == 0u);
}

BOOST_AUTO_TEST_CASE(rfc3339_round_trips_and_rejects_garbage) {
  BOOST_TEST(format_rfc3339(0) == "1970-01-01T00:00:00Z");
  BOOST_TEST(parse_rfc3339("2023-11-14T22:13:20Z").value_or(0) == now);
  BOOST_TEST(parse_rfc3339("2023-11-14T23:13:20+01:00").value_or(0) == now);
  BOOST_TEST(!parse_rfc3339("tomorrow").has_value());
  BOOST_TEST(!parse_rfc3339("").has_value());
}

BOOST_AUTO_TEST_CASE(hex_digest_round_trips) {
  auto d = crypto::sha256("x");
  BOOST_TEST((digest_from_hex(to_hex(d)) == d));
  BOOST_TEST(!digest_from_hex(to_hex(d).substr(2)).has_value());
  BOOST_TEST(!digest_from_hex(std::string(64, 'g')).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(join_authenticator_decisions)

BOOST_AUTO_TEST_CASE(bootstrap_token_decisions) {
  struct row {
    const char* what;
    std::function<void(api::Secret&)> change;
    std::string token;
    int64_t at;
    bool ok;
  };
  auto data = [](const char* key, const char* value) {
    return [=](api::Secret& s) { (*s.mutable_data())[key] = value; };
  };
  const std::vector<row> rows = {
    {"valid", {}, good.str(), now, true},
    {"wrong secret", {}, "abcdef.0123456789abcdee", now, false},
    {"unknown id", {}, "abcdeg.0123456789abcdef", now, false},
    {"expired", {}, good.str(), now + 3600, false},
    {"just before expiry", {}, good.str(), now + 3599, true},
    {"no expiration", [](api::Secret& s) { s.mutable_data()->erase("expiration"); },
     good.str(), now + 999999, true},
    {"bad expiration", data("expiration", "soon"), good.str(), now, false},
    {"wrong usage", data("usage-bootstrap-authentication", "false"), good.str(), now, false},
    {"usage missing",
     [](api::Secret& s) { s.mutable_data()->erase("usage-bootstrap-authentication"); },
     good.str(), now, false},
    {"wrong type", [](api::Secret& s) { s.set_type("Opaque"); }, good.str(), now, false},
    {"id mismatch", data("token-id", "zzzzzz"), good.str(), now, false},
    {"other namespace", [](api::Secret& s) { s.mutable_metadata()->set_namespace_("default"); },
     good.str(), now, false},
  };
  for (const auto& r : rows) {
    auto s = token_secret();
    if (r.change)
      r.change(s);
    join_authenticator auth;
    auth.upsert(s);
    auto user = auth.authenticate(r.token, r.at);
    BOOST_TEST(user.has_value() == r.ok, r.what);
    if (user && r.ok) {
      BOOST_TEST(user->user.name == "system:bootstrap:abcdef");
      BOOST_TEST((user->user.groups
                  == std::vector<std::string>{"system:bootstrappers", "system:authenticated"}));
    }
  }
}

BOOST_AUTO_TEST_CASE(revocation_and_demotion_take_effect_at_once) {
  join_authenticator auth;
  auth.upsert(token_secret());
  BOOST_TEST(auth.authenticate(good.str(), now).has_value());
  auto demoted = token_secret();
  demoted.set_type("Opaque");
  auth.upsert(demoted);
  BOOST_TEST(!auth.authenticate(good.str(), now).has_value());
  auth.upsert(token_secret());
  auth.remove("kube-system", "bootstrap-token-abcdef");
  BOOST_TEST(!auth.authenticate(good.str(), now).has_value());
  BOOST_TEST(auth.bootstrap_tokens() == 0u);
}

BOOST_AUTO_TEST_CASE(node_credential_digest_check) {
  counter_random random;
  auto token = generate_bearer_token(random);
  auto other = generate_bearer_token(random);
  join_authenticator auth;
  auth.upsert(make_node_credential_secret("worker-1", crypto::sha256(token)));
  auto user = auth.authenticate(token, now);
  BOOST_REQUIRE(user.has_value());
  BOOST_TEST(user->user.name == "system:node:worker-1");
  BOOST_TEST((user->user.groups == std::vector<std::string>{"system:nodes", "system:authenticated"}));
  BOOST_TEST(!auth.authenticate(other, now).has_value());
  BOOST_TEST(!auth.authenticate("", now).has_value());
  // A re-join rotates: the old token stops working, the new one works.
  auth.upsert(make_node_credential_secret("worker-1", crypto::sha256(other)));
  BOOST_TEST(!auth.authenticate(token, now).has_value());
  BOOST_TEST(auth.authenticate(other, now).has_value());
  BOOST_TEST(auth.node_credentials() == 1u);
  // Deleting the Secret revokes.
  auth.remove("kube-system", "node-credential-worker-1");
  BOOST_TEST(!auth.authenticate(other, now).has_value());
}

BOOST_AUTO_TEST_CASE(malformed_node_credentials_are_ignored) {
  auto digest = crypto::sha256("t");
  struct row {
    const char* what;
    std::function<void(api::Secret&)> change;
  };
  const std::vector<row> rows = {
    {"wrong type", [](api::Secret& s) { s.set_type("Opaque"); }},
    {"node name mismatch", [](api::Secret& s) { (*s.mutable_data())["node-name"] = "other"; }},
    {"short digest", [](api::Secret& s) { (*s.mutable_data())["token-sha256"] = "abcd"; }},
    {"other namespace", [](api::Secret& s) { s.mutable_metadata()->set_namespace_("default"); }},
  };
  for (const auto& r : rows) {
    auto s = make_node_credential_secret("worker-1", digest);
    r.change(s);
    join_authenticator auth;
    auth.upsert(s);
    BOOST_TEST(!auth.authenticate("t", now).has_value(), r.what);
  }
}

BOOST_AUTO_TEST_SUITE_END()
