// NodeRestriction admission: a kubelet writes only its own Node, Lease and
// the pods bound to it.

#include <boost/test/unit_test.hpp>

#include <functional>

#include "actors/apiserver/rbac/node_restriction.hpp"
#include "api/coordination.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"

using namespace convoy;
using namespace convoy::apiserver;

namespace {

const user_info kubelet{"system:node:n1", {"system:nodes", "system:authenticated"}};

api::Pod bound_pod(const char* node) {
  api::Pod pod;
  pod.mutable_metadata()->set_name("web");
  pod.mutable_metadata()->set_namespace_("default");
  pod.mutable_spec()->set_node_name(node);
  return pod;
}

api::Pod mirror_pod(const char* node) {
  auto pod = bound_pod(node);
  (*pod.mutable_metadata()->mutable_annotations())["kubernetes.io/config.mirror"] = "hash";
  auto* owner = pod.mutable_metadata()->add_owner_references();
  owner->set_api_version("v1");
  owner->set_kind("Node");
  owner->set_name(node);
  owner->set_uid("node-uid");
  return pod;
}

api::Node node(const char* name) {
  api::Node n;
  n.mutable_metadata()->set_name(name);
  return n;
}

api::Lease lease(const char* name) {
  api::Lease l;
  l.mutable_metadata()->set_name(name);
  l.mutable_metadata()->set_namespace_("kube-node-lease");
  return l;
}

request_attributes req(const char* verb, const char* group, const char* resource, const char* ns,
                       const char* name, const char* sub = "") {
  return request_attributes::resource_call(verb, group, resource, ns, name, sub);
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_restriction_tests)

BOOST_AUTO_TEST_CASE(node_identity_parsing) {
  BOOST_TEST(*node_identity(kubelet) == "n1");
  BOOST_TEST(!node_identity(user_info{"system:node:n1", {}})); // not in system:nodes
  BOOST_TEST(!node_identity(user_info{"alice", {"system:nodes"}}));
  BOOST_TEST(node_identity(user_info{"system:node:", {"system:nodes"}})->empty());
}

BOOST_AUTO_TEST_CASE(decisions) {
  const auto own = bound_pod("n1");
  const auto foreign = bound_pod("n2");
  auto relabelled = own;
  (*relabelled.mutable_metadata()->mutable_labels())["x"] = "y";
  const auto own_node = node("n1");
  const auto other_node = node("n2");
  auto tainted = own_node;
  auto* taint = tainted.mutable_spec()->add_taints();
  taint->set_key("k");
  taint->set_effect("NoSchedule");
  auto restricted = own_node;
  (*restricted.mutable_metadata()->mutable_labels())["node-restriction.kubernetes.io/pool"] = "a";
  auto plain_label = own_node;
  (*plain_label.mutable_metadata()->mutable_labels())["disk"] = "ssd";
  const auto own_lease = lease("n1");
  const auto other_lease = lease("n2");
  const auto own_mirror = mirror_pod("n1");
  auto mirror_elsewhere = mirror_pod("n2");
  auto mirror_with_sa = own_mirror;
  mirror_with_sa.mutable_spec()->set_service_account_name("default");

  struct row {
    const char* name;
    user_info who;
    request_attributes what;
    const google::protobuf::Message* object;
    const google::protobuf::Message* old;
    bool allowed;
    const char* reason;
  };
  const std::vector<row> rows = {
    {"not a node", user_info{"alice", {}}, req("delete", "", "pods", "default", "web"), &foreign,
     nullptr, true, ""},
    {"reads are not admission", kubelet, req("get", "", "pods", "default", "web"), &foreign,
     nullptr, true, ""},
    {"own pod status", kubelet, req("update", "", "pods", "default", "web", "status"), &own, &own,
     true, ""},
    {"foreign pod status", kubelet, req("patch", "", "pods", "default", "web", "status"), &foreign,
     &foreign, false,
     R"(node "n1" can only update pod status for pods with spec.nodeName set to itself)"},
    {"labels through status", kubelet, req("update", "", "pods", "default", "web", "status"),
     &relabelled, &own, false, R"(node "n1" cannot update labels through pod status)"},
    {"delete own pod", kubelet, req("delete", "", "pods", "default", "web"), &own, nullptr, true,
     ""},
    {"delete foreign pod", kubelet, req("delete", "", "pods", "default", "web"), &foreign, nullptr,
     false, R"(node "n1" can only delete pods with spec.nodeName set to itself)"},
    {"create regular pod", kubelet, req("create", "", "pods", "default", ""), &own, nullptr, false,
     R"(pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods)"},
    {"create own mirror pod", kubelet, req("create", "", "pods", "default", ""), &own_mirror,
     nullptr, true, ""},
    {"create mirror pod elsewhere", kubelet, req("create", "", "pods", "default", ""),
     &mirror_elsewhere, nullptr, false,
     R"(node "n1" can only create pods with spec.nodeName set to itself)"},
    {"mirror pod with service account", kubelet, req("create", "", "pods", "default", ""),
     &mirror_with_sa, nullptr, false,
     R"(node "n1" can not create pods that reference a service account)"},
    {"update pod spec", kubelet, req("update", "", "pods", "default", "web"), &own, &own, false,
     R"(unexpected operation "update", node "n1" can only create and delete mirror pods)"},
    {"evict own", kubelet, req("create", "", "pods", "default", "web", "eviction"), &own, nullptr,
     true, ""},
    {"evict foreign", kubelet, req("create", "", "pods", "default", "web", "eviction"), &foreign,
     nullptr, false, "node n1 can only evict pods with spec.nodeName set to itself"},
    {"pod exec", kubelet, req("create", "", "pods", "default", "web", "exec"), &own, nullptr, false,
     R"(unexpected pod subresource "exec", only 'status' and 'eviction' are allowed)"},
    {"register own node", kubelet, req("create", "", "nodes", "", ""), &own_node, nullptr, true,
     ""},
    {"register other node", kubelet, req("create", "", "nodes", "", ""), &other_node, nullptr,
     false, R"(node "n1" is not allowed to modify node "n2")"},
    {"update own node status", kubelet, req("patch", "", "nodes", "", "n1", "status"), &own_node,
     &own_node, true, ""},
    {"update other node", kubelet, req("update", "", "nodes", "", "n2"), &own_node, &own_node,
     false, R"(node "n1" is not allowed to modify node "n2")"},
    {"change own taints", kubelet, req("update", "", "nodes", "", "n1"), &tainted, &own_node,
     false, R"(node "n1" is not allowed to modify taints)"},
    {"set restricted label", kubelet, req("update", "", "nodes", "", "n1"), &restricted,
     &own_node, false,
     R"(node "n1" is not allowed to modify labels: node-restriction.kubernetes.io/pool)"},
    {"register with restricted label", kubelet, req("create", "", "nodes", "", ""), &restricted,
     nullptr, false,
     R"(node "n1" is not allowed to set the following labels: node-restriction.kubernetes.io/pool)"},
    {"set ordinary label", kubelet, req("update", "", "nodes", "", "n1"), &plain_label, &own_node,
     true, ""},
    {"delete own node", kubelet, req("delete", "", "nodes", "", "n1"), &own_node, nullptr, true,
     ""},
    {"renew own lease", kubelet, req("update", "coordination.k8s.io", "leases", "kube-node-lease", "n1"),
     &own_lease, &own_lease, true, ""},
    {"create own lease", kubelet, req("create", "coordination.k8s.io", "leases", "kube-node-lease", ""),
     &own_lease, nullptr, true, ""},
    {"create other lease", kubelet, req("create", "coordination.k8s.io", "leases", "kube-node-lease", ""),
     &other_lease, nullptr, false,
     "can only access node lease with the same name as the requesting node"},
    {"lease elsewhere", kubelet, req("update", "coordination.k8s.io", "leases", "kube-system", "n1"),
     &own_lease, &own_lease, false,
     R"(can only access leases in the "kube-node-lease" system namespace)"},
    {"other resources", kubelet, req("create", "", "events", "default", ""), nullptr, nullptr,
     true, ""},
    {"nameless node user", user_info{"system:node:", {"system:nodes"}},
     req("update", "", "nodes", "", "n1"), &own_node, &own_node, false,
     R"(could not determine node from user "system:node:")"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto d = node_restriction(r.who, r.what, r.object, r.old);
      BOOST_TEST(d.allowed == r.allowed);
      BOOST_TEST(d.reason == r.reason);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
