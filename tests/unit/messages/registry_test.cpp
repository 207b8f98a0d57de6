// The resource registry (names, scopes, store keys, subresources, message
// types of every kind convoy serves) and a JSON -> message -> JSON round trip
// through the codec for a realistic object of every kind.
#include "messages/codec/resource_registry.hpp"

#include <boost/test/unit_test.hpp>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "messages/codec/codec.hpp"

namespace codec = convoy::codec;
using codec::resource_registry;

namespace {

const resource_registry& reg() {
  return resource_registry::builtin();
}

/// JSON text with object keys sorted and scalars tagged by quotedness, so
/// two documents compare equal iff they are the same JSON value.
void canonical(const YAML::Node& n, std::string& out) {
  if (n.IsMap()) {
    // Sort indices: assigning a YAML::Node (as std::sort would) writes
    // through to the node it refers to.
    std::vector<std::string> keys;
    std::vector<YAML::Node> values;
    for (auto it = n.begin(); it != n.end(); ++it) {
      keys.push_back(it->first.Scalar());
      values.emplace_back(it->second);
    }
    std::vector<size_t> order(keys.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return keys[x] < keys[y]; });
    out += '{';
    for (size_t i : order) {
      out += keys[i] + ':';
      canonical(values[i], out);
      out += ',';
    }
    out += '}';
  } else if (n.IsSequence()) {
    out += '[';
    for (const auto& item : n) {
      canonical(item, out);
      out += ',';
    }
    out += ']';
  } else if (n.IsNull()) {
    out += "null";
  } else {
    out += n.Tag() == "!" ? "s:" : "p:";
    out += n.Scalar();
  }
}

std::string canonical(const std::string& json) {
  std::string out;
  canonical(YAML::Load(json), out);
  return out;
}

struct sample {
  const char* kind;
  const char* json;
};

