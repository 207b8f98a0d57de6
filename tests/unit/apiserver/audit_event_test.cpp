// The audit event: its JSON line (escaping, omitted empty fields, the
// Kubernetes field names), the policy of what is recorded, timestamps and
// audit IDs.

#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "actors/apiserver/audit/audit_event.hpp"

using namespace convoy::apiserver;

namespace {

audit_event sample() {
  audit_event ev;
  ev.audit_id = "0a1b2c3d-0000-4000-8000-000000000001";
  ev.verb = "create";
  ev.user = {"admin", "u-1", {"system:masters", "system:authenticated"}};
  ev.object_ref = {"pods", "default", "web", "", ""};
  ev.code = 201;
  ev.request_received_timestamp = "2026-01-01T00:00:00.000000Z";
  ev.stage_timestamp = "2026-01-01T00:00:00.001500Z";
  ev.annotations.emplace(audit_decision_key, "allow");
  return ev;
}

} // namespace

BOOST_AUTO_TEST_SUITE(audit_event_json)

BOOST_AUTO_TEST_CASE(a_metadata_event_has_the_kubernetes_fields) {
  auto line = to_json_line(sample());
  BOOST_TEST(line.find('\n') == std::string::npos);
  auto j = nlohmann::json::parse(line);
  BOOST_TEST(j["kind"] == "Event");
  BOOST_TEST(j["apiVersion"] == "audit.k8s.io/v1");
  BOOST_TEST(j["level"] == "Metadata");
  BOOST_TEST(j["stage"] == "ResponseComplete");
  BOOST_TEST(j["verb"] == "create");
  BOOST_TEST(j["user"]["username"] == "admin");
  BOOST_TEST(j["user"]["uid"] == "u-1");
  BOOST_TEST(j["user"]["groups"].size() == 2u);
  BOOST_TEST(j["objectRef"]["resource"] == "pods");
  BOOST_TEST(j["objectRef"]["namespace"] == "default");
  BOOST_TEST(j["objectRef"]["name"] == "web");
  BOOST_TEST(!j["objectRef"].contains("subresource")); // empty: omitted
  BOOST_TEST(!j["objectRef"].contains("apiGroup"));
  BOOST_TEST(j["responseStatus"]["code"] == 201);
  BOOST_TEST(!j["responseStatus"].contains("status"));
  BOOST_TEST(j["requestReceivedTimestamp"] == "2026-01-01T00:00:00.000000Z");
  BOOST_TEST(j["stageTimestamp"] == "2026-01-01T00:00:00.001500Z");
  BOOST_TEST(j["annotations"]["authorization.k8s.io/decision"] == "allow");
}

BOOST_AUTO_TEST_CASE(an_error_carries_status_reason_and_message) {
  auto ev = sample();
  ev.code = 403;
  ev.reason = "Forbidden";
  ev.message = "pods \"web\" is forbidden";
  ev.user.uid.clear();
  auto j = nlohmann::json::parse(to_json_line(ev));
  BOOST_TEST(j["responseStatus"]["code"] == 403);
  BOOST_TEST(j["responseStatus"]["status"] == "Failure");
  BOOST_TEST(j["responseStatus"]["reason"] == "Forbidden");
  BOOST_TEST(j["responseStatus"]["message"] == "pods \"web\" is forbidden");
  BOOST_TEST(!j["user"].contains("uid"));
}

