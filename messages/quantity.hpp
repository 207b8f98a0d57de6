#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace convoy {

struct quantity_parse_result;

/// A Kubernetes resource quantity ("500m", "1.5", "128Mi", "1e3"), with the
/// semantics of k8s.io/apimachinery/pkg/api/resource.Quantity. This is the
/// only place convoy parses or prints quantities, so the scheduler's sums and
/// the apiserver's canonical strings cannot drift apart.
///
/// Grammar (Kubernetes'):
///
///     <quantity> ::= [+|-] <number> <suffix>
///     <number>   ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
///     <suffix>   ::= <binarySI> | <decimalSI> | <decimalExponent>
///     <binarySI> ::= Ki | Mi | Gi | Ti | Pi | Ei          (powers of 1024)
///     <decimalSI>::= n | u | m | "" | k | M | G | T | P | E
///     <decimalExponent> ::= (e|E) [+|-] <digits>
///
/// No whitespace anywhere, no empty string, no number without a digit.
///
/// The value is exact: a signed count of nano-units held in a 128-bit integer,
/// never a double. As in Kubernetes, input finer than 1n is rounded up (away
/// from zero) to the next nano, so asking for "some" of a resource never
/// becomes zero. Unlike Kubernetes, which silently caps, a magnitude above
/// 2^63-1 units is rejected (parse) or reported (add/sub) as an overflow.
///
/// The format family of the input (binary SI, decimal SI, decimal exponent) is
/// remembered and used by to_string(), which emits Kubernetes' canonical form:
/// no fractional digits, the largest suffix that keeps the mantissa an integer
/// ("1.5" -> "1500m", "1.5Gi" -> "1536Mi"). Binary values below 1024 or not
/// whole print as decimal SI ("0.5Ki" -> "512", "1.001Ki" -> "1025024m").
class quantity {
public:
  // -- member types ----------------------------------------------------------

  /// How to_string() spells the value; equality ignores it (as k8s Cmp does).
  enum class format : uint8_t {
    decimal_si,       ///< 12M = 12 * 10^6
    binary_si,        ///< 12Mi = 12 * 2^20
    decimal_exponent, ///< 12e6
  };

  /// Largest magnitude in whole units: every value() fits an int64_t.
  static constexpr int64_t max_units = INT64_MAX;

  // -- construction ----------------------------------------------------------

  /// Zero, decimal SI.
  constexpr quantity() noexcept = default;

  /// Parses `text`; nullopt if it is not a valid quantity.
  static std::optional<quantity> parse(std::string_view text);

  /// Parses `text`; on failure the result carries a message naming the
  /// problem, e.g. `quantity "12Qi": unknown suffix "Qi"`.
  static quantity_parse_result parse_with_error(std::string_view text);

  /// `units` whole units (e.g. bytes, cores). INT64_MIN is clamped to
  /// -INT64_MAX because the range is symmetric.
  static quantity from_value(int64_t units, format fmt = format::decimal_si);

  /// `milli` thousandths of a unit (e.g. millicores).
  static quantity from_milli(int64_t milli, format fmt = format::decimal_si);

  // -- observers -------------------------------------------------------------

  /// ceil(q) rounded away from zero, as k8s Value(); always fits.
  int64_t value() const noexcept { return scaled_value(0); }

  /// ceil(q * 1000) rounded away from zero, as k8s MilliValue(). Saturates at
  /// INT64_MAX/INT64_MIN for |q| > ~9.2e15 (k8s would overflow silently).
  int64_t milli_value() const noexcept { return scaled_value(-3); }

  /// ceil(q / 10^exponent) rounded away from zero, saturating (k8s
  /// ScaledValue): scaled_value(-3) is milli_value(), scaled_value(3) kilos.
  int64_t scaled_value(int exponent) const noexcept;

  format fmt() const noexcept { return fmt_; }
  bool is_zero() const noexcept { return nanos_ == 0; }

  /// -1, 0 or 1.
  int sign() const noexcept { return nanos_ < 0 ? -1 : (nanos_ > 0 ? 1 : 0); }

  /// <0, 0, >0 as *this is less than, equal to, greater than `other`.
  int compare(const quantity& other) const noexcept {
    return nanos_ < other.nanos_ ? -1 : (nanos_ > other.nanos_ ? 1 : 0);
  }

  /// Kubernetes' canonical string (see the class comment).
  std::string to_string() const;

  /// Appends the canonical string to `out` (no temporary string).
  void append_to(std::string& out) const;

  // -- arithmetic ------------------------------------------------------------

  /// *this += other. Returns false and leaves *this unchanged on overflow.
  /// A zero *this adopts other's format (k8s Add), so summing requests that
  /// start from quantity{} keeps the requests' spelling.
  [[nodiscard]] bool add(const quantity& other) noexcept;

  /// *this -= other; same overflow and format rules as add().
  [[nodiscard]] bool sub(const quantity& other) noexcept;

  /// -*this (never overflows: the range is symmetric).
  quantity negated() const noexcept;

  /// Same value, other spelling.
  quantity with_format(format fmt) const noexcept;

  // -- comparison (by value; format ignored) ---------------------------------

  friend bool operator==(const quantity& x, const quantity& y) noexcept {
    return x.nanos_ == y.nanos_;
  }
  friend bool operator!=(const quantity& x, const quantity& y) noexcept {
    return x.nanos_ != y.nanos_;
  }
  friend bool operator<(const quantity& x, const quantity& y) noexcept {
    return x.nanos_ < y.nanos_;
  }
  friend bool operator<=(const quantity& x, const quantity& y) noexcept {
    return x.nanos_ <= y.nanos_;
  }
  friend bool operator>(const quantity& x, const quantity& y) noexcept {
    return x.nanos_ > y.nanos_;
  }
  friend bool operator>=(const quantity& x, const quantity& y) noexcept {
    return x.nanos_ >= y.nanos_;
  }

private:
  __extension__ typedef __int128 int128;

  constexpr quantity(int128 nanos, format fmt) noexcept : nanos_(nanos), fmt_(fmt) {}

  friend struct quantity_parser;

  /// The value in units of 10^-9; |nanos_| <= max_units * 10^9.
  int128 nanos_ = 0;
  format fmt_ = format::decimal_si;
};

/// What quantity::parse_with_error returns: a value, or a message naming the
/// problem (never both).
struct quantity_parse_result {
  std::optional<quantity> value;
  std::string error;

  explicit operator bool() const noexcept { return value.has_value(); }
};

/// "DecimalSI", "BinarySI" or "DecimalExponent" (Kubernetes' names).
const char* to_string(quantity::format fmt) noexcept;

/// Prints the canonical string (used by Boost.Test diagnostics).
std::ostream& operator<<(std::ostream& out, const quantity& q);

} // namespace convoy
