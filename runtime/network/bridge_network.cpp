#include "runtime/network/bridge_network.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>

#include <spdlog/logger.h>

#include "runtime/logging/log.hpp"
#include "runtime/network/ipv4.hpp"

namespace convoy::network {

namespace {

/// Pod uids become file names: only what a uid can hold.
bool safe_uid(const std::string& uid) {
  if (uid.empty() || uid.size() > 128 || uid[0] == '.')
    return false;
  for (char c : uid)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

} // namespace

bridge_network::bridge_network(bridge_network_config cfg)
  : cfg_(std::move(cfg)), bridge_(bridge_name(cfg_.node_name)),
    log_(log::get(cfg_.node_name, "pod-network")) {
  if (!cfg_.run)
    cfg_.run = run_command;
}

std::string bridge_network::state_file(const std::string& pod_uid) const {
  return cfg_.state_dir + "/" + pod_uid;
}

std::string bridge_network::run_all(const std::vector<argv_t>& cmds, const std::string& step) {
  for (const auto& cmd : cmds) {
    auto res = cfg_.run(cmd);
    if (!res.ok())
      return step + ": `" + join(cmd) + "` failed (exit " + std::to_string(res.exit_code)
             + "): " + res.output;
  }
  return {};
}

std::string bridge_network::prepare(const std::string& service_cidr) {
  if (!cfg_.ip_forward_file.empty()) {
    std::ofstream f{cfg_.ip_forward_file};
    if (!(f << "1\n"))
      return "enabling ip_forward: cannot write " + cfg_.ip_forward_file;
  }
  if (service_cidr.empty())
    return {};
  return run_all({{"ip", "route", "replace", "local", service_cidr, "dev", "lo"}},
                 "making the service range " + service_cidr + " local");
}

std::string bridge_network::ensure_bridge(uint32_t ip, int prefix_len) {
  auto gateway = format_cidr({gateway_of(ip, prefix_len), prefix_len});
  if (bridge_gateway_ == gateway)
    return {};
  auto cmds = bridge_commands(bridge_, gateway);
  if (cfg_.run({"ip", "link", "show", bridge_}).ok())
    cmds.erase(cmds.begin()); // exists (an earlier run): keep it, its pods use it
  if (auto err = run_all(cmds, "creating bridge " + bridge_); !err.empty())
    return err;
  bridge_gateway_ = gateway;
  log_->info("bridge {} up with gateway {}", bridge_, gateway);
  return {};
}

bool bridge_network::already_set_up(const pod_plan& plan) {
  std::error_code ec;
  if (!std::filesystem::exists(cfg_.netns_dir + "/" + plan.netns, ec))
    return false;
  auto res = cfg_.run(pod_address_query(plan.netns));
  return res.ok() && res.output.find("inet " + plan.address + " ") != std::string::npos;
}

setup_result bridge_network::setup(const std::string& pod_uid, const std::string& pod_name,
                                   const std::string& ip, int prefix_len) {
  if (!safe_uid(pod_uid))
    return {{}, "pod uid '" + pod_uid + "': not usable as a network name"};
  auto addr = parse_ipv4(ip);
  if (!addr)
    return {{}, "pod IP '" + ip + "': not an IPv4 address"};
  if (prefix_len < 8 || prefix_len > 30)
    return {{}, "pod IP prefix length " + std::to_string(prefix_len) + ": must be 8..30"};
  if (is_loopback(*addr))
    return {{}, "pod IP " + ip + " is in 127.0.0.0/8, which cannot leave a network namespace: "
                  "use a --cluster-cidr / --pod-cidr outside it with --pod-network bridge"};
  if (auto err = ensure_bridge(*addr, prefix_len); !err.empty())
    return {{}, err};
  auto plan = make_pod_plan(cfg_.node_name, pod_uid, *addr, prefix_len);
  auto path = cfg_.netns_dir + "/" + plan.netns;
  std::error_code ec;
  std::filesystem::create_directories(cfg_.state_dir, ec);
  {
    std::ofstream f{state_file(pod_uid)};
    if (!(f << plan.netns << " " << plan.veth_host << " " << plan.address << "\n"))
      return {{}, "recording the pod network: cannot write " + state_file(pod_uid)};
  }
  if (already_set_up(plan))
    return {path, {}};
  // A half-made network of an earlier attempt: start from scratch.
  for (const auto& cmd : pod_teardown_commands(plan.netns, plan.veth_host))
    cfg_.run(cmd);
  if (auto err = run_all(pod_commands(plan), "setting up the network of pod " + pod_name);
      !err.empty()) {
    teardown(pod_uid);
    return {{}, err};
  }
  log_->info("pod {} ({}) in netns {} with {} on {}", pod_name, pod_uid, plan.netns, plan.address,
             bridge_);
  return {path, {}};
}

std::string bridge_network::teardown(const std::string& pod_uid) {
  if (!safe_uid(pod_uid))
    return "pod uid '" + pod_uid + "': not usable as a network name";
  auto netns = netns_name(pod_uid);
  auto veth = veth_host_name(pod_uid);
  std::error_code ec;
  // Missing objects are fine (idempotent): only what is still there after
  // the commands counts as a failure.
  cfg_.run({"ip", "link", "del", veth});
  auto del = cfg_.run({"ip", "netns", "del", netns});
  if (std::filesystem::exists(cfg_.netns_dir + "/" + netns, ec))
    return "removing netns " + netns + ": `ip netns del " + netns + "`: " + del.output;
  std::filesystem::remove(state_file(pod_uid), ec);
  log_->debug("pod {}: network removed", pod_uid);
  return {};
}

std::vector<std::string> bridge_network::list() {
  std::vector<std::string> out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it{cfg_.state_dir, ec}, end; !ec && it != end;
       it.increment(ec)) {
    auto name = it->path().filename().string();
    if (safe_uid(name))
      out.push_back(std::move(name));
  }
  return out;
}

} // namespace convoy::network
