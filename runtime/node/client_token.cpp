#include "runtime/node/client_token.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "actors/apiserver/auth/static_token_file.hpp"

namespace convoy {

namespace {

std::string read_token(const std::string& path) {
  std::ifstream in{path};
  if (!in)
    throw std::runtime_error("--token-file: cannot read " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  auto text = buf.str();
  auto first = text.find_first_not_of(" \t\r\n");
  auto last = text.find_last_not_of(" \t\r\n");
  if (first == std::string::npos)
    throw std::runtime_error("--token-file: " + path + " is empty");
  return text.substr(first, last - first + 1);
}

} // namespace

std::string client_token(const node_options& opts, std::string_view user) {
  if (!opts.token_file.empty())
    return read_token(opts.token_file);
  auto path = opts.token_auth_file.empty() ? opts.data_dir + "/tokens.csv" : opts.token_auth_file;
  for (const auto& t : apiserver::load_token_file(path))
    if (t.user == user)
      return t.token;
  throw std::runtime_error("no token for " + std::string{user} + " in " + path
                           + " (give --token-file)");
}

} // namespace convoy
