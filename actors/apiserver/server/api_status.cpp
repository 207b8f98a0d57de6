#include "caf/sec.hpp"

#include "actors/apiserver/server/api_status.hpp"

#include "messages/error.hpp"

namespace convoy::apiserver {

namespace {

api::Status make(int code, std::string_view reason, std::string message) {
  api::Status s;
  s.set_kind("Status");
  s.set_api_version("v1");
  s.set_status("Failure");
  s.set_code(code);
  s.set_reason(std::string{reason});
  s.set_message(std::move(message));
  return s;
}

api::Status with_details(api::Status s, std::string_view resource, std::string_view name) {
  s.mutable_details()->set_name(std::string{name});
  s.mutable_details()->set_kind(std::string{resource});
  return s;
}

std::string quoted(std::string_view x) {
  return "\"" + std::string{x} + "\"";
}

} // namespace

api::Status api_status::not_found(std::string_view resource, std::string_view name) {
  return with_details(make(404, "NotFound", std::string{resource} + " " + quoted(name)
                                              + " not found"),
                      resource, name);
}

api::Status api_status::already_exists(std::string_view resource, std::string_view name) {
  return with_details(make(409, "AlreadyExists", std::string{resource} + " " + quoted(name)
                                                   + " already exists"),
                      resource, name);
}

api::Status api_status::conflict(std::string_view resource, std::string_view name,
                                 std::string_view why) {
  return with_details(make(409, "Conflict", "Operation cannot be fulfilled on "
                                              + std::string{resource} + " " + quoted(name)
                                              + ": " + std::string{why}),
                      resource, name);
}

api::Status api_status::forbidden(std::string_view user, std::string_view verb,
                                  std::string_view resource, std::string_view ns,
                                  std::string_view name, std::string_view reason) {
  std::string msg = std::string{resource};
  if (!name.empty())
    msg += " " + quoted(name);
  msg += " is forbidden: User " + quoted(user) + " cannot " + std::string{verb}
         + " resource " + quoted(resource);
  msg += ns.empty() ? std::string{" at the cluster scope"}
                    : " in the namespace " + quoted(ns);
  if (!reason.empty())
    msg += ": " + std::string{reason};
  return with_details(make(403, "Forbidden", std::move(msg)), resource, name);
}

api::Status api_status::unauthorized(std::string_view why) {
  return make(401, "Unauthorized", "Unauthorized: " + std::string{why});
}

api::Status api_status::bad_request(std::string_view message) {
  return make(400, "BadRequest", std::string{message});
}

api::Status api_status::patch_failed(const patch_result& result) {
  switch (result.code) {
    case patch_errc::unprocessable:
      return make(422, "Invalid", result.error);
    case patch_errc::too_large:
      return make(413, "RequestEntityTooLarge", result.error);
    default:
      return bad_request(result.error);
  }
}

api::Status api_status::gone(std::string_view message) {
  return make(410, "Expired", std::string{message});
}

api::Status api_status::method_not_allowed(std::string_view message) {
  return make(405, "MethodNotAllowed", std::string{message});
}

api::Status api_status::internal(std::string_view message) {
  return make(500, "InternalError", "Internal error occurred: " + std::string{message});
}

api::Status api_status::unavailable(std::string_view message) {
  return make(503, "ServiceUnavailable", std::string{message});
}

api::Status api_status::timeout(std::string_view message) {
  return make(504, "Timeout", std::string{message});
}

api::Status api_status::from_error(const caf::error& err) {
  switch (code_of(err)) {
    case errc::compacted:
      return gone(describe(err));
    case errc::timeout:
      return timeout("the store did not confirm in time; the change may or may not have "
                     "been made: "
                     + describe(err));
    case errc::request_too_large:
      return make(413, "RequestEntityTooLarge", describe(err));
    case errc::invalid_argument:
      return bad_request(describe(err));
    case errc::unavailable:
      return unavailable(describe(err));
    default:
      if (err == caf::sec::request_timeout)
        return timeout("the store did not answer in time");
      return internal(describe(err));
  }
}

api::Status api_status::success(std::string_view message) {
  api::Status s;
  s.set_kind("Status");
  s.set_api_version("v1");
  s.set_status("Success");
  s.set_code(200);
  s.set_message(std::string{message});
  return s;
}

} // namespace convoy::apiserver
