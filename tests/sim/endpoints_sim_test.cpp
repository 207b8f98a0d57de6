// The endpoints, service account and namespace controllers, each run alone
// (with the ReplicationController controller where pods are needed) against
// the real apiserver, store and scheduler, fake kubelets as the nodes:
// Endpoints follow the selected pods' addresses and readiness, every
// namespace gets a default account with a token, and a deleted namespace is
// emptied and then removed.

#include <boost/test/unit_test.hpp>

#include <set>

#include "caf/all.hpp"

#include "actors/controllers/endpoints/endpoints_controller.hpp"
#include "actors/controllers/namespace/namespace_controller.hpp"
#include "actors/controllers/replication/replication_controller.hpp"
#include "actors/controllers/serviceaccount/serviceaccount_controller.hpp"
#include "api/config.pb.h"
#include "api/service.pb.h"
#include "controllers_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

using spawn_fn = controller_actor (*)(caf::actor_system&, controllers::controller_config);

/// `nodes` kubelets, a scheduler and the given controllers, each alone.
void boot(test::controllers_cluster& c, int nodes, std::initializer_list<spawn_fn> controllers) {
  for (int i = 1; i <= nodes; ++i)
    c.start_kubelet("n" + std::to_string(i));
  c.start_scheduler();
  for (auto spawn : controllers)
    c.run_controller([spawn](caf::actor_system& sys, controllers::controller_config cfg) {
      return spawn(sys, cfg);
    });
}

/// An RC of `replicas` pods app=NAME in `ns` whose container serves port
/// 8080 named "http".
api::ReplicationController web_rc(const std::string& ns, int32_t replicas) {
  auto rc = test::controllers_cluster::rc("web", replicas);
  rc.mutable_metadata()->set_namespace_(ns);
  auto* port = rc.mutable_spec()->mutable_template_()->mutable_spec()->mutable_containers(0)
                 ->add_ports();
  port->set_name("http");
  port->set_container_port(8080);
  port->set_protocol("TCP");
  return rc;
}

/// A Service selecting app=web, port 80 → the container port named "http".
api::Service web_service(const std::string& ns) {
  api::Service svc;
  svc.mutable_metadata()->set_name("web");
  svc.mutable_metadata()->set_namespace_(ns);
  (*svc.mutable_spec()->mutable_selector())["app"] = "web";
  auto* port = svc.mutable_spec()->add_ports();
  port->set_name("web");
  port->set_protocol("TCP");
  port->set_port(80);
  port->mutable_target_port()->set_type(1);
  port->mutable_target_port()->set_str_val("http");
  return svc;
}

api::Namespace namespace_named(const std::string& name) {
  api::Namespace ns;
  ns.mutable_metadata()->set_name(name);
  return ns;
}

/// The items of `resource` in `ns`.
template <class List>
List list_of(test::controllers_cluster& c, const std::string& resource, const std::string& ns) {
  apiserver::ListRequest req;
  req.set_resource(resource);
  req.set_namespace_(ns);
  auto resp = c.call(req);
  List list;
  BOOST_REQUIRE_MESSAGE(!api_failed(resp) && resp.object().UnpackTo(&list),
                        resp.status().message());
  return list;
}

void remove(test::controllers_cluster& c, const std::string& resource, const std::string& ns,
            const std::string& name) {
  apiserver::DeleteRequest del;
  del.set_resource(resource);
  del.set_namespace_(ns);
  del.set_name(name);
  auto resp = c.call(del);
  BOOST_REQUIRE_MESSAGE(!api_failed(resp), resp.status().message());
}

/// Ready and not-ready IPs of an Endpoints object, and its ports.
struct endpoint_view {
  std::set<std::string> ready;
  std::set<std::string> not_ready;
  std::set<int32_t> ports;
};

endpoint_view view_of(const api::Endpoints& ep) {
  endpoint_view v;
  for (const auto& s : ep.subsets()) {
    for (const auto& a : s.addresses())
      v.ready.insert(a.ip());
    for (const auto& a : s.not_ready_addresses())
      v.not_ready.insert(a.ip());
    for (const auto& p : s.ports())
      v.ports.insert(p.port());
  }
  return v;
}

std::optional<endpoint_view> endpoints_of(test::controllers_cluster& c, const std::string& ns,
                                          const std::string& name) {
  auto ep = c.get<api::Endpoints>("endpoints", ns, name);
  if (!ep)
    return std::nullopt;
  return view_of(*ep);
}

/// IPs of the running, not deleted web pods.
std::set<std::string> running_web_ips(test::controllers_cluster& c) {
  std::set<std::string> out;
  for (const auto& [name, p] : c.pods_of("web"))
    if (p.status().phase() == "Running" && !p.metadata().has_deletion_timestamp())
      out.insert(p.status().pod_ip());
  return out;
}

/// Writes the pod's Ready condition False, as a kubelet whose readiness
/// probe fails would.
void make_unready(test::controllers_cluster& c, api::Pod pod) {
  for (auto& cond : *pod.mutable_status()->mutable_conditions())
    if (cond.type() == "Ready" || cond.type() == "ContainersReady")
      cond.set_status("False");
  pod.mutable_metadata()->clear_resource_version();
  apiserver::UpdateRequest up;
  up.set_resource("pods");
  up.set_namespace_(pod.metadata().namespace_());
  up.set_name(pod.metadata().name());
  up.set_subresource("status");
  up.mutable_object()->PackFrom(pod);
  auto resp = c.call(up);
  BOOST_REQUIRE_MESSAGE(!api_failed(resp), resp.status().message());
}

} // namespace

