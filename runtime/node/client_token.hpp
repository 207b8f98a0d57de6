#pragma once

#include <string>
#include <string_view>

#include "runtime/node/node_options.hpp"

namespace convoy {

/// The bearer token a client role (scheduler, controllers, kubelet, proxy)
/// uses with the apiserver: the content of --token-file, or else the token
/// of `user` in the apiserver's token file on this node (--token-auth-file
/// or DATA_DIR/tokens.csv). Throws std::runtime_error naming the flag or
/// file and the problem.
std::string client_token(const node_options& opts, std::string_view user);

} // namespace convoy
