// The node authorizer under simulation, with the real store and apiserver:
// a kubelet's credential (system:node:NAME) gets the Secrets and
// ConfigMaps of the pods bound to its node, and no others; it may not list
// them; the right ends with the pod.

#include <boost/test/unit_test.hpp>

#include "caf/all.hpp"

#include "api/config.pb.h"
#include "api/pod.pb.h"
#include "controllers_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;

namespace {

api::Secret secret(const std::string& name) {
  api::Secret s;
  s.mutable_metadata()->set_namespace_("default");
  s.mutable_metadata()->set_name(name);
  (*s.mutable_data())["password"] = "hunter2";
  return s;
}

/// A pod on `node` whose container reads Secret db-password and ConfigMap
/// app-config.
api::Pod pod_on(const std::string& node) {
  api::Pod p;
  p.mutable_metadata()->set_namespace_("default");
  p.mutable_metadata()->set_name("web");
  p.mutable_spec()->set_node_name(node);
  auto* c = p.mutable_spec()->add_containers();
  c->set_name("app");
  c->set_image("web");
  auto* env = c->add_env();
  env->set_name("PASSWORD");
  auto* ref = env->mutable_value_from()->mutable_secret_key_ref();
  ref->set_name("db-password");
  ref->set_key("password");
  c->add_env_from()->mutable_config_map_ref()->set_name("app-config");
  return p;
}

/// The status code of getting `resource` default/`name` as node `node`
/// (200 on success).
int get_as(test::controllers_cluster& c, const std::string& node, const std::string& resource,
           const std::string& name) {
  apiserver::GetRequest req;
  req.set_resource(resource);
  req.set_namespace_("default");
  req.set_name(name);
  auto resp = c.call(req, test::apiserver_cluster::node_token(node));
  return api_failed(resp) ? resp.status().code() : 200;
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_authorizer_sim)

BOOST_AUTO_TEST_CASE(a_node_gets_only_what_its_pods_use_while_they_are_bound) {
  test::controllers_cluster c{test::test_seed(120)};
  c.create("secrets", secret("db-password"));
  c.create("secrets", secret("admin-password"));
  api::ConfigMap cm;
  cm.mutable_metadata()->set_namespace_("default");
  cm.mutable_metadata()->set_name("app-config");
  c.create("configmaps", cm);
  BOOST_CHECK_EQUAL(get_as(c, "w1", "secrets", "db-password"), 403); // no pod yet
  c.create("pods", pod_on("w1"));
  c.wait_for([&] { return get_as(c, "w1", "secrets", "db-password") == 200; },
             "the graph to learn the pod");
  BOOST_CHECK_EQUAL(get_as(c, "w1", "configmaps", "app-config"), 200);
  BOOST_CHECK_EQUAL(get_as(c, "w1", "serviceaccounts", "default"), 404); // allowed, absent
  BOOST_CHECK_EQUAL(get_as(c, "w1", "secrets", "admin-password"), 403);
  BOOST_CHECK_EQUAL(get_as(c, "w2", "secrets", "db-password"), 403);
  apiserver::ListRequest list;
  list.set_resource("secrets");
  list.set_namespace_("default");
  auto listed = c.call(list, test::apiserver_cluster::node_token("w1"));
  BOOST_CHECK_EQUAL(listed.status().code(), 403);
  BOOST_TEST(listed.status().message().find("system:node:w1") != std::string::npos,
             listed.status().message());
  // Deleted at once (grace 0): the node loses the right with the pod.
  apiserver::DeleteRequest del;
  del.set_resource("pods");
  del.set_namespace_("default");
  del.set_name("web");
  del.mutable_options()->set_grace_period_seconds(0);
  auto deleted = c.call(del);
  BOOST_REQUIRE_MESSAGE(!api_failed(deleted), deleted.status().message());
  c.wait_for([&] { return get_as(c, "w1", "secrets", "db-password") == 403; },
             "the graph to forget the pod");
}

BOOST_AUTO_TEST_SUITE_END()