BOOST_AUTO_TEST_SUITE(endpoints_sim)

BOOST_AUTO_TEST_CASE(endpoints_follow_the_selected_pods) {
  test::controllers_cluster c{test::test_seed(101)};
  boot(c, 3,
       {&controllers::spawn_replication_controller, &controllers::spawn_endpoints_controller});
  c.create("replicationcontrollers", web_rc("default", 3));
  c.create("services", web_service("default"));
  c.wait_for([&] { return c.running_of("web") == 3; }, "3 running web pods");
  c.wait_for(
    [&] {
      auto ep = endpoints_of(c, "default", "web");
      return ep && ep->ready == running_web_ips(c) && ep->not_ready.empty();
    },
    "endpoints listing the 3 pods");
  auto ep = endpoints_of(c, "default", "web");
  BOOST_TEST(ep->ready.size() == 3u);
  BOOST_TEST((ep->ports == std::set<int32_t>{8080})); // the named port, resolved

  // A deleted pod leaves; its replacement joins.
  auto pods = c.pods_of("web");
  auto victim = pods.begin()->second;
  remove(c, "pods", "default", victim.metadata().name());
  c.wait_for(
    [&] {
      auto ep = endpoints_of(c, "default", "web");
      return ep && ep->ready.count(victim.status().pod_ip()) == 0 && ep->ready.size() == 3
             && ep->ready == running_web_ips(c);
    },
    "the deleted pod's address gone, the replacement's there");

  // A pod that is not ready moves to notReadyAddresses.
  auto sick = c.pods_of("web").begin()->second;
  make_unready(c, sick);
  c.wait_for(
    [&] {
      auto ep = endpoints_of(c, "default", "web");
      return ep && ep->not_ready == std::set<std::string>{sick.status().pod_ip()}
             && ep->ready.size() == 2 && ep->ready.count(sick.status().pod_ip()) == 0;
    },
    "the unready pod in notReadyAddresses");

  // Deleting the service deletes its Endpoints.
  remove(c, "services", "default", "web");
  c.wait_for([&] { return !endpoints_of(c, "default", "web"); }, "the endpoints deleted");
}

BOOST_AUTO_TEST_CASE(a_deleted_namespace_is_emptied_then_removed) {
  test::controllers_cluster c{test::test_seed(103)};
  boot(c, 2,
       {&controllers::spawn_replication_controller, &controllers::spawn_namespace_controller,
        &test::spawn_service_account_controller});
  c.create("namespaces", namespace_named("team"));
  c.create("replicationcontrollers", web_rc("team", 3));
  c.create("services", web_service("team"));
  api::ConfigMap cm;
  cm.mutable_metadata()->set_name("settings");
  cm.mutable_metadata()->set_namespace_("team");
  (*cm.mutable_data())["mode"] = "fast";
  c.create("configmaps", cm);
  auto running = [&] {
    int n = 0;
    auto pods = list_of<api::PodList>(c, "pods", "team");
    for (const auto& p : pods.items())
      n += p.status().phase() == "Running" ? 1 : 0;
    return n;
  };
  c.wait_for([&] { return running() == 3; }, "3 running pods in team");
  c.wait_for(
    [&] { return c.get<api::ServiceAccount>("serviceaccounts", "team", "default").has_value(); },
    "the default account in team");

  auto before = c.get<api::Namespace>("namespaces", "", "team");
  BOOST_REQUIRE(before);
  auto seen = c.watch("namespaces", "", before->metadata().resource_version());
  remove(c, "namespaces", "", "team");
  c.wait_for([&] { return !c.get<api::Namespace>("namespaces", "", "team"); },
             "namespace team to disappear");
  // On the way: Terminating, with the content that remained in its
  // conditions; then gone.
  bool reported_content = false;
  std::string last;
  for (const auto& ev : seen->events) {
    api::Namespace ns;
    if (!ev.object().UnpackTo(&ns) || ns.metadata().name() != "team")
      continue;
    last = ev.type();
    for (const auto& cond : ns.status().conditions())
      reported_content |= ns.status().phase() == "Terminating"
                          && cond.type() == "NamespaceContentRemaining"
                          && cond.status() == "True"
                          && cond.message().find("pods has 3 resource instances")
                               != std::string::npos;
  }
  BOOST_TEST(reported_content);
  BOOST_TEST(last == "DELETED");
  BOOST_TEST(list_of<api::PodList>(c, "pods", "team").items_size() == 0);
  BOOST_TEST(
    list_of<api::ReplicationControllerList>(c, "replicationcontrollers", "team").items_size()
    == 0);
  BOOST_TEST(list_of<api::ServiceList>(c, "services", "team").items_size() == 0);
  BOOST_TEST(list_of<api::ConfigMapList>(c, "configmaps", "team").items_size() == 0);
  BOOST_TEST(list_of<api::ServiceAccountList>(c, "serviceaccounts", "team").items_size() == 0);
  BOOST_TEST(list_of<api::SecretList>(c, "secrets", "team").items_size() == 0);
  // Nothing comes back (no controller recreates into the gone namespace).
  c.net.run_until([] { return false; }, 5s);
  BOOST_TEST(list_of<api::PodList>(c, "pods", "team").items_size() == 0);
  BOOST_TEST(list_of<api::SecretList>(c, "secrets", "team").items_size() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
