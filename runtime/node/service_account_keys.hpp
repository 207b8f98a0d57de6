#pragma once

#include <memory>
#include <vector>

#include "actors/apiserver/auth/rsa_key.hpp"
#include "runtime/node/node_options.hpp"

namespace convoy {

/// The keys the apiserver role verifies service-account tokens with:
/// --service-account-key-file, else DATA_DIR/sa.key, created (a fresh
/// 2048-bit RSA key, mode 0600) if missing; none without either (no
/// service-account authentication). Throws auth_config_error naming the
/// file and the problem.
std::vector<apiserver::rsa_key> service_account_verify_keys(const node_options& opts);

/// The key the controllers role signs tokens with:
/// --service-account-private-key-file, else DATA_DIR/sa.key when it exists
/// or this node also runs the apiserver role (which creates it); null when
/// there is none (the token controller then makes no tokens). Throws
/// auth_config_error naming the file and the problem.
std::shared_ptr<const apiserver::rsa_key> service_account_signing_key(const node_options& opts);

} // namespace convoy
