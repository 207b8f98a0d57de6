#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// Text forms of the scalar values the codec reads and writes: YAML plain
/// scalar resolution, integers, RFC 3339 timestamps, base64, UTF-8. Pure
/// functions, shared by the decoder and both writers so the rules for "what
/// does this plain scalar mean" and "must this string be quoted" cannot drift.
namespace convoy::codec::scalar_text {

/// What an unquoted YAML scalar resolves to. Follows the YAML 1.2 core schema
/// for null/bool/float and go-yaml v2 (which kubectl uses) for integers, so
/// `defaultMode: 0644` is octal 420 as it is for kubectl.
enum class plain_kind : uint8_t { null, boolean, integer, floating, string };

plain_kind classify_plain(std::string_view text) noexcept;

/// true/false in any YAML 1.2 spelling, plus YAML 1.1's yes/no/on/off
/// (kubectl's go-yaml v2 accepts those for booleans too).
std::optional<bool> parse_bool(std::string_view text) noexcept;

/// A parsed integer: magnitude and sign kept apart so uint64 and int64 both
/// fit; nullopt if the text is not an integer or exceeds 64 bits.
struct integer {
  uint64_t magnitude = 0;
  bool negative = false;
};
std::optional<integer> parse_integer(std::string_view text) noexcept;

/// A floating-point plain scalar (also .inf and .nan spellings).
std::optional<double> parse_double(std::string_view text) noexcept;

/// Appends `value` in the shortest form that reads back exactly.
void append_double(std::string& out, double value);

/// RFC 3339 in UTC: "2026-01-01T00:00:00Z"; fractional digits only when
/// nanos != 0, in groups of 3 (milli, micro, nano) as protobuf prints them.
/// `micro`: always exactly 6 digits (Kubernetes MicroTime, RFC3339Micro).
void append_timestamp(std::string& out, int64_t seconds, int32_t nanos, bool micro = false);

/// Parses RFC 3339 ("2026-01-01T10:00:00.5+02:00"), normalising to UTC.
/// Years 0001-9999 (protobuf Timestamp's range).
bool parse_timestamp(std::string_view text, int64_t& seconds, int32_t& nanos) noexcept;

/// Standard base64 with padding (what Go's encoding/json uses for []byte).
void append_base64(std::string& out, std::string_view data);

/// Decodes standard base64 with padding; CR/LF are skipped as Go does.
bool decode_base64(std::string_view text, std::string& out);

/// Decodes one UTF-8 code point at `pos`, advancing `pos`; returns -1 (and
/// advances one byte) for an invalid or overlong sequence or a surrogate.
int32_t next_code_point(std::string_view text, size_t& pos) noexcept;

bool is_valid_utf8(std::string_view text) noexcept;

/// True if `text`, written as a YAML plain scalar, would be read back as
/// something other than this string by yaml-cpp or go-yaml v2 (numbers,
/// booleans incl. yes/no/on/off, null, timestamps), so it must be quoted.
bool resolves_as_non_string(std::string_view text) noexcept;

} // namespace convoy::codec::scalar_text
