#pragma once

// The apiserver's audit record: one Kubernetes audit.k8s.io/v1 Event at
// level Metadata (who did what to which object, and how it ended; never the
// request or response body, never a token), its JSON line, and the policy
// that decides which requests are recorded. Pure: timestamps and the
// random bits of the audit ID are parameters.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace convoy::apiserver {

/// Which requests the audit log records.
enum class audit_policy {
  /// Everything except successful reads (get, list, watch): writes, every
  /// request answered with an error (401, 403, 404, ...), and every
  /// non-standard verb (admin access reviews: kill, stepdown). The default:
  /// reads are the bulk of the traffic (informers) and change nothing.
  writes,
  /// Every request.
  all,
};

/// "writes" or "all"; nullopt otherwise.
std::optional<audit_policy> parse_audit_policy(std::string_view text);

/// The requesting user as authentication saw it.
struct audit_user {
  std::string username;
  /// Empty: not known (omitted from the JSON).
  std::string uid;
  std::vector<std::string> groups;
};

/// The object a request is about (empty fields are omitted).
struct audit_object_ref {
  std::string resource;
  std::string namespace_;
  std::string name;
  std::string subresource;
  std::string api_group;
};

/// One audit.k8s.io/v1 Event at level Metadata, stage ResponseComplete.
struct audit_event {
  /// UUID-like, unique per request (see format_audit_id).
  std::string audit_id;
  std::string stage = "ResponseComplete";
  std::string verb;
  audit_user user;
  audit_object_ref object_ref;
  /// The HTTP status code of the answer.
  int code = 200;
  /// For errors (code >= 400): the Status reason (Forbidden, NotFound, ...)
  /// and message. The message says who was refused what; it never holds a
  /// token or an object body.
  std::string reason;
  std::string message;
  /// RFC3339 UTC with microseconds (see rfc3339_micro).
  std::string request_received_timestamp;
  std::string stage_timestamp;
  /// e.g. authorization.k8s.io/decision: allow|forbid,
  /// authorization.k8s.io/reason: why.
  std::map<std::string, std::string> annotations;
};

/// The annotation keys Kubernetes' authorizer adds.
inline constexpr std::string_view audit_decision_key = "authorization.k8s.io/decision";
inline constexpr std::string_view audit_reason_key = "authorization.k8s.io/reason";

/// Whether `verb` is one of Kubernetes' resource verbs (get, list, watch,
/// create, update, patch, delete, deletecollection).
bool is_standard_verb(std::string_view verb) noexcept;

/// Whether a request of `verb` answered with `status_code` is recorded
/// under `policy` (see audit_policy).
bool audited(std::string_view verb, int status_code, audit_policy policy) noexcept;

/// `event` as one line of JSON without the trailing newline: strings are
/// escaped (quote, backslash, control characters as \n, \t, ... or
/// \u00XX); bytes >= 0x80 pass through unchanged (UTF-8 stays readable).
std::string to_json_line(const audit_event& event);
/// The same, appended to `out` (lets a writer reuse one buffer).
void append_json_line(const audit_event& event, std::string& out);

/// `t` as 2026-01-01T00:00:00.000000Z (UTC, microseconds).
std::string rfc3339_micro(std::chrono::system_clock::time_point t);

/// 128 random bits as a version-4 UUID string (8-4-4-4-12 lowercase hex).
std::string format_audit_id(uint64_t high, uint64_t low);

} // namespace convoy::apiserver
