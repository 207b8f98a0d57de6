// The real kubelet on the simulated container runtime, with the real
// apiserver, store, scheduler and controllers under simulation: pods run and
// report status, containers restart with back-off per restartPolicy, pods
// are terminated gracefully and their deletion confirmed, a restarted
// kubelet adopts its containers (no duplicates) and cleans up after pods
// deleted while it was down, logs reach a client through the apiserver, and
// a pod waits for a Secret it reads until it exists.

#include <boost/test/unit_test.hpp>

#include <set>

#include "caf/all.hpp"

#include "actors/controllers/endpoints/endpoints_controller.hpp"
#include "actors/controllers/replication/replication_controller.hpp"
#include "api/event.pb.h"
#include "api/service.pb.h"
#include "kubelet_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

/// A pod bound to `node` with one container "app" and the given env.
api::Pod bound_pod(const std::string& name, const std::string& node,
                   std::map<std::string, std::string> env = {},
                   const std::string& restart_policy = "Always") {
  api::Pod p;
  p.mutable_metadata()->set_name(name);
  p.mutable_metadata()->set_namespace_("default");
  p.mutable_spec()->set_node_name(node);
  p.mutable_spec()->set_restart_policy(restart_policy);
  auto* c = p.mutable_spec()->add_containers();
  c->set_name("app");
  c->set_image("sim");
  c->add_command("serve");
  for (const auto& [k, v] : env) {
    auto* e = c->add_env();
    e->set_name(k);
    e->set_value(v);
  }
  return p;
}

const api::ContainerStatus* app_status(const api::Pod& p) {
  for (const auto& cs : p.status().container_statuses())
    if (cs.name() == "app")
      return &cs;
  return nullptr;
}

void wait_running(test::kubelet_cluster& c, const std::string& name) {
  c.wait_for([&] {
    auto p = c.read_pod("default", name);
    return p && p->status().phase() == "Running";
  }, name + " running");
}

void delete_pod(test::kubelet_cluster& c, const std::string& name, int64_t grace = -1) {
  apiserver::DeleteRequest del;
  del.set_resource("pods");
  del.set_namespace_("default");
  del.set_name(name);
  if (grace >= 0)
    del.mutable_options()->set_grace_period_seconds(grace);
  auto resp = c.call(del);
  BOOST_REQUIRE_MESSAGE(!api_failed(resp), resp.status().message());
}

} // namespace

BOOST_AUTO_TEST_SUITE(kubelet_sim)

BOOST_AUTO_TEST_CASE(registers_its_node_and_runs_a_bound_pod) {
  test::kubelet_cluster c{test::test_seed(101)};
  c.start_real_kubelet("n1");
  c.wait_for([&] {
    auto n = c.get<api::Node>("nodes", "", "n1");
    return n && !n->status().conditions().empty();
  }, "node n1 registered");
  auto node = *c.get<api::Node>("nodes", "", "n1");
  BOOST_TEST(node.status().allocatable().at("cpu") == "4");
  BOOST_TEST(node.status().allocatable().at("pods") == "110");
  c.create_pod(bound_pod("p1", "n1"));
  c.wait_for([&] {
    auto p = c.read_pod("default", "p1");
    return p && p->status().phase() == "Running" && test::kubelet_cluster::is_ready(*p);
  }, "p1 running and ready");
  auto p = *c.read_pod("default", "p1");
  BOOST_TEST(p.status().pod_ip().rfind("10.0.1.", 0) == 0);
  BOOST_TEST(p.status().host_ip() == "192.168.0.1");
  const auto* cs = app_status(p);
  BOOST_REQUIRE(cs != nullptr);
  BOOST_TEST(cs->state().has_running());
  BOOST_TEST(cs->restart_count() == 0);
  BOOST_TEST(c.containers_of("n1", p.metadata().uid()).size() == 1u);
  auto lease = c.get<api::Lease>("leases", "kube-node-lease", "n1");
  BOOST_REQUIRE(lease.has_value());
  BOOST_TEST(lease->spec().holder_identity() == "n1");
}

