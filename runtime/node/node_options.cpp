#include "runtime/node/node_options.hpp"

#include <algorithm>

#include "actors/apiserver/auth/bootstrap_token.hpp"
#include "runtime/logging/log.hpp"
#include "runtime/node/roles.hpp"

namespace convoy {

namespace {

std::optional<std::string> check_address(const std::string& text) {
  std::string error;
  if (!net::host_port::parse(text, error))
    return error;
  return std::nullopt;
}

std::optional<std::string> check_name(const std::string& text) {
  if (text.empty())
    return std::string{"must not be empty"};
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
      return "'" + text + "' is not a valid node name (lowercase letters, digits, '-', '.')";
  return std::nullopt;
}

/// HOST or HOST:PORT (the port defaults to --listen's).
std::optional<std::string> check_advertise(const std::string& text) {
  if (text.empty() || text.find(':') == std::string::npos)
    return std::nullopt;
  return check_address(text);
}

/// Empty (off) or HOST:PORT.
std::optional<std::string> check_optional_address(const std::string& text) {
  if (text.empty())
    return std::nullopt;
  return check_address(text);
}

std::optional<std::string> check_role_flag(const std::string& role) {
  auto why = check_role(role);
  if (why.empty())
    return std::nullopt;
  return why;
}

std::optional<std::string> check_level(const std::string& text) {
  if (log::parse_level(text))
    return std::nullopt;
  return "'" + text + "' is not a log level (trace, debug, info, warn, error, off)";
}

std::optional<std::string> check_member(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    return "'" + text + "' is not NAME=HOST:PORT";
  if (auto why = check_name(text.substr(0, eq)))
    return why;
  return check_address(text.substr(eq + 1));
}

std::optional<std::string> check_cluster_state(const std::string& text) {
  if (text == "new" || text == "existing")
    return std::nullopt;
  return "'" + text + "' is not a cluster state (new or existing)";
}

std::optional<std::string> check_audit_policy(const std::string& text) {
  if (text == "writes" || text == "all")
    return std::nullopt;
  return "'" + text + "' is not an audit policy (writes or all)";
}

} // namespace

bool node_options::has_role(const std::string& role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

void add_node_flags(config::flag_set& flags, const std::string& default_name,
                    const std::string& default_data_dir) {
  flags
    .add_string("name", default_name, "name of this node, unique in the cluster", "NAME",
                check_name)
    .add_list("roles", {}, "roles to run: store, apiserver, scheduler, controllers, kubelet, proxy",
              "ROLE,...", check_role_flag)
    .add_string("listen", "127.0.0.1:7000",
                "address the node's actors are published on (loopback unless you say otherwise)",
                "HOST:PORT", check_address)
    .add_string("advertise-address", "",
                "address other nodes and clients reach this node at (default: --listen; "
                "required when --listen binds every address)",
                "HOST[:PORT]", check_advertise)
    .add_list("join", {}, "addresses of nodes to join", "HOST:PORT,...", check_address)
    .add_string("data-dir", default_data_dir, "directory for this node's durable state", "DIR")
    .add_duration("peer-timeout", std::chrono::seconds{2},
                  "a peer silent this long is declared gone")
    .add_string("log-level", "info", "trace, debug, info, warn, error or off", "LEVEL", check_level)
    .add_int("seed", 1, 0, INT64_MAX, "seed of the node's random generator (jitter)")
    .add_string("metrics-listen", "",
                "serve /metrics (Prometheus), /healthz and /readyz on this address (default: "
                "off); HTTPS with the --tls-* files, where /metrics needs a client certificate "
                "of the cluster CA",
                "HOST:PORT", check_optional_address)
    .add_string("tls-cert", "",
                "this node's certificate (PEM, signed by the cluster CA; see 'convoy certs'); "
                "with --tls-key and --tls-ca every link uses mutual TLS",
                "FILE")
    .add_string("tls-key", "", "private key of --tls-cert (PEM)", "FILE")
    .add_string("tls-ca", "", "the cluster CA certificate peers must be signed by (PEM)", "FILE")
    .add_list("initial-cluster", {},
              "store role: founding members, NAME=HOST:PORT each (default: this node alone)",
              "NAME=HOST:PORT,...", check_member)
    .add_string("initial-cluster-state", "new",
                "store role: new (found a cluster) or existing (join after 'store member add')",
                "STATE", check_cluster_state)
    .add_int("snapshot-count", 10000, 10, INT64_MAX,
             "store role: applied entries between Raft log compactions")
    .add_int("max-request-bytes", 1572864, 1024, 64 << 20,
             "store role: largest request the store accepts")
    .add_list("etcd-servers", {},
              "apiserver role: nodes hosting store replicas (default: the --initial-cluster "
              "members, else the --join nodes)",
              "HOST:PORT,...", check_address)
    .add_string("token-auth-file", "",
                "apiserver role: static bearer tokens, token,user,uid,\"groups\" per line "
                "(default: DATA_DIR/tokens.csv, created if missing)",
                "FILE")
    .add_string("client-ca-file", "",
                "apiserver role: CA certificates (PEM) whose client certificates authenticate "
                "as their CN in their O groups (default: --tls-ca when TLS is on)",
                "FILE")
    .add_string("service-account-key-file", "",
                "apiserver role: PEM RSA keys (public, or private) that verify service-account "
                "tokens (default: DATA_DIR/sa.key, created if missing)",
                "FILE")
    .add_string("service-account-private-key-file", "",
                "controllers role: PEM RSA private key that signs service-account tokens "
                "(default: DATA_DIR/sa.key when it exists or the apiserver role runs here)",
                "FILE")
    .add_string("service-cluster-ip-range", "127.96.0.0/16",
                "apiserver role: the range ClusterIPs are allocated from", "CIDR")
    .add_string("encryption-provider-config", "",
                "apiserver role: EncryptionConfiguration (apiserver.config.k8s.io/v1) whose "
                "aesgcm keys encrypt Secrets at rest (default: stored unencrypted)",
                "FILE")
    .add_string("audit-log-path", "",
                "apiserver role: append audit events (JSON lines, audit.k8s.io/v1, level "
                "Metadata) to this file; its directory must exist (default: off; convoy up: "
                "DATA_DIR/audit.log)",
                "FILE")
    .add_string("audit-policy", "writes",
                "apiserver role: writes (every request but successful get/list/watch, plus "
                "admin actions) or all",
                "POLICY", check_audit_policy)
    .add_int("audit-log-maxsize", 100, 1, 1 << 20,
             "apiserver role: megabytes the audit log grows to before it is rotated to "
             "FILE.1")
    .add_string("token-file", "",
                "scheduler, controllers, kubelet, proxy roles: file with the bearer token they "
                "use with the apiserver (default: their own in DATA_DIR/tokens.csv)",
                "FILE")
    .add_string("join-token", "",
                "kubelet, proxy roles: bootstrap token (convoy ctl token create) exchanged for "
                "this node's credential, saved in DATA_DIR/credentials/node.token",
                "ID.SECRET");
  add_controller_flags(flags);
  add_worker_flags(flags);
}

std::vector<std::string> node_options::kubelet_names() const {
  if (!has_role("kubelet"))
    return {};
  if (kubelets == 0)
    return {name};
  std::vector<std::string> out;
  for (int i = 1; i <= kubelets; ++i)
    out.push_back("worker-" + std::to_string(i));
  return out;
}

std::vector<net::host_port> node_options::store_endpoints() const {
  if (!etcd_servers.empty())
    return etcd_servers;
  std::vector<net::host_port> out;
  for (const auto& [member, addr] : initial_cluster)
    if (member != name)
      out.push_back(addr);
  if (out.empty() && !has_role("store"))
    out = join;
  return out;
}

namespace {

/// --join-token needs the shape of a bootstrap token, a worker role, an
/// apiserver to join, a data dir to keep the credential in, and one kubelet.
std::optional<std::string> check_join_token(const node_options& out) {
  if (out.join_token.empty())
    return std::nullopt;
  if (!apiserver::parse_bootstrap_token(out.join_token))
    return std::string{"--join-token: must be ID.SECRET ([a-z0-9]{6}.[a-z0-9]{16})"};
  if (!out.has_role("kubelet") && !out.has_role("proxy"))
    return std::string{"--join-token: only for the kubelet and proxy roles"};
  if (out.join.empty() && !out.has_role("apiserver"))
    return std::string{"--join-token: give --join HOST:PORT of a node running the apiserver"};
  if (out.data_dir.empty())
    return std::string{"--join-token: --data-dir is required (the credential is kept there)"};
  if (out.kubelets > 0)
    return std::string{"--join-token: one worker per node only"};
  return std::nullopt;
}

/// --advertise-address, completed from --listen.
std::optional<std::string> read_advertise(const std::string& text, node_options& out) {
  std::string error;
  if (text.empty()) {
    if (out.listen.host == "0.0.0.0" || out.listen.host == "::")
      return "--advertise-address: required when --listen binds every address ("
             + out.listen.host + ")";
    out.advertise = out.listen;
  } else if (text.find(':') == std::string::npos) {
    out.advertise = {text, out.listen.port};
  } else {
    out.advertise = *net::host_port::parse(text, error);
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> read_node_options(const config::flag_set& flags,
                                             node_options& out) {
  std::string error;
  out.name = flags.str("name");
  if (out.name.empty())
    return std::string{"--name: required"};
  out.roles = flags.list("roles");
  out.listen = *net::host_port::parse(flags.str("listen"), error);
  if (auto err = read_advertise(flags.str("advertise-address"), out))
    return err;
  for (const auto& item : flags.list("join"))
    out.join.push_back(*net::host_port::parse(item, error));
  out.data_dir = flags.str("data-dir");
  out.peer_timeout =
    std::chrono::duration_cast<std::chrono::milliseconds>(flags.duration("peer-timeout"));
  if (out.peer_timeout < std::chrono::milliseconds{100})
    return std::string{"--peer-timeout: must be at least 100ms"};
  out.log_level = flags.str("log-level");
  out.seed = static_cast<uint64_t>(flags.integer("seed"));
  if (auto text = flags.str("metrics-listen"); !text.empty())
    out.metrics_listen = *net::host_port::parse(text, error);
  out.tls = {flags.str("tls-cert"), flags.str("tls-key"), flags.str("tls-ca")};
  if (auto err = net::check_tls_files(out.tls))
    return err;
  for (const auto& item : flags.list("initial-cluster")) {
    auto eq = item.find('=');
    out.initial_cluster.emplace_back(item.substr(0, eq),
                                     *net::host_port::parse(item.substr(eq + 1), error));
  }
  out.initial_cluster_state = flags.str("initial-cluster-state");
  out.snapshot_count = static_cast<uint64_t>(flags.integer("snapshot-count"));
  out.max_request_bytes = static_cast<uint64_t>(flags.integer("max-request-bytes"));
  for (const auto& item : flags.list("etcd-servers"))
    out.etcd_servers.push_back(*net::host_port::parse(item, error));
  out.token_auth_file = flags.str("token-auth-file");
  out.client_ca_file = flags.str("client-ca-file");
  if (out.client_ca_file.empty())
    out.client_ca_file = out.tls.ca;
  out.service_account_key_file = flags.str("service-account-key-file");
  out.service_account_private_key_file = flags.str("service-account-private-key-file");
  out.service_cluster_ip_range = flags.str("service-cluster-ip-range");
  out.encryption_provider_config = flags.str("encryption-provider-config");
  out.audit_log_path = flags.str("audit-log-path");
  out.audit_policy = flags.str("audit-policy");
  out.audit_log_max_bytes = static_cast<uint64_t>(flags.integer("audit-log-maxsize")) << 20;
  out.token_file = flags.str("token-file");
  out.join_token = flags.str("join-token");
  if (auto err = check_join_token(out))
    return err;
  if (auto err = read_controller_flags(flags, out.controllers))
    return err;
  if (auto err = read_worker_flags(flags, out.worker))
    return err;
  if (out.has_role("apiserver") && out.token_auth_file.empty() && out.data_dir.empty())
    return std::string{"--token-auth-file: required for the apiserver role without --data-dir"};
  if (out.has_role("store")) {
    if (out.data_dir.empty())
      return std::string{"--data-dir: required for the store role"};
    bool listed = out.initial_cluster.empty();
    for (const auto& [name, addr] : out.initial_cluster)
      listed |= name == out.name;
    if (!listed)
      return "--initial-cluster: does not list this node (" + out.name + ")";
  }
  return std::nullopt;
}

} // namespace convoy