// One realistic object per kind, written as Kubernetes serialises them
// (canonical quantities, RFC 3339 times, no zero-valued omitempty fields).
const std::vector<sample> samples = {
  {"Pod", R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":"web-1","namespace":"default",
    "uid":"0b6f","resourceVersion":"42","creationTimestamp":"2026-01-01T00:00:00Z",
    "labels":{"app":"web","tier":"front"},"ownerReferences":[{"apiVersion":"v1",
    "kind":"ReplicationController","name":"web","uid":"u1","controller":true}]},
    "spec":{"volumes":[{"name":"cfg","configMap":{"name":"web","defaultMode":420}},
    {"name":"tmp","emptyDir":{}}],"containers":[{"name":"web","image":"nginx:1.25",
    "command":["nginx","-g","daemon off;"],"ports":[{"name":"http","containerPort":80,
    "protocol":"TCP"}],"env":[{"name":"MODE","value":"prod"},{"name":"POD_IP","valueFrom":
    {"fieldRef":{"apiVersion":"v1","fieldPath":"status.podIP"}}}],"resources":{"limits":
    {"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m","memory":"64Mi"}},
    "volumeMounts":[{"name":"cfg","readOnly":true,"mountPath":"/etc/web"}],
    "livenessProbe":{"httpGet":{"path":"/healthz","port":80},"periodSeconds":10},
    "readinessProbe":{"tcpSocket":{"port":"http"}},"imagePullPolicy":"IfNotPresent"}],
    "restartPolicy":"Always","terminationGracePeriodSeconds":30,"nodeSelector":
    {"disk":"ssd"},"nodeName":"node-1","tolerations":[{"key":"node.kubernetes.io/not-ready",
    "operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]},
    "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True",
    "lastTransitionTime":"2026-01-01T00:00:05Z"}],"hostIP":"10.0.0.1","podIP":"10.1.0.5",
    "podIPs":[{"ip":"10.1.0.5"}],"startTime":"2026-01-01T00:00:01Z","containerStatuses":
    [{"name":"web","state":{"running":{"startedAt":"2026-01-01T00:00:03Z"}},"ready":true,
    "restartCount":0,"image":"nginx:1.25","imageID":"sha256:ab","containerID":"proc://9",
    "started":true}],"qosClass":"Burstable"}})"},
  {"Node", R"({"kind":"Node","apiVersion":"v1","metadata":{"name":"node-1","labels":
    {"kubernetes.io/hostname":"node-1"}},"spec":{"podCIDR":"10.1.0.0/24","taints":[{"key":
    "node.kubernetes.io/unreachable","effect":"NoExecute","timeAdded":"2026-01-01T00:01:00Z"}]},
    "status":{"capacity":{"cpu":"4","memory":"8Gi","pods":"110"},"allocatable":{"cpu":"3800m",
    "memory":"7Gi","pods":"110"},"conditions":[{"type":"Ready","status":"False",
    "lastHeartbeatTime":"2026-01-01T00:00:40Z","lastTransitionTime":"2026-01-01T00:00:40Z",
    "reason":"KubeletNotReady","message":"no heartbeat"}],"addresses":[{"type":"InternalIP",
    "address":"10.0.0.1"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":10250}},"nodeInfo":
    {"machineID":"m","systemUUID":"s","bootID":"b","kernelVersion":"6.1","osImage":"Debian 12",
    "containerRuntimeVersion":"process://1","kubeletVersion":"v1.32.0","kubeProxyVersion":
    "v1.32.0","operatingSystem":"linux","architecture":"amd64"}}})"},
  {"Service", R"({"kind":"Service","apiVersion":"v1","metadata":{"name":"db","namespace":"shop"},
    "spec":{"ports":[{"name":"pg","protocol":"TCP","port":5432,"targetPort":"pg"},{"name":"m",
    "port":9187,"targetPort":9187,"nodePort":30187}],"selector":{"app":"db"},"clusterIP":
    "10.96.0.10","clusterIPs":["10.96.0.10"],"type":"NodePort","sessionAffinity":"None",
    "ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster"},
    "status":{"loadBalancer":{}}})"},
  {"Endpoints", R"({"kind":"Endpoints","apiVersion":"v1","metadata":{"name":"db","namespace":"shop"},
    "subsets":[{"addresses":[{"ip":"10.1.0.7","nodeName":"node-2","targetRef":{"kind":"Pod",
    "namespace":"shop","name":"db-0","uid":"u7"}}],"notReadyAddresses":[{"ip":"10.1.0.8"}],
    "ports":[{"name":"pg","port":5432,"protocol":"TCP"}]}]})"},
  {"ReplicationController", R"({"kind":"ReplicationController","apiVersion":"v1","metadata":
    {"name":"web","namespace":"default","generation":3},"spec":{"replicas":0,"selector":
    {"app":"web"},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":
    [{"name":"web","image":"nginx"}]}}},"status":{"replicas":0,"observedGeneration":3}})"},
  {"ReplicaSet", R"({"kind":"ReplicaSet","apiVersion":"apps/v1","metadata":{"name":"web-5d8",
    "namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"},
    "matchExpressions":[{"key":"tier","operator":"In","values":["front","edge"]}]},"template":
    {"metadata":{"labels":{"app":"web","tier":"front"}},"spec":{"containers":[{"name":"web",
    "image":"nginx"}]}}},"status":{"replicas":2,"readyReplicas":1,"availableReplicas":1}})"},
  {"Deployment", R"({"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web",
    "namespace":"default"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
    "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web",
    "image":"nginx"}]}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":
    "25%","maxSurge":1}},"revisionHistoryLimit":10,"progressDeadlineSeconds":600},"status":
    {"observedGeneration":1,"replicas":3,"updatedReplicas":3,"conditions":[{"type":"Available",
    "status":"True","lastUpdateTime":"2026-01-01T00:00:00.123Z","lastTransitionTime":
    "2026-01-01T00:00:00Z","reason":"MinimumReplicasAvailable"}]}})"},
  {"ConfigMap", R"({"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"web",
    "namespace":"default"},"data":{"index.html":"<h1>hi</h1>\n","port":"80"},"binaryData":
    {"logo.png":"iVBORw0KGgo="},"immutable":false})"},
  {"Secret", R"({"kind":"Secret","apiVersion":"v1","metadata":{"name":"db","namespace":"shop"},
    "data":{"password":"czNjcjN0","empty":""},"type":"Opaque"})"},
  {"ServiceAccount", R"({"kind":"ServiceAccount","apiVersion":"v1","metadata":{"name":"default",
    "namespace":"shop"},"secrets":[{"name":"default-token"}],"imagePullSecrets":[{"name":"reg"}],
    "automountServiceAccountToken":false})"},
  {"Namespace", R"({"kind":"Namespace","apiVersion":"v1","metadata":{"name":"shop","labels":
    {"kubernetes.io/metadata.name":"shop"}},"spec":{"finalizers":["kubernetes"]},"status":
    {"phase":"Active"}})"},
  {"Event", R"({"kind":"Event","apiVersion":"v1","metadata":{"name":"web-1.17f","namespace":
    "default"},"involvedObject":{"kind":"Pod","namespace":"default","name":"web-1","uid":"0b6f",
    "apiVersion":"v1","fieldPath":"spec.containers{web}"},"reason":"Pulled","message":
    "Container image \"nginx\" already present","source":{"component":"kubelet","host":"node-1"},
    "firstTimestamp":"2026-01-01T00:00:02Z","lastTimestamp":"2026-01-01T00:00:02Z","count":1,
    "type":"Normal","eventTime":"2026-01-01T00:00:02.000123Z","reportingComponent":"kubelet",
    "reportingInstance":"node-1"})"},
  {"Lease", R"({"kind":"Lease","apiVersion":"coordination.k8s.io/v1","metadata":{"name":"node-1",
    "namespace":"kube-node-lease"},"spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,
    "renewTime":"2026-01-01T00:00:10.500000Z","leaseTransitions":0}})"},
  {"Role", R"({"kind":"Role","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":
    "reader","namespace":"default"},"rules":[{"verbs":["get","list","watch"],"apiGroups":[""],
    "resources":["pods","pods/log"]}]})"},
  {"ClusterRole", R"({"kind":"ClusterRole","apiVersion":"rbac.authorization.k8s.io/v1",
    "metadata":{"name":"admin"},"rules":[{"verbs":["*"],"apiGroups":["*"],"resources":["*"]},
    {"verbs":["get"],"nonResourceURLs":["/healthz"]}],"aggregationRule":{"clusterRoleSelectors":
    [{"matchLabels":{"rbac.example.com/aggregate-to-admin":"true"}}]}})"},
  {"RoleBinding", R"({"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1",
    "metadata":{"name":"read-pods","namespace":"default"},"subjects":[{"kind":"User",
    "apiGroup":"rbac.authorization.k8s.io","name":"jane"},{"kind":"ServiceAccount","name":
    "default","namespace":"default"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io",
    "kind":"Role","name":"reader"}})"},
  {"ClusterRoleBinding", R"({"kind":"ClusterRoleBinding","apiVersion":
    "rbac.authorization.k8s.io/v1","metadata":{"name":"admins"},"subjects":[{"kind":"Group",
    "apiGroup":"rbac.authorization.k8s.io","name":"system:masters"}],"roleRef":{"apiGroup":
    "rbac.authorization.k8s.io","kind":"ClusterRole","name":"admin"}})"},
};

} // namespace

