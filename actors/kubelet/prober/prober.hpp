#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace convoy::kubelet {

/// One probe to run now: what the kubelet's probe tracker found due,
/// resolved to an address or a command.
struct probe_request {
  enum class kind { exec, tcp, http };
  kind type = kind::tcp;
  /// exec: the command, run with the container's environment.
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;
  /// exec: the pod's network namespace (bridge pod network), so the command
  /// sees what the container sees (its eth0, its localhost); empty: the host's.
  std::string netns_path;
  /// tcp and http: where to connect (the pod IP unless the probe says).
  std::string host;
  int port = 0;
  /// http: path (with query), scheme "HTTP" or "HTTPS", extra headers.
  std::string path = "/";
  std::string scheme = "HTTP";
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds timeout{1000};
};

struct probe_outcome {
  bool success = false;
  /// Why it failed (shown in the container's event / status message).
  std::string output;
};

/// Runs probes for the kubelet. `done` may be called from another thread
/// (the caller turns it into a message to its actor), and is called
/// exactly once per run.
class prober {
public:
  virtual ~prober() = default;
  virtual void run(probe_request action, std::function<void(probe_outcome)> done) = 0;
};

/// Every probe succeeds at once (the simulated runtime has no processes to
/// probe; readiness in simulation is about the control plane).
class instant_prober : public prober {
public:
  void run(probe_request, std::function<void(probe_outcome)> done) override {
    done({true, ""});
  }
};

} // namespace convoy::kubelet
