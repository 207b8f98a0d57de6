#include "actors/apiserver/validation/name_rules.hpp"

#include <arpa/inet.h>

#include <cstdlib>
#include <limits>

namespace convoy::apiserver {

const char* const is_negative_error_msg = "must be greater than or equal to 0";
const char* const is_not_positive_error_msg = "must be greater than zero";
const char* const field_immutable_error_msg = "field is immutable";
const char* const is_not_integer_error_msg = "must be an integer";
const char* const invalid_ip_error_msg
  = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
const char* const invalid_cidr_error_msg
  = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

namespace {

constexpr std::string_view dns1123_label_fmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view dns1123_label_msg
  = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character";
constexpr std::string_view dns1123_subdomain_fmt
  = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view dns1123_subdomain_msg
  = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character";
constexpr std::string_view dns1035_label_fmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view dns1035_label_msg
  = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
    "an alphabetic character, and end with an alphanumeric character";
constexpr std::string_view qualified_name_fmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view qualified_name_msg
  = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
    "an alphanumeric character";
constexpr std::string_view label_value_fmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view label_value_msg
  = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
    "or '.', and must start and end with an alphanumeric character";
constexpr std::string_view config_key_fmt = "[-._a-zA-Z0-9]+";
constexpr std::string_view config_key_msg
  = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
constexpr std::string_view env_var_fmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
constexpr std::string_view env_var_msg
  = "a valid environment variable name must consist of alphabetic characters, digits, '_', "
    "'-', or '.', and must not start with a digit";
constexpr std::string_view percent_fmt = "[0-9]+%";
constexpr std::string_view percent_msg
  = "a valid percent string must be a numeric string followed by an ending '%'";
constexpr std::string_view http_header_fmt = "[-A-Za-z0-9]+";
constexpr std::string_view http_header_msg
  = "a valid HTTP header must consist of alphanumeric characters or '-'";

bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool matches_dns_label(std::string_view s) {
  if (s.empty() || !is_lower_alnum(s.front()) || !is_lower_alnum(s.back()))
    return false;
  for (char c : s)
    if (!is_lower_alnum(c) && c != '-')
      return false;
  return true;
}

bool matches_dns_subdomain(std::string_view s) {
  if (s.empty())
    return false;
  size_t start = 0;
  while (true) {
    auto dot = s.find('.', start);
    auto part = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (!matches_dns_label(part))
      return false;
    if (dot == std::string_view::npos)
      return true;
    start = dot + 1;
  }
}

bool matches_qualified_name(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back()))
    return false;
  for (char c : s)
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

messages has_chdir_prefix(std::string_view value) {
  if (value == ".")
    return {"must not be '.'"};
  if (value == "..")
    return {"must not be '..'"};
  if (value.substr(0, 2) == "..")
    return {"must not start with '..'"};
  return {};
}

void append(messages& out, messages more) {
  for (auto& msg : more)
    out.push_back(std::move(msg));
}

// Kubernetes' maskTrailingDash (including its quirk of dropping two
// characters): a generateName prefix may end in '-'.
std::string mask_trailing_dash(std::string_view name) {
  if (name.size() > 1 && name.back() == '-')
    return std::string{name.substr(0, name.size() - 2)} + "a";
  return std::string{name};
}

} // namespace

std::string max_len_error(size_t length) {
  return "must be no more than " + std::to_string(length) + " characters";
}

std::string inclusive_range_error(int64_t lo, int64_t hi) {
  return "must be between " + std::to_string(lo) + " and " + std::to_string(hi)
         + ", inclusive";
}

std::string regex_error(std::string_view msg, std::string_view fmt,
                        std::initializer_list<std::string_view> examples) {
  std::string out{msg};
  if (examples.size() == 0) {
    out += " (regex used for validation is '";
  } else {
    out += " (e.g. ";
    bool first = true;
    for (auto example : examples) {
      if (!first)
        out += " or ";
      first = false;
      out += '\'';
      out += example;
      out += "', ";
    }
    out += "regex used for validation is '";
  }
  out += fmt;
  out += "')";
  return out;
}

