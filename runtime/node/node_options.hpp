#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/address/host_port.hpp"
#include "net/middleman/tls_files.hpp"
#include "runtime/config/flag_set.hpp"
#include "runtime/node/controller_flags.hpp"
#include "runtime/node/worker_flags.hpp"

namespace convoy {

/// Everything `convoy node` and `convoy up` need to start an actor node,
/// read from flags and the optional config file.
struct node_options {
  std::string name;
  std::vector<std::string> roles;
  net::host_port listen;
  /// Where other nodes and clients reach this node (--advertise-address;
  /// --listen unless given): what the node reports about itself.
  net::host_port advertise;
  std::vector<net::host_port> join;
  std::string data_dir;
  std::chrono::milliseconds peer_timeout{2000};
  std::string log_level = "info";
  uint64_t seed = 1;
  /// --tls-cert/--tls-key/--tls-ca: all set, every node-to-node link of
  /// this node uses mutual TLS against the cluster CA (convoy certs).
  net::tls_files tls;
  /// --metrics-listen: where /metrics, /healthz and /readyz are served over
  /// plain HTTP. Unset (the default): nothing listens.
  std::optional<net::host_port> metrics_listen;

  // -- store role (flag names follow etcd) ----------------------------------------

  /// Founding store members, NAME=HOST:PORT (HOST:PORT = that node's
  /// --listen address). Empty: this node alone.
  std::vector<std::pair<std::string, net::host_port>> initial_cluster;
  /// "new" founds a cluster; "existing" joins one (after `store member add`).
  std::string initial_cluster_state = "new";
  /// Applied entries between Raft log compactions.
  uint64_t snapshot_count = 10000;
  /// Largest request the store accepts.
  uint64_t max_request_bytes = 1572864;

  // -- apiserver role (flag names follow kube-apiserver) ---------------------------

  /// Nodes hosting store replicas. Empty: the --initial-cluster members, or
  /// else the --join nodes.
  std::vector<net::host_port> etcd_servers;
  /// Static bearer tokens (Kubernetes' CSV format). Empty:
  /// DATA_DIR/tokens.csv, created with fresh tokens for the admin and the
  /// control-plane components if missing (DATA_DIR/admin.token holds the
  /// admin's, for `convoy ctl`).
  std::string token_auth_file;
  /// --client-ca-file (default --tls-ca): CAs whose client certificates
  /// authenticate; empty: none do.
  std::string client_ca_file;
  /// --service-account-key-file: keys the apiserver verifies service-account
  /// tokens with (empty: DATA_DIR/sa.key).
  std::string service_account_key_file;
  /// --service-account-private-key-file: the key the token controller signs
  /// with (empty: DATA_DIR/sa.key, see service_account_keys.hpp).
  std::string service_account_private_key_file;
  std::string service_cluster_ip_range = "127.96.0.0/16";
  /// --encryption-provider-config: Kubernetes EncryptionConfiguration
  /// whose aesgcm keys encrypt Secrets in the store. Empty: stored plain.
  std::string encryption_provider_config;
  /// --audit-log-path: audit events (JSON lines) go here. Empty: no audit
  /// log (`convoy up` defaults it to DATA_DIR/audit.log).
  std::string audit_log_path;
  /// --audit-policy: writes (all but successful reads) or all.
  std::string audit_policy = "writes";
  /// --audit-log-maxsize (MB): rotate to PATH.1 past this size.
  uint64_t audit_log_max_bytes = 100ull << 20;

  // -- API clients (scheduler, controllers, kubelet, proxy) -------------------------
  /// File holding the bearer token the client roles use with the apiserver.
  /// Empty: each finds its own identity's token in the apiserver's token
  /// file (DATA_DIR/tokens.csv, when it runs on this node).
  std::string token_file;
  /// Bootstrap token ID.SECRET (`convoy ctl token create`) a worker
  /// exchanges for its node credential (DATA_DIR/credentials/node.token),
  /// when it has no saved one (see join_credentials.hpp).
  std::string join_token;

  // -- controllers role (flag names follow kube-controller-manager) ----------------
  controller_options controllers;

  // -- kubelet and proxy roles --------------------------------------------------------
  worker_options worker;
  /// `convoy up --kubelets N`: N workers in this process, named worker-1..N,
  /// with node IPs 127.0.0.1..N and pod CIDRs worker_pod_cidr(0..N-1).
  /// 0 (`convoy node`): one worker, named after the node.
  int kubelets = 0;
  /// On SIGINT/SIGTERM, stop and remove every container of this node's
  /// kubelets (`convoy up`: nothing left running). Off for `convoy node`:
  /// a kubelet that stops leaves its containers, like Kubernetes'.
  bool stop_containers_on_exit = false;

  bool has_role(const std::string& role) const;

  /// The Node names of the kubelets this node runs (see kubelets).
  std::vector<std::string> kubelet_names() const;

  /// Where the apiserver finds the store (see etcd_servers).
  std::vector<net::host_port> store_endpoints() const;
};

/// Adds the flags shared by `convoy node` and `convoy up` (name and roles
/// defaults differ, so the caller passes them).
void add_node_flags(config::flag_set& flags, const std::string& default_name,
                    const std::string& default_data_dir);

/// Reads and cross-checks the node flags; returns an error line on failure.
std::optional<std::string> read_node_options(const config::flag_set& flags,
                                             node_options& out);

} // namespace convoy
