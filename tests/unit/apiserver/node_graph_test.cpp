// The node authorizer's graph: a node may get the Secrets, ConfigMaps and
// ServiceAccounts its bound pods use (and the token Secrets of those
// accounts), no others, and loses them when the pods go.

#include <boost/test/unit_test.hpp>

#include "actors/apiserver/rbac/node_graph.hpp"
#include "actors/apiserver/rbac/pod_references.hpp"

using namespace convoy;
using namespace convoy::apiserver;

namespace {

api::Pod pod(const std::string& name, const std::string& node) {
  api::Pod p;
  p.mutable_metadata()->set_namespace_("team");
  p.mutable_metadata()->set_name(name);
  p.mutable_spec()->set_node_name(node);
  auto* c = p.mutable_spec()->add_containers();
  c->set_name("app");
  auto* env = c->add_env();
  env->set_name("PASSWORD");
  env->mutable_value_from()->mutable_secret_key_ref()->set_name("db-password");
  c->add_env_from()->mutable_config_map_ref()->set_name("app-config");
  return p;
}

api::ServiceAccount account(const std::string& name, std::vector<std::string> secrets) {
  api::ServiceAccount sa;
  sa.mutable_metadata()->set_namespace_("team");
  sa.mutable_metadata()->set_name(name);
  for (const auto& s : secrets)
    sa.add_secrets()->set_name(s);
  return sa;
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_graph_suite)

BOOST_AUTO_TEST_CASE(references_cover_env_volumes_pull_secrets_and_the_account) {
  auto p = pod("web", "w1");
  auto* init = p.mutable_spec()->add_init_containers();
  init->add_env_from()->mutable_secret_ref()->set_name("init-secret");
  auto* v = p.mutable_spec()->add_volumes();
  v->mutable_secret()->set_secret_name("tls");
  auto* projected = p.mutable_spec()->add_volumes()->mutable_projected();
  projected->add_sources()->mutable_config_map()->set_name("projected-cm");
  p.mutable_spec()->add_image_pull_secrets()->set_name("registry");
  auto refs = references_of(p);
  BOOST_TEST(
    (refs.secrets == std::set<std::string>{"db-password", "init-secret", "registry", "tls"}));
  BOOST_TEST((refs.config_maps == std::set<std::string>{"app-config", "projected-cm"}));
  BOOST_TEST(refs.service_account == "default");
  p.mutable_spec()->set_service_account_name("reader");
  BOOST_TEST(references_of(p).service_account == "reader");
}

BOOST_AUTO_TEST_CASE(a_node_reads_what_its_pods_use_and_nothing_else) {
  node_graph g;
  auto web = pod("web", "w1");
  g.set_pod("team/web", &web);
  struct row {
    std::string node, resource, ns, name;
    bool allowed;
  };
  const std::vector<row> rows{
    {"w1", "secrets", "team", "db-password", true},
    {"w1", "configmaps", "team", "app-config", true},
    {"w1", "serviceaccounts", "team", "default", true},
    {"w2", "secrets", "team", "db-password", false},    // another node
    {"w1", "secrets", "other", "db-password", false},   // another namespace
    {"w1", "secrets", "team", "admin-password", false}, // not used by its pods
    {"w1", "configmaps", "team", "db-password", false}, // a Secret's name as a ConfigMap
    {"w1", "pods", "team", "web", false},               // not a graph resource
  };
  for (const auto& r : rows)
    BOOST_TEST(g.may_get(r.node, r.resource, r.ns, r.name) == r.allowed,
               r.node << " " << r.resource << " " << r.ns << "/" << r.name);
}

BOOST_AUTO_TEST_CASE(edges_follow_binding_moves_and_deletion_with_counts) {
  node_graph g;
  auto unbound = pod("web", "");
  g.set_pod("team/web", &unbound);
  BOOST_TEST(!g.may_get("w1", "secrets", "team", "db-password"));
  BOOST_TEST(g.pods() == 0u);
  auto a = pod("web", "w1");
  auto b = pod("web-2", "w1");
  g.set_pod("team/web", &a);
  g.set_pod("team/web-2", &b);
  g.set_pod("team/web", nullptr); // one of two users gone: still used
  BOOST_TEST(g.may_get("w1", "secrets", "team", "db-password"));
  auto moved = pod("web-2", "w2");
  g.set_pod("team/web-2", &moved);
  BOOST_TEST(!g.may_get("w1", "secrets", "team", "db-password"));
  BOOST_TEST(g.may_get("w2", "secrets", "team", "db-password"));
  g.set_pod("team/web-2", nullptr);
  BOOST_TEST(!g.may_get("w2", "configmaps", "team", "app-config"));
  BOOST_TEST(g.pods() == 0u);
}

BOOST_AUTO_TEST_CASE(the_token_secrets_of_a_used_account_are_readable_until_unlisted) {
  node_graph g;
  auto p = pod("web", "w1");
  p.mutable_spec()->set_service_account_name("reader");
  auto listed = account("reader", {"reader-token-abcde"});
  g.set_account("team/reader", &listed);
  BOOST_TEST(!g.may_get("w1", "secrets", "team", "reader-token-abcde")); // no pod yet
  g.set_pod("team/web", &p);
  BOOST_TEST(g.may_get("w1", "serviceaccounts", "team", "reader"));
  BOOST_TEST(g.may_get("w1", "secrets", "team", "reader-token-abcde"));
  BOOST_TEST(!g.may_get("w2", "secrets", "team", "reader-token-abcde"));
  auto other = account("other", {"other-token-xyz"});
  g.set_account("team/other", &other);
  BOOST_TEST(!g.may_get("w1", "secrets", "team", "other-token-xyz")); // not its pods' account
  auto rotated = account("reader", {"reader-token-fghij"});
  g.set_account("team/reader", &rotated);
  BOOST_TEST(!g.may_get("w1", "secrets", "team", "reader-token-abcde"));
  BOOST_TEST(g.may_get("w1", "secrets", "team", "reader-token-fghij"));
  g.set_account("team/reader", nullptr);
  BOOST_TEST(!g.may_get("w1", "secrets", "team", "reader-token-fghij"));
}

BOOST_AUTO_TEST_SUITE_END()
