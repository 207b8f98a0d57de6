#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace convoy::config {

/// Parses a Go-style duration as Kubernetes flags use them: "40s", "300ms",
/// "1m30s", "1.5h", "0". Units: ns, us (or µs), ms, s, m, h. On failure returns
/// nothing and sets `error` (e.g. "invalid duration '40': missing unit").
std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text,
                                                       std::string& error);

/// Formats like Go's time.Duration.String(): "40s", "1m30s", "300ms", "0s".
std::string format_duration(std::chrono::nanoseconds d);

} // namespace convoy::config
