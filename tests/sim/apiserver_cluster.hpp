#pragma once

// An apiserver on its own simulated host in front of a 3-replica store
// cluster (store_cluster), with helpers to call it from the client host:
// typed requests, and watcher actors that record what they receive.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/apiserver/apiserver.hpp"
#include "actors/node/node_actor.hpp"
#include "net/middleman/remote.hpp"
#include "store_cluster.hpp"

namespace convoy::test {

/// What one watcher actor received, in order.
struct watch_log {
  std::vector<apiserver::WatchEvent> events;
};

struct apiserver_cluster : store_cluster {
  static constexpr const char* admin_token = "admin-token";
  static constexpr const char* viewer_token = "viewer-token";
  /// The scheduler's identity (bound by the bootstrap RBAC policy).
  static constexpr const char* scheduler_token = "scheduler-token";
  /// The controller manager's identity.
  static constexpr const char* controllers_token = "controllers-token";
  /// kube-proxy's identity.
  static constexpr const char* proxy_token = "proxy-token";

  /// The token of the kubelet of node `name` (system:node:NAME).
  static std::string node_token(const std::string& name) {
    return "node-token:" + name;
  }

  /// Adjusts the config of every apiserver the cluster starts (audit log,
  /// encryption, ...) before it is spawned.
  using configure_fn = std::function<void(apiserver_config&)>;

  explicit apiserver_cluster(uint64_t seed, configure_fn configure = {})
    : store_cluster(3, seed), configure_api(std::move(configure)) {
    start_apiserver("a1");
  }

  /// Starts an apiserver on a new host `name` (node actor on port 7000) with
  /// its own store client, and connects the client host to it.
  void start_apiserver(const std::string& name) {
    api_host = &net.add_host(name);
    node_actor_config nc;
    nc.name = name;
    auto node = api_host->track(spawn_node_actor(api_host->system(), nc));
    net.publish(*api_host, node, 7000);
    store_client_config sc;
    for (const auto& m : members) {
      std::string error;
      sc.endpoints.push_back(*net::host_port::parse(m.address, error));
    }
    sc.node_name = name;
    apiserver_config cfg;
    cfg.store = api_host->track(spawn_store_client(api_host->system(), sc));
    cfg.node_name = name;
    cfg.authenticate = [](const std::string& token) -> std::optional<apiserver::user_info> {
      if (token == admin_token)
        return apiserver::user_info{"admin", {"system:masters", "system:authenticated"}};
      if (token == viewer_token)
        return apiserver::user_info{"viewer", {"system:authenticated"}};
      if (token == scheduler_token)
        return apiserver::user_info{"system:kube-scheduler", {"system:authenticated"}};
      if (token == controllers_token)
        return apiserver::user_info{"system:kube-controller-manager", {"system:authenticated"}};
      if (token == proxy_token)
        return apiserver::user_info{"system:kube-proxy", {"system:authenticated"}};
      // Kubelets: "node-token:NAME" is system:node:NAME.
      constexpr std::string_view node_prefix = "node-token:";
      if (token.compare(0, node_prefix.size(), node_prefix) == 0)
        return apiserver::user_info{"system:node:" + token.substr(node_prefix.size()),
                                    {"system:nodes", "system:authenticated"}};
      return std::nullopt;
    };
    cfg.seed = net.seed();
    if (configure_api)
      configure_api(cfg);
    auto api = api_host->track(spawn_apiserver(api_host->system(), cfg));
    register_with_node(node, caf::actor_cast<caf::actor>(api), "apiserver", "apiserver",
                       "apiserver");
    api_name = name;
    net.run(); // the new host's middleman takes up its port
    this->api = connect_client();
  }

