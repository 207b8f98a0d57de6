#include "messages/codec/scalar_text.hpp"

#include <array>
#include <charconv>
#include <limits>

namespace convoy::codec::scalar_text {

namespace {

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool one_of(std::string_view text, std::initializer_list<std::string_view> words) noexcept {
  for (auto w : words)
    if (text == w)
      return true;
  return false;
}

bool is_null_word(std::string_view s) noexcept {
  return one_of(s, {"", "~", "null", "Null", "NULL"});
}

bool is_special_float(std::string_view s) noexcept {
  if (!s.empty() && (s[0] == '+' || s[0] == '-'))
    s.remove_prefix(1);
  return one_of(s, {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"});
}

/// go-yaml v2's float pattern: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_float_syntax(std::string_view s) noexcept {
  if (is_special_float(s))
    return true;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-'))
    ++i;
  size_t int_digits = 0;
  while (i < s.size() && is_digit(s[i]))
    ++i, ++int_digits;
  size_t frac_digits = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i]))
      ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0)
    return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
      ++i;
    size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i]))
      ++i, ++exp_digits;
    if (exp_digits == 0)
      return false;
  }
  return i == s.size();
}

int digit_value(char c) noexcept {
  if (is_digit(c))
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return 99;
}

// -- calendar (proleptic Gregorian, days since 1970-01-01) ------------------

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) noexcept {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

unsigned days_in_month(int64_t y, unsigned m) noexcept {
  static constexpr std::array<unsigned, 12> days = {31, 28, 31, 30, 31, 30,
                                                    31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

void append_padded(std::string& out, int64_t value, int width) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  (void) ec;
  for (auto n = end - buf; n < width; ++n)
    out += '0';
  out.append(buf, end);
}

/// Reads exactly `width` digits at `pos`.
bool read_fixed(std::string_view s, size_t& pos, int width, int& value) noexcept {
  if (pos + static_cast<size_t>(width) > s.size())
    return false;
  value = 0;
  for (int i = 0; i < width; ++i) {
    char c = s[pos++];
    if (!is_digit(c))
      return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

bool expect(std::string_view s, size_t& pos, char a, char b = '\0') noexcept {
  if (pos < s.size() && (s[pos] == a || (b != '\0' && s[pos] == b))) {
    ++pos;
    return true;
  }
  return false;
}

/// Optional ".ddd" fraction: up to 9 digits kept, further digits truncated.
bool read_fraction(std::string_view s, size_t& pos, int32_t& nanos) noexcept {
  nanos = 0;
  if (!expect(s, pos, '.'))
    return true;
  int digits = 0;
  while (pos < s.size() && is_digit(s[pos])) {
    if (digits < 9)
      nanos = nanos * 10 + (s[pos] - '0');
    ++digits, ++pos;
  }
  for (int i = digits; i < 9; ++i)
    nanos *= 10;
  return digits > 0;
}

/// "Z" or "+hh:mm" / "-hh:mm" -> offset in seconds east of UTC.
bool read_offset(std::string_view s, size_t& pos, int64_t& offset) noexcept {
  if (expect(s, pos, 'Z', 'z')) {
    offset = 0;
    return true;
  }
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-'))
    return false;
  int sign = s[pos++] == '-' ? -1 : 1;
  int hh = 0;
  int mm = 0;
  if (!read_fixed(s, pos, 2, hh) || !expect(s, pos, ':') || !read_fixed(s, pos, 2, mm))
    return false;
  if (hh > 23 || mm > 59)
    return false;
  offset = sign * (hh * 3600 + mm * 60);
  return true;
}

constexpr char base64_chars[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (is_digit(c))
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

} // namespace

plain_kind classify_plain(std::string_view text) noexcept {
  if (is_null_word(text))
    return plain_kind::null;
  if (one_of(text, {"true", "True", "TRUE", "false", "False", "FALSE"}))
    return plain_kind::boolean;
  if (parse_integer(text))
    return plain_kind::integer;
  if (is_float_syntax(text))
    return plain_kind::floating;
  return plain_kind::string;
}

std::optional<bool> parse_bool(std::string_view text) noexcept {
  if (one_of(text, {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}))
    return true;
  if (one_of(text, {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}))
    return false;
  return std::nullopt;
}

std::optional<integer> parse_integer(std::string_view s) noexcept {
  integer result;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    result.negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || !is_digit(s[0]))
    return std::nullopt;
  unsigned base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X' || s[1] == 'o' || s[1] == 'b')) {
    base = s[1] == 'o' ? 8 : (s[1] == 'b' ? 2 : 16);
    s.remove_prefix(2);
  } else if (s.size() > 1 && s[0] == '0') {
    base = 8; // go-yaml v2 (strconv base 0): a leading zero means octal
  }
  size_t digits = 0;
  for (char c : s) {
    if (c == '_')
      continue;
    auto v = static_cast<unsigned>(digit_value(c));
    if (v >= base)
      return std::nullopt;
    if (result.magnitude > (std::numeric_limits<uint64_t>::max() - v) / base)
      return std::nullopt;
    result.magnitude = result.magnitude * base + v;
    ++digits;
  }
  if (digits == 0)
    return std::nullopt;
  return result;
}

std::optional<double> parse_double(std::string_view s) noexcept {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  double value = 0;
  if (one_of(s, {".inf", ".Inf", ".INF"})) {
    value = std::numeric_limits<double>::infinity();
  } else if (one_of(s, {".nan", ".NaN", ".NAN"})) {
    value = std::numeric_limits<double>::quiet_NaN();
  } else {
    if (s.empty() || s[0] == '+' || s[0] == '-' || !is_float_syntax(s))
      return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size())
      return std::nullopt;
  }
  return negative ? -value : value;
}

void append_double(std::string& out, double value) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value);
  (void) ec;
  out.append(buf, end);
}

