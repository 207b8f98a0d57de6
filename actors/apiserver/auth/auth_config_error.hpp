#pragma once

#include <stdexcept>

namespace convoy::apiserver {

/// A credential configuration (token file, key file) that cannot be used:
/// the message names the file, the line and the problem, never a secret.
class auth_config_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace convoy::apiserver
