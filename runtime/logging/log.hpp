#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

namespace convoy::log {

/// Returns the logger of `component` on actor node `node`. Every line it
/// writes carries time, level, node and component:
///   2026-11-27T20:30:00.123 info  n1/node: joined peer n2 at 127.0.0.1:7001
/// Loggers are shared (one per node/component pair) and thread-safe; several
/// simulated nodes in one process each get their own.
std::shared_ptr<spdlog::logger> get(std::string_view node, std::string_view component);

/// Sets the level of all current and future loggers.
void set_level(spdlog::level::level_enum level);

/// Parses "trace", "debug", "info", "warn", "error", "off".
std::optional<spdlog::level::level_enum> parse_level(std::string_view text);

} // namespace convoy::log
