#pragma once

#include <string>
#include <vector>

namespace convoy {

/// Every role a node can run, in start-up order.
const std::vector<std::string>& known_roles();

/// Roles this build can actually start (the others arrive with later
/// releases and are refused with a clear message instead of being ignored).
const std::vector<std::string>& available_roles();

/// Returns an error message if `role` is unknown or not available yet.
std::string check_role(const std::string& role);

} // namespace convoy
