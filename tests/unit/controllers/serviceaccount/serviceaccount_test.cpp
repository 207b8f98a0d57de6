// The service account controllers' pure core: the default account of each
// active namespace and the token Secret each account references.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>

#include "actors/controllers/serviceaccount/core/default_account.hpp"
#include "actors/controllers/serviceaccount/core/token_secret.hpp"

using namespace convoy;
using namespace convoy::controllers::serviceaccount;

namespace {

api::Namespace ns(const std::string& phase, bool deleting = false) {
  api::Namespace n;
  n.mutable_metadata()->set_name("team");
  n.mutable_status()->set_phase(phase);
  if (deleting)
    n.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(100);
  return n;
}

api::ServiceAccount account(const std::string& uid = "sa-uid") {
  api::ServiceAccount sa;
  sa.mutable_metadata()->set_name("default");
  sa.mutable_metadata()->set_namespace_("team");
  sa.mutable_metadata()->set_uid(uid);
  return sa;
}

bool only_alphabet(const std::string& s) {
  const std::string alphabet = "bcdfghjklmnpqrstvwxz2456789";
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return alphabet.find(c) != std::string::npos; });
}

/// Stands in for the RS256 signer: shows what was signed.
std::string fake_sign(const apiserver::service_account_claims& c) {
  return "signed:" + c.namespace_ + "/" + c.secret_name + "/" + c.account_name + "/"
         + c.account_uid;
}

} // namespace

BOOST_AUTO_TEST_SUITE(default_account_suite)

BOOST_AUTO_TEST_CASE(only_active_namespaces_without_one_get_a_default_account) {
  struct row {
    api::Namespace ns;
    bool exists;
    bool created;
  };
  const std::vector<row> rows{
    {ns("Active"), false, true},
    {ns("Active"), true, false},
    {ns("Terminating"), false, false},
    {ns("Active", true), false, false}, // deleted, phase not yet written
  };
  for (const auto& r : rows) {
    auto sa = missing_default_account(r.ns, r.exists);
    BOOST_CHECK_EQUAL(sa.has_value(), r.created);
    if (sa) {
      BOOST_CHECK_EQUAL(sa->metadata().name(), "default");
      BOOST_CHECK_EQUAL(sa->metadata().namespace_(), "team");
      BOOST_CHECK_EQUAL(sa->kind(), "ServiceAccount");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(token_secret_suite)

BOOST_AUTO_TEST_CASE(a_new_token_is_named_annotated_and_signed_for_account_and_secret) {
  std::mt19937_64 rng{1};
  auto secret = missing_token(account(), {}, rng, fake_sign);
  BOOST_REQUIRE(secret);
  const auto& name = secret->metadata().name();
  BOOST_REQUIRE_EQUAL(name.size(), std::string("default-token-").size() + 5);
  BOOST_CHECK_EQUAL(name.substr(0, 14), "default-token-");
  BOOST_CHECK(only_alphabet(name.substr(14)));
  BOOST_CHECK_EQUAL(secret->metadata().namespace_(), "team");
  BOOST_CHECK_EQUAL(secret->type(), "kubernetes.io/service-account-token");
  BOOST_CHECK_EQUAL(secret->metadata().annotations().at(apiserver::service_account_name_annotation),
                    "default");
  BOOST_CHECK_EQUAL(secret->metadata().annotations().at(apiserver::service_account_uid_annotation),
                    "sa-uid");
  BOOST_CHECK_EQUAL(secret->data().at("token"), "signed:team/" + name + "/default/sa-uid");
  BOOST_CHECK_EQUAL(secret->data().at("namespace"), "team");
  BOOST_CHECK(is_token_for(*secret, account()));
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_name_another_seed_another) {
  std::mt19937_64 a{7}, b{7}, c{8};
  auto x = missing_token(account(), {}, a, fake_sign);
  auto y = missing_token(account(), {}, b, fake_sign);
  auto z = missing_token(account(), {}, c, fake_sign);
  BOOST_CHECK_EQUAL(x->metadata().name(), y->metadata().name());
  BOOST_CHECK_NE(x->metadata().name(), z->metadata().name());
  auto again = missing_token(account(), {}, a, fake_sign); // the generator moved on
  BOOST_CHECK_NE(x->metadata().name(), again->metadata().name());
}

BOOST_AUTO_TEST_CASE(a_token_is_generated_once) {
  std::mt19937_64 rng{1};
  auto sa = account();
  auto secret = *missing_token(sa, {}, rng, fake_sign);
  auto referenced = with_token_reference(sa, secret.metadata().name());
  BOOST_REQUIRE_EQUAL(referenced.secrets_size(), 1);
  BOOST_CHECK_EQUAL(referenced.secrets(0).name(), secret.metadata().name());
  BOOST_CHECK(!missing_token(referenced, {&secret}, rng, fake_sign));
  // Referencing twice does not duplicate.
  BOOST_CHECK_EQUAL(with_token_reference(referenced, secret.metadata().name()).secrets_size(), 1);
}

BOOST_AUTO_TEST_CASE(references_that_are_not_own_tokens_do_not_count) {
  std::mt19937_64 rng{1};
  auto sa = account();
  auto theirs =
    *missing_token(account("old-uid"), {}, rng, fake_sign); // same name, recreated account
  api::Secret opaque = theirs;
  opaque.set_type("Opaque");
  (*opaque.mutable_metadata()->mutable_annotations())[apiserver::service_account_uid_annotation] =
    "sa-uid";
  for (const auto* s : {&theirs, &opaque}) {
    auto referenced = with_token_reference(sa, s->metadata().name());
    BOOST_CHECK(missing_token(referenced, {s}, rng, fake_sign).has_value());
  }
  // A referenced token whose Secret is gone is regenerated too.
  BOOST_CHECK(missing_token(with_token_reference(sa, "default-token-gone1"), {}, rng, fake_sign));
}

BOOST_AUTO_TEST_CASE(the_generated_name_avoids_secrets_that_exist) {
  std::mt19937_64 probe{3};
  const auto first = "default-token-" + random_name_suffix(probe);
  api::Secret taken;
  taken.mutable_metadata()->set_name(first);
  std::mt19937_64 rng{3};
  auto secret = missing_token(account(), {&taken}, rng, fake_sign);
  BOOST_REQUIRE(secret);
  BOOST_CHECK_NE(secret->metadata().name(), first);
}

BOOST_AUTO_TEST_CASE(deleting_accounts_get_no_token) {
  std::mt19937_64 rng{1};
  auto sa = account();
  sa.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(5);
  BOOST_CHECK(!missing_token(sa, {}, rng, fake_sign));
}

BOOST_AUTO_TEST_SUITE_END()