void append_timestamp(std::string& out, int64_t seconds, int32_t nanos, bool micro) {
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0)
    rem += 86400, --days;
  int64_t y = 0;
  unsigned m = 0;
  unsigned d = 0;
  civil_from_days(days, y, m, d);
  append_padded(out, y, 4);
  out += '-';
  append_padded(out, m, 2);
  out += '-';
  append_padded(out, d, 2);
  out += 'T';
  append_padded(out, rem / 3600, 2);
  out += ':';
  append_padded(out, rem / 60 % 60, 2);
  out += ':';
  append_padded(out, rem % 60, 2);
  if (micro) {
    out += '.';
    append_padded(out, nanos > 0 && nanos < 1'000'000'000 ? nanos / 1000 : 0, 6);
  } else if (nanos > 0 && nanos < 1'000'000'000) {
    out += '.';
    if (nanos % 1'000'000 == 0)
      append_padded(out, nanos / 1'000'000, 3);
    else if (nanos % 1000 == 0)
      append_padded(out, nanos / 1000, 6);
    else
      append_padded(out, nanos, 9);
  }
  out += 'Z';
}

bool parse_timestamp(std::string_view s, int64_t& seconds, int32_t& nanos) noexcept {
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int64_t offset = 0;
  bool ok = read_fixed(s, pos, 4, year) && expect(s, pos, '-') && read_fixed(s, pos, 2, month)
            && expect(s, pos, '-') && read_fixed(s, pos, 2, day) && expect(s, pos, 'T', 't')
            && read_fixed(s, pos, 2, hour) && expect(s, pos, ':') && read_fixed(s, pos, 2, minute)
            && expect(s, pos, ':') && read_fixed(s, pos, 2, second)
            && read_fraction(s, pos, nanos) && read_offset(s, pos, offset) && pos == s.size();
  if (!ok || year < 1 || month < 1 || month > 12 || day < 1
      || static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))
      || hour > 23 || minute > 59 || second > 59)
    return false;
  int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset;
  return true;
}

void append_base64(std::string& out, std::string_view data) {
  out.reserve(out.size() + (data.size() + 2) / 3 * 4);
  size_t i = 0;
  auto byte = [&data](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(data[k])); };
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += base64_chars[v >> 18 & 63];
    out += base64_chars[v >> 12 & 63];
    out += base64_chars[v >> 6 & 63];
    out += base64_chars[v & 63];
  }
  if (size_t left = data.size() - i; left > 0) {
    uint32_t v = byte(i) << 16 | (left == 2 ? byte(i + 1) << 8 : 0);
    out += base64_chars[v >> 18 & 63];
    out += base64_chars[v >> 12 & 63];
    out += left == 2 ? base64_chars[v >> 6 & 63] : '=';
    out += '=';
  }
}

bool decode_base64(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size() / 4 * 3);
  uint32_t acc = 0;
  int count = 0;   // sextets in the current quantum
  int padding = 0; // '=' seen
  for (char c : text) {
    if (c == '\r' || c == '\n')
      continue;
    if (c == '=') {
      if (count < 2 || ++padding + count > 4)
        return false;
      continue;
    }
    int v = base64_value(c);
    if (v < 0 || padding > 0)
      return false;
    acc = acc << 6 | static_cast<uint32_t>(v);
    if (++count == 4) {
      out += static_cast<char>(acc >> 16 & 0xff);
      out += static_cast<char>(acc >> 8 & 0xff);
      out += static_cast<char>(acc & 0xff);
      acc = 0, count = 0;
    }
  }
  if (count == 0)
    return padding == 0;
  if (count + padding != 4)
    return false;
  acc <<= 6 * padding;
  out += static_cast<char>(acc >> 16 & 0xff);
  if (count == 3)
    out += static_cast<char>(acc >> 8 & 0xff);
  return true;
}

int32_t next_code_point(std::string_view s, size_t& pos) noexcept {
  auto at = [&s](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(pos);
  if (c < 0x80) {
    ++pos;
    return c;
  }
  int len = c >= 0xF0 ? 4 : (c >= 0xE0 ? 3 : (c >= 0xC0 ? 2 : 0));
  if (len == 0 || c > 0xF4 || pos + static_cast<size_t>(len) > s.size()) {
    ++pos;
    return -1;
  }
  int32_t cp = c & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    unsigned char cc = at(pos + static_cast<size_t>(k));
    if ((cc & 0xC0) != 0x80) {
      ++pos;
      return -1;
    }
    cp = cp << 6 | (cc & 0x3F);
  }
  static constexpr int32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return -1;
  }
  pos += static_cast<size_t>(len);
  return cp;
}

bool is_valid_utf8(std::string_view text) noexcept {
  size_t pos = 0;
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    if (next_code_point(text, pos) < 0)
      return false;
  }
  return true;
}

bool resolves_as_non_string(std::string_view s) noexcept {
  if (classify_plain(s) != plain_kind::string)
    return true;
  if (parse_bool(s) || one_of(s, {"y", "Y", "n", "N", "<<", "="}))
    return true;
  // go-yaml resolves dates and timestamps ("2026-01-01", "2026-01-01T00:00:00Z").
  return s.size() >= 5 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3])
         && s[4] == '-';
}

} // namespace convoy::codec::scalar_text
