#include "runtime/logging/log.hpp"

#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace convoy::log {

namespace {

/// One stderr sink shared by all loggers so lines never interleave.
std::shared_ptr<spdlog::sinks::sink> shared_sink() {
  static auto sink = [] {
    auto s = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    s->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %n: %v");
    return s;
  }();
  return sink;
}

std::mutex& registry_mutex() {
  static std::mutex mx;
  return mx;
}

spdlog::level::level_enum& current_level() {
  static auto level = spdlog::level::info;
  return level;
}

} // namespace

std::shared_ptr<spdlog::logger> get(std::string_view node, std::string_view component) {
  std::string name{node};
  name += '/';
  name += component;
  std::lock_guard<std::mutex> guard{registry_mutex()};
  if (auto existing = spdlog::get(name))
    return existing;
  auto logger = std::make_shared<spdlog::logger>(name, shared_sink());
  logger->set_level(current_level());
  logger->flush_on(spdlog::level::warn);
  spdlog::register_logger(logger);
  return logger;
}

void set_level(spdlog::level::level_enum level) {
  std::lock_guard<std::mutex> guard{registry_mutex()};
  current_level() = level;
  spdlog::set_level(level);
}

std::optional<spdlog::level::level_enum> parse_level(std::string_view text) {
  if (text == "trace") return spdlog::level::trace;
  if (text == "debug") return spdlog::level::debug;
  if (text == "info") return spdlog::level::info;
  if (text == "warn") return spdlog::level::warn;
  if (text == "error") return spdlog::level::err;
  if (text == "off") return spdlog::level::off;
  return std::nullopt;
}

} // namespace convoy::log
