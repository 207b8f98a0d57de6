#include "actors/apiserver/auth/service_account_authenticator.hpp"

#include "actors/apiserver/auth/auth_config_error.hpp"
#include "actors/apiserver/auth/crypto.hpp"
#include "actors/apiserver/auth/service_account_token.hpp"

namespace convoy::apiserver {

namespace {

using result = service_account_authenticator::result;

result refused(std::string why) {
  return {std::nullopt, std::move(why)};
}

/// Whether the Secret still holds `token` for the account of `claims`.
std::optional<std::string> check_secret(const api::Secret& secret, std::string_view token,
                                        const service_account_claims& claims) {
  if (secret.type() != service_account_token_type)
    return "it is not of type " + std::string{service_account_token_type};
  if (secret.metadata().has_deletion_timestamp())
    return "it is being deleted";
  const auto& notes = secret.metadata().annotations();
  auto name = notes.find(service_account_name_annotation);
  if (name == notes.end() || name->second != claims.account_name)
    return "it belongs to another service account";
  auto stored = secret.data().find("token");
  if (stored == secret.data().end()
      || !crypto::equal_constant_time(crypto::sha256(stored->second), crypto::sha256(token)))
    return "it holds another token";
  return std::nullopt;
}

authenticated_user user_of(const service_account_claims& claims) {
  authenticated_user out;
  out.user.name = claims.subject();
  out.user.groups = {std::string{group_service_accounts},
                     std::string{group_service_accounts} + ":" + claims.namespace_};
  add_authenticated_group(out.user);
  out.uid = claims.account_uid;
  return out;
}

} // namespace

service_account_authenticator::service_account_authenticator(std::vector<rsa_key> keys)
    : keys_(std::move(keys)) {
  if (keys_.empty())
    throw auth_config_error("service-account token verification needs at least one key");
}

result service_account_authenticator::authenticate(std::string_view token,
                                                   const service_account_lookup& lookup) {
  auto digest = crypto::sha256(token);
  auto known = verified_.find(digest);
  if (known == verified_.end()) {
    auto verified = verify_service_account_token(token, keys_);
    if (!verified.claims)
      return refused(std::move(verified.why));
    if (verified_.size() >= max_remembered)
      verified_.clear(); // legacy tokens do not expire: start over
    known = verified_.emplace(digest, std::move(*verified.claims)).first;
  }
  const auto& c = known->second;
  auto secret = lookup.secret(c.namespace_, c.secret_name);
  if (!secret)
    return refused("secret " + c.namespace_ + "/" + c.secret_name + " does not exist");
  if (auto why = check_secret(*secret, token, c))
    return refused("secret " + c.namespace_ + "/" + c.secret_name + ": " + *why);
  auto account = lookup.account(c.namespace_, c.account_name);
  if (!account)
    return refused("service account " + c.subject() + " does not exist");
  if (account->metadata().uid() != c.account_uid)
    return refused("service account " + c.subject() + " was recreated (uid "
                   + account->metadata().uid() + ", token for " + c.account_uid + ")");
  if (account->metadata().has_deletion_timestamp())
    return refused("service account " + c.subject() + " is being deleted");
  return {user_of(c), {}};
}

} // namespace convoy::apiserver
