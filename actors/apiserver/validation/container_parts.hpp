#pragma once

// Internal to the validation folder: the pieces container_validation.cpp
// assembles, implemented in env_validation.cpp and probe_validation.cpp.

#include <cstdint>
#include <optional>

#include "actors/apiserver/validation/container_validation.hpp"

namespace convoy::apiserver::detail {

void validate_env(const repeated<api::EnvVar>& env, const field_path& path,
                  field_error_list& errs);

void validate_env_from(const repeated<api::EnvFromSource>& env_from, const field_path& path,
                       field_error_list& errs);

/// Common probe checks (one handler, timings); `kind` adds the per-probe
/// rules: liveness/startup need successThreshold 1, readiness may not set
/// terminationGracePeriodSeconds.
enum class probe_kind { liveness, readiness, startup };

void validate_probe(const api::Probe& probe, probe_kind kind, std::optional<int64_t> grace,
                    const field_path& path, field_error_list& errs);

void validate_lifecycle(const api::Lifecycle& lifecycle, std::optional<int64_t> grace,
                        const field_path& path, field_error_list& errs);

/// A relative path without ".." elements (subPath, volume item paths).
void validate_local_descending_path(std::string_view value, const field_path& path,
                                    field_error_list& errs);

} // namespace convoy::apiserver::detail
