#pragma once

#include <string_view>

#include "actors/apiserver/validation/field_error.hpp"
#include "api/meta.pb.h"

namespace convoy::apiserver {

/// The Status an API request gets when validation rejects its object, as
/// Kubernetes' errors.NewInvalid: code 422, reason "Invalid", message
/// `Pod "web" is invalid: spec.containers[0].image: Required value` (kind
/// qualified by group when not core: `Deployment.apps "web" is invalid: ...`)
/// and one cause per field error (reason FieldValue..., message = body,
/// field = path) so clients can point at the field.
api::Status make_invalid_status(std::string_view group, std::string_view kind,
                                std::string_view name, const field_error_list& errors);

} // namespace convoy::apiserver
