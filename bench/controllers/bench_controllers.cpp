// convoy_bench_controllers: a ReplicationController scaled from 0 to 10,000
// replicas on 100 nodes. Prints figures; never passes or fails on them.
//
//   convoy_bench_controllers [--quick] [--dir DIR] [--replicas N] [--nodes N]
//
// In this process: a store replica on disk (LMDB, fsync), the apiserver, the
// scheduler, the ReplicationController controller, and one fake kubelet per
// node (tests/support/fake_kubelet.hpp: reports every bound pod Running and
// Ready at once, like a simulated runtime). Measured from the scale update:
// - created: until the controller has created every pod (the RC's
//   status.replicas counts them as its cache sees them);
// - running: until status.readyReplicas reaches the target (scheduled,
//   bound, reported Running and Ready by the kubelets, seen by the
//   controller).
// Anchor: kube-controller-manager talks to the apiserver with client QPS 20
// (burst 30) by default, so it creates at most ~20 pods/s.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"

#include "actors/controllers/replication/replication_controller.hpp"
#include "actors/scheduler/scheduler.hpp"
#include "api/workload.pb.h"
#include "common/api_cluster.hpp"
#include "fake_kubelet.hpp"
#include "runtime/node/system_setup.hpp"

using namespace convoy;
using namespace convoy::bench;
using steady = std::chrono::steady_clock;

