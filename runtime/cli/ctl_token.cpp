// `convoy ctl token create|list|delete`: bootstrap tokens for joining
// workers (kubeadm token), kept as Secrets kube-system/bootstrap-token-ID.

#include <chrono>
#include <iostream>

#include "actors/apiserver/auth/bootstrap_token.hpp"
#include "actors/apiserver/auth/random_source.hpp"
#include "api/config.pb.h"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_api.hpp"
#include "runtime/cli/ctl_verbs.hpp"
#include "runtime/cli/table.hpp"

namespace convoy::cli {

namespace {

namespace auth = convoy::apiserver;

const std::string ns{auth::join_secrets_namespace};

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

std::string data_of(const api::Secret& s, const std::string& key) {
  auto it = s.data().find(key);
  return it == s.data().end() ? std::string{} : it->second;
}

int create_token(api_client& api, const config::flag_set& flags) {
  auto ttl = std::chrono::duration_cast<std::chrono::seconds>(flags.duration("ttl"));
  if (ttl.count() < 0)
    return usage_error("ctl token", "--ttl: must not be negative");
  auth::openssl_random random;
  auto token = auth::generate_bootstrap_token(random);
  std::optional<int64_t> expires;
  if (ttl.count() > 0)
    expires = now_seconds() + ttl.count();
  auto secret = auth::make_bootstrap_token_secret(token, expires, flags.str("description"));
  auto r = api.create("secrets", ns, secret);
  if (!r.ok()) {
    std::cerr << format_api_error(r) << "\n";
    return exit_failure;
  }
  std::cout << token.str() << "\n";
  return exit_ok;
}

/// kubeadm token list's columns, with the id instead of the token: the
/// secret part is never printed.
int list_tokens(api_client& api) {
  auto r = api.list("secrets", ns);
  auto obj = r.ok() ? unpack_any(r.object) : nullptr;
  if (!obj || obj->GetDescriptor() != api::SecretList::descriptor()) {
    std::cerr << format_api_error(r) << "\n";
    return exit_failure;
  }
  table out{{"ID", "TTL", "EXPIRES", "USAGES", "DESCRIPTION"}};
  auto now = now_seconds();
  for (const auto& s : static_cast<const api::SecretList&>(*obj).items()) {
    if (s.type() != auth::bootstrap_token_type)
      continue;
    std::string ttl = "<forever>", expires = "<never>";
    auto expiration = data_of(s, "expiration");
    if (!expiration.empty()) {
      expires = expiration;
      auto at = auth::parse_rfc3339(expiration);
      ttl = !at ? "<invalid>"
            : *at <= now
              ? "<expired>"
              : format_age(std::chrono::seconds{*at - now});
    }
    auto usages = data_of(s, "usage-bootstrap-authentication") == "true" ? "authentication"
                                                                         : "<none>";
    auto description = data_of(s, "description");
    out.add_row({data_of(s, "token-id"), ttl, expires, usages,
                 description.empty() ? "<none>" : description});
  }
  out.print(std::cout);
  return exit_ok;
}

int delete_tokens(api_client& api, const std::vector<std::string>& ids) {
  bool ok = true;
  for (auto id : ids) {
    // kubeadm accepts the whole token too; only the id names the Secret.
    id = id.substr(0, id.find('.'));
    if (!auth::is_bootstrap_token_id(id)) {
      std::cerr << "error: token id \"" << id << "\" is not [a-z0-9]{6}\n";
      ok = false;
      continue;
    }
    auto r = api.remove("secrets", ns, auth::bootstrap_token_secret_name(id));
    if (!r.ok()) {
      std::cerr << format_api_error(r) << "\n";
      ok = false;
      continue;
    }
    std::cout << "bootstrap token \"" << id << "\" deleted\n";
  }
  return ok ? exit_ok : exit_failure;
}

} // namespace

int run_ctl_token(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl token create [--ttl 24h] [--description TEXT] | list | "
                         "delete ID...",
                         "Bootstrap tokens for workers joining with --join-token (kubeadm "
                         "token): create prints a new token, list shows ids and expiry "
                         "(never secrets), delete revokes."};
  add_ctl_flags(flags);
  flags.add_duration("ttl", std::chrono::hours{24}, "create: lifetime of the token (0: never "
                                                    "expires)")
    .add_string("description", "", "create: what the token is for", "TEXT")
    .allow_positional("create | list | delete ID...");
  auto opts = common;
  if (auto code = parse_verb_flags("token", flags, args, opts))
    return *code;
  const auto& pos = flags.positional();
  if (pos.empty())
    return usage_error("ctl token", "expected create, list or delete");
  const auto& sub = pos.front();
  if (sub != "create" && sub != "list" && sub != "delete")
    return usage_error("ctl token", "unknown subcommand \"" + sub + "\" (create, list, delete)");
  if (sub == "delete" && pos.size() < 2)
    return usage_error("ctl token", "delete: expected at least one token ID");
  if (sub != "delete" && pos.size() > 1)
    return usage_error("ctl token", sub + ": unexpected argument \"" + pos[1] + "\"");
  api_client api{opts};
  if (!api.connect_or_report())
    return exit_failure;
  if (sub == "create")
    return create_token(api, flags);
  if (sub == "list")
    return list_tokens(api);
  return delete_tokens(api, {pos.begin() + 1, pos.end()});
}

} // namespace convoy::cli
