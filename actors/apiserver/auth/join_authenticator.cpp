#include "actors/apiserver/auth/join_authenticator.hpp"

#include <cstring>

#include "actors/apiserver/auth/bootstrap_token.hpp"
#include "actors/apiserver/auth/cluster_tokens.hpp"

namespace convoy::apiserver {

namespace {

std::string data_of(const api::Secret& s, const std::string& key) {
  auto it = s.data().find(key);
  return it == s.data().end() ? std::string{} : it->second;
}

bool starts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.substr(0, prefix.size()) == prefix;
}

} // namespace

uint64_t join_authenticator::prefix_of(const crypto::digest& d) noexcept {
  uint64_t p = 0;
  std::memcpy(&p, d.data(), sizeof p);
  return p;
}

void join_authenticator::upsert(const api::Secret& secret) {
  const auto& meta = secret.metadata();
  if (meta.namespace_() != join_secrets_namespace)
    return;
  std::string_view name = meta.name();
  if (starts_with(name, bootstrap_token_prefix))
    upsert_bootstrap(secret, name.substr(bootstrap_token_prefix.size()));
  else if (starts_with(name, node_credential_prefix))
    upsert_node(secret, name.substr(node_credential_prefix.size()));
}

void join_authenticator::upsert_bootstrap(const api::Secret& secret, std::string_view id) {
  std::string key{id};
  tokens_.erase(key);
  // Kubernetes' bootstrap authenticator rules: the type, the id inside
  // matching the name, the usage, and a parsable expiration.
  if (secret.type() != bootstrap_token_type || !is_bootstrap_token_id(id)
      || data_of(secret, "token-id") != id
      || data_of(secret, "usage-bootstrap-authentication") != "true")
    return;
  auto token_secret = data_of(secret, "token-secret");
  if (token_secret.empty())
    return;
  token_entry e{crypto::sha256(token_secret), std::nullopt};
  auto expiration = data_of(secret, "expiration");
  if (!expiration.empty()) {
    e.expires = parse_rfc3339(expiration);
    if (!e.expires)
      return;
  }
  tokens_.emplace(std::move(key), e);
}

void join_authenticator::upsert_node(const api::Secret& secret, std::string_view node) {
  std::string name{node};
  remove_node(name);
  if (secret.type() != node_credential_type || name.empty()
      || data_of(secret, "node-name") != name)
    return;
  if (auto digest = digest_from_hex(data_of(secret, "token-sha256")))
    add_node(name, *digest);
}

void join_authenticator::add_node(const std::string& node_name, const crypto::digest& digest) {
  remove_node(node_name);
  nodes_.emplace(node_name, digest);
  by_prefix_.emplace(prefix_of(digest), node_name);
}

void join_authenticator::remove_node(const std::string& node) {
  auto it = nodes_.find(node);
  if (it == nodes_.end())
    return;
  auto [first, last] = by_prefix_.equal_range(prefix_of(it->second));
  for (auto p = first; p != last; ++p)
    if (p->second == node) {
      by_prefix_.erase(p);
      break;
    }
  nodes_.erase(it);
}

void join_authenticator::remove(std::string_view ns, std::string_view name) {
  if (ns != join_secrets_namespace)
    return;
  if (starts_with(name, bootstrap_token_prefix))
    tokens_.erase(std::string{name.substr(bootstrap_token_prefix.size())});
  else if (starts_with(name, node_credential_prefix))
    remove_node(std::string{name.substr(node_credential_prefix.size())});
}

std::optional<authenticated_user> join_authenticator::authenticate(std::string_view token,
                                                                   int64_t now) const {
  auto parsed = parse_bootstrap_token(token);
  if (!parsed)
    return authenticate_node(token);
  auto it = tokens_.find(parsed->id);
  if (it == tokens_.end())
    return std::nullopt;
  if (it->second.expires && *it->second.expires <= now)
    return std::nullopt;
  if (!crypto::equal_constant_time(it->second.secret, crypto::sha256(parsed->secret)))
    return std::nullopt;
  authenticated_user out;
  out.user.name = "system:bootstrap:" + parsed->id;
  out.user.groups = {std::string{bootstrappers_group}};
  out.uid = out.user.name;
  add_authenticated_group(out.user);
  return out;
}

std::optional<authenticated_user>
join_authenticator::authenticate_node(std::string_view token) const {
  if (nodes_.empty() || token.empty())
    return std::nullopt;
  auto digest = crypto::sha256(token);
  auto [first, last] = by_prefix_.equal_range(prefix_of(digest));
  for (auto p = first; p != last; ++p) {
    auto node = nodes_.find(p->second);
    if (node == nodes_.end() || !crypto::equal_constant_time(node->second, digest))
      continue;
    authenticated_user out;
    out.user.name = node_username(node->first);
    out.user.groups = {std::string{nodes_group}};
    out.uid = out.user.name;
    add_authenticated_group(out.user);
    return out;
  }
  return std::nullopt;
}

} // namespace convoy::apiserver
