#pragma once

// Kubernetes' $(VAR) expansion (third_party/forked/golang/expansion): used
// for env values and for command/args.

#include <functional>
#include <string>
#include <string_view>

namespace convoy::kubelet {

/// Looks a variable up; nullptr = undefined.
using env_lookup = std::function<const std::string*(std::string_view name)>;

/// Expands `input`: "$(NAME)" becomes NAME's value, or stays "$(NAME)"
/// verbatim if undefined; "$$" is an escaped "$"; any other "$x", a "$" at
/// the end and an unterminated "$(" are kept as written.
std::string expand(std::string_view input, const env_lookup& lookup);

/// Kubernetes' IsEnvVarName: [-._a-zA-Z][-._a-zA-Z0-9]*.
bool is_env_var_name(std::string_view name);

} // namespace convoy::kubelet
