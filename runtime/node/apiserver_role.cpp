#include "runtime/node/apiserver_role.hpp"

#include <filesystem>
#include <random>

#include "caf/actor_system.hpp"

#include "actors/apiserver/apiserver.hpp"
#include "actors/apiserver/audit/audit_writer.hpp"
#include "actors/apiserver/auth/cluster_tokens.hpp"
#include "actors/apiserver/auth/private_file.hpp"
#include "actors/apiserver/auth/random_source.hpp"
#include "actors/apiserver/auth/token_authenticator.hpp"
#include "actors/apiserver/storage/encryption_config.hpp"
#include "actors/store/store_client.hpp"
#include "messages/protobuf_inspect.hpp"
#include "runtime/logging/log.hpp"
#include "runtime/node/service_account_keys.hpp"

namespace convoy {

namespace {

/// The Secrets transformer of --encryption-provider-config; null when the
/// flag is not given. Throws (auth_config_error naming the file and the
/// field) for a file that cannot be used. Logs key names, never keys.
std::shared_ptr<const apiserver::value_transformer>
load_secrets_transformer(const node_options& opts) {
  if (opts.encryption_provider_config.empty())
    return nullptr;
  auto config = apiserver::load_encryption_config(opts.encryption_provider_config);
  auto logger = log::get(opts.name, "apiserver");
  for (const auto& warning : config.warnings)
    logger->warn("--encryption-provider-config: {}", warning);
  auto transformer
    = apiserver::make_value_transformer(config, std::make_shared<apiserver::openssl_random>());
  std::string names;
  for (const auto& name : transformer->key_names())
    names += (names.empty() ? "" : ",") + name;
  logger->info("Secrets at rest: writes {}, aesgcm keys [{}]",
               transformer->encrypts_writes() ? "encrypted" : "plain (identity first)", names);
  return transformer;
}

/// Adds a token for each kubelet of this node that the file lacks (a
/// `convoy up` restarted with more --kubelets).
void add_kubelet_tokens(const std::string& path, const node_options& opts) {
  auto tokens = apiserver::load_token_file(path);
  std::vector<std::string> missing;
  for (const auto& name : opts.kubelet_names()) {
    auto user = apiserver::node_username(name);
    bool known = false;
    for (const auto& t : tokens)
      known = known || t.user == user;
    if (!known)
      missing.push_back(name);
  }
  if (missing.empty())
    return;
  apiserver::openssl_random random;
  auto fresh = apiserver::generate_cluster_tokens(missing, random);
  tokens.insert(tokens.end(), fresh.kubelets.begin(), fresh.kubelets.end());
  apiserver::write_token_file(path, tokens);
}

/// Why the audit log cannot be written where --audit-log-path says
/// (nothing when off). DATA_DIR is created on demand (`convoy up`'s
/// default DATA_DIR/audit.log); any other directory must exist.
std::optional<std::string> check_audit_log(const node_options& opts) {
  if (opts.audit_log_path.empty())
    return std::nullopt;
  std::error_code ec;
  auto parent = std::filesystem::path{opts.audit_log_path}.parent_path();
  if (!opts.data_dir.empty() && parent == std::filesystem::path{opts.data_dir})
    std::filesystem::create_directories(parent, ec);
  if (auto why = apiserver::audit_writer::check_path(opts.audit_log_path))
    return "--audit-log-path: " + *why;
  return std::nullopt;
}

} // namespace

std::string prepare_token_file(const node_options& opts) {
  if (!opts.token_auth_file.empty())
    return opts.token_auth_file;
  auto path = opts.data_dir + "/tokens.csv";
  if (!std::filesystem::exists(path)) {
    std::filesystem::create_directories(opts.data_dir);
    apiserver::openssl_random random;
    auto tokens = apiserver::generate_cluster_tokens({}, random);
    apiserver::write_token_file(path, tokens.all());
    apiserver::write_private_file(opts.data_dir + "/admin.token", tokens.admin.token + "\n");
  }
  add_kubelet_tokens(path, opts);
  return path;
}

std::optional<std::string> spawn_apiserver_role(caf::actor_system& sys,
                                                const node_options& opts,
                                                const node_actor& node, started_roles& out) {
  std::shared_ptr<const apiserver::token_authenticator> tokens;
  try {
    tokens = std::make_shared<apiserver::token_authenticator>(
      apiserver::token_authenticator::from_file(prepare_token_file(opts)));
  } catch (const std::exception& e) {
    return std::string{"apiserver: "} + e.what();
  }
  std::shared_ptr<const apiserver::value_transformer> secrets;
  try {
    secrets = load_secrets_transformer(opts);
  } catch (const std::exception& e) {
    return std::string{"apiserver: --encryption-provider-config: "} + e.what();
  }
  std::shared_ptr<apiserver::service_account_authenticator> service_accounts;
  try {
    if (auto keys = service_account_verify_keys(opts); !keys.empty())
      service_accounts =
        std::make_shared<apiserver::service_account_authenticator>(std::move(keys));
  } catch (const std::exception& e) {
    return std::string{"apiserver: --service-account-key-file: "} + e.what();
  }
  std::shared_ptr<apiserver::certificate_authenticator> client_certificates;
  try {
    if (!opts.client_ca_file.empty())
      client_certificates = std::make_shared<apiserver::certificate_authenticator>(
        apiserver::read_whole_file(opts.client_ca_file), opts.client_ca_file);
  } catch (const std::exception& e) {
    return std::string{"apiserver: --client-ca-file: "} + e.what();
  }
  if (auto err = check_audit_log(opts))
    return "apiserver: " + *err;
  store_client_config sc;
  sc.local = out.stores;
  sc.endpoints = opts.store_endpoints();
  sc.node_name = opts.name;
  if (sc.local.empty() && sc.endpoints.empty())
    return std::string{"apiserver: no store to use (run the store role here, or give "
                       "--etcd-servers, --initial-cluster or --join)"};
  auto store = spawn_store_client(sys, std::move(sc));
  apiserver_config cfg;
  cfg.store = store;
  cfg.node_name = opts.name;
  cfg.authenticate = [tokens](const std::string& token) -> std::optional<apiserver::user_info> {
    if (const auto* who = tokens->authenticate(token))
      return who->user;
    return std::nullopt;
  };
  cfg.service_cidr = opts.service_cluster_ip_range;
  cfg.not_ready_toleration_seconds = opts.controllers.default_not_ready_toleration_seconds;
  cfg.unreachable_toleration_seconds = opts.controllers.default_unreachable_toleration_seconds;
  cfg.seed = std::random_device{}();
  cfg.secrets_transformer = std::move(secrets);
  cfg.service_accounts = std::move(service_accounts);
  cfg.client_certificates = std::move(client_certificates);
  cfg.audit_log_path = opts.audit_log_path;
  cfg.audit_policy = opts.audit_policy;
  cfg.audit_log_max_bytes = opts.audit_log_max_bytes;
  out.api = spawn_apiserver(sys, std::move(cfg));
  auto api = caf::actor_cast<caf::actor>(out.api);
  register_with_node(node, api, "apiserver", "apiserver", "apiserver");
  out.actors.push_back(caf::actor_cast<caf::actor>(store));
  out.actors.push_back(api);
  return std::nullopt;
}

} // namespace convoy
