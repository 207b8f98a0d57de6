// Tests for convoy::quantity against the Kubernetes quantity grammar and the
// canonical forms documented in k8s.io/apimachinery/pkg/api/resource.
#include "messages/quantity.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

using convoy::quantity;
using fmt = quantity::format;

namespace {

quantity q(const char* text) {
  auto result = quantity::parse_with_error(text);
  BOOST_REQUIRE_MESSAGE(result, "parse failed: " << result.error);
  return *result.value;
}

struct canonical_case {
  const char* input;
  const char* canonical;
  fmt format;
};

} // namespace

BOOST_AUTO_TEST_SUITE(quantity_tests)

// Input -> canonical string and remembered format. Most rows come from the
// examples in Kubernetes' Quantity docs and quantity_test.go.
BOOST_AUTO_TEST_CASE(canonical_printing) {
  const std::vector<canonical_case> cases = {
    // zero is always "0", whatever the suffix; the family is remembered
    {"0", "0", fmt::decimal_si},
    {"0n", "0", fmt::decimal_si},
    {"0m", "0", fmt::decimal_si},
    {"0Ki", "0", fmt::binary_si},
    {"0Ti", "0", fmt::binary_si},
    {"-0", "0", fmt::decimal_si},
    {"0e5", "0", fmt::decimal_exponent},
    {"000.000", "0", fmt::decimal_si},
    // decimal SI: largest suffix with an integer mantissa
    {"1", "1", fmt::decimal_si},
    {"0.5", "500m", fmt::decimal_si},
    {"1.5", "1500m", fmt::decimal_si},
    {"1000m", "1", fmt::decimal_si},
    {"100M", "100M", fmt::decimal_si},
    {"1000M", "1G", fmt::decimal_si},
    {"0.001", "1m", fmt::decimal_si},
    {"0.0001", "100u", fmt::decimal_si},
    {"1.08", "1080m", fmt::decimal_si},
    {"50k", "50k", fmt::decimal_si},
    {"100.035k", "100035", fmt::decimal_si},
    {"10.035M", "10035k", fmt::decimal_si},
    {"8.1k", "8100", fmt::decimal_si},
    {"7.123456M", "7123456", fmt::decimal_si},
    {"6.987654321G", "6987654321", fmt::decimal_si},
    {"5.444T", "5444G", fmt::decimal_si},
    {"2.5P", "2500T", fmt::decimal_si},
    {"1.01E", "1010P", fmt::decimal_si},
    {"1E", "1E", fmt::decimal_si},
    {"5n", "5n", fmt::decimal_si},
    {"4u", "4u", fmt::decimal_si},
    {"1080n", "1080n", fmt::decimal_si},
    {"1000u", "1m", fmt::decimal_si},
    {"1234567M", "1234567M", fmt::decimal_si},
    {"007", "7", fmt::decimal_si},
    {"+3k", "3k", fmt::decimal_si},
    {"-100m", "-100m", fmt::decimal_si},
    {"-9.01", "-9010m", fmt::decimal_si},
    // the number forms k8s documents: <digits>. and .<digits>
    {".001", "1m", fmt::decimal_si},
    {".0001k", "100m", fmt::decimal_si},
    {"1.", "1", fmt::decimal_si},
    {"1.G", "1G", fmt::decimal_si},
    // binary SI stays binary when whole and >= 1024
    {"1Ki", "1Ki", fmt::binary_si},
    {"1Mi", "1Mi", fmt::binary_si},
    {"1Gi", "1Gi", fmt::binary_si},
    {"1024Mi", "1Gi", fmt::binary_si},
    {"1536Mi", "1536Mi", fmt::binary_si},
    {"1.5Gi", "1536Mi", fmt::binary_si},
    {"128Mi", "128Mi", fmt::binary_si},
    {"300Mi", "300Mi", fmt::binary_si},
    {"307200Ki", "300Mi", fmt::binary_si},
    {"1025024Mi", "1001Gi", fmt::binary_si},
    {"1024Gi", "1Ti", fmt::binary_si},
    {"4Pi", "4Pi", fmt::binary_si},
    {"7Ei", "7Ei", fmt::binary_si},
    {"0.5Mi", "512Ki", fmt::binary_si},
    {"-1Ki", "-1Ki", fmt::binary_si},
    // ... otherwise falls back to decimal SI (value < 1024 or fractional)
    {"1.5Ki", "1536", fmt::binary_si},
    {"0.5Ki", "512", fmt::binary_si},
    {".001Ki", "1024m", fmt::binary_si},  // >= 1 unit keeps the family
    {".000001Ki", "1024u", fmt::decimal_si},
    {".000000001Ki", "1024n", fmt::decimal_si},
    {".000000000001Ki", "2n", fmt::decimal_si},
    {"1.001Ki", "1025024m", fmt::binary_si},
    {"100.035Ki", "102435840m", fmt::binary_si},
    // decimal exponent: exponent a multiple of 3, "" for 10^0
    {"1e3", "1e3", fmt::decimal_exponent},
    {"1E3", "1e3", fmt::decimal_exponent},
    {"1E6", "1e6", fmt::decimal_exponent},
    {"1e9", "1e9", fmt::decimal_exponent},
    {"1E18", "1e18", fmt::decimal_exponent},
    {"1E-3", "1e-3", fmt::decimal_exponent},
    {"1e-9", "1e-9", fmt::decimal_exponent},
    {"12E-2", "120e-3", fmt::decimal_exponent},
    {"1.2e3", "1200", fmt::decimal_exponent},
    {"1.3E+6", "1300e3", fmt::decimal_exponent},
    {"0.5e0", "500e-3", fmt::decimal_exponent},
    {"1e14", "100e12", fmt::decimal_exponent},
    {".001e12", "1e9", fmt::decimal_exponent},
    {"1000e-12", "1e-9", fmt::decimal_exponent},
    {"80e-3", "80e-3", fmt::decimal_exponent},
    // sub-nano input rounds up (away from zero) to the next nano
    {"3.001n", "4n", fmt::decimal_si},
    {"1.1E-9", "2e-9", fmt::decimal_exponent},
    {"0.0000000001", "1n", fmt::decimal_si},
    {"0.00000000050", "1n", fmt::decimal_si},
    {"0.9n", "1n", fmt::decimal_si},
    {"0.00000012345", "124n", fmt::decimal_si},
    {"-0.00000012345", "-124n", fmt::decimal_si},
    {"1e-400", "1e-9", fmt::decimal_exponent},
    {"0.000000000000000000000000000000000000000000001", "1n", fmt::decimal_si},
    // limits: 2^63-1 units in every family
    {"9223372036854775807", "9223372036854775807", fmt::decimal_si},
    {"-9223372036854775807", "-9223372036854775807", fmt::decimal_si},
    {"9.223372036854775807E", "9223372036854775807", fmt::decimal_si},
    {"9223372036854775807000m", "9223372036854775807", fmt::decimal_si},
    {"9223372036854775807e0", "9223372036854775807", fmt::decimal_exponent},
    {"9223372036854775806.999999999", "9223372036854775806999999999n", fmt::decimal_si},
    {"7Ei", "7Ei", fmt::binary_si},
    {"8796093022207Mi", "8796093022207Mi", fmt::binary_si},
    {"0000000000000000000000000000000000000000001", "1", fmt::decimal_si},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("input " << c.input) {
      auto parsed = quantity::parse_with_error(c.input);
      BOOST_REQUIRE_MESSAGE(parsed, parsed.error);
      BOOST_TEST(parsed.error.empty());
      BOOST_TEST(parsed.value->to_string() == c.canonical);
      BOOST_TEST(convoy::to_string(parsed.value->fmt()) == convoy::to_string(c.format));
      // The canonical form is a fixed point and denotes the same value.
      auto again = quantity::parse(c.canonical);
      BOOST_REQUIRE(again);
      BOOST_TEST(*again == *parsed.value);
      BOOST_TEST(again->to_string() == c.canonical);
    }
  }
}

