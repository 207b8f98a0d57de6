#include "runtime/node/node_process.hpp"

#include <atomic>
#include <csignal>
#include <filesystem>
#include <system_error>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/send.hpp"

#include "actors/inspect/shell/inspected_actor.hpp"
#include "actors/node/node_actor.hpp"
#include "messages/protobuf_inspect.hpp"
#include "net/http/metrics_server.hpp"
#include "net/http/prometheus_text.hpp"
#include "runtime/containers/stop_all.hpp"
#include "runtime/logging/log.hpp"
#include "runtime/node/role_spawner.hpp"
#include "runtime/node/system_setup.hpp"
#include "runtime/node/termination_signal.hpp"

namespace convoy {

namespace {

std::string join_roles(const std::vector<std::string>& roles) {
  std::string out;
  for (const auto& r : roles)
    out += (out.empty() ? "" : ",") + r;
  return out.empty() ? "none" : out;
}

bool prepare_data_dir(const std::string& dir, spdlog::logger& log) {
  if (dir.empty())
    return true;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    log.error("cannot create data dir '{}': {}", dir, ec.message());
    return false;
  }
  return true;
}

/// Stops the roles' actors, newest first, and waits (up to 10 s) until
/// they are gone, so no kubelet starts a container after this returns.
void stop_roles(caf::actor_system& sys, const started_roles& roles, spdlog::logger& log) {
  caf::scoped_actor self{sys};
  for (const auto& a : roles.actors)
    self->monitor(a);
  for (auto i = roles.actors.rbegin(); i != roles.actors.rend(); ++i)
    caf::anon_send_exit(*i, caf::exit_reason::user_shutdown);
  size_t down = 0;
  bool waiting = true;
  while (waiting && down < roles.actors.size())
    self->receive([&](caf::down_msg&) { ++down; },
                  caf::after(std::chrono::seconds{10}) >> [&] { waiting = false; });
  if (down < roles.actors.size())
    log.warn("{} actors did not stop within 10 s", roles.actors.size() - down);
  else
    log.info("stopped the {} actors of the roles", down);
}

/// What /readyz reports; run_node sets it as the node starts and stops.
struct node_readiness {
  std::atomic<bool> roles_started{false};
  std::atomic<bool> shutting_down{false};
};

/// The answers of /metrics, /healthz and /readyz for this node. They run on
/// the metrics server's thread: the probes are thread-safe, and healthz asks
/// the node actor through a scoped actor of its own.
net::http::metrics_handlers node_handlers(caf::actor_system& sys, node_actor node,
                                          std::string name, const node_readiness& readiness) {
  net::http::metrics_handlers h;
  auto started = std::chrono::steady_clock::now();
  h.metrics = [&sys, name, started] {
    net::http::metrics_snapshot snap{name, CONVOY_VERSION,
                                     std::chrono::steady_clock::now() - started,
                                     net::http::sample_actors(inspect::registry_of(sys))};
    return net::http::format_prometheus(snap);
  };
  h.healthy = [&sys, node] {
    caf::scoped_actor self{sys};
    bool answered = false;
    self->request(node, std::chrono::seconds{1}, node::NodeInfoRequest{})
      .receive([&](const node::NodeInfoResponse&) { answered = true; }, [](caf::error&) {});
    return answered;
  };
  h.not_ready = [&readiness]() -> std::optional<std::string> {
    if (readiness.shutting_down.load())
      return std::string{"shutting down"};
    if (!readiness.roles_started.load())
      return std::string{"roles starting"};
    return std::nullopt;
  };
  return h;
}

/// Starts the metrics server when --metrics-listen asks for one; nullptr
/// (after logging why) when it cannot listen.
std::unique_ptr<net::http::metrics_server> start_metrics(caf::actor_system& sys,
                                                         const node_options& opts,
                                                         const node_actor& node,
                                                         const node_readiness& readiness,
                                                         spdlog::logger& log) {
  auto server = std::make_unique<net::http::metrics_server>(
    opts.name, node_handlers(sys, node, opts.name, readiness));
  // With TLS on, the metrics port speaks HTTPS with the node's certificate.
  if (auto err = server->start(*opts.metrics_listen, opts.tls)) {
    log.error("--metrics-listen: {}", *err);
    return nullptr;
  }
  if (!opts.metrics_listen->is_loopback() && !opts.tls.enabled())
    log.warn("metrics over plain HTTP on non-loopback address {}: reachable from the network "
             "(give the node --tls-* files for HTTPS)",
             opts.metrics_listen->to_string());
  return server;
}

} // namespace

int run_node(const node_options& opts, const std::function<void(uint16_t)>& on_ready) {
  log::set_level(*log::parse_level(opts.log_level));
  auto logger = log::get(opts.name, "runtime");
  if (!prepare_data_dir(opts.data_dir, *logger))
    return 1;
  caf::actor_system_config cfg;
  system_settings settings;
  settings.network.peer_timeout = opts.peer_timeout;
  settings.network.tls = opts.tls;
  configure_system(cfg, settings);
  caf::actor_system sys{cfg};
  node_actor_config node_cfg;
  node_cfg.name = opts.name;
  node_cfg.roles = opts.roles;
  node_cfg.listen = opts.advertise.to_string();
  node_cfg.join = opts.join;
  node_cfg.seed = opts.seed;
  auto node = spawn_node_actor(sys, node_cfg);
  auto port = net::publish(sys, node, opts.listen);
  if (!port) {
    logger->error("{}", describe(port.error()));
    caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
    return 1;
  }
  // Declared after the actor system: stopped before it goes away.
  node_readiness readiness;
  std::unique_ptr<net::http::metrics_server> metrics;
  if (opts.metrics_listen && !(metrics = start_metrics(sys, opts, node, readiness, *logger))) {
    caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
    return 1;
  }
  started_roles roles;
  if (auto err = spawn_roles(sys, opts, node, roles)) {
    logger->error("{}", *err);
    // The roles started before the failing one would keep the actor
    // system (and so this process) alive.
    stop_roles(sys, roles, *logger);
    caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
    return 1;
  }
  readiness.roles_started = true;
  if (!opts.listen.is_loopback())
    logger->warn("listening on non-loopback address {}: reachable from the network",
                 opts.listen.to_string());
  logger->info("node {} listening on {}{}{} (roles: {})", opts.name, opts.listen.to_string(),
               opts.advertise == opts.listen ? "" : ", advertised as " + opts.advertise.to_string(),
               opts.tls.enabled() ? " with mutual TLS" : "", join_roles(opts.roles));
  on_ready(*port);
  auto sig = wait_for_termination_signal();
  logger->info("received {}, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
  readiness.shutting_down = true;
  stop_roles(sys, roles, *logger);
  if (opts.stop_containers_on_exit)
    for (const auto& runtime : roles.runtimes)
      if (auto n = containers::stop_all(*runtime, std::chrono::seconds{10}))
        logger->info("stopped {} containers", n);
  if (metrics)
    metrics->stop();
  caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
  return 0;
}

} // namespace convoy