BOOST_AUTO_TEST_CASE(strings_are_escaped_and_round_trip) {
  struct row {
    std::string raw;
    std::string escaped; // as it appears between the quotes
  };
  const row rows[] = {
    {"plain", "plain"},
    {"say \"hi\"", R"(say \"hi\")"},
    {"C:\\dir", R"(C:\\dir)"},
    {"a\nb\tc\rd", R"(a\nb\tc\rd)"},
    {std::string{"nul\0x", 5}, R"(nul\u0000x)"},
    {"\x01\x1f\b\f", R"(\u0001\u001f\b\f)"},
    {"caf\xc3\xa9 \xe2\x9c\x93", "caf\xc3\xa9 \xe2\x9c\x93"}, // UTF-8 passes through
    {"slash/ok", "slash/ok"},
  };
  for (const auto& r : rows) {
    auto ev = sample();
    ev.object_ref.name = r.raw;
    auto line = to_json_line(ev);
    BOOST_TEST_CONTEXT("name " << r.escaped) {
      BOOST_TEST(line.find("\"name\":\"" + r.escaped + "\"") != std::string::npos);
      BOOST_TEST(line.find('\n') == std::string::npos);
      BOOST_TEST(nlohmann::json::parse(line)["objectRef"]["name"] == r.raw);
    }
  }
}

BOOST_AUTO_TEST_CASE(annotation_keys_and_values_are_escaped) {
  auto ev = sample();
  ev.annotations[std::string{audit_reason_key}] = "RBAC: allowed by \"admin\"\n";
  auto j = nlohmann::json::parse(to_json_line(ev));
  BOOST_TEST(j["annotations"]["authorization.k8s.io/reason"] == "RBAC: allowed by \"admin\"\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit_policy_table)

BOOST_AUTO_TEST_CASE(writes_logs_all_but_successful_reads) {
  struct row {
    const char* verb;
    int code;
    bool writes;
  };
  const row rows[] = {
    {"get", 200, false},       {"list", 200, false},     {"watch", 200, false},
    {"get", 401, true},        {"list", 403, true},      {"get", 404, true},
    {"create", 201, true},     {"update", 200, true},    {"patch", 200, true},
    {"delete", 200, true},     {"deletecollection", 200, true},
    {"create", 403, true},     {"kill", 200, true},      {"stepdown", 403, true},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.verb << " " << r.code) {
      BOOST_TEST(audited(r.verb, r.code, audit_policy::writes) == r.writes);
      BOOST_TEST(audited(r.verb, r.code, audit_policy::all));
    }
  }
}

BOOST_AUTO_TEST_CASE(standard_verbs_and_policy_names) {
  for (const char* v : {"get", "list", "watch", "create", "update", "patch", "delete",
                        "deletecollection"})
    BOOST_TEST(is_standard_verb(v));
  for (const char* v : {"kill", "stepdown", "", "GET", "escalate"})
    BOOST_TEST(!is_standard_verb(v));
  BOOST_TEST((parse_audit_policy("writes") == audit_policy::writes));
  BOOST_TEST((parse_audit_policy("all") == audit_policy::all));
  BOOST_TEST(!parse_audit_policy("none").has_value());
  BOOST_TEST(!parse_audit_policy("").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit_time_and_id)

BOOST_AUTO_TEST_CASE(timestamps_are_rfc3339_utc_with_microseconds) {
  using namespace std::chrono;
  system_clock::time_point epoch{};
  BOOST_TEST(rfc3339_micro(epoch) == "1970-01-01T00:00:00.000000Z");
  auto t = epoch + milliseconds{1767225600000} + microseconds{123456};
  BOOST_TEST(rfc3339_micro(t) == "2026-01-01T00:00:00.123456Z");
  auto leap = epoch + seconds{951782400 + 86399}; // 2000-02-29T23:59:59Z
  BOOST_TEST(rfc3339_micro(leap) == "2000-02-29T23:59:59.000000Z");
}

BOOST_AUTO_TEST_CASE(audit_ids_look_like_v4_uuids) {
  BOOST_TEST(format_audit_id(0, 0) == "00000000-0000-4000-8000-000000000000");
  auto id = format_audit_id(~uint64_t{0}, ~uint64_t{0});
  BOOST_TEST(id == "ffffffff-ffff-4fff-bfff-ffffffffffff");
  BOOST_TEST(format_audit_id(0x0123456789abcdefULL, 0x0011223344556677ULL)
             == "01234567-89ab-4def-8011-223344556677");
}

BOOST_AUTO_TEST_SUITE_END()
