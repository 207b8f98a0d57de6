#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

/// The syntax rules of Kubernetes' k8s.io/apimachinery/pkg/util/validation
/// (DNS names, label keys and values, config keys, env names, port names,
/// IPs) with its exact messages. Each check returns the list of problems,
/// empty when the value is fine (an empty vector does not allocate).
namespace convoy::apiserver {

using messages = std::vector<std::string>;

constexpr size_t dns1123_label_max_length = 63;
constexpr size_t dns1123_subdomain_max_length = 253;
constexpr size_t dns1035_label_max_length = 63;
constexpr size_t qualified_name_max_length = 63;
constexpr size_t label_value_max_length = 63;

/// "must be greater than or equal to 0"
extern const char* const is_negative_error_msg;
/// "must be greater than zero"
extern const char* const is_not_positive_error_msg;
/// "field is immutable"
extern const char* const field_immutable_error_msg;
/// "must be an integer"
extern const char* const is_not_integer_error_msg;
/// "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
extern const char* const invalid_ip_error_msg;
/// "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"
extern const char* const invalid_cidr_error_msg;

/// "must be no more than N characters"
std::string max_len_error(size_t length);

/// "must be between LO and HI, inclusive"
std::string inclusive_range_error(int64_t lo, int64_t hi);

/// Kubernetes' RegexError: `MSG (e.g. 'a' or 'b', regex used for
/// validation is 'FMT')`.
std::string regex_error(std::string_view msg, std::string_view fmt,
                        std::initializer_list<std::string_view> examples);

messages is_dns1123_label(std::string_view value);
messages is_dns1123_subdomain(std::string_view value);
messages is_dns1035_label(std::string_view value);

/// A label key / annotation key / finalizer: `[prefix/]name`, prefix a DNS
/// subdomain, name <= 63 of [-A-Za-z0-9_.] starting and ending alphanumeric.
messages is_qualified_name(std::string_view value);
messages is_valid_label_value(std::string_view value);
messages is_config_map_key(std::string_view value);
messages is_env_var_name(std::string_view value);
/// An IANA_SVC_NAME: <= 15 of [-a-z0-9], a letter, no "--", no edge '-'.
messages is_valid_port_name(std::string_view value);
messages is_valid_port_num(int64_t port);
messages is_valid_percent(std::string_view value);
messages is_http_header_name(std::string_view value);
/// A name that is one URL path segment (RBAC object names): not "." or
/// "..", no '/' or '%'.
messages is_valid_path_segment_name(std::string_view value);

bool is_valid_ip(std::string_view value);
bool is_valid_cidr(std::string_view value);

/// Strict base-10 int64 (Go's strconv.ParseInt(s, 10, 64)): optional sign,
/// digits only, in range.
bool parse_int64(std::string_view text, int64_t& out);

/// Kubernetes' ValidateNameFunc: checks an object's name, or with
/// `prefix` a generateName prefix (a trailing '-' is allowed).
using name_validator = messages (*)(std::string_view name, bool prefix);

messages name_is_dns_subdomain(std::string_view name, bool prefix);
messages name_is_dns_label(std::string_view name, bool prefix);
messages name_is_dns1035_label(std::string_view name, bool prefix);
messages name_is_path_segment(std::string_view name, bool prefix);

} // namespace convoy::apiserver
