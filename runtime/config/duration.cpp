#include "runtime/config/duration.hpp"

#include <cstdint>

namespace convoy::config {

namespace {

using std::chrono::nanoseconds;

/// Nanoseconds per unit, or 0 for an unknown unit.
int64_t unit_ns(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xC2\xB5s") return 1000;
  if (unit == "ms") return 1000000;
  if (unit == "s") return 1000000000;
  if (unit == "m") return 60LL * 1000000000;
  if (unit == "h") return 3600LL * 1000000000;
  return 0;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

} // namespace

std::optional<nanoseconds> parse_duration(std::string_view text, std::string& error) {
  auto fail = [&](const std::string& why) -> std::optional<nanoseconds> {
    error = "invalid duration '" + std::string{text} + "': " + why;
    return std::nullopt;
  };
  if (text == "0")
    return nanoseconds{0};
  if (text.empty())
    return fail("empty");
  long double total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && (is_digit(text[i]) || text[i] == '.'))
      ++i;
    auto number = text.substr(start, i - start);
    if (number.empty() || number == "." || number.find('.') != number.rfind('.'))
      return fail("expected a number at '" + std::string{text.substr(start)} + "'");
    size_t unit_start = i;
    while (i < text.size() && !is_digit(text[i]) && text[i] != '.')
      ++i;
    auto unit = text.substr(unit_start, i - unit_start);
    if (unit.empty())
      return fail("missing unit (one of ns, us, ms, s, m, h)");
    auto scale = unit_ns(unit);
    if (scale == 0)
      return fail("unknown unit '" + std::string{unit} + "'");
    total += std::stold(std::string{number}) * static_cast<long double>(scale);
  }
  if (total > static_cast<long double>(INT64_MAX))
    return fail("too large");
  return nanoseconds{static_cast<int64_t>(total + 0.5L)};
}

std::string format_duration(nanoseconds d) {
  int64_t ns = d.count();
  if (ns == 0)
    return "0s";
  std::string sign = ns < 0 ? "-" : "";
  uint64_t v = ns < 0 ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
  auto with_fraction = [](uint64_t value, uint64_t unit, const char* suffix) {
    std::string out = std::to_string(value / unit);
    if (auto frac = value % unit) {
      std::string digits = std::to_string(frac + unit).substr(1);
      while (!digits.empty() && digits.back() == '0')
        digits.pop_back();
      out += "." + digits;
    }
    return out + suffix;
  };
  if (v < 1000)
    return sign + std::to_string(v) + "ns";
  if (v < 1000000)
    return sign + with_fraction(v, 1000, "us");
  if (v < 1000000000)
    return sign + with_fraction(v, 1000000, "ms");
  std::string out;
  uint64_t hours = v / 3600000000000ULL;
  uint64_t minutes = v / 60000000000ULL % 60;
  if (hours > 0)
    out += std::to_string(hours) + "h";
  if (hours > 0 || minutes > 0)
    out += std::to_string(minutes) + "m";
  out += with_fraction(v % 60000000000ULL, 1000000000, "s");
  return sign + out;
}

} // namespace convoy::config
