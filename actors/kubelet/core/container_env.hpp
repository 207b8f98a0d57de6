#pragma once

// A container's environment and runtime spec, as the kubelet builds them
// (Kubernetes' makeEnvironmentVariables, getServiceEnvVarMap and
// ExpandContainerCommandAndArgs). Pure: ConfigMaps, Secrets and Services
// come in through env_sources.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/config.pb.h"
#include "api/pod.pb.h"
#include "api/service.pb.h"
#include "runtime/containers/container_runtime.hpp"

namespace convoy::kubelet {

using env_list = std::vector<std::pair<std::string, std::string>>;

/// What the environment may read. Lookups are by name in the pod's
/// namespace and return nullptr when the object does not exist.
struct env_sources {
  std::function<const api::ConfigMap*(const std::string& name)> config_map;
  std::function<const api::Secret*(const std::string& name)> secret;
  /// The token Secret of service account `account` in the pod's namespace
  /// (made by the token controller), or nullptr.
  std::function<const api::Secret*(const std::string& account)> service_account_token;
  /// Services the kubelet sees: those of the pod's namespace give service
  /// env vars (unless enableServiceLinks is false); "kubernetes" in
  /// "default" always does.
  std::vector<const api::Service*> services;
  std::string node_name;
  std::string pod_ip;
  std::string host_ip;
  /// Node allocatable ("cpu", "memory", ...): resourceFieldRef falls back
  /// to it for an unset limit, as Kubernetes does.
  std::map<std::string, std::string> node_allocatable;
};

/// Why a container cannot be created (reason CreateContainerConfigError).
struct env_error {
  std::string reason;
  std::string message;
};

struct env_result {
  /// Final environment, each name once, in order: service vars, POD_NAME,
  /// POD_NAMESPACE, POD_IP, NODE_NAME, CONVOY_TOKEN, envFrom, env (a later
  /// definition replaces an earlier value in place).
  env_list env;
  std::optional<env_error> error;
  /// Non-fatal problems (e.g. envFrom keys skipped as invalid names), as
  /// Kubernetes' InvalidEnvironmentVariableNames event says them.
  std::vector<std::string> warnings;

  bool ok() const {
    return !error.has_value();
  }
};

/// The variable that carries the pod's service-account token: the one
/// `convoy ctl` reads, so a pod's own ctl calls act as its account.
inline constexpr const char* service_account_token_env = "CONVOY_TOKEN";

env_result make_environment(const api::Pod& pod, const api::Container& c,
                            const env_sources& src);

/// The runtime spec of one attempt: argv = command + args with $(VAR)
/// expanded against `env`, limits from resources.limits (memory bytes, cpu
/// millicores; unparsable quantities count as unset).
containers::container_spec make_container_spec(const api::Pod& pod, const api::Container& c,
                                               const env_list& env, int attempt, bool init,
                                               const std::string& pod_ip);

} // namespace convoy::kubelet
