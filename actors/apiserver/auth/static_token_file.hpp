#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace convoy::apiserver {

/// One line of a Kubernetes static token file (--token-auth-file):
/// `token,user,uid,"group1,group2"`.
struct static_token {
  std::string token;
  std::string user;
  std::string uid;
  std::vector<std::string> groups;
};

/// Parses the CSV format of Kubernetes' tokenfile authenticator: at least
/// three columns (token, user name, uid), an optional fourth with
/// comma-separated groups (quoted when it holds several), further columns
/// ignored; fields may be quoted ("" escapes a quote) and leading spaces
/// are trimmed, as Go's encoding/csv does. Unlike Kubernetes, lines starting
/// with '#' are comments, and an empty token, an empty user name or a
/// duplicate token is an error rather than a warning: a token file that
/// does not say what its author meant should stop the apiserver.
///
/// Throws auth_config_error `FILE:LINE: problem`; the message never quotes
/// the line, which holds a secret.
std::vector<static_token> parse_token_file(std::string_view text, std::string_view file_name);

/// Reads and parses `path`.
std::vector<static_token> load_token_file(const std::string& path);

/// The CSV text of `tokens` that parse_token_file reads back (the group
/// column quoted, quotes doubled).
std::string render_token_file(const std::vector<static_token>& tokens);

/// Writes `tokens` to `path` with mode 0600 (atomically).
void write_token_file(const std::string& path, const std::vector<static_token>& tokens);

} // namespace convoy::apiserver