BOOST_AUTO_TEST_CASE(a_pod_waits_for_a_secret_created_after_it_then_starts) {
  test::kubelet_cluster c{test::test_seed(108)};
  c.start_real_kubelet("n1");
  auto pod = bound_pod("p1", "n1");
  auto* env = pod.mutable_spec()->mutable_containers(0)->add_env();
  env->set_name("PASSWORD");
  auto* ref = env->mutable_value_from()->mutable_secret_key_ref();
  ref->set_name("late");
  ref->set_key("password");
  c.create_pod(pod);
  // The kubelet gets the Secret by name (the node authorizer allows it: a
  // pod bound to n1 uses it); it does not exist yet.
  c.wait_for(
    [&] {
      auto p = c.read_pod("default", "p1");
      const auto* cs = p ? app_status(*p) : nullptr;
      return cs && cs->state().waiting().reason() == "CreateContainerConfigError";
    },
    "p1 waiting for its secret");
  api::Secret late;
  late.mutable_metadata()->set_namespace_("default");
  late.mutable_metadata()->set_name("late");
  (*late.mutable_data())["password"] = "hunter2";
  c.create("secrets", late);
  wait_running(c, "p1");
}

BOOST_AUTO_TEST_CASE(a_crashing_container_restarts_with_back_off) {
  test::kubelet_cluster c{test::test_seed(102)};
  c.start_real_kubelet("n1");
  c.create_pod(bound_pod("crash", "n1", {{"SIM_RUN_SECONDS", "1"}, {"SIM_EXIT_CODE", "3"}}));
  c.wait_for([&] {
    auto p = c.read_pod("default", "crash");
    return p && app_status(*p) && app_status(*p)->restart_count() >= 1;
  }, "first restart");
  auto first = c.net.now();
  // Back-off: the second restart comes at least 10 s after the first exit,
  // and meanwhile the container waits in CrashLoopBackOff.
  bool saw_backoff = false;
  c.wait_for([&] {
    auto p = c.read_pod("default", "crash");
    const auto* cs = p ? app_status(*p) : nullptr;
    saw_backoff = saw_backoff
                  || (cs && cs->state().has_waiting()
                      && cs->state().waiting().reason() == "CrashLoopBackOff");
    return cs && cs->restart_count() >= 2;
  }, "second restart");
  BOOST_TEST(saw_backoff);
  BOOST_TEST((c.net.now() - first >= 9s));
  // The kubelet said so in Events: each start, and the back-off.
  std::set<std::string> reasons;
  apiserver::ListRequest events;
  events.set_resource("events");
  events.set_namespace_("default");
  events.set_field_selector("involvedObject.name=crash");
  api::EventList list;
  auto resp = c.call(events);
  BOOST_REQUIRE(!api_failed(resp) && resp.object().UnpackTo(&list));
  for (const auto& ev : list.items())
    reasons.insert(ev.reason());
  BOOST_TEST(reasons.count("Started") == 1u);
  BOOST_TEST(reasons.count("BackOff") == 1u);
  auto p = *c.read_pod("default", "crash");
  const auto* cs = app_status(p);
  BOOST_TEST(cs->last_state().terminated().exit_code() == 3);
  BOOST_TEST(p.status().phase() == "Running");
}

BOOST_AUTO_TEST_CASE(restart_policy_never_completes_the_pod) {
  test::kubelet_cluster c{test::test_seed(103)};
  c.start_real_kubelet("n1");
  c.create_pod(bound_pod("ok", "n1", {{"SIM_RUN_SECONDS", "2"}}, "Never"));
  c.create_pod(bound_pod("bad", "n1", {{"SIM_RUN_SECONDS", "2"}, {"SIM_EXIT_CODE", "1"}},
                         "Never"));
  c.wait_for([&] {
    auto ok = c.read_pod("default", "ok");
    auto bad = c.read_pod("default", "bad");
    return ok && bad && ok->status().phase() == "Succeeded"
           && bad->status().phase() == "Failed";
  }, "ok Succeeded and bad Failed");
  auto bad = *c.read_pod("default", "bad");
  BOOST_TEST(app_status(bad)->restart_count() == 0);
  BOOST_TEST(app_status(bad)->state().terminated().exit_code() == 1);
}