BOOST_AUTO_TEST_SUITE(resource_registry_tests)

BOOST_AUTO_TEST_CASE(lookup_by_every_name_case_insensitively) {
  struct row {
    const char* name;
    const char* kind; // nullptr: not found
  };
  const std::vector<row> rows = {
    {"po", "Pod"}, {"pod", "Pod"}, {"pods", "Pod"}, {"Pod", "Pod"}, {"PODS", "Pod"},
    {"no", "Node"}, {"nodes", "Node"}, {"svc", "Service"}, {"services", "Service"},
    {"ep", "Endpoints"}, {"endpoints", "Endpoints"}, {"rc", "ReplicationController"},
    {"replicationcontrollers", "ReplicationController"},
    {"ReplicationController", "ReplicationController"}, {"rs", "ReplicaSet"},
    {"deploy", "Deployment"}, {"deployment", "Deployment"}, {"cm", "ConfigMap"},
    {"secret", "Secret"}, {"sa", "ServiceAccount"}, {"ns", "Namespace"}, {"ev", "Event"},
    {"lease", "Lease"}, {"roles", "Role"}, {"clusterrole", "ClusterRole"},
    {"rolebindings", "RoleBinding"}, {"ClusterRoleBinding", "ClusterRoleBinding"},
    {"deployments.apps", "Deployment"}, {"deploy.v1.apps", "Deployment"},
    {"leases.coordination.k8s.io", "Lease"}, {"pods.v1", "Pod"},
    {"deployments.extensions", nullptr}, {"pod.apps", nullptr}, {"jobs", nullptr},
    {"", nullptr}, {"p", nullptr}, {"podss", nullptr},
  };
  for (const auto& r : rows) {
    const auto* found = reg().find(r.name);
    BOOST_TEST_CONTEXT("name " << r.name) {
      if (r.kind == nullptr) {
        BOOST_TEST(found == nullptr);
      } else {
        BOOST_TEST_REQUIRE(found != nullptr);
        BOOST_TEST(found->kind == r.kind);
      }
    }
  }
  // The narrow lookups only match their own kind of name.
  BOOST_TEST(reg().by_short_name("po")->kind == "Pod");
  BOOST_TEST(reg().by_short_name("pods") == nullptr);
  BOOST_TEST(reg().by_resource("Pods")->kind == "Pod");
  BOOST_TEST(reg().by_resource("po") == nullptr);
  BOOST_TEST(reg().by_kind("pod")->resource == "pods");
  BOOST_TEST(reg().by_kind("pods") == nullptr);
}

