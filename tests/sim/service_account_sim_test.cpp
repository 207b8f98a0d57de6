// Service accounts under simulation, with the real store, apiserver and
// service account controller: every namespace gets a default account and
// every account a token Secret holding an RS256 JWT; the apiserver
// authenticates that token as system:serviceaccount:NS:NAME, RBAC decides
// what it may do, and deleting the Secret revokes it.

#include <boost/test/unit_test.hpp>

#include "caf/all.hpp"

#include "actors/apiserver/auth/service_account_authenticator.hpp"
#include "actors/apiserver/auth/service_account_token.hpp"
#include "api/config.pb.h"
#include "api/rbac.pb.h"
#include "controllers_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

/// A cluster whose apiserver verifies tokens with the controller's key,
/// running the service account controller.
struct sa_cluster : test::controllers_cluster {
  explicit sa_cluster(uint64_t seed)
      : controllers_cluster(seed, [](apiserver_config& cfg) {
        cfg.service_accounts = std::make_shared<apiserver::service_account_authenticator>(
          std::vector<apiserver::rsa_key>{*test::service_account_key()});
      }) {
    run_controller(&test::spawn_service_account_controller);
  }

  /// The token of account `ns/name` once the controller made it (the
  /// Secret it referenced last, other than `not_secret`).
  std::string token_of(const std::string& ns, const std::string& name,
                       const std::string& not_secret = {}) {
    std::optional<api::Secret> secret;
    wait_for(
      [&] {
        auto sa = get<api::ServiceAccount>("serviceaccounts", ns, name);
        if (!sa || sa->secrets_size() == 0)
          return false;
        const auto& last = sa->secrets(sa->secrets_size() - 1).name();
        secret = last == not_secret ? std::nullopt : get<api::Secret>("secrets", ns, last);
        return secret.has_value();
      },
      "a token secret for " + ns + "/" + name);
    return secret->data().at("token");
  }

  /// Lists pods of `ns` as the holder of `token`: 200, or the error's code.
  int list_pods(const std::string& ns, const std::string& token) {
    apiserver::ListRequest req;
    req.set_resource("pods");
    req.set_namespace_(ns);
    auto resp = call(req, token);
    return api_failed(resp) ? resp.status().code() : 200;
  }
};

api::Namespace namespace_named(const std::string& name) {
  api::Namespace n;
  n.mutable_metadata()->set_name(name);
  return n;
}

api::ServiceAccount account(const std::string& ns, const std::string& name) {
  api::ServiceAccount sa;
  sa.mutable_metadata()->set_namespace_(ns);
  sa.mutable_metadata()->set_name(name);
  return sa;
}

/// Role pod-reader (get, list pods) in `ns`, bound to account `ns/name`.
void grant_pod_reading(sa_cluster& c, const std::string& ns, const std::string& name) {
  api::Role role;
  role.mutable_metadata()->set_namespace_(ns);
  role.mutable_metadata()->set_name("pod-reader");
  auto* rule = role.add_rules();
  rule->add_api_groups("");
  rule->add_resources("pods");
  rule->add_verbs("get");
  rule->add_verbs("list");
  c.create("roles", role);
  api::RoleBinding binding;
  binding.mutable_metadata()->set_namespace_(ns);
  binding.mutable_metadata()->set_name("read-pods");
  auto* subject = binding.add_subjects();
  subject->set_kind("ServiceAccount");
  subject->set_name(name);
  subject->set_namespace_(ns);
  binding.mutable_role_ref()->set_api_group("rbac.authorization.k8s.io");
  binding.mutable_role_ref()->set_kind("Role");
  binding.mutable_role_ref()->set_name("pod-reader");
  c.create("rolebindings", binding);
}

} // namespace

BOOST_AUTO_TEST_SUITE(service_account_sim)

BOOST_AUTO_TEST_CASE(every_account_gets_one_signed_token_that_names_it) {
  sa_cluster c{test::test_seed(110)};
  c.create("namespaces", namespace_named("team"));
  c.create("serviceaccounts", account("team", "reader"));
  auto token = c.token_of("team", "reader");
  auto claims = apiserver::verify_service_account_token(token, {*test::service_account_key()});
  BOOST_REQUIRE_MESSAGE(claims.claims, claims.why);
  auto sa = c.get<api::ServiceAccount>("serviceaccounts", "team", "reader");
  BOOST_CHECK_EQUAL(claims.claims->namespace_, "team");
  BOOST_CHECK_EQUAL(claims.claims->account_name, "reader");
  BOOST_CHECK_EQUAL(claims.claims->account_uid, sa->metadata().uid());
  BOOST_CHECK_EQUAL(claims.claims->secret_name, sa->secrets(0).name());
  // The default accounts get theirs too; settled, nothing was written twice.
  c.token_of("team", "default");
  c.token_of("default", "default");
  c.net.run_until([] { return false; }, 5s);
  apiserver::ListRequest secrets;
  secrets.set_resource("secrets");
  secrets.set_namespace_("team");
  api::SecretList list;
  BOOST_REQUIRE(c.call(secrets).object().UnpackTo(&list));
  BOOST_CHECK_EQUAL(list.items_size(), 2); // reader's and default's
}

BOOST_AUTO_TEST_CASE(a_token_is_its_account_for_rbac_until_its_secret_is_deleted) {
  sa_cluster c{test::test_seed(111)};
  c.create("namespaces", namespace_named("team"));
  c.create("serviceaccounts", account("team", "reader"));
  auto token = c.token_of("team", "reader");
  // Authenticated (not 401) but not authorized: deny by default.
  BOOST_CHECK_EQUAL(c.list_pods("team", token), 403);
  grant_pod_reading(c, "team", "reader");
  c.wait_for([&] { return c.list_pods("team", token) == 200; }, "the binding to apply");
  BOOST_CHECK_EQUAL(c.list_pods("default", token), 403); // a Role binds one namespace
  // The same claims signed by another key are not a token.
  apiserver::verified_token v =
    apiserver::verify_service_account_token(token, {*test::service_account_key()});
  auto forged = apiserver::sign_service_account_token(apiserver::rsa_key::generate(), *v.claims);
  BOOST_CHECK_EQUAL(c.list_pods("team", forged), 401);
  // Deleting the Secret revokes the token; the controller makes a new one.
  auto sa = c.get<api::ServiceAccount>("serviceaccounts", "team", "reader");
  apiserver::DeleteRequest del;
  del.set_resource("secrets");
  del.set_namespace_("team");
  del.set_name(sa->secrets(0).name());
  auto deleted = c.call(del);
  BOOST_REQUIRE_MESSAGE(!api_failed(deleted), deleted.status().message());
  c.wait_for([&] { return c.list_pods("team", token) == 401; }, "the old token to be revoked");
  auto fresh = c.token_of("team", "reader", sa->secrets(0).name());
  BOOST_CHECK_NE(fresh, token);
  c.wait_for([&] { return c.list_pods("team", fresh) == 200; }, "the new token to work");
}

BOOST_AUTO_TEST_SUITE_END()
