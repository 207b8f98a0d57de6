#pragma once

#include <string>
#include <string_view>

namespace convoy::apiserver {

/// Writes `content` to `path` readable by the owner only (mode 0600,
/// whatever the umask), atomically: a temporary file in the same directory
/// is written, fsynced and renamed over `path`, so a reader (or a crash)
/// never sees half a token file. Throws auth_config_error naming the path
/// and the failing step.
void write_private_file(const std::string& path, std::string_view content);

/// The whole content of `path`. Throws auth_config_error naming the path.
std::string read_whole_file(const std::string& path);

} // namespace convoy::apiserver