BOOST_AUTO_TEST_CASE(every_resource_is_complete_and_consistent) {
  BOOST_TEST(reg().resources().size() == 17u);
  for (const auto& r : reg().resources()) {
    BOOST_TEST_CONTEXT("resource " << r.resource) {
      BOOST_TEST_REQUIRE(r.type != nullptr);
      BOOST_TEST(r.type->name() == r.kind);
      BOOST_TEST(r.list_kind() == std::string{r.kind} + "List");
      BOOST_TEST(r.singular == [&] {
        std::string s{r.kind};
        for (auto& c : s)
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
      }());
      BOOST_TEST(r.store_prefix.substr(0, 10) == "/registry/");
      BOOST_TEST(r.store_prefix.back() == '/');
      BOOST_TEST(r.make()->GetDescriptor() == r.type);
      BOOST_TEST(r.make_list()->GetDescriptor() == r.list_type);
      BOOST_TEST(reg().find(r.resource) == &r);
      BOOST_TEST(reg().make(r.kind)->GetDescriptor() == r.type);
      BOOST_TEST(reg().make(r.list_kind())->GetDescriptor() == r.list_type);
      BOOST_TEST(!r.verbs.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(scopes_groups_and_store_keys_follow_kubernetes) {
  struct row {
    const char* resource;
    const char* api_version;
    bool namespaced;
    const char* key; // of ns "shop", name "x"
    const char* all; // prefix of every namespace
  };
  const std::vector<row> rows = {
    {"pods", "v1", true, "/registry/pods/shop/x", "/registry/pods/"},
    {"nodes", "v1", false, "/registry/minions/x", "/registry/minions/"},
    {"services", "v1", true, "/registry/services/specs/shop/x", "/registry/services/specs/"},
    {"endpoints", "v1", true, "/registry/services/endpoints/shop/x",
     "/registry/services/endpoints/"},
    {"replicationcontrollers", "v1", true, "/registry/controllers/shop/x", "/registry/controllers/"},
    {"replicasets", "apps/v1", true, "/registry/replicasets/shop/x", "/registry/replicasets/"},
    {"deployments", "apps/v1", true, "/registry/deployments/shop/x", "/registry/deployments/"},
    {"configmaps", "v1", true, "/registry/configmaps/shop/x", "/registry/configmaps/"},
    {"secrets", "v1", true, "/registry/secrets/shop/x", "/registry/secrets/"},
    {"serviceaccounts", "v1", true, "/registry/serviceaccounts/shop/x",
     "/registry/serviceaccounts/"},
    {"namespaces", "v1", false, "/registry/namespaces/x", "/registry/namespaces/"},
    {"leases", "coordination.k8s.io/v1", true, "/registry/leases/shop/x", "/registry/leases/"},
    {"events", "v1", true, "/registry/events/shop/x", "/registry/events/"},
    {"roles", "rbac.authorization.k8s.io/v1", true, "/registry/roles/shop/x", "/registry/roles/"},
    {"clusterroles", "rbac.authorization.k8s.io/v1", false, "/registry/clusterroles/x",
     "/registry/clusterroles/"},
    {"rolebindings", "rbac.authorization.k8s.io/v1", true, "/registry/rolebindings/shop/x",
     "/registry/rolebindings/"},
    {"clusterrolebindings", "rbac.authorization.k8s.io/v1", false,
     "/registry/clusterrolebindings/x", "/registry/clusterrolebindings/"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("resource " << r.resource) {
      const auto* info = reg().by_resource(r.resource);
      BOOST_TEST_REQUIRE(info != nullptr);
      BOOST_TEST(info->api_version() == r.api_version);
      BOOST_TEST(info->namespaced == r.namespaced);
      auto key = reg().key(r.resource, "shop", "x");
      BOOST_TEST_REQUIRE(key.ok());
      BOOST_TEST(key.value() == r.key);
      BOOST_TEST(reg().prefix(r.resource).value() == r.all);
      std::string one_ns = r.namespaced ? std::string{r.all} + "shop/" : r.all;
      BOOST_TEST(reg().prefix(r.resource, "shop").value() == one_ns);
    }
  }
}

BOOST_AUTO_TEST_CASE(checked_keys_report_what_is_missing) {
  BOOST_TEST(reg().key("pods", "", "x").error().message == "a namespace is required for pods");
  BOOST_TEST(reg().key("po", "default", "").error().message == "a name is required for pods");
  BOOST_TEST(reg().key("widgets", "default", "x").error().message == "unknown resource \"widgets\"");
  BOOST_TEST(reg().key("no", "", "n1").value() == "/registry/minions/n1");
  BOOST_TEST(reg().key("nodes", "ignored", "n1").value() == "/registry/minions/n1");
  BOOST_TEST(!reg().prefix("widgets").ok());
}

BOOST_AUTO_TEST_CASE(subresources_categories_and_verbs) {
  const auto* pods = reg().by_resource("pods");
  for (const char* name : {"binding", "status", "eviction", "log", "exec"})
    BOOST_TEST(pods->subresource(name) != nullptr, "pods/" << name);
  BOOST_TEST(pods->subresource("scale") == nullptr);
  BOOST_TEST(pods->subresource("binding")->kind == "Binding");
  BOOST_TEST(pods->subresource("eviction")->group == "policy");
  for (const char* resource : {"replicationcontrollers", "replicasets", "deployments"}) {
    const auto* scale = reg().by_resource(resource)->subresource("scale");
    BOOST_TEST_REQUIRE(scale != nullptr);
    BOOST_TEST(scale->group == "autoscaling");
    BOOST_TEST(scale->version == "v1");
    BOOST_TEST(scale->kind == "Scale");
    BOOST_TEST(reg().by_resource(resource)->subresource("status") != nullptr);
  }
  std::vector<std::string> all;
  for (const auto& r : reg().resources())
    if (std::find(r.categories.begin(), r.categories.end(), "all") != r.categories.end())
      all.emplace_back(r.resource);
  std::sort(all.begin(), all.end());
  BOOST_TEST(all == (std::vector<std::string>{"deployments", "pods", "replicasets",
                                               "replicationcontrollers", "services"}),
             boost::test_tools::per_element());
  auto has = [](const codec::resource_info* r, std::string_view verb) {
    return std::find(r->verbs.begin(), r->verbs.end(), verb) != r->verbs.end();
  };
  BOOST_TEST(has(pods, "watch"));
  BOOST_TEST(has(pods, "deletecollection"));
  BOOST_TEST(!has(reg().by_resource("namespaces"), "deletecollection"));
}

BOOST_AUTO_TEST_CASE(resolve_manifest_api_version_and_kind) {
  BOOST_TEST(reg().resolve("apps/v1", "Deployment").value()->resource == "deployments");
  BOOST_TEST(reg().resolve("v1", "Pod").value()->resource == "pods");
  BOOST_TEST(reg().resolve("rbac.authorization.k8s.io/v1", "ClusterRole").ok());
  BOOST_TEST(reg().resolve("v1", "Deployment").error().message
             == "no matches for kind \"Deployment\" in version \"v1\"");
  BOOST_TEST(!reg().resolve("v1", "pod").ok()); // kinds are exact in manifests
  BOOST_TEST(!reg().resolve("apps/v2", "ReplicaSet").ok());
  BOOST_TEST(!reg().resolve("v1", "Widget").ok());
  // Non-resource kinds the codec also encodes.
  for (const char* kind : {"Scale", "Binding", "Eviction", "Status", "DeleteOptions", "PodList"})
    BOOST_TEST((reg().make(kind) != nullptr), kind);
  BOOST_TEST(reg().make("Scale")->GetDescriptor()->full_name() == "convoy.api.Scale");
  BOOST_TEST((reg().make("Widget") == nullptr));
}

BOOST_AUTO_TEST_CASE(json_round_trip_for_every_kind) {
  std::vector<std::string> covered;
  for (const auto& s : samples) {
    BOOST_TEST_CONTEXT("kind " << s.kind) {
      auto msg = reg().make(s.kind);
      BOOST_TEST_REQUIRE(static_cast<bool>(msg));
      auto st = codec::from_json(s.json, *msg);
      BOOST_TEST_REQUIRE(st.ok(), (st.ok() ? "" : st.error().to_string()));
      auto json = codec::to_json(*msg);
      BOOST_TEST(canonical(json) == canonical(s.json));
      // And through YAML and pretty JSON: same message back.
      auto again = reg().make(s.kind);
      BOOST_TEST_REQUIRE(codec::from_yaml(codec::to_yaml(*msg), *again).ok());
      BOOST_TEST(codec::to_json(*again) == json);
      BOOST_TEST_REQUIRE(codec::from_json(codec::to_json(*msg, true), *again).ok());
      BOOST_TEST(codec::to_json(*again) == json);
      covered.emplace_back(s.kind);
    }
  }
  for (const auto& r : reg().resources())
    BOOST_TEST((std::find(covered.begin(), covered.end(), r.kind) != covered.end()), r.kind);
}

BOOST_AUTO_TEST_SUITE_END()
