#pragma once

// The scheduler against the real apiserver and a 3-replica store under
// simulation: helpers to add nodes and pods and to wait for the cluster to
// reach a state.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/scheduler/scheduler.hpp"
#include "api/event.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "apiserver_cluster.hpp"

namespace convoy::test {

struct scheduler_cluster : apiserver_cluster {
  explicit scheduler_cluster(uint64_t seed, configure_fn configure = {})
      : apiserver_cluster(seed, std::move(configure)) {}

  /// Starts a scheduler on the client host (it reaches the apiserver over
  /// the simulated network) and waits until it listed pods and nodes.
  scheduler_actor start_scheduler() {
    scheduler_config cfg;
    cfg.api = api;
    cfg.token = scheduler_token;
    cfg.node_name = "c";
    cfg.seed = net.seed() + started_++;
    scheduler = client_host->track(spawn_scheduler(client_host->system(), cfg));
    wait_for([&] { return status().synced(); }, "the scheduler to sync");
    return scheduler;
  }

  /// Kills `which` (default: the last started) as a crash would.
  void stop_scheduler(std::optional<scheduler_actor> which = std::nullopt) {
    caf::anon_send_exit(which ? *which : scheduler, caf::exit_reason::kill);
    net.run();
  }

  scheduler::SchedulerStatus status(std::optional<scheduler_actor> which = std::nullopt) {
    auto answer = ask<scheduler::SchedulerStatus>(*client_host, which ? *which : scheduler,
                                                  scheduler::SchedulerStatusRequest{});
    BOOST_REQUIRE(answer && *answer);
    return **answer;
  }

  /// A node with `cpu` and `memory` allocatable, labels and taints.
  api::Node node(const std::string& name, const std::string& cpu, const std::string& memory,
                 const std::map<std::string, std::string>& labels = {}) {
    api::Node n;
    n.mutable_metadata()->set_name(name);
    (*n.mutable_metadata()->mutable_labels())["kubernetes.io/hostname"] = name;
    for (const auto& [k, v] : labels)
      (*n.mutable_metadata()->mutable_labels())[k] = v;
    auto& alloc = *n.mutable_status()->mutable_allocatable();
    alloc["cpu"] = cpu;
    alloc["memory"] = memory;
    alloc["pods"] = "110";
    *n.mutable_status()->mutable_capacity() = alloc;
    return n;
  }

  void create_node(const api::Node& n) {
    apiserver::CreateRequest req;
    req.set_resource("nodes");
    req.mutable_object()->PackFrom(n);
    auto resp = call(req);
    BOOST_REQUIRE_MESSAGE(resp.status().code() == 0, resp.status().message());
  }

  void delete_node(const std::string& name) {
    apiserver::DeleteRequest req;
    req.set_resource("nodes");
    req.set_name(name);
    auto resp = call(req);
    BOOST_REQUIRE_MESSAGE(resp.status().code() == 0, resp.status().message());
  }

  /// A pod with one container requesting `cpu` (and 64Mi).
  api::Pod pod(const std::string& name, const std::string& cpu) {
    api::Pod p;
    p.mutable_metadata()->set_name(name);
    p.mutable_metadata()->set_namespace_("default");
    auto* c = p.mutable_spec()->add_containers();
    c->set_name("app");
    c->set_image("busybox");
    (*c->mutable_resources()->mutable_requests())["cpu"] = cpu;
    (*c->mutable_resources()->mutable_requests())["memory"] = "64Mi";
    return p;
  }

  void create_pod(const api::Pod& p) {
    apiserver::CreateRequest req;
    req.set_resource("pods");
    req.set_namespace_("default");
    req.mutable_object()->PackFrom(p);
    auto resp = call(req);
    BOOST_REQUIRE_MESSAGE(resp.status().code() == 0, resp.status().message());
  }

  /// Name -> pod, as the store has them now.
  std::map<std::string, api::Pod> pods() {
    apiserver::ListRequest req;
    req.set_resource("pods");
    req.set_namespace_("default");
    auto resp = call(req);
    api::PodList list;
    BOOST_REQUIRE(resp.status().code() == 0 && resp.object().UnpackTo(&list));
    std::map<std::string, api::Pod> out;
    for (auto& p : *list.mutable_items())
      out[p.metadata().name()] = std::move(p);
    return out;
  }

  std::vector<api::Event> events() {
    apiserver::ListRequest req;
    req.set_resource("events");
    req.set_namespace_("default");
    auto resp = call(req);
    api::EventList list;
    BOOST_REQUIRE(resp.status().code() == 0 && resp.object().UnpackTo(&list));
    return {list.items().begin(), list.items().end()};
  }

  /// Pod name -> node name of the bound pods.
  std::map<std::string, std::string> placements() {
    std::map<std::string, std::string> out;
    for (const auto& [name, p] : pods())
      if (!p.spec().node_name().empty())
        out[name] = p.spec().node_name();
    return out;
  }

  /// Advances the simulation (virtual time included) until `done` holds,
  /// checking every 200ms of virtual time, at most 60s.
  template <class Predicate>
  void wait_for(Predicate done, const std::string& what) {
    for (int i = 0; i < 300; ++i) {
      if (done())
        return;
      net.run_until([] { return false; }, std::chrono::milliseconds{200});
    }
    BOOST_FAIL("timed out waiting for " << what);
  }

  /// The PodScheduled condition of `p`, or nullptr.
  static const api::PodCondition* scheduled_condition(const api::Pod& p) {
    for (const auto& c : p.status().conditions())
      if (c.type() == "PodScheduled")
        return &c;
    return nullptr;
  }

  scheduler_actor scheduler;

private:
  uint64_t started_ = 0;
};

} // namespace convoy::test
