#pragma once

// Kubernetes' ServiceAccountsController (pkg/controller/serviceaccount):
// every active namespace has a ServiceAccount named "default", so pods that
// name no account still run as someone.

#include <optional>

#include "api/config.pb.h"

namespace convoy::controllers::serviceaccount {

/// The account every namespace gets.
inline constexpr const char* default_account_name = "default";

/// The "default" ServiceAccount to create in `ns`, or nullopt when it
/// exists already or `ns` is not Active (a Terminating namespace is being
/// emptied: creating in it would fight the namespace controller, and the
/// apiserver refuses it anyway).
std::optional<api::ServiceAccount> missing_default_account(const api::Namespace& ns,
                                                           bool default_exists);

} // namespace convoy::controllers::serviceaccount
