#include "actors/apiserver/auth/token_authenticator.hpp"

#include "actors/apiserver/auth/auth_config_error.hpp"

namespace convoy::apiserver {

token_authenticator::token_authenticator(const std::vector<static_token>& tokens) {
  by_prefix_.reserve(tokens.size());
  for (const auto& t : tokens) {
    if (t.token.empty())
      throw auth_config_error("static token of user \"" + t.user + "\" is empty");
    entry e{crypto::sha256(t.token), {{t.user, t.groups}, t.uid}};
    add_authenticated_group(e.user.user);
    auto& bucket = by_prefix_[prefix_of(e.digest)];
    for (const auto& other : bucket)
      if (crypto::equal_constant_time(other.digest, e.digest))
        throw auth_config_error("static token of user \"" + t.user
                                + "\" duplicates the token of user \"" + other.user.user.name + "\"");
    bucket.push_back(std::move(e));
    ++count_;
  }
}

token_authenticator token_authenticator::from_file(const std::string& path) {
  return token_authenticator{load_token_file(path)};
}

const authenticated_user* token_authenticator::authenticate(std::string_view token) const {
  if (token.empty())
    return nullptr;
  auto d = crypto::sha256(token);
  auto it = by_prefix_.find(prefix_of(d));
  if (it == by_prefix_.end())
    return nullptr;
  const authenticated_user* found = nullptr;
  for (const auto& e : it->second)
    if (crypto::equal_constant_time(e.digest, d))
      found = &e.user;
  return found;
}

uint64_t token_authenticator::prefix_of(const crypto::digest& d) noexcept {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i)
    v = v << 8 | d[i];
  return v;
}

} // namespace convoy::apiserver
