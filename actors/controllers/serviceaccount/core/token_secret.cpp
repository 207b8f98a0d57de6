#include "actors/controllers/serviceaccount/core/token_secret.hpp"

#include <algorithm>
#include <set>

namespace convoy::controllers::serviceaccount {

namespace {

constexpr const char* suffix_alphabet = "bcdfghjklmnpqrstvwxz2456789";
constexpr std::size_t suffix_alphabet_size = 27;

std::string annotation(const api::ObjectMeta& meta, const std::string& key) {
  auto it = meta.annotations().find(key);
  return it == meta.annotations().end() ? std::string{} : it->second;
}

bool references(const api::ServiceAccount& sa, const std::string& name) {
  return std::any_of(sa.secrets().begin(), sa.secrets().end(),
                     [&](const api::ObjectReference& r) { return r.name() == name; });
}

api::Secret token_secret(const api::ServiceAccount& sa, const std::string& name,
                         const std::string& token) {
  api::Secret s;
  s.set_kind("Secret");
  s.set_api_version("v1");
  s.set_type(apiserver::service_account_token_type);
  auto& meta = *s.mutable_metadata();
  meta.set_name(name);
  meta.set_namespace_(sa.metadata().namespace_());
  (*meta.mutable_annotations())[apiserver::service_account_name_annotation] = sa.metadata().name();
  (*meta.mutable_annotations())[apiserver::service_account_uid_annotation] = sa.metadata().uid();
  (*s.mutable_data())["token"] = token;
  (*s.mutable_data())["namespace"] = sa.metadata().namespace_();
  return s;
}

} // namespace

bool is_token_for(const api::Secret& secret, const api::ServiceAccount& sa) {
  if (secret.type() != apiserver::service_account_token_type)
    return false;
  if (annotation(secret.metadata(), apiserver::service_account_name_annotation)
      != sa.metadata().name())
    return false;
  const auto uid = annotation(secret.metadata(), apiserver::service_account_uid_annotation);
  return uid.empty() || uid == sa.metadata().uid();
}

std::string random_name_suffix(std::mt19937_64& rng) {
  std::string out;
  for (int i = 0; i < 5; ++i) // modulo bias of 2^64 % 27 is negligible
    out.push_back(suffix_alphabet[rng() % suffix_alphabet_size]);
  return out;
}

std::optional<api::Secret>
missing_token(const api::ServiceAccount& sa,
              const std::vector<const api::Secret*>& secrets_in_namespace, std::mt19937_64& rng,
              const token_signer& sign) {
  if (sa.metadata().has_deletion_timestamp())
    return std::nullopt;
  std::set<std::string> taken;
  for (const auto* s : secrets_in_namespace) {
    if (s == nullptr)
      continue;
    if (references(sa, s->metadata().name()) && is_token_for(*s, sa))
      return std::nullopt;
    taken.insert(s->metadata().name());
  }
  const std::string prefix = sa.metadata().name() + "-token-";
  std::string name = prefix + random_name_suffix(rng);
  while (taken.count(name) != 0)
    name = prefix + random_name_suffix(rng);
  const auto& meta = sa.metadata();
  return token_secret(sa, name, sign({meta.namespace_(), name, meta.name(), meta.uid()}));
}

api::ServiceAccount with_token_reference(const api::ServiceAccount& sa,
                                         const std::string& secret_name) {
  api::ServiceAccount out = sa;
  if (!references(sa, secret_name))
    out.add_secrets()->set_name(secret_name);
  return out;
}

} // namespace convoy::controllers::serviceaccount
