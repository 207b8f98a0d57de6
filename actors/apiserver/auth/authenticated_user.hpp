#pragma once

#include <string>
#include <string_view>

#include "actors/apiserver/rbac/rbac_rules.hpp"

namespace convoy::apiserver {

/// Who a credential authenticates as: the RBAC identity (name and groups,
/// including system:authenticated) plus the user's uid, which RBAC does not
/// use but audit and UserInfo (TokenReview, whoami) report. Kept as a
/// user_info member so the apiserver passes `.user` to the authorizer
/// without copying.
struct authenticated_user {
  user_info user;
  std::string uid;
};

/// Appends group system:authenticated unless present, as Kubernetes'
/// authentication union (AuthenticatedGroupAdder) does for every
/// authenticated request.
void add_authenticated_group(user_info& user);

/// Whether `user` has group `group`.
bool has_group(const user_info& user, std::string_view group) noexcept;

} // namespace convoy::apiserver