BOOST_AUTO_TEST_CASE(a_deleted_pod_is_stopped_and_its_deletion_confirmed) {
  test::kubelet_cluster c{test::test_seed(104)};
  c.start_real_kubelet("n1");
  c.create_pod(bound_pod("p1", "n1"));
  wait_running(c, "p1");
  auto uid = c.read_pod("default", "p1")->metadata().uid();
  delete_pod(c, "p1");
  c.wait_for([&] { return !c.read_pod("default", "p1").has_value(); }, "p1 gone");
  BOOST_TEST(c.containers_of("n1", uid).empty());
}

BOOST_AUTO_TEST_CASE(a_restarted_kubelet_adopts_its_containers_and_cleans_up) {
  test::kubelet_cluster c{test::test_seed(105)};
  c.start_real_kubelet("n1");
  c.create_pod(bound_pod("keep", "n1"));
  c.create_pod(bound_pod("gone", "n1"));
  c.wait_for([&] {
    auto a = c.read_pod("default", "keep");
    auto b = c.read_pod("default", "gone");
    return a && b && a->status().phase() == "Running" && b->status().phase() == "Running";
  }, "both running");
  auto keep = *c.read_pod("default", "keep");
  auto gone_uid = c.read_pod("default", "gone")->metadata().uid();
  auto keep_id = c.containers_of("n1", keep.metadata().uid()).at(0).id;
  c.crash_kubelet("n1");
  delete_pod(c, "gone", 0); // force-deleted while the kubelet is down
  c.start_real_kubelet("n1");
  c.wait_for([&] { return c.containers_of("n1", gone_uid).empty(); },
             "containers of the deleted pod cleaned up");
  c.net.run_until([] { return false; }, 5s);
  auto kept = c.containers_of("n1", keep.metadata().uid());
  BOOST_REQUIRE_EQUAL(kept.size(), 1u);
  BOOST_TEST(kept[0].id == keep_id);
  auto after = *c.read_pod("default", "keep");
  BOOST_TEST(after.status().pod_ip() == keep.status().pod_ip());
  BOOST_TEST(app_status(after)->restart_count() == 0);
}

BOOST_AUTO_TEST_CASE(logs_reach_a_client_through_the_apiserver) {
  test::kubelet_cluster c{test::test_seed(106)};
  c.start_real_kubelet("n1");
  c.create_pod(bound_pod("p1", "n1"));
  wait_running(c, "p1");
  apiserver::PodLogRequest req;
  req.mutable_meta()->set_token(c.admin_token);
  req.set_namespace_("default");
  req.set_name("p1");
  auto answer = std::make_shared<std::optional<apiserver::PodLogResponse>>();
  auto to = c.api;
  c.client_host->system().spawn([=](caf::event_based_actor* self) {
    self->request(to, std::chrono::seconds{30}, req, caf::actor{})
      .then([=](const apiserver::PodLogResponse& r) { *answer = r; });
  });
  c.net.run_until([&] { return answer->has_value(); }, 30s);
  BOOST_REQUIRE(answer->has_value());
  BOOST_TEST(!(*answer)->has_status(), (*answer)->status().message());
  BOOST_TEST((*answer)->data().find("started app attempt 0") != std::string::npos);
  // A viewer without access to pods/log is refused.
  req.mutable_meta()->set_token(c.viewer_token);
  answer->reset();
  c.client_host->system().spawn([=](caf::event_based_actor* self) {
    self->request(to, std::chrono::seconds{30}, req, caf::actor{})
      .then([=](const apiserver::PodLogResponse& r) { *answer = r; });
  });
  c.net.run_until([&] { return answer->has_value(); }, 30s);
  BOOST_REQUIRE(answer->has_value());
  BOOST_TEST((*answer)->status().reason() == "Forbidden");
}

