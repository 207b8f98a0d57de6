#include "runtime/node/service_account_keys.hpp"

#include <filesystem>

#include "actors/apiserver/auth/private_file.hpp"

namespace convoy {

namespace {

/// DATA_DIR/sa.key, created first if missing (`convoy up`: the apiserver
/// and the controllers of one data dir share it).
std::string default_key_file(const node_options& opts) {
  auto path = opts.data_dir + "/sa.key";
  if (!std::filesystem::exists(path)) {
    std::filesystem::create_directories(opts.data_dir);
    apiserver::write_private_file(path, apiserver::rsa_key::generate().private_pem());
  }
  return path;
}

} // namespace

std::vector<apiserver::rsa_key> service_account_verify_keys(const node_options& opts) {
  if (opts.service_account_key_file.empty() && opts.data_dir.empty())
    return {};
  auto path =
    opts.service_account_key_file.empty() ? default_key_file(opts) : opts.service_account_key_file;
  return apiserver::rsa_key::all_from_pem(apiserver::read_whole_file(path), path);
}

std::shared_ptr<const apiserver::rsa_key> service_account_signing_key(const node_options& opts) {
  auto path = opts.service_account_private_key_file;
  if (path.empty() && !opts.data_dir.empty()
      && (opts.has_role("apiserver") || std::filesystem::exists(opts.data_dir + "/sa.key")))
    path = default_key_file(opts);
  if (path.empty())
    return nullptr;
  return std::make_shared<const apiserver::rsa_key>(
    apiserver::rsa_key::private_from_pem(apiserver::read_whole_file(path), path));
}

} // namespace convoy
