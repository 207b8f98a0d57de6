// Tests for validation/name_rules and the field error renderings: the exact
// texts of Kubernetes' k8s.io/apimachinery/pkg/util/validation.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "actors/apiserver/validation/field_error.hpp"
#include "actors/apiserver/validation/name_rules.hpp"
#include "actors/apiserver/validation/status_error.hpp"
#include "test_support.hpp"

using namespace convoy::apiserver;

namespace {

struct rule_case {
  const char* value;
  messages (*check)(std::string_view);
  size_t error_count;
};

} // namespace

BOOST_AUTO_TEST_SUITE(name_rules_tests)

BOOST_AUTO_TEST_CASE(syntax_rules_accept_and_reject) {
  const std::string long64(64, 'a');
  const std::string long254(254, 'a');
  const std::vector<rule_case> cases = {
    {"web", is_dns1123_label, 0},
    {"123-abc", is_dns1123_label, 0},
    {"a", is_dns1123_label, 0},
    {"", is_dns1123_label, 1},
    {"-web", is_dns1123_label, 1},
    {"web-", is_dns1123_label, 1},
    {"Web", is_dns1123_label, 1},
    {"web.example", is_dns1123_label, 1},
    {long64.c_str(), is_dns1123_label, 1},
    {"example.com", is_dns1123_subdomain, 0},
    {"a.b-c.d", is_dns1123_subdomain, 0},
    {"a..b", is_dns1123_subdomain, 1},
    {".a", is_dns1123_subdomain, 1},
    {"Web_1", is_dns1123_subdomain, 1},
    {long254.c_str(), is_dns1123_subdomain, 1},
    {"my-name", is_dns1035_label, 0},
    {"1abc", is_dns1035_label, 1},
    {"abc", is_qualified_name, 0},
    {"MyName", is_qualified_name, 0},
    {"my.name_x-1", is_qualified_name, 0},
    {"example.com/MyName", is_qualified_name, 0},
    {"a/b/c", is_qualified_name, 1},
    {"/abc", is_qualified_name, 1},
    {"example.com/", is_qualified_name, 2},
    {"Example.com/abc", is_qualified_name, 1},
    {"a b", is_qualified_name, 1},
    {"_abc", is_qualified_name, 1},
    {long64.c_str(), is_qualified_name, 1},
    {"", is_valid_label_value, 0},
    {"v1.2_x", is_valid_label_value, 0},
    {"-v", is_valid_label_value, 1},
    {"a b", is_valid_label_value, 1},
    {long64.c_str(), is_valid_label_value, 1},
    {"key.name", is_config_map_key, 0},
    {"KEY_NAME", is_config_map_key, 0},
    {"a/b", is_config_map_key, 1},
    {"..", is_config_map_key, 1},
    {"..a", is_config_map_key, 1},
    {"", is_config_map_key, 1},
    {"MY_ENV.NAME", is_env_var_name, 0},
    {"1ABC", is_env_var_name, 1},
    {"A B", is_env_var_name, 1},
    {"http", is_valid_port_name, 0},
    {"web-80", is_valid_port_name, 0},
    {"80", is_valid_port_name, 1},
    {"a--b", is_valid_port_name, 1},
    {"-ab", is_valid_port_name, 1},
    {"HTTP", is_valid_port_name, 2},
    {"abcdefghijklmnop", is_valid_port_name, 1},
    {"25%", is_valid_percent, 0},
    {"%", is_valid_percent, 1},
    {"25", is_valid_percent, 1},
    {"X-Header-1", is_http_header_name, 0},
    {"X Header", is_http_header_name, 1},
    {"system:node", is_valid_path_segment_name, 0},
    {"..", is_valid_path_segment_name, 1},
    {"a/b%c", is_valid_path_segment_name, 2},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("value: \"" << c.value << "\"") {
      BOOST_TEST(c.check(c.value).size() == c.error_count);
    }
  }
}

BOOST_AUTO_TEST_CASE(messages_match_kubernetes) {
  BOOST_TEST(is_dns1123_subdomain("Web_1").front() == test::subdomain_msg());
  BOOST_TEST(is_dns1123_label("Web").front() == test::label_msg());
  BOOST_TEST(is_valid_port_num(70000).front() == "must be between 1 and 65535, inclusive");
  BOOST_TEST(is_dns1123_label(std::string(64, 'a')).front() == "must be no more than 63 characters");
  auto q = is_qualified_name("example.com/");
  BOOST_REQUIRE_EQUAL(q.size(), 2u);
  BOOST_TEST(q[0] == "name part must be non-empty");
  BOOST_TEST(q[1].rfind("name part must consist of alphanumeric characters", 0) == 0);
  BOOST_TEST(is_qualified_name("Example.com/a").front().rfind("prefix part a lowercase RFC 1123", 0)
             == 0);
  BOOST_TEST(is_config_map_key("..").back() == "must not be '..'");
  BOOST_TEST(is_valid_path_segment_name(".").front() == "may not be '.'");
}

BOOST_AUTO_TEST_CASE(name_validators_allow_generate_name_prefixes) {
  BOOST_TEST(name_is_dns_subdomain("web-", true).empty());
  BOOST_TEST(!name_is_dns_subdomain("web-", false).empty());
  BOOST_TEST(name_is_dns_label("web-", true).empty());
  BOOST_TEST(name_is_path_segment("..", true).empty());
  BOOST_TEST(!name_is_path_segment("..", false).empty());
}