messages is_dns1123_label(std::string_view value) {
  messages errs;
  if (value.size() > dns1123_label_max_length)
    errs.push_back(max_len_error(dns1123_label_max_length));
  if (!matches_dns_label(value))
    errs.push_back(regex_error(dns1123_label_msg, dns1123_label_fmt, {"my-name", "123-abc"}));
  return errs;
}

messages is_dns1123_subdomain(std::string_view value) {
  messages errs;
  if (value.size() > dns1123_subdomain_max_length)
    errs.push_back(max_len_error(dns1123_subdomain_max_length));
  if (!matches_dns_subdomain(value))
    errs.push_back(regex_error(dns1123_subdomain_msg, dns1123_subdomain_fmt, {"example.com"}));
  return errs;
}

messages is_dns1035_label(std::string_view value) {
  messages errs;
  if (value.size() > dns1035_label_max_length)
    errs.push_back(max_len_error(dns1035_label_max_length));
  bool ok = matches_dns_label(value) && value.front() >= 'a' && value.front() <= 'z';
  if (!ok)
    errs.push_back(regex_error(dns1035_label_msg, dns1035_label_fmt, {"my-name", "abc-123"}));
  return errs;
}

messages is_qualified_name(std::string_view value) {
  messages errs;
  std::string_view name = value;
  auto slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      errs.push_back("a qualified name "
                     + regex_error(qualified_name_msg, qualified_name_fmt,
                                   {"MyName", "my.name", "123-abc"})
                     + " with an optional DNS subdomain prefix and '/' (e.g. "
                       "'example.com/MyName')");
      return errs;
    }
    auto prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      for (auto& msg : is_dns1123_subdomain(prefix))
        errs.push_back("prefix part " + msg);
    }
  }
  if (name.empty())
    errs.push_back("name part must be non-empty");
  else if (name.size() > qualified_name_max_length)
    errs.push_back("name part " + max_len_error(qualified_name_max_length));
  if (!matches_qualified_name(name))
    errs.push_back("name part "
                   + regex_error(qualified_name_msg, qualified_name_fmt,
                                 {"MyName", "my.name", "123-abc"}));
  return errs;
}

messages is_valid_label_value(std::string_view value) {
  messages errs;
  if (value.size() > label_value_max_length)
    errs.push_back(max_len_error(label_value_max_length));
  if (!value.empty() && !matches_qualified_name(value))
    errs.push_back(regex_error(label_value_msg, label_value_fmt, {"MyValue", "my_value", "12345"}));
  return errs;
}

messages is_config_map_key(std::string_view value) {
  messages errs;
  if (value.size() > dns1123_subdomain_max_length)
    errs.push_back(max_len_error(dns1123_subdomain_max_length));
  bool ok = !value.empty();
  for (char c : value)
    ok = ok && (is_alnum(c) || c == '-' || c == '.' || c == '_');
  if (!ok)
    errs.push_back(regex_error(config_key_msg, config_key_fmt, {"key.name", "KEY_NAME", "key-name"}));
  append(errs, has_chdir_prefix(value));
  return errs;
}

messages is_env_var_name(std::string_view value) {
  messages errs;
  bool ok = !value.empty() && !is_digit(value.front());
  for (char c : value)
    ok = ok && (is_alnum(c) || c == '-' || c == '.' || c == '_');
  if (!ok)
    errs.push_back(
      regex_error(env_var_msg, env_var_fmt, {"my.env-name", "MY_ENV.NAME", "MyEnvName1"}));
  append(errs, has_chdir_prefix(value));
  return errs;
}

messages is_valid_port_name(std::string_view value) {
  messages errs;
  if (value.size() > 15)
    errs.push_back(max_len_error(15));
  bool charset = !value.empty();
  bool letter = false;
  for (char c : value) {
    charset = charset && (is_lower_alnum(c) || c == '-');
    letter = letter || (c >= 'a' && c <= 'z');
  }
  if (!charset)
    errs.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!letter)
    errs.push_back("must contain at least one letter (a-z)");
  if (value.find("--") != std::string_view::npos)
    errs.push_back("must not contain consecutive hyphens");
  if (!value.empty() && (value.front() == '-' || value.back() == '-'))
    errs.push_back("must not begin or end with a hyphen");
  return errs;
}

