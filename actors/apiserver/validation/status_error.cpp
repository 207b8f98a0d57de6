#include "actors/apiserver/validation/status_error.hpp"

namespace convoy::apiserver {

api::Status make_invalid_status(std::string_view group, std::string_view kind,
                                std::string_view name, const field_error_list& errors) {
  api::Status status;
  status.set_kind("Status");
  status.set_api_version("v1");
  status.set_status("Failure");
  status.set_reason("Invalid");
  status.set_code(422);
  std::string qualified{kind};
  if (!group.empty()) {
    qualified += '.';
    qualified += group;
  }
  std::string message = qualified + " " + bad_value::quote(name) + " is invalid";
  if (!errors.empty())
    message += ": " + to_aggregate_string(errors);
  status.set_message(std::move(message));
  auto* details = status.mutable_details();
  details->set_name(std::string{name});
  details->set_group(std::string{group});
  details->set_kind(std::string{kind});
  for (const auto& err : errors) {
    auto* cause = details->add_causes();
    cause->set_reason(cause_reason(err.type));
    cause->set_message(err.body());
    cause->set_field(err.field);
  }
  return status;
}

} // namespace convoy::apiserver
