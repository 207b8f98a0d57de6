// Joining workers against the real apiserver and store under simulation: a
// bootstrap token (a Secret) is exchanged for a node credential, which acts
// as system:node:NAME (its own Node only); revoked, expired or rotated
// credentials are refused; a bootstrapper can do nothing else.

#include <boost/test/unit_test.hpp>

#include "caf/all.hpp"

#include "actors/apiserver/auth/bootstrap_token.hpp"
#include "api/config.pb.h"
#include "api/node.pb.h"
#include "apiserver_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

const apiserver::bootstrap_token join_token{"abc123", "0123456789abcdef"};

struct join_cluster : test::apiserver_cluster {
  explicit join_cluster(uint64_t seed) : apiserver_cluster(seed) {
  }

  /// Creates the token's Secret as admin; lets the apiserver's watch see it.
  void add_token(const apiserver::bootstrap_token& t, std::optional<int64_t> expires) {
    apiserver::CreateRequest req;
    req.set_resource("secrets");
    req.set_namespace_("kube-system");
    req.mutable_object()->PackFrom(apiserver::make_bootstrap_token_secret(t, expires, "sim"));
    auto resp = call(req);
    BOOST_REQUIRE_MESSAGE(!api_failed(resp), resp.status().message());
    net.run();
  }

  void delete_secret(const std::string& name) {
    apiserver::DeleteRequest req;
    req.set_resource("secrets");
    req.set_namespace_("kube-system");
    req.set_name(name);
    auto resp = call(req);
    BOOST_REQUIRE_MESSAGE(!api_failed(resp), resp.status().message());
    net.run();
  }

  apiserver::NodeCredentialResponse exchange(const std::string& token, const std::string& node) {
    apiserver::NodeCredentialRequest req;
    req.mutable_meta()->set_token(token);
    req.set_node_name(node);
    auto answer = ask<apiserver::NodeCredentialResponse>(*client_host, api, req);
    BOOST_REQUIRE_MESSAGE(answer && *answer, "no answer to NodeCredentialRequest");
    net.run();
    return **answer;
  }

  int create_node(const std::string& name, const std::string& token) {
    api::Node node;
    node.mutable_metadata()->set_name(name);
    apiserver::CreateRequest req;
    req.set_resource("nodes");
    req.mutable_object()->PackFrom(node);
    return code_of(call(req, token));
  }

  static int code_of(const apiserver::ApiResponse& resp) {
    return api_failed(resp) ? resp.status().code() : 200;
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(join_sim)

BOOST_AUTO_TEST_CASE(token_exchange_gives_a_node_confined_credential) {
  join_cluster c{test::test_seed(171)};
  c.add_token(join_token, std::nullopt);
  auto resp = c.exchange(join_token.str(), "w1");
  BOOST_REQUIRE_MESSAGE(resp.status().code() < 400 && !resp.token().empty(),
                        resp.status().message());
  const auto node_token = resp.token();
  BOOST_TEST(c.create_node("w1", node_token) == 200);
  // NodeRestriction: not another node's object.
  BOOST_TEST(c.create_node("w2", node_token) == 403);
  // It may update its own Node.
  apiserver::GetRequest get;
  get.set_resource("nodes");
  get.set_name("w1");
  auto got = c.call(get, node_token);
  api::Node node;
  BOOST_REQUIRE(got.object().UnpackTo(&node));
  (*node.mutable_metadata()->mutable_labels())["joined"] = "yes";
  apiserver::UpdateRequest update;
  update.set_resource("nodes");
  update.set_name("w1");
  update.mutable_object()->PackFrom(node);
  BOOST_TEST(join_cluster::code_of(c.call(update, node_token)) == 200);
  // The proxy's reads work with the node credential.
  for (auto resource : {"services", "endpoints", "nodes"}) {
    apiserver::ListRequest list;
    list.set_resource(resource);
    BOOST_TEST(join_cluster::code_of(c.call(list, node_token)) == 200, resource);
  }
  // The store holds the digest only.
  apiserver::GetRequest secret;
  secret.set_resource("secrets");
  secret.set_namespace_("kube-system");
  secret.set_name("node-credential-w1");
  api::Secret stored;
  BOOST_REQUIRE(c.call(secret).object().UnpackTo(&stored));
  BOOST_TEST(stored.type() == "convoy.io/node-credential");
  for (const auto& [key, value] : stored.data())
    BOOST_TEST(value.find(node_token) == std::string::npos, key);
}

BOOST_AUTO_TEST_CASE(bootstrapper_can_do_nothing_else) {
  join_cluster c{test::test_seed(172)};
  c.add_token(join_token, std::nullopt);
  apiserver::ListRequest list;
  list.set_resource("secrets");
  list.set_namespace_("kube-system");
  BOOST_TEST(join_cluster::code_of(c.call(list, join_token.str())) == 403);
  BOOST_TEST(c.create_node("w1", join_token.str()) == 403);
  // Only bootstrappers may ask for a node credential.
  BOOST_TEST(c.exchange(test::apiserver_cluster::viewer_token, "w1").status().code() == 403);
  BOOST_TEST(c.exchange(test::apiserver_cluster::node_token("w1"), "w1").status().code() == 403);
  BOOST_TEST(c.exchange(join_token.str(), "Not_A_Name").status().code() == 400);
}

BOOST_AUTO_TEST_CASE(revoked_expired_and_wrong_tokens_are_refused) {
  join_cluster c{test::test_seed(173)};
  c.add_token(join_token, std::nullopt);
  BOOST_TEST(c.exchange("abc123.0123456789abcdee", "w1").status().code() == 401);
  c.delete_secret("bootstrap-token-abc123");
  BOOST_TEST(c.exchange(join_token.str(), "w1").status().code() == 401);
  const apiserver::bootstrap_token old{"old456", "0123456789abcdef"};
  c.add_token(old, 978307200); // 2001-01-01: long expired
  BOOST_TEST(c.exchange(old.str(), "w1").status().code() == 401);
}

BOOST_AUTO_TEST_CASE(rejoin_rotates_and_deleting_the_secret_revokes) {
  join_cluster c{test::test_seed(174)};
  c.add_token(join_token, std::nullopt);
  auto first = c.exchange(join_token.str(), "w1").token();
  BOOST_REQUIRE(!first.empty());
  BOOST_TEST(c.create_node("w1", first) == 200);
  auto second = c.exchange(join_token.str(), "w1").token();
  BOOST_REQUIRE(!second.empty());
  BOOST_TEST(second != first);
  apiserver::GetRequest get;
  get.set_resource("nodes");
  get.set_name("w1");
  BOOST_TEST(join_cluster::code_of(c.call(get, first)) == 401);
  BOOST_TEST(join_cluster::code_of(c.call(get, second)) == 200);
  // Revoking the join token leaves the node credential working.
  c.delete_secret("bootstrap-token-abc123");
  BOOST_TEST(join_cluster::code_of(c.call(get, second)) == 200);
  c.delete_secret("node-credential-w1");
  BOOST_TEST(join_cluster::code_of(c.call(get, second)) == 401);
}

BOOST_AUTO_TEST_SUITE_END()
