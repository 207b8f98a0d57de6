#pragma once

#include <string>

#include "runtime/containers/container_runtime.hpp"

namespace convoy::containers {

/// Reads the rotated log of the container in `dir` (written by
/// rotating_log). Offsets are logical: byte N of everything the container
/// ever wrote. A follower whose offset fell behind a rotation that dropped
/// the file it was in skips ahead to the oldest byte still kept. Missing
/// files read as an empty log.
log_chunk read_container_log(const std::string& dir, const log_query& query);

} // namespace convoy::containers
