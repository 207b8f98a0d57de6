#pragma once

// `convoy ctl` run as a user would, against one server.

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "child_process.hpp"
#include "process_helpers.hpp"

namespace convoy::test {

/// Runs `convoy ctl --server SERVER --token TOKEN --timeout 20s ARGS...`.
inline std::pair<int, std::string> run_ctl(const std::string& server, const std::string& token,
                                           std::vector<std::string> args) {
  using namespace std::chrono_literals;
  std::vector<std::string> argv{CONVOY_BINARY, "ctl",   "--server", server,
                                "--token",     token,   "--timeout", "20s"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, 60s);
}

/// run_ctl that must succeed; returns its output.
inline std::string ctl_ok(const std::string& server, const std::string& token,
                          std::vector<std::string> args) {
  auto [code, out] = run_ctl(server, token, std::move(args));
  BOOST_REQUIRE_MESSAGE(code == 0, "convoy ctl failed (" << code << "): " << out);
  return out;
}

/// Writes a static token file (Kubernetes' CSV) with `admin_token` for the
/// admin, fixed tokens for the scheduler, controller manager and proxy, and
/// "node-token-NAME" for each of `nodes`: one file every `convoy node` of a
/// test cluster can share.
inline void write_cluster_tokens(const std::string& path, const std::string& admin_token,
                                 const std::vector<std::string>& nodes) {
  std::ofstream out{path};
  out << admin_token << ",admin,admin,system:masters\n"
      << "sched-token,system:kube-scheduler,system:kube-scheduler,\n"
      << "cm-token,system:kube-controller-manager,system:kube-controller-manager,\n"
      << "proxy-token,system:kube-proxy,system:kube-proxy,\n";
  for (const auto& n : nodes)
    out << "node-token-" << n << ",system:node:" << n << ",system:node:" << n
        << ",system:nodes\n";
}

/// `convoy ctl ARGS -o json`, parsed; null when ctl fails.
inline nlohmann::json ctl_json(const std::string& server, const std::string& token,
                               std::vector<std::string> args) {
  args.insert(args.end(), {"-o", "json"});
  auto [code, out] = run_ctl(server, token, std::move(args));
  return code == 0 ? nlohmann::json::parse(out, nullptr, false) : nlohmann::json{};
}

/// Whether Node `name` reports Ready=True.
inline bool node_ready(const std::string& server, const std::string& token,
                       const std::string& name) {
  auto node = ctl_json(server, token, {"get", "node", name});
  if (!node.is_object() || !node.contains("status"))
    return false;
  for (const auto& c : node["status"]["conditions"])
    if (c["type"] == "Ready")
      return c["status"] == "True";
  return false;
}

/// Pods of `selector` that run with Ready=True, counted by node (pods being
/// deleted left out).
inline std::map<std::string, int> ready_pods_by_node(const std::string& server,
                                                     const std::string& token,
                                                     const std::string& selector) {
  std::map<std::string, int> out;
  auto list = ctl_json(server, token, {"get", "pods", "-l", selector});
  if (!list.is_object())
    return out;
  for (const auto& p : list["items"])
    if (!p["metadata"].contains("deletionTimestamp") && running_and_ready(p))
      ++out[p["spec"].value("nodeName", "")];
  return out;
}

} // namespace convoy::test
