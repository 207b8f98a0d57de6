#include "actors/apiserver/auth/authenticated_user.hpp"

#include <algorithm>

namespace convoy::apiserver {

bool has_group(const user_info& user, std::string_view group) noexcept {
  return std::any_of(user.groups.begin(), user.groups.end(),
                     [group](const std::string& g) { return g == group; });
}

void add_authenticated_group(user_info& user) {
  if (!has_group(user, group_authenticated))
    user.groups.emplace_back(group_authenticated);
}

} // namespace convoy::apiserver
