#include "failover.hpp"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "watched_process.hpp"

namespace convoy::bench {

namespace {

using namespace std::chrono_literals;
using clock_type = watched_process::clock;

std::string loopback(uint16_t port) {
  return "127.0.0.1:" + std::to_string(port);
}

/// The three nodes of cluster_nodes_test: cp (store, apiserver, scheduler,
/// controllers), api2 (an apiserver on cp's store) and w1 (kubelet, proxy)
/// joining api2 first, cp second.
class failover_cluster {
public:
  failover_cluster(std::string convoy_bin, const std::string& work_dir)
    : bin_(std::move(convoy_bin)), root_(work_dir + "/failover") {
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
    tokens_ = root_ + "/tokens.csv";
    std::ofstream out{tokens_};
    out << "bench-admin-token,admin,admin,system:masters\n"
        << "sched-token,system:kube-scheduler,system:kube-scheduler,\n"
        << "cm-token,system:kube-controller-manager,system:kube-controller-manager,\n"
        << "proxy-token,system:kube-proxy,system:kube-proxy,\n"
        << "node-token-w1,system:node:w1,system:node:w1,system:nodes\n";
  }

  void start_cp() {
    cp_port_ = free_port();
    cp_ = start("cp", cp_port_, {"--roles", "store,apiserver,scheduler,controllers"});
  }

  /// A fresh api2 (new port: the old one may linger) and a fresh w1 that
  /// uses it; returns once w1 logged that it uses api2.
  void start_api2_and_w1() {
    api2_port_ = free_port();
    api2_ = start("api2", api2_port_,
                  {"--roles", "apiserver", "--etcd-servers", loopback(cp_port_)});
    w1_ = start("w1", free_port(),
                {"--roles", "kubelet,proxy", "--join",
                 loopback(api2_port_) + "," + loopback(cp_port_), "--node-ip", "127.0.0.1"});
    if (!w1_->wait_for_line("using the apiserver of " + loopback(api2_port_), 30s))
      throw std::runtime_error("w1 did not connect to api2 within 30 s:\n" + w1_->tail(20));
    // The proxy's first sync means its informers listed through the relay:
    // the fault hits a working worker rather than one still booting.
    if (!w1_->wait_for_line("proxy synced", 30s))
      throw std::runtime_error("w1's proxy did not sync within 30 s:\n" + w1_->tail(20));
  }

  void stop_api2_and_w1() {
    if (w1_)
      w1_->stop(10s);
    if (api2_)
      api2_->stop(10s);
    w1_.reset();
    api2_.reset();
  }

  /// SIGKILL api2 -> w1 uses cp: seconds.
  double killed_api2() {
    auto from = w1_->line_count();
    auto t0 = clock_type::now();
    api2_->signal(SIGKILL);
    return seconds_to(w1_->wait_for_line(using_cp(), 30s, from), t0, "use cp after SIGKILL");
  }

  /// SIGSTOP api2 -> w1 notices the loss, -> w1 uses cp: seconds each.
  std::pair<double, double> stopped_api2() {
    auto from = w1_->line_count();
    auto t0 = clock_type::now();
    api2_->signal(SIGSTOP);
    auto lost = seconds_to(w1_->wait_for_line("lost the apiserver of " + loopback(api2_port_),
                                              30s, from),
                           t0, "notice the silent api2");
    auto using_at = seconds_to(w1_->wait_for_line(using_cp(), 30s, from), t0,
                               "use cp after SIGSTOP");
    api2_->signal(SIGCONT);
    return {lost, using_at};
  }

  void stop_all() {
    stop_api2_and_w1();
    if (cp_)
      cp_->stop(10s);
    cp_.reset();
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }

private:
  std::unique_ptr<watched_process> start(const std::string& name, uint16_t port,
                                         std::vector<std::string> more) {
    std::vector<std::string> argv{bin_,       "node",         "--name", name,
                                  "--listen", loopback(port), "--data-dir",
                                  root_ + "/" + name,         "--token-auth-file", tokens_};
    argv.insert(argv.end(), more.begin(), more.end());
    auto p = std::make_unique<watched_process>(argv);
    if (!p->wait_for_line("listening on", 30s))
      throw std::runtime_error(name + " did not start listening within 30 s:\n" + p->tail(20));
    return p;
  }

  std::string using_cp() const {
    return "using the apiserver of " + loopback(cp_port_);
  }

  double seconds_to(std::optional<clock_type::time_point> at, clock_type::time_point t0,
                    const std::string& what) {
    if (!at)
      throw std::runtime_error("w1 did not " + what + " within 30 s:\n" + w1_->tail(20));
    return std::chrono::duration<double>(*at - t0).count();
  }

  std::string bin_;
  std::string root_;
  std::string tokens_;
  uint16_t cp_port_ = 0;
  uint16_t api2_port_ = 0;
  std::unique_ptr<watched_process> cp_;
  std::unique_ptr<watched_process> api2_;
  std::unique_ptr<watched_process> w1_;
};

/// "0.012 s, 0.010 s, 0.011 s; median 0.011 s"
std::string summary(std::vector<double> xs) {
  std::string out;
  char buf[32];
  for (auto x : xs) {
    std::snprintf(buf, sizeof buf, "%s%.3f s", out.empty() ? "" : ", ", x);
    out += buf;
  }
  std::sort(xs.begin(), xs.end());
  std::snprintf(buf, sizeof buf, "; median %.3f s", xs[xs.size() / 2]);
  return out + buf;
}

} // namespace

void run_failover(const std::string& convoy_bin, const std::string& work_dir, int trials) {
  failover_cluster c{convoy_bin, work_dir};
  std::vector<double> killed, lost, moved;
  try {
    c.start_cp();
    for (int i = 0; i < trials; ++i) {
      c.start_api2_and_w1();
      killed.push_back(c.killed_api2());
      c.stop_api2_and_w1();
    }
    for (int i = 0; i < trials; ++i) {
      c.start_api2_and_w1();
      auto [l, m] = c.stopped_api2();
      lost.push_back(l);
      moved.push_back(m);
      c.stop_api2_and_w1();
    }
  } catch (...) {
    c.stop_all();
    throw;
  }
  c.stop_all();
  std::printf("failover      convoy node processes: cp (store,apiserver,scheduler,controllers), "
              "api2 (apiserver on cp's store), w1 (kubelet,proxy --join api2,cp, "
              "--peer-timeout 2s default)\n");
  std::printf("  method      fresh api2 + w1 per trial, fault once w1's proxy logged 'proxy "
              "synced'; time from the signal to the arrival of w1's log line on its stderr "
              "pipe\n");
  std::printf("  SIGKILL api2 -> w1 'using the apiserver of cp'    %s\n", summary(killed).c_str());
  std::printf("  SIGSTOP api2 -> w1 'lost the apiserver of api2'   %s\n", summary(lost).c_str());
  std::printf("  SIGSTOP api2 -> w1 'using the apiserver of cp'    %s\n", summary(moved).c_str());
}

} // namespace convoy::bench