BOOST_AUTO_TEST_CASE(ip_and_cidr_checks) {
  for (auto ip : {"10.9.8.7", "2001:db8::ffff", "::1", "0.0.0.0"})
    BOOST_TEST(is_valid_ip(ip), ip);
  for (auto ip : {"", "10.9.8", "10.9.8.256", "abc", "10.0.0.1/8", "1::2::3"})
    BOOST_TEST(!is_valid_ip(ip), ip);
  for (auto cidr : {"10.244.0.0/24", "2001:db8::/64", "0.0.0.0/0"})
    BOOST_TEST(is_valid_cidr(cidr), cidr);
  for (auto cidr : {"10.244.0.0", "10.244.0.0/33", "10.244.0.0/-1", "x/24", "2001:db8::/129"})
    BOOST_TEST(!is_valid_cidr(cidr), cidr);
}

BOOST_AUTO_TEST_CASE(parse_int64_is_strict) {
  int64_t v = 0;
  BOOST_TEST((parse_int64("42", v) && v == 42));
  BOOST_TEST((parse_int64("-9223372036854775808", v) && v == INT64_MIN));
  BOOST_TEST((parse_int64("9223372036854775807", v) && v == INT64_MAX));
  BOOST_TEST(!parse_int64("9223372036854775808", v));
  BOOST_TEST(!parse_int64("1.5", v));
  BOOST_TEST(!parse_int64("", v));
  BOOST_TEST(!parse_int64("-", v));
  BOOST_TEST(!parse_int64(" 1", v));
}

BOOST_AUTO_TEST_CASE(field_paths_render_like_kubernetes) {
  const field_path spec{"spec"};
  const auto containers = spec.child("containers");
  const auto first = containers.index(0);
  BOOST_TEST(first.child("image").to_string() == "spec.containers[0].image");
  BOOST_TEST(containers.index(3, "name").to_string() == "spec.containers[3].name");
  const field_path labels{"metadata.labels"};
  BOOST_TEST(labels.key("app").to_string() == "metadata.labels[app]");
  const field_path root{""};
  BOOST_TEST(root.child("data").to_string() == "data");
  BOOST_TEST(root.to_string() == "");
}

BOOST_AUTO_TEST_CASE(errors_render_like_kubernetes) {
  const field_path spec{"spec"};
  const auto containers = spec.child("containers");
  const auto image = containers.index(0);
  struct row {
    field_error err;
    const char* text;
  };
  const auto ports = spec.child("ports");
  const std::vector<row> rows = {
    {required(image.child("image")), "spec.containers[0].image: Required value"},
    {required(spec.child("x"), "must be set"), "spec.x: Required value: must be set"},
    {invalid(ports.index(0, "port"), 70000, "must be between 1 and 65535, inclusive"),
     "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive"},
    {invalid(spec.child("a"), "x\"y\n", "bad"), R"(spec.a: Invalid value: "x\"y\n": bad)"},
    {duplicate(spec.child("name"), "web"), R"(spec.name: Duplicate value: "web")"},
    {not_supported(spec.child("restartPolicy"), "Sometimes", {"Always", "OnFailure", "Never"}),
     R"(spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never")"},
    {forbidden(spec, "nope"), "spec: Forbidden: nope"},
    {not_found(spec.child("v"), "x"), R"(spec.v: Not found: "x")"},
    {too_long(spec.child("a"), 10), "spec.a: Too long: must have at most 10 bytes"},
    {too_many(spec.child("a"), 5, 3), "spec.a: Too many: 5: must have at most 3 items"},
    {internal_error(spec, "boom"), "spec: Internal error: boom"},
    {invalid(spec.child("m"), bad_value::raw(go_string_map(std::map<std::string, std::string>{
                                {"b", "2"}, {"a", "1"}})),
             "x"),
     R"(spec.m: Invalid value: map[string]string{"a":"1", "b":"2"}: x)"},
    {invalid(spec.child("s"), bad_value::raw(go_string_slice({})), "x"),
     "spec.s: Invalid value: []string{}: x"},
  };
  for (const auto& r : rows)
    BOOST_TEST(r.err.to_string() == r.text);
}

BOOST_AUTO_TEST_CASE(aggregate_and_status) {
  const field_path spec{"spec"};
  field_error_list errs = {required(spec.child("a")), required(spec.child("a")),
                           required(spec.child("b"))};
  BOOST_TEST(to_aggregate_string(errs) == "[spec.a: Required value, spec.b: Required value]");
  BOOST_TEST(to_aggregate_string({required(spec.child("a"))}) == "spec.a: Required value");
  BOOST_TEST(to_aggregate_string({}) == "");
  auto status = make_invalid_status("apps", "Deployment", "web", {required(spec.child("a"))});
  BOOST_TEST(status.code() == 422);
  BOOST_TEST(status.reason() == "Invalid");
  BOOST_TEST(status.status() == "Failure");
  BOOST_TEST(status.message() == R"(Deployment.apps "web" is invalid: spec.a: Required value)");
  BOOST_REQUIRE_EQUAL(status.details().causes_size(), 1);
  BOOST_TEST(status.details().causes(0).reason() == "FieldValueRequired");
  BOOST_TEST(status.details().causes(0).field() == "spec.a");
  BOOST_TEST(status.details().causes(0).message() == "Required value");
  auto core = make_invalid_status("", "Pod", "web", {});
  BOOST_TEST(core.message() == R"(Pod "web" is invalid)");
}

BOOST_AUTO_TEST_SUITE_END()
