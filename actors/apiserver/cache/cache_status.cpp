#include "actors/apiserver/cache/cache_status.hpp"

#include <string>

namespace convoy::apiserver::cache_status {

namespace {

api::Status failure(int32_t code, std::string_view reason, std::string message) {
  api::Status status;
  status.set_kind("Status");
  status.set_api_version("v1");
  status.set_status("Failure");
  status.set_code(code);
  status.set_reason(std::string{reason});
  status.set_message(std::move(message));
  return status;
}

} // namespace

api::Status too_old(int64_t requested, int64_t oldest) {
  return failure(410, "Expired",
                 "too old resource version: " + std::to_string(requested) + " (" +
                   std::to_string(oldest) + ")");
}

api::Status continue_expired() {
  // Kubernetes' inconsistentContinue text (storage/etcd3): the status also
  // carries a token that continues at the latest revision.
  return failure(410, "Expired",
                 "The provided continue parameter is too old to display a consistent list "
                 "result. You can start a new list without the continue parameter, or use the "
                 "continue token in this response to retrieve the remainder of the results. "
                 "Continuing with the provided token results in an inconsistent list - objects "
                 "that were created, modified, or deleted between the time the first chunk was "
                 "returned and now may show up in the list.");
}

api::Status continue_invalid(std::string_view detail) {
  return failure(400, "BadRequest", "continue key is not valid: " + std::string{detail});
}

api::Status invalid_resource_version(std::string_view resource, std::string_view text) {
  auto status = failure(422, "Invalid",
                        std::string{resource} + " \"\" is invalid: resourceVersion: Invalid value: \"" +
                          std::string{text} + "\": must be a non-negative integer");
  auto* details = status.mutable_details();
  details->set_kind(std::string{resource});
  auto* cause = details->add_causes();
  cause->set_reason("FieldValueInvalid");
  cause->set_message("Invalid value: \"" + std::string{text} +
                     "\": must be a non-negative integer");
  cause->set_field("resourceVersion");
  return status;
}

api::Status not_ready() {
  auto status = failure(429, "TooManyRequests", "storage is (re)initializing");
  status.mutable_details()->set_retry_after_seconds(1);
  return status;
}

api::Status slow_watcher(size_t pending, size_t limit) {
  auto status = failure(429, "TooManyRequests",
                        "watch closed: the client fell " + std::to_string(pending) +
                          " events behind (limit " + std::to_string(limit) + ")");
  status.mutable_details()->set_retry_after_seconds(1);
  return status;
}

api::Status watch_exists(int64_t id) {
  return failure(409, "AlreadyExists", "watch " + std::to_string(id) + " already exists");
}

api::Status too_large(int64_t requested, int64_t current) {
  auto status = failure(504, "Timeout",
                        "Too large resource version: " + std::to_string(requested) +
                          ", current: " + std::to_string(current));
  auto* details = status.mutable_details();
  details->set_retry_after_seconds(1);
  auto* cause = details->add_causes();
  cause->set_reason("ResourceVersionTooLarge");
  cause->set_message("Too large resource version");
  return status;
}

} // namespace convoy::apiserver::cache_status
