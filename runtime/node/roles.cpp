#include "runtime/node/roles.hpp"

#include <algorithm>

namespace convoy {

const std::vector<std::string>& known_roles() {
  static const std::vector<std::string> roles{"store",       "apiserver", "scheduler",
                                              "controllers", "kubelet",   "proxy"};
  return roles;
}

const std::vector<std::string>& available_roles() {
  static const std::vector<std::string> roles{"store",       "apiserver", "scheduler",
                                              "controllers", "kubelet",   "proxy"};
  return roles;
}

std::string check_role(const std::string& role) {
  auto has = [&](const std::vector<std::string>& xs) {
    return std::find(xs.begin(), xs.end(), role) != xs.end();
  };
  if (!has(known_roles()))
    return "unknown role '" + role
           + "' (roles: store, apiserver, scheduler, controllers, kubelet, proxy)";
  if (!has(available_roles()))
    return "role '" + role + "' is not available in this build yet";
  return {};
}

} // namespace convoy