BOOST_AUTO_TEST_CASE(an_rc_runs_on_real_kubelets_and_endpoints_follow) {
  test::kubelet_cluster c{test::test_seed(107)};
  for (auto n : {"n1", "n2", "n3"})
    c.start_real_kubelet(n);
  c.start_scheduler();
  c.run_controller([](caf::actor_system& sys, controllers::controller_config cfg) {
    return spawn_replication_controller(sys, cfg);
  });
  c.run_controller([](caf::actor_system& sys, controllers::controller_config cfg) {
    return spawn_endpoints_controller(sys, cfg);
  });
  api::Service svc;
  svc.mutable_metadata()->set_name("web");
  svc.mutable_metadata()->set_namespace_("default");
  (*svc.mutable_spec()->mutable_selector())["app"] = "web";
  auto* port = svc.mutable_spec()->add_ports();
  port->set_port(80);
  port->mutable_target_port()->set_int_val(8080);
  c.create("services", svc);
  c.create("replicationcontrollers", test::controllers_cluster::rc("web", 6));
  std::set<std::string> ips;
  c.wait_for([&] {
    ips.clear();
    for (const auto& [name, p] : c.pods_of("web"))
      if (p.status().phase() == "Running" && test::kubelet_cluster::is_ready(p))
        ips.insert(p.status().pod_ip());
    return ips.size() == 6;
  }, "6 web pods running");
  std::set<std::string> nodes;
  for (const auto& [name, p] : c.pods_of("web"))
    nodes.insert(p.spec().node_name());
  BOOST_TEST(nodes.size() == 3u);
  c.wait_for([&] {
    auto ep = c.get<api::Endpoints>("endpoints", "default", "web");
    if (!ep || ep->subsets().empty())
      return false;
    std::set<std::string> listed;
    for (const auto& a : ep->subsets(0).addresses())
      listed.insert(a.ip());
    return listed == ips;
  }, "endpoints list the 6 pod IPs");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(kubelet_scale_sim)

// The scale check: a thousand kubelets on the simulated runtime
// register, and a thousand pods (an RC placed by the scheduler) all run.
BOOST_AUTO_TEST_CASE(a_thousand_kubelets_run_their_pods) {
  constexpr int nodes = 1000;
  test::kubelet_cluster c{test::test_seed(108)};
  for (int i = 1; i <= nodes; ++i)
    c.start_real_kubelet("n" + std::to_string(i), [](kubelet::kubelet_config& cfg) {
      cfg.node_status_update_frequency = std::chrono::seconds{60};
    });
  c.wait_for([&] {
    apiserver::ListRequest req;
    req.set_resource("nodes");
    api::NodeList list;
    auto resp = c.call(req);
    return !api_failed(resp) && resp.object().UnpackTo(&list) && list.items_size() == nodes;
  }, "all nodes registered");
  c.start_scheduler();
  c.run_controller([](caf::actor_system& sys, controllers::controller_config cfg) {
    return spawn_replication_controller(sys, cfg);
  });
  c.create("replicationcontrollers", test::controllers_cluster::rc("big", nodes));
  size_t running = 0;
  std::set<std::string> used;
  c.wait_for([&] {
    apiserver::ListRequest req;
    req.set_resource("pods");
    req.set_namespace_("default");
    req.set_field_selector("status.phase=Running");
    api::PodList list;
    auto resp = c.call(req);
    if (api_failed(resp) || !resp.object().UnpackTo(&list))
      return false;
    running = static_cast<size_t>(list.items_size());
    used.clear();
    for (const auto& p : list.items())
      used.insert(p.spec().node_name());
    return running == nodes;
  }, "1000 pods running");
  BOOST_TEST(running == static_cast<size_t>(nodes));
  BOOST_TEST(used.size() > static_cast<size_t>(nodes / 2)); // spread, not piled up
}

BOOST_AUTO_TEST_SUITE_END()