messages is_valid_port_num(int64_t port) {
  if (port >= 1 && port <= 65535)
    return {};
  return {inclusive_range_error(1, 65535)};
}

messages is_valid_percent(std::string_view value) {
  bool ok = value.size() >= 2 && value.back() == '%';
  for (size_t i = 0; ok && i + 1 < value.size(); ++i)
    ok = is_digit(value[i]);
  if (ok)
    return {};
  return {regex_error(percent_msg, percent_fmt, {"1%", "93%"})};
}

messages is_http_header_name(std::string_view value) {
  bool ok = !value.empty();
  for (char c : value)
    ok = ok && (is_alnum(c) || c == '-');
  if (ok)
    return {};
  return {regex_error(http_header_msg, http_header_fmt, {"X-Header-Name"})};
}

messages is_valid_path_segment_name(std::string_view value) {
  if (value == "." || value == "..")
    return {"may not be '" + std::string{value} + "'"};
  messages errs;
  if (value.find('/') != std::string_view::npos)
    errs.push_back("may not contain '/'");
  if (value.find('%') != std::string_view::npos)
    errs.push_back("may not contain '%'");
  return errs;
}

bool is_valid_ip(std::string_view value) {
  if (value.empty() || value.size() > 45)
    return false;
  char buf[64];
  value.copy(buf, value.size());
  buf[value.size()] = '\0';
  unsigned char addr[16];
  return inet_pton(AF_INET, buf, addr) == 1 || inet_pton(AF_INET6, buf, addr) == 1;
}

bool is_valid_cidr(std::string_view value) {
  auto slash = value.find('/');
  if (slash == std::string_view::npos)
    return false;
  auto ip = value.substr(0, slash);
  int64_t bits = 0;
  if (!is_valid_ip(ip) || !parse_int64(value.substr(slash + 1), bits))
    return false;
  if (value[slash + 1] == '+' || value[slash + 1] == '-')
    return false;
  bool v6 = ip.find(':') != std::string_view::npos;
  return bits >= 0 && bits <= (v6 ? 128 : 32);
}

bool parse_int64(std::string_view text, int64_t& out) {
  size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size())
    return false;
  // Accumulate as a negative number so INT64_MIN fits.
  int64_t acc = 0;
  constexpr int64_t min = std::numeric_limits<int64_t>::min();
  for (; i < text.size(); ++i) {
    if (!is_digit(text[i]))
      return false;
    int digit = text[i] - '0';
    if (acc < (min + digit) / 10)
      return false;
    acc = acc * 10 - digit;
  }
  if (!negative) {
    if (acc == min)
      return false;
    acc = -acc;
  }
  out = acc;
  return true;
}

messages name_is_dns_subdomain(std::string_view name, bool prefix) {
  if (prefix)
    return is_dns1123_subdomain(mask_trailing_dash(name));
  return is_dns1123_subdomain(name);
}

messages name_is_dns_label(std::string_view name, bool prefix) {
  if (prefix)
    return is_dns1123_label(mask_trailing_dash(name));
  return is_dns1123_label(name);
}

messages name_is_dns1035_label(std::string_view name, bool prefix) {
  if (prefix)
    return is_dns1035_label(mask_trailing_dash(name));
  return is_dns1035_label(name);
}

messages name_is_path_segment(std::string_view name, bool prefix) {
  if (!prefix)
    return is_valid_path_segment_name(name);
  messages errs;
  if (name.find('/') != std::string_view::npos)
    errs.push_back("may not contain '/'");
  if (name.find('%') != std::string_view::npos)
    errs.push_back("may not contain '%'");
  return errs;
}

} // namespace convoy::apiserver