  /// The apiserver as the client host reaches it over the network.
  apiserver_actor connect_client() {
    auto slot = std::make_shared<std::optional<apiserver_actor>>();
    auto failure = std::make_shared<std::string>();
    std::string error;
    auto addr = *net::host_port::parse(api_name + ":7000", error);
    client_host->system().spawn([=](caf::event_based_actor* self) {
      net::connect_component<apiserver_actor>(
        self, addr, "apiserver", std::chrono::seconds{10},
        [=](apiserver_actor found) { *slot = found; },
        [=](const caf::error& err) { *failure = describe(err); });
    });
    net.run_until([&] { return slot->has_value() || !failure->empty(); },
                  std::chrono::seconds{30});
    BOOST_REQUIRE_MESSAGE(slot->has_value(),
                          "cannot reach the apiserver on " << api_name << ": " << *failure);
    return **slot;
  }

  /// Sends `req` (stamped with `token`) and waits for the answer; a
  /// transport failure becomes a Status without code.
  template <class Request>
  apiserver::ApiResponse call(Request req, const std::string& token = admin_token) {
    req.mutable_meta()->set_token(token);
    auto answer = ask<apiserver::ApiResponse>(*client_host, api, std::move(req));
    apiserver::ApiResponse out;
    if (!answer || !*answer) {
      out.mutable_status()->set_status("Failure");
      out.mutable_status()->set_message(answer ? describe(answer->error()) : "no answer");
      return out;
    }
    return std::move(**answer);
  }

  /// A create of `obj` in its own namespace.
  template <class T>
  static apiserver::CreateRequest create_request(const std::string& resource, const T& obj) {
    apiserver::CreateRequest req;
    req.set_resource(resource);
    req.set_namespace_(obj.metadata().namespace_());
    req.mutable_object()->PackFrom(obj);
    return req;
  }

  /// Creates `obj`; the test stops if the apiserver refuses.
  template <class T>
  void create(const std::string& resource, const T& obj) {
    auto resp = call(create_request(resource, obj));
    BOOST_REQUIRE_MESSAGE(resp.status().code() == 0, resp.status().message());
  }

  /// The object `ns/name` of `resource`, nothing if it cannot be read.
  template <class T>
  std::optional<T> get(const std::string& resource, const std::string& ns,
                       const std::string& name) {
    apiserver::GetRequest req;
    req.set_resource(resource);
    req.set_namespace_(ns);
    req.set_name(name);
    auto resp = call(req);
    T out;
    if (api_failed(resp) || !resp.object().UnpackTo(&out))
      return std::nullopt;
    return out;
  }

  /// Starts watch `id` of `resource` from `resource_version` with a
  /// recording actor on the client host.
  std::shared_ptr<watch_log> watch(const std::string& resource, const std::string& ns,
                                   const std::string& resource_version, int64_t id = 1) {
    auto log = std::make_shared<watch_log>();
    auto watcher = client_host->spawn([log](caf::event_based_actor*) -> caf::behavior {
      return {[log](const apiserver::WatchEvent& ev) { log->events.push_back(ev); }};
    });
    watchers.push_back(watcher);
    apiserver::WatchRequest req;
    req.mutable_meta()->set_token(admin_token);
    req.set_resource(resource);
    req.set_namespace_(ns);
    req.set_resource_version(resource_version);
    req.set_watch_id(id);
    auto started = start_watch(req, watcher);
    BOOST_REQUIRE_MESSAGE(started.has_value() && started->status().code() == 0,
                          "watch did not start: "
                            << (started ? started->status().message() : "no answer"));
    return log;
  }

  /// Sends a WatchRequest for `watcher` and waits for the answer.
  std::optional<apiserver::WatchStarted> start_watch(const apiserver::WatchRequest& req,
                                                     const caf::actor& watcher) {
    auto started = std::make_shared<std::optional<apiserver::WatchStarted>>();
    auto to = api;
    client_host->system().spawn([=](caf::event_based_actor* self) {
      self->request(to, std::chrono::seconds{30}, req, watcher)
        .then([=](const apiserver::WatchStarted& s) { *started = s; },
              [=](caf::error&) { *started = apiserver::WatchStarted{}; });
    });
    net.run_until([&] { return started->has_value(); }, std::chrono::seconds{30});
    return *started;
  }

  configure_fn configure_api;
  sim::sim_host* api_host = nullptr;
  std::string api_name;
  apiserver_actor api;
  std::vector<caf::actor> watchers;
};

} // namespace convoy::test