namespace {

constexpr double kube_controller_manager_qps = 20;

double seconds_since(steady::time_point t0) {
  return std::chrono::duration<double>(steady::now() - t0).count();
}

template <class Request>
apiserver::ApiResponse call(caf::actor_system& sys, const apiserver_actor& api, Request req) {
  req.mutable_meta()->set_token(token);
  caf::scoped_actor self{sys};
  apiserver::ApiResponse out;
  self->request(api, 30s, std::move(req))
    .receive([&](const apiserver::ApiResponse& r) { out = r; },
             [&](caf::error& err) { out.mutable_status()->set_message(caf::to_string(err)); });
  return out;
}

api::ReplicationController make_rc() {
  api::ReplicationController rc;
  rc.mutable_metadata()->set_name("web");
  rc.mutable_metadata()->set_namespace_("default");
  rc.mutable_spec()->set_replicas(0);
  auto* tmpl = rc.mutable_spec()->mutable_template_();
  (*tmpl->mutable_metadata()->mutable_labels())["app"] = "web";
  auto* c = tmpl->mutable_spec()->add_containers();
  c->set_name("app");
  c->set_image("busybox");
  (*c->mutable_resources()->mutable_requests())["cpu"] = "10m";
  (*c->mutable_resources()->mutable_requests())["memory"] = "16Mi";
  return rc;
}

api::ReplicationControllerStatus rc_status(caf::actor_system& sys, const apiserver_actor& api) {
  apiserver::GetRequest get;
  get.set_resource("replicationcontrollers");
  get.set_namespace_("default");
  get.set_name("web");
  api::ReplicationController rc;
  auto resp = call(sys, api, get);
  resp.object().UnpackTo(&rc);
  return rc.status();
}

int64_t node_count(caf::actor_system& sys, const apiserver_actor& api) {
  apiserver::ListRequest list;
  list.set_resource("nodes");
  api::NodeList nodes;
  auto resp = call(sys, api, list);
  resp.object().UnpackTo(&nodes);
  return nodes.items_size();
}

/// One read-modify-write of the scale subresource; false on a conflict
/// (the controller wrote the status meanwhile).
bool try_scale(caf::actor_system& sys, const apiserver_actor& api, int replicas) {
  apiserver::GetRequest get;
  get.set_resource("replicationcontrollers");
  get.set_namespace_("default");
  get.set_name("web");
  get.set_subresource("scale");
  api::Scale current;
  if (!call(sys, api, get).object().UnpackTo(&current))
    throw std::runtime_error("cannot read the scale of rc/web");
  current.mutable_spec()->set_replicas(replicas);
  apiserver::UpdateRequest up;
  up.set_resource("replicationcontrollers");
  up.set_namespace_("default");
  up.set_name("web");
  up.set_subresource("scale");
  up.mutable_object()->PackFrom(current);
  auto resp = call(sys, api, up);
  if (resp.status().reason() == "Conflict")
    return false;
  if (api_failed(resp))
    throw std::runtime_error("cannot scale rc/web: " + resp.status().message());
  return true;
}

void scale(caf::actor_system& sys, const apiserver_actor& api, int replicas) {
  while (!try_scale(sys, api, replicas))
    continue;
}

/// Stops the actors of a run when it ends, also by an exception.
struct running {
  std::vector<caf::actor> actors;
  ~running() {
    for (auto& a : actors)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }
};

void run(const std::filesystem::path& dir, int nodes, int replicas) {
  caf::actor_system_config cfg;
  configure_system(cfg, system_settings{});
  caf::actor_system sys{cfg};
  api_cluster c{sys, dir};
  running actors;
  for (int i = 0; i < nodes; ++i) {
    test::fake_kubelet_config kc;
    kc.api = c.api;
    kc.token = token;
    kc.node = "node-" + std::to_string(i);
    kc.cpu = "64";
    kc.memory = "256Gi";
    kc.pod_ip_prefix = "10." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ".";
    actors.actors.push_back(sys.spawn(test::fake_kubelet, kc));
  }
  while (node_count(sys, c.api) < nodes)
    std::this_thread::sleep_for(10ms);
  scheduler_config sc;
  sc.api = c.api;
  sc.token = token;
  sc.node_name = "bench";
  sc.leader_elect = false;
  actors.actors.push_back(caf::actor_cast<caf::actor>(spawn_scheduler(sys, sc)));
  controllers::controller_config rcc;
  rcc.api = c.api;
  rcc.token = token;
  rcc.node_name = "bench";
  actors.actors.push_back(
    caf::actor_cast<caf::actor>(controllers::spawn_replication_controller(sys, rcc)));
  apiserver::CreateRequest create;
  create.set_resource("replicationcontrollers");
  create.set_namespace_("default");
  create.mutable_object()->PackFrom(make_rc());
  if (auto resp = call(sys, c.api, create); api_failed(resp))
    throw std::runtime_error("cannot create rc/web: " + resp.status().message());
  auto t0 = steady::now();
  scale(sys, c.api, replicas);
  double created = -1;
  for (;;) {
    auto st = rc_status(sys, c.api);
    if (created < 0 && st.replicas() >= replicas)
      created = seconds_since(t0);
    if (st.ready_replicas() >= replicas)
      break;
    if (seconds_since(t0) > 900)
      throw std::runtime_error("rc/web did not reach " + std::to_string(replicas)
                               + " ready replicas within 15 minutes (ready: "
                               + std::to_string(st.ready_replicas()) + ")");
    std::this_thread::sleep_for(20ms);
  }
  auto all_running = seconds_since(t0);
  std::printf("rc 0 -> %d replicas on %d nodes: all created in %.2f s = %.0f pods/s "
              "(%.1fx kube-controller-manager's 20 QPS); all Running and Ready in %.2f s "
              "= %.0f pods/s\n",
              replicas, nodes, created, replicas / created,
              replicas / created / kube_controller_manager_qps, all_running,
              replicas / all_running);
  std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
  int replicas = 10000;
  int nodes = 100;
  std::filesystem::path dir;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick") {
      replicas = 1000;
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (arg == "--replicas" && i + 1 < argc) {
      replicas = std::atoi(argv[++i]);
    } else if (arg == "--nodes" && i + 1 < argc) {
      nodes = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "convoy_bench_controllers: unknown argument '%s'\n"
                           "usage: convoy_bench_controllers [--quick] [--dir DIR] "
                           "[--replicas N] [--nodes N]\n",
                   arg.c_str());
      return 2;
    }
  }
  if (replicas <= 0 || nodes <= 0 || replicas > nodes * 110) {
    std::fprintf(stderr, "convoy_bench_controllers: need 0 < replicas <= 110 * nodes\n");
    return 2;
  }
  if (dir.empty())
    dir = std::filesystem::temp_directory_path()
          / ("convoy-bench-ctl-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  try {
    run(dir, nodes, replicas);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "convoy_bench_controllers: %s\n", e.what());
    std::filesystem::remove_all(dir);
    return 1;
  }
  std::filesystem::remove_all(dir);
  return 0;
}
