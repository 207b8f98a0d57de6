#include "messages/quantity.hpp"

#include <ostream>

namespace convoy {

namespace {

__extension__ typedef __int128 int128;

constexpr int128 nanos_per_unit = 1'000'000'000;
constexpr int128 max_nanos = int128{quantity::max_units} * nanos_per_unit;

/// 10^0 .. 10^38, the powers of ten an int128 holds.
struct pow10_table {
  int128 values[39];
  constexpr pow10_table() : values() {
    values[0] = 1;
    for (int i = 1; i < 39; ++i)
      values[i] = values[i - 1] * 10;
  }
};
constexpr pow10_table pow10;

constexpr const char* decimal_suffixes[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
constexpr const char* binary_suffixes[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

int128 abs128(int128 x) { return x < 0 ? -x : x; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// Writes |x| in decimal, with a leading '-' when negative.
void append_int128(std::string& out, int128 x) {
  char buf[48];
  char* end = buf + sizeof(buf);
  char* p = end;
  bool negative = x < 0;
  // Work on the negative side so that no magnitude overflows.
  int128 v = negative ? x : -x;
  do {
    *--p = static_cast<char>('0' - static_cast<int>(v % 10));
    v /= 10;
  } while (v != 0);
  if (negative)
    *--p = '-';
  out.append(p, static_cast<size_t>(end - p));
}

/// What the suffix contributes: value = number * 10^exp10 * 2^shift.
struct suffix_info {
  int64_t exp10 = 0;
  int shift = 0;
  quantity::format fmt = quantity::format::decimal_si;
};

} // namespace

/// Parses one quantity string. Writes a message to `error` only when it is not
/// null, so quantity::parse never allocates.
struct quantity_parser {
  quantity_parser(std::string_view input, std::string* error_out)
    : text(input), error(error_out) {}

  std::string_view text;
  std::string* error;

  std::optional<quantity> run();

private:
  std::string_view int_digits_;
  std::string_view frac_digits_;

  std::nullopt_t fail(std::string_view problem, std::string_view detail = {});
  bool parse_suffix(std::string_view suffix, suffix_info& info);
  char digit(size_t i) const {
    return i < int_digits_.size() ? int_digits_[i] : frac_digits_[i - int_digits_.size()];
  }
  bool all_zero() const;
  std::optional<int128> magnitude(const suffix_info& info);
};

std::nullopt_t quantity_parser::fail(std::string_view problem, std::string_view detail) {
  if (error == nullptr)
    return std::nullopt;
  constexpr size_t max_echo = 64;
  error->assign("quantity \"");
  error->append(text.substr(0, max_echo));
  if (text.size() > max_echo)
    error->append("...");
  error->append("\": ");
  error->append(problem);
  if (!detail.empty()) {
    error->append(" \"");
    error->append(detail.substr(0, max_echo));
    error->append("\"");
  }
  return std::nullopt;
}

bool quantity_parser::parse_suffix(std::string_view s, suffix_info& info) {
  using fmt = quantity::format;
  static constexpr std::string_view dec[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  for (int i = 0; i < 10; ++i)
    if (s == dec[i]) {
      info = {3 * i - 9, 0, fmt::decimal_si};
      return true;
    }
  static constexpr std::string_view bin[] = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  for (int i = 0; i < 6; ++i)
    if (s == bin[i]) {
      info = {0, 10 * (i + 1), fmt::binary_si};
      return true;
    }
  if (s.size() < 2 || (s[0] != 'e' && s[0] != 'E')) {
    fail("unknown suffix", s);
    return false;
  }
  size_t pos = 1;
  bool negative = s[pos] == '-';
  if (s[pos] == '-' || s[pos] == '+')
    ++pos;
  if (pos == s.size()) {
    fail("exponent has no digits", s);
    return false;
  }
  int64_t exp = 0;
  for (; pos < s.size(); ++pos) {
    if (!is_digit(s[pos])) {
      fail("unknown suffix", s);
      return false;
    }
    exp = exp * 10 + (s[pos] - '0');
    if (exp > INT32_MAX) {
      fail("exponent out of range", s);
      return false;
    }
  }
  info = {negative ? -exp : exp, 0, fmt::decimal_exponent};
  return true;
}

bool quantity_parser::all_zero() const {
  for (char c : int_digits_)
    if (c != '0')
      return false;
  for (char c : frac_digits_)
    if (c != '0')
      return false;
  return true;
}

/// |value| in nanos, rounded up; nullopt (and a message) on overflow. The
/// digits D (integer then fraction digits) stand for D * 10^s * 2^shift nanos.
std::optional<int128> quantity_parser::magnitude(const suffix_info& info) {
  const int64_t n = static_cast<int64_t>(int_digits_.size() + frac_digits_.size());
  const int64_t s = info.exp10 + 9 - static_cast<int64_t>(frac_digits_.size());
  const uint64_t factor = uint64_t{1} << info.shift;
  // Digits kept whole; the rest (plus -p implicit leading zeros) are below 1n.
  const int64_t p = s >= 0 ? n : n + s;
  int128 acc = 0;
  for (int64_t i = 0; i < p; ++i) {
    acc = acc * 10 + (digit(static_cast<size_t>(i)) - '0');
    if (acc > max_nanos)
      return fail("value too large (limit 9223372036854775807)");
  }
  for (int64_t i = 0; i < s && acc != 0; ++i)
    if ((acc *= 10) > max_nanos)
      return fail("value too large (limit 9223372036854775807)");
  if (acc > max_nanos / static_cast<int128>(factor))
    return fail("value too large (limit 9223372036854775807)");
  acc *= static_cast<int128>(factor);
  if (s >= 0)
    return acc;
  // ceil(F * factor / 10^-s) for the fraction F below 1n: multiply the digits
  // right to left; the final carry is the whole part, any non-zero output
  // digit means a remainder to round up. carry < factor <= 2^60, so
  // digit * factor + carry < 10 * 2^60 fits in uint64_t.
  uint64_t carry = 0;
  bool remainder = false;
  for (int64_t i = n - 1; i >= (p > 0 ? p : 0); --i) {
    uint64_t t = static_cast<uint64_t>(digit(static_cast<size_t>(i)) - '0') * factor + carry;
    remainder |= (t % 10) != 0;
    carry = t / 10;
  }
  for (int64_t z = p < 0 ? -p : 0; z > 0 && carry != 0; --z) {
    remainder |= (carry % 10) != 0;
    carry /= 10;
  }
  acc += static_cast<int128>(carry) + (remainder ? 1 : 0);
  if (acc > max_nanos)
    return fail("value too large (limit 9223372036854775807)");
  return acc;
}

std::optional<quantity> quantity_parser::run() {
  if (text.empty())
    return fail("empty string");
  for (char c : text)
    if (is_space(c))
      return fail("whitespace is not allowed");
  size_t pos = 0;
  bool negative = text[0] == '-';
  if (text[0] == '-' || text[0] == '+')
    ++pos;
  size_t start = pos;
  while (pos < text.size() && is_digit(text[pos]))
    ++pos;
  int_digits_ = text.substr(start, pos - start);
  if (pos < text.size() && text[pos] == '.') {
    start = ++pos;
    while (pos < text.size() && is_digit(text[pos]))
      ++pos;
    frac_digits_ = text.substr(start, pos - start);
  }
  if (int_digits_.empty() && frac_digits_.empty())
    return fail("expected a number (at least one digit)");
  suffix_info info;
  if (!parse_suffix(text.substr(pos), info))
    return std::nullopt;
  if (all_zero())
    return quantity(0, info.fmt);
  auto mag = magnitude(info);
  if (!mag)
    return std::nullopt;
  auto fmt = info.fmt;
  // Kubernetes: a binary quantity below one unit is spelled in decimal SI.
  if (fmt == quantity::format::binary_si && *mag < nanos_per_unit)
    fmt = quantity::format::decimal_si;
  return quantity(negative ? -*mag : *mag, fmt);
}

// -- quantity -----------------------------------------------------------------

std::optional<quantity> quantity::parse(std::string_view text) {
  return quantity_parser(text, nullptr).run();
}

quantity_parse_result quantity::parse_with_error(std::string_view text) {
  quantity_parse_result result;
  result.value = quantity_parser(text, &result.error).run();
  return result;
}

quantity quantity::from_value(int64_t units, format fmt) {
  if (units < -max_units)
    units = -max_units;
  return quantity(int128{units} * nanos_per_unit, fmt);
}

quantity quantity::from_milli(int64_t milli, format fmt) {
  return quantity(int128{milli} * 1'000'000, fmt);
}

int64_t quantity::scaled_value(int exponent) const noexcept {
  if (nanos_ == 0)
    return 0;
  const int sgn = sign();
  const int64_t p = int64_t{exponent} + 9;
  int128 result;
  if (p >= 0) {
    if (p > 38)
      return sgn;
    result = nanos_ / pow10.values[p];
    if (nanos_ % pow10.values[p] != 0)
      result += sgn; // away from zero, as k8s
  } else {
    if (-p > 19 || abs128(nanos_) > INT64_MAX)
      return sgn > 0 ? INT64_MAX : INT64_MIN;
    result = nanos_ * pow10.values[-p];
  }
  if (result > INT64_MAX)
    return INT64_MAX;
  if (result < INT64_MIN)
    return INT64_MIN;
  return static_cast<int64_t>(result);
}

std::string quantity::to_string() const {
  std::string out;
  append_to(out);
  return out;
}

void quantity::append_to(std::string& out) const {
  if (nanos_ == 0) {
    out.push_back('0');
    return;
  }
  if (fmt_ == format::binary_si && abs128(nanos_) >= 1024 * nanos_per_unit
      && nanos_ % nanos_per_unit == 0) {
    int128 units = nanos_ / nanos_per_unit;
    int exp = 0;
    while (exp < 6 && units % 1024 == 0) {
      units /= 1024;
      ++exp;
    }
    append_int128(out, units);
    out.append(binary_suffixes[exp]);
    return;
  }
  // Largest multiple-of-3 exponent that keeps the mantissa whole; |value| <
  // 10^19 units, so the exponent never passes 18 ("E").
  int128 mantissa = nanos_;
  int exp = -9;
  while (exp < 18 && mantissa % 1000 == 0) {
    mantissa /= 1000;
    exp += 3;
  }
  append_int128(out, mantissa);
  if (fmt_ == format::decimal_exponent) {
    if (exp != 0) {
      out.push_back('e');
      out.append(std::to_string(exp));
    }
    return;
  }
  out.append(decimal_suffixes[(exp + 9) / 3]);
}

bool quantity::add(const quantity& other) noexcept {
  int128 sum = nanos_ + other.nanos_;
  if (abs128(sum) > max_nanos)
    return false;
  if (nanos_ == 0)
    fmt_ = other.fmt_;
  nanos_ = sum;
  return true;
}

bool quantity::sub(const quantity& other) noexcept {
  int128 diff = nanos_ - other.nanos_;
  if (abs128(diff) > max_nanos)
    return false;
  if (nanos_ == 0)
    fmt_ = other.fmt_;
  nanos_ = diff;
  return true;
}

quantity quantity::negated() const noexcept { return quantity(-nanos_, fmt_); }

quantity quantity::with_format(format fmt) const noexcept { return quantity(nanos_, fmt); }

const char* to_string(quantity::format fmt) noexcept {
  switch (fmt) {
    case quantity::format::decimal_si:
      return "DecimalSI";
    case quantity::format::binary_si:
      return "BinarySI";
    case quantity::format::decimal_exponent:
      return "DecimalExponent";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, const quantity& q) {
  return out << q.to_string();
}

} // namespace convoy
