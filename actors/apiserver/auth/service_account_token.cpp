#include "actors/apiserver/auth/service_account_token.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "actors/apiserver/auth/crypto.hpp"

namespace convoy::apiserver {

namespace {

constexpr const char* claim_namespace = "kubernetes.io/serviceaccount/namespace";
constexpr const char* claim_secret = "kubernetes.io/serviceaccount/secret.name";
constexpr const char* claim_name = "kubernetes.io/serviceaccount/service-account.name";
constexpr const char* claim_uid = "kubernetes.io/serviceaccount/service-account.uid";
/// Far above any real token (about 900 bytes), far below a request limit:
/// a huge "token" is refused before it is decoded.
constexpr size_t max_token_bytes = 16 * 1024;

/// The string claim `key` of `payload`, empty when absent or not a string.
std::string claim(const nlohmann::json& payload, const char* key) {
  auto it = payload.find(key);
  return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::optional<nlohmann::json> json_object(std::string_view part) {
  auto text = crypto::base64url_decode(part);
  if (!text)
    return std::nullopt;
  auto value = nlohmann::json::parse(*text, nullptr, false);
  if (value.is_discarded() || !value.is_object())
    return std::nullopt;
  return value;
}

verified_token refused(std::string why) {
  return {std::nullopt, std::move(why)};
}

} // namespace

std::string service_account_claims::subject() const {
  return "system:serviceaccount:" + namespace_ + ":" + account_name;
}

std::string sign_service_account_token(const rsa_key& key, const service_account_claims& claims) {
  nlohmann::json payload{{"iss", service_account_issuer},    {claim_namespace, claims.namespace_},
                         {claim_secret, claims.secret_name}, {claim_name, claims.account_name},
                         {claim_uid, claims.account_uid},    {"sub", claims.subject()}};
  auto signing_input =
    crypto::base64url(R"({"alg":"RS256","typ":"JWT"})") + "." + crypto::base64url(payload.dump());
  return signing_input + "." + crypto::base64url(key.sign_sha256(signing_input));
}

bool looks_like_jwt(std::string_view token) noexcept {
  // base64url of '{"' starts with "eyJ"; a JWT has exactly two dots.
  return token.size() <= max_token_bytes && token.substr(0, 3) == "eyJ"
         && std::count(token.begin(), token.end(), '.') == 2;
}

verified_token verify_service_account_token(std::string_view token,
                                            const std::vector<rsa_key>& keys) {
  if (!looks_like_jwt(token))
    return refused("not a JWT");
  auto first = token.find('.');
  auto second = token.find('.', first + 1);
  auto header = json_object(token.substr(0, first));
  if (!header)
    return refused("the JWT header is not a base64url JSON object");
  if (claim(*header, "alg") != "RS256")
    return refused("the JWT algorithm is not RS256");
  auto signature = crypto::base64url_decode(token.substr(second + 1));
  if (!signature)
    return refused("the JWT signature is not base64url");
  auto signing_input = token.substr(0, second);
  if (std::none_of(keys.begin(), keys.end(),
                   [&](const rsa_key& k) { return k.verify_sha256(signing_input, *signature); }))
    return refused("no service-account key verifies the signature");
  auto payload = json_object(token.substr(first + 1, second - first - 1));
  if (!payload)
    return refused("the JWT payload is not a base64url JSON object");
  if (claim(*payload, "iss") != service_account_issuer)
    return refused("the issuer is not " + std::string{service_account_issuer});
  service_account_claims c{claim(*payload, claim_namespace), claim(*payload, claim_secret),
                           claim(*payload, claim_name), claim(*payload, claim_uid)};
  for (auto [value, key] : {std::pair{&c.namespace_, claim_namespace},
                            {&c.secret_name, claim_secret},
                            {&c.account_name, claim_name},
                            {&c.account_uid, claim_uid}})
    if (value->empty())
      return refused("claim " + std::string{key} + " is missing");
  if (claim(*payload, "sub") != c.subject())
    return refused("sub does not name the account of the claims");
  return {std::move(c), {}};
}

} // namespace convoy::apiserver