struct invalid_case {
  const char* input;
  const char* error;
};

BOOST_AUTO_TEST_CASE(invalid_inputs_name_the_problem) {
  const std::vector<invalid_case> cases = {
    {"", "quantity \"\": empty string"},
    {".", "quantity \".\": expected a number (at least one digit)"},
    {"-", "quantity \"-\": expected a number (at least one digit)"},
    {"+.", "quantity \"+.\": expected a number (at least one digit)"},
    {"Ki", "quantity \"Ki\": expected a number (at least one digit)"},
    {"aoeu", "quantity \"aoeu\": expected a number (at least one digit)"},
    {"--1", "quantity \"--1\": expected a number (at least one digit)"},
    {"12Qi", "quantity \"12Qi\": unknown suffix \"Qi\""},
    {"1.1.M", "quantity \"1.1.M\": unknown suffix \".M\""},
    {"1+1.0M", "quantity \"1+1.0M\": unknown suffix \"+1.0M\""},
    {"0.1mi", "quantity \"0.1mi\": unknown suffix \"mi\""},
    {"0.1am", "quantity \"0.1am\": unknown suffix \"am\""},
    {".5i", "quantity \".5i\": unknown suffix \"i\""},
    {"1i", "quantity \"1i\": unknown suffix \"i\""},
    {"1K", "quantity \"1K\": unknown suffix \"K\""},
    {"1ki", "quantity \"1ki\": unknown suffix \"ki\""},
    {"1KiB", "quantity \"1KiB\": unknown suffix \"KiB\""},
    {"1e", "quantity \"1e\": unknown suffix \"e\""},
    {"1e3.5", "quantity \"1e3.5\": unknown suffix \"e3.5\""},
    {"1e3k", "quantity \"1e3k\": unknown suffix \"e3k\""},
    {"-3.01e-", "quantity \"-3.01e-\": exponent has no digits \"e-\""},
    {"1E+", "quantity \"1E+\": exponent has no digits \"E+\""},
    {"1e4294967297", "quantity \"1e4294967297\": exponent out of range \"e4294967297\""},
    {" 1", "quantity \" 1\": whitespace is not allowed"},
    {"1 ", "quantity \"1 \": whitespace is not allowed"},
    {"1 Mi", "quantity \"1 Mi\": whitespace is not allowed"},
    {"1\tMi", "quantity \"1\tMi\": whitespace is not allowed"},
    // magnitude beyond 2^63-1 units is rejected, not capped
    {"9223372036854775808", "quantity \"9223372036854775808\": value too large (limit 9223372036854775807)"},
    {"-9223372036854775808", "quantity \"-9223372036854775808\": value too large (limit 9223372036854775807)"},
    {"9223372036854775807.000000001", "quantity \"9223372036854775807.000000001\": value too large (limit 9223372036854775807)"},
    {"9223372036854775807.0000000001", "quantity \"9223372036854775807.0000000001\": value too large (limit 9223372036854775807)"},
    {"10E", "quantity \"10E\": value too large (limit 9223372036854775807)"},
    {"12E", "quantity \"12E\": value too large (limit 9223372036854775807)"},
    {"8Ei", "quantity \"8Ei\": value too large (limit 9223372036854775807)"},
    {"9Ei", "quantity \"9Ei\": value too large (limit 9223372036854775807)"},
    {"9223372036854775807Ki", "quantity \"9223372036854775807Ki\": value too large (limit 9223372036854775807)"},
    {"1e19", "quantity \"1e19\": value too large (limit 9223372036854775807)"},
    {"1e2147483647", "quantity \"1e2147483647\": value too large (limit 9223372036854775807)"},
    {"100000000000000000000000000000000000000000000000000", "quantity \"100000000000000000000000000000000000000000000000000\": value too large (limit 9223372036854775807)"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("input \"" << c.input << "\"") {
      auto result = quantity::parse_with_error(c.input);
      BOOST_TEST(!result);
      BOOST_TEST(result.error == c.error);
      BOOST_TEST(!quantity::parse(c.input));
    }
  }
}

BOOST_AUTO_TEST_CASE(error_message_truncates_long_input) {
  std::string junk(1000, 'x');
  auto result = quantity::parse_with_error(junk);
  BOOST_TEST(!result);
  BOOST_TEST(result.error.size() < 150u);
  BOOST_TEST(result.error.find("...") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(zero_exponent_extremes_are_zero) {
  BOOST_TEST(q("0e2147483647").is_zero());
  BOOST_TEST(q("0e-2147483647").is_zero());
  BOOST_TEST(q("-0.000Ei").is_zero());
  BOOST_TEST(q("1e-2147483647") == q("1n"));
}

struct rounding_case {
  const char* input;
  int64_t value;
  int64_t milli;
};

BOOST_AUTO_TEST_CASE(value_and_milli_value_round_away_from_zero) {
  const std::vector<rounding_case> cases = {
    {"0", 0, 0},
    {"1", 1, 1000},
    {"100m", 1, 100},
    {"1500m", 2, 1500},
    {"2", 2, 2000},
    {"0.1m", 1, 1},        // 0.1m -> 1m, as the k8s docs say
    {"1n", 1, 1},
    {"999999n", 1, 1},
    {"1000001n", 1, 2},
    {"1.0001", 2, 1001},
    {"-100m", -1, -100},
    {"-0.1m", -1, -1},
    {"-1.5", -2, -1500},
    {"128Mi", 134217728, 134217728000},
    {"1.5Gi", 1610612736, 1610612736000},
    {"1e3", 1000, 1000000},
    {"12E-2", 1, 120},
    {"9223372036854775807", INT64_MAX, INT64_MAX},  // milli saturates
    {"-9223372036854775807", -INT64_MAX, INT64_MIN}, // milli saturates
    {"9223372036854775.807", 9223372036854776, INT64_MAX},
    {"9223372036854775.806", 9223372036854776, INT64_MAX - 1},
    {"9223372036854775806.5", INT64_MAX, INT64_MAX},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("input " << c.input) {
      auto x = q(c.input);
      BOOST_TEST(x.value() == c.value);
      BOOST_TEST(x.milli_value() == c.milli);
    }
  }
}

BOOST_AUTO_TEST_CASE(scaled_value_matches_k8s) {
  BOOST_TEST(q("1").scaled_value(-3) == 1000);
  BOOST_TEST(q("1").scaled_value(-9) == 1000000000);
  BOOST_TEST(q("1").scaled_value(-10) == 10000000000);
  BOOST_TEST(q("1500").scaled_value(3) == 2);
  BOOST_TEST(q("1G").scaled_value(9) == 1);
  BOOST_TEST(q("1n").scaled_value(18) == 1);   // anything non-zero is >= 1
  BOOST_TEST(q("-1n").scaled_value(40) == -1);
  BOOST_TEST(q("1E").scaled_value(-9) == INT64_MAX);
  BOOST_TEST(q("-1").scaled_value(-30) == INT64_MIN);
  BOOST_TEST(q("0").scaled_value(-30) == 0);
}

BOOST_AUTO_TEST_CASE(factories) {
  BOOST_TEST(quantity::from_milli(500).to_string() == "500m");
  BOOST_TEST(quantity::from_milli(1500).to_string() == "1500m");
  BOOST_TEST(quantity::from_milli(2000).to_string() == "2");
  BOOST_TEST(quantity::from_milli(-250).milli_value() == -250);
  BOOST_TEST(quantity::from_milli(INT64_MIN).milli_value() == INT64_MIN);
  BOOST_TEST(quantity::from_value(1073741824, fmt::binary_si).to_string() == "1Gi");
  BOOST_TEST(quantity::from_value(1000, fmt::binary_si).to_string() == "1k"); // < 1024: decimal SI
  BOOST_TEST(quantity::from_value(5, fmt::binary_si).to_string() == "5");
  BOOST_TEST(quantity::from_value(2000, fmt::binary_si).to_string() == "2000");
  BOOST_TEST(quantity::from_value(-2000, fmt::binary_si).to_string() == "-2000");
  BOOST_TEST(quantity::from_value(1000000000).to_string() == "1G");
  BOOST_TEST(quantity::from_value(1000, fmt::decimal_exponent).to_string() == "1e3");
  BOOST_TEST(quantity::from_value(INT64_MAX).value() == INT64_MAX);
  BOOST_TEST(quantity::from_value(INT64_MIN).value() == -INT64_MAX); // clamped
  BOOST_TEST(quantity::from_milli(1500, fmt::binary_si).to_string() == "1500m");
  BOOST_TEST(quantity{}.to_string() == "0");
  BOOST_TEST(quantity{}.is_zero());
  BOOST_TEST(quantity::from_value(3).with_format(fmt::decimal_exponent).to_string() == "3");
  BOOST_TEST(q("3k").with_format(fmt::decimal_exponent).to_string() == "3e3");
}

BOOST_AUTO_TEST_CASE(comparisons_ignore_format) {
  BOOST_TEST(q("1Ki") == q("1024"));
  BOOST_TEST(q("1k") != q("1Ki"));
  BOOST_TEST(q("1k") < q("1Ki"));
  BOOST_TEST(q("100m") > q("50m"));
  BOOST_TEST(q("10000T") > q("100Gi"));
  BOOST_TEST(q("1e3") == q("1k"));
  BOOST_TEST(q("0.5") == q("500m"));
  BOOST_TEST(q("-1") < q("0"));
  BOOST_TEST(q("1n") > q("0"));
  BOOST_TEST(q("1n") <= q("1n"));
  BOOST_TEST(q("1n") >= q("1n"));
  BOOST_TEST(q("0Ki") == q("0"));
  BOOST_TEST(q("1").compare(q("2")) < 0);
  BOOST_TEST(q("2").compare(q("1")) > 0);
  BOOST_TEST(q("2").compare(q("2000m")) == 0);
  BOOST_TEST(q("-5").sign() == -1);
  BOOST_TEST(q("5").sign() == 1);
  BOOST_TEST(q("0").sign() == 0);
}

BOOST_AUTO_TEST_CASE(add_and_sub_are_exact) {
  // Summing pod requests: 0.1 + 0.2 is exactly 300m (no floating point).
  quantity cpu;
  BOOST_TEST(cpu.add(q("0.1")));
  BOOST_TEST(cpu.add(q("0.2")));
  BOOST_TEST(cpu == q("300m"));
  BOOST_TEST(cpu.to_string() == "300m");
  BOOST_TEST(cpu.sub(q("1")));
  BOOST_TEST(cpu.to_string() == "-700m");

  // Zero adopts the other operand's format (k8s Add/Sub), both orders.
  for (const char* text : {"100m", "1Gi"}) {
    quantity sum;
    BOOST_TEST(sum.add(q(text)));
    BOOST_TEST(sum.to_string() == text);
    auto x = q(text);
    BOOST_TEST(x.add(quantity{}));
    BOOST_TEST(x.to_string() == text);
    quantity diff;
    BOOST_TEST(diff.sub(q(text)));
    BOOST_TEST(diff.to_string() == q(text).negated().to_string());
  }

  auto mem = q("1Gi");
  BOOST_TEST(mem.add(q("512Mi")));
  BOOST_TEST(mem.to_string() == "1536Mi");
  BOOST_TEST(mem.sub(q("1536Mi")));
  BOOST_TEST(mem.is_zero());
  BOOST_TEST(mem.to_string() == "0");
}

BOOST_AUTO_TEST_CASE(arithmetic_overflow_is_reported_and_harmless) {
  auto big = q("9223372036854775807");
  auto before = big;
  BOOST_TEST(!big.add(q("1n")));
  BOOST_TEST(big == before);
  BOOST_TEST(big.add(q("0")));
  auto low = big.negated();
  BOOST_TEST(low.to_string() == "-9223372036854775807");
  BOOST_TEST(!low.sub(q("1")));
  BOOST_TEST(low == before.negated());
  BOOST_TEST(low.add(big));
  BOOST_TEST(low.is_zero());
  BOOST_TEST(!big.sub(big.negated()));
}

// Property check: for random millicore/byte values, to_string() round-trips
// exactly and addition agrees with int64 arithmetic.
BOOST_AUTO_TEST_CASE(random_round_trip_and_sum) {
  const uint64_t seed = 20240611;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int64_t> milli(-4'000'000'000'000, 4'000'000'000'000);
  std::uniform_int_distribution<int> shift(0, 40);
  for (int i = 0; i < 2000; ++i) {
    BOOST_TEST_CONTEXT("SEED=" << seed << " iteration " << i) {
      int64_t a = milli(rng), b = milli(rng);
      auto qa = quantity::from_milli(a), qb = quantity::from_milli(b);
      auto parsed = quantity::parse(qa.to_string());
      BOOST_REQUIRE(parsed);
      BOOST_TEST(*parsed == qa);
      auto sum = qa;
      BOOST_REQUIRE(sum.add(qb));
      BOOST_TEST(sum.milli_value() == a + b);
      BOOST_TEST((qa < qb) == (a < b));
      int64_t bytes = static_cast<int64_t>(rng() % (uint64_t{1} << 20)) << shift(rng);
      auto qbytes = quantity::from_value(bytes, fmt::binary_si);
      auto back = quantity::parse(qbytes.to_string());
      BOOST_REQUIRE(back);
      BOOST_TEST(back->value() == bytes);
    }
  }
}

BOOST_AUTO_TEST_CASE(format_names_are_kubernetes_names) {
  BOOST_TEST(convoy::to_string(fmt::decimal_si) == std::string("DecimalSI"));
  BOOST_TEST(convoy::to_string(fmt::binary_si) == std::string("BinarySI"));
  BOOST_TEST(convoy::to_string(fmt::decimal_exponent) == std::string("DecimalExponent"));
}

BOOST_AUTO_TEST_SUITE_END()
