#include "actors/apiserver/audit/audit_event.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace convoy::apiserver {

namespace {

constexpr std::array<std::string_view, 8> standard_verbs{
  "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"};

bool is_read(std::string_view verb) noexcept {
  return verb == "get" || verb == "list" || verb == "watch";
}

/// Appends `text` as a quoted JSON string.
void append_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out.push_back('"');
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out.push_back(hex[u >> 4]);
          out.push_back(hex[u & 0xf]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

/// Appends `,"key":"value"` (or without the comma for the first member).
void append_member(std::string& out, std::string_view key, std::string_view value,
                   bool first = false) {
  if (!first)
    out.push_back(',');
  append_string(out, key);
  out.push_back(':');
  append_string(out, value);
}

/// Appends the member only when `value` is not empty (omitempty).
void append_optional(std::string& out, std::string_view key, std::string_view value) {
  if (!value.empty())
    append_member(out, key, value);
}

void append_user(std::string& out, const audit_user& user) {
  out += ",\"user\":{";
  append_member(out, "username", user.username, true);
  append_optional(out, "uid", user.uid);
  if (!user.groups.empty()) {
    out += ",\"groups\":[";
    for (size_t i = 0; i < user.groups.size(); ++i) {
      if (i > 0)
        out.push_back(',');
      append_string(out, user.groups[i]);
    }
    out.push_back(']');
  }
  out.push_back('}');
}

void append_object_ref(std::string& out, const audit_object_ref& ref) {
  if (ref.resource.empty())
    return;
  out += ",\"objectRef\":{";
  append_member(out, "resource", ref.resource, true);
  append_optional(out, "namespace", ref.namespace_);
  append_optional(out, "name", ref.name);
  append_optional(out, "subresource", ref.subresource);
  append_optional(out, "apiGroup", ref.api_group);
  out.push_back('}');
}

void append_response_status(std::string& out, const audit_event& ev) {
  out += ",\"responseStatus\":{\"metadata\":{}";
  if (ev.code >= 400) {
    append_member(out, "status", "Failure");
    append_optional(out, "message", ev.message);
    append_optional(out, "reason", ev.reason);
  }
  out += ",\"code\":";
  out += std::to_string(ev.code);
  out.push_back('}');
}

} // namespace

std::optional<audit_policy> parse_audit_policy(std::string_view text) {
  if (text == "writes")
    return audit_policy::writes;
  if (text == "all")
    return audit_policy::all;
  return std::nullopt;
}

bool is_standard_verb(std::string_view verb) noexcept {
  for (auto v : standard_verbs)
    if (v == verb)
      return true;
  return false;
}

bool audited(std::string_view verb, int status_code, audit_policy policy) noexcept {
  if (policy == audit_policy::all)
    return true;
  return !is_read(verb) || status_code >= 400;
}

void append_json_line(const audit_event& ev, std::string& out) {
  out += R"({"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata")";
  append_member(out, "auditID", ev.audit_id);
  append_member(out, "stage", ev.stage);
  append_member(out, "verb", ev.verb);
  append_user(out, ev.user);
  append_object_ref(out, ev.object_ref);
  append_response_status(out, ev);
  append_member(out, "requestReceivedTimestamp", ev.request_received_timestamp);
  append_member(out, "stageTimestamp", ev.stage_timestamp);
  if (!ev.annotations.empty()) {
    out += ",\"annotations\":{";
    bool first = true;
    for (const auto& [key, value] : ev.annotations) {
      append_member(out, key, value, first);
      first = false;
    }
    out.push_back('}');
  }
  out.push_back('}');
}

std::string to_json_line(const audit_event& ev) {
  std::string out;
  out.reserve(512);
  append_json_line(ev, out);
  return out;
}

std::string rfc3339_micro(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto us = duration_cast<microseconds>(t.time_since_epoch()).count();
  auto secs = us / 1000000;
  auto frac = us % 1000000;
  if (frac < 0) { // before 1970: floor, not truncate
    frac += 1000000;
    secs -= 1;
  }
  auto tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[96]; // ints of any size fit: no truncation warning
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(frac));
  return buf;
}

std::string format_audit_id(uint64_t high, uint64_t low) {
  // Version 4 (random) and the RFC 4122 variant, as uuid.New() in Go.
  high = (high & ~uint64_t{0xf000}) | uint64_t{0x4000};
  low = (low & ~(uint64_t{0xc} << 60)) | (uint64_t{0x8} << 60);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(high >> 32),
                static_cast<unsigned long long>((high >> 16) & 0xffff),
                static_cast<unsigned long long>(high & 0xffff),
                static_cast<unsigned long long>(low >> 48),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return buf;
}

} // namespace convoy::apiserver
