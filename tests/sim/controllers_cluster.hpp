#pragma once

// The controller manager with the real apiserver, a 3-replica store and the
// scheduler under simulation, with fake kubelets (fake_kubelet.hpp) as the
// nodes: helpers to start and kill them and to read workloads back.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/controllers/manager/controller_manager.hpp"
#include "actors/controllers/serviceaccount/serviceaccount_controller.hpp"
#include "api/workload.pb.h"
#include "fake_kubelet.hpp"
#include "scheduler_cluster.hpp"

namespace convoy::test {

/// One RSA key for every simulation that signs service-account tokens
/// (generating one takes a fraction of a second).
inline std::shared_ptr<const apiserver::rsa_key> service_account_key() {
  static const auto key =
    std::make_shared<const apiserver::rsa_key>(apiserver::rsa_key::generate());
  return key;
}

/// The service account controller signing with service_account_key().
inline controller_actor spawn_service_account_controller(caf::actor_system& sys,
                                                         controllers::controller_config cfg) {
  return controllers::spawn_service_account_controller(sys, std::move(cfg), service_account_key());
}

struct controllers_cluster : scheduler_cluster {
  explicit controllers_cluster(uint64_t seed, configure_fn configure = {})
      : scheduler_cluster(seed, std::move(configure)) {}

  /// Starts a controller manager on the client host (leader-elected with
  /// the default lease timings unless `tweak` changes them).
  controller_manager_actor start_controller_manager(
    std::function<void(controllers::controller_manager_config&)> tweak = {}) {
    controllers::controller_manager_config cfg;
    cfg.base.api = api;
    cfg.base.token = controllers_token;
    cfg.base.node_name = "c";
    cfg.base.seed = net.seed() + 100 + managers_started_++;
    if (tweak)
      tweak(cfg);
    BOOST_REQUIRE_EQUAL(controllers::validate(cfg), "");
    manager = client_host->track(controllers::spawn_controller_manager(client_host->system(), cfg));
    return manager;
  }

  /// Runs one controller alone (no manager, no election): `spawn(sys, cfg)`
  /// gets this cluster's API and the controller manager's token.
  template <class Spawn>
  controller_actor run_controller(Spawn spawn) {
    controllers::controller_config cfg;
    cfg.api = api;
    cfg.token = controllers_token;
    cfg.node_name = "c";
    cfg.seed = net.seed() + 200 + managers_started_++;
    return client_host->track(spawn(client_host->system(), cfg));
  }

  controllers::ControllerStatus controller_status(const controller_actor& which) {
    auto answer = ask<controllers::ControllerStatus>(*client_host, which,
                                                     controllers::ControllerStatusRequest{});
    BOOST_REQUIRE(answer && *answer);
    return **answer;
  }

  controllers::ControllerManagerStatus manager_status(
    std::optional<controller_manager_actor> which = std::nullopt) {
    auto answer = ask<controllers::ControllerManagerStatus>(
      *client_host, which ? *which : manager, controllers::ControllerManagerStatusRequest{});
    BOOST_REQUIRE(answer && *answer);
    return **answer;
  }

  /// Starts (or restarts) the fake kubelet of node `name`.
  void start_kubelet(const std::string& name, std::map<std::string, std::string> labels = {}) {
    fake_kubelet_config cfg;
    cfg.api = api;
    cfg.token = admin_token;
    cfg.node = name;
    cfg.labels = std::move(labels);
    cfg.pod_ip_prefix = "10.244." + std::to_string(kubelets.size() + 1) + ".";
    cfg.renew_interval = kubelet_renew_interval;
    kubelets[name] = client_host->system().spawn(fake_kubelet, cfg);
    client_host->track(kubelets[name]);
  }

  /// Kills the fake kubelet of `name` as a crash would.
  void kill_kubelet(const std::string& name) {
    caf::anon_send_exit(kubelets.at(name), caf::exit_reason::kill);
    kubelets.erase(name);
    net.run();
  }

  /// A ReplicationController of `replicas` pods labelled app=NAME.
  static api::ReplicationController rc(const std::string& name, int32_t replicas) {
    api::ReplicationController out;
    out.mutable_metadata()->set_name(name);
    out.mutable_metadata()->set_namespace_("default");
    out.mutable_spec()->set_replicas(replicas);
    auto* tmpl = out.mutable_spec()->mutable_template_();
    (*tmpl->mutable_metadata()->mutable_labels())["app"] = name;
    auto* c = tmpl->mutable_spec()->add_containers();
    c->set_name("app");
    c->set_image("busybox");
    (*c->mutable_resources()->mutable_requests())["cpu"] = "100m";
    return out;
  }

  /// Pods of namespace default carrying label app=APP, by name.
  std::map<std::string, api::Pod> pods_of(const std::string& app) {
    std::map<std::string, api::Pod> out;
    for (auto& [name, p] : pods()) {
      auto it = p.metadata().labels().find("app");
      if (it != p.metadata().labels().end() && it->second == app)
        out.emplace(name, std::move(p));
    }
    return out;
  }

  /// Of those, the ones Running and not being deleted.
  size_t running_of(const std::string& app) {
    size_t n = 0;
    for (const auto& [name, p] : pods_of(app))
      n += p.status().phase() == "Running" && !p.metadata().has_deletion_timestamp() ? 1 : 0;
    return n;
  }

  controller_manager_actor manager;
  std::map<std::string, caf::actor> kubelets;
  /// How often the fake kubelets started from now on renew their Lease.
  std::chrono::milliseconds kubelet_renew_interval{10000};

private:
  uint64_t managers_started_ = 0;
};

} // namespace convoy::test
