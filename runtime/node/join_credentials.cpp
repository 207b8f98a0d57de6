#include "runtime/node/join_credentials.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>
#include <stdexcept>

#include <spdlog/logger.h>

#include "caf/actor_system.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "actors/apiserver/auth/private_file.hpp"
#include "actors/inspect/shell/inspected_actor.hpp"
#include "messages/atoms.hpp"
#include "messages/protobuf_inspect.hpp"
#include "runtime/logging/log.hpp"

namespace convoy {

namespace {

/// The node's one credential exchange, shared by its kubelet and proxy (so
/// neither rotates the other's credential away): answers `get_atom` with
/// the node credential once it has one -- the saved one, else the one the
/// apiserver issues for --join-token, saved before anyone gets it.
struct credential_state {
  apiserver_actor api;
  std::string path;
  std::string node_name;
  std::string join_token;
  std::shared_ptr<spdlog::logger> log;
  std::string token;
  /// Callers waiting for the token.
  std::vector<caf::typed_response_promise<std::string>> waiting;
  bool exchanging = false;
  std::chrono::milliseconds backoff{500};
  static inline const char* name = "convoy.node-credential";
};

using credential_ptr = caf::stateful_actor<credential_state>*;

constexpr std::chrono::milliseconds max_backoff{30000};

void exchange(credential_ptr self);

void retry_later(credential_ptr self) {
  auto& st = self->state;
  self->delayed_send(self, st.backoff, retry_atom::value);
  st.backoff = std::min(st.backoff * 2, max_backoff);
}

void got_token(credential_ptr self, std::string token) {
  auto& st = self->state;
  st.token = std::move(token);
  for (auto& promise : st.waiting)
    promise.deliver(st.token);
  st.waiting.clear();
}

void on_credential(credential_ptr self, const apiserver::NodeCredentialResponse& resp) {
  auto& st = self->state;
  if (resp.status().code() >= 400 || resp.token().empty()) {
    st.log->error("join refused by the apiserver ({} {}): {}; retrying in {} ms",
                  resp.status().code(), resp.status().reason(), resp.status().message(),
                  st.backoff.count());
    return retry_later(self);
  }
  try {
    save_node_credential(st.path, resp.token());
  } catch (const std::exception& e) {
    st.log->error("cannot save the node credential: {}; retrying", e.what());
    return retry_later(self);
  }
  st.log->info("joined as node {}; credential saved in {}", st.node_name, st.path);
  got_token(self, resp.token());
}

/// Uses the saved credential, or asks the apiserver for one.
void exchange(credential_ptr self) {
  auto& st = self->state;
  try {
    if (auto saved = read_node_credential(st.path))
      return got_token(self, *saved);
  } catch (const std::exception& e) {
    st.log->error("{}; retrying", e.what());
    return retry_later(self);
  }
  apiserver::NodeCredentialRequest req;
  req.mutable_meta()->set_token(st.join_token);
  req.mutable_meta()->set_user_agent("convoy-kubelet/join");
  req.set_node_name(st.node_name);
  self->request(st.api, std::chrono::seconds{10}, std::move(req))
    .then([self](const apiserver::NodeCredentialResponse& resp) { on_credential(self, resp); },
          [self](const caf::error& err) {
            auto& st = self->state;
            st.log->error("join: no answer from the apiserver ({}); retrying in {} ms",
                          self->system().render(err), st.backoff.count());
            retry_later(self);
          });
}

caf::behavior credential_keeper(credential_ptr self, credential_state init) {
  self->state = std::move(init);
  return {
    [self](caf::get_atom) -> caf::result<std::string> {
      auto& st = self->state;
      if (!st.token.empty())
        return st.token;
      st.waiting.push_back(self->make_response_promise<std::string>());
      if (!st.exchanging) {
        st.exchanging = true;
        exchange(self);
      }
      return st.waiting.back();
    },
    [self](retry_atom) { exchange(self); },
  };
}

/// Waits for the node credential, then starts the role with it (linked:
/// the role stops with this actor).
caf::behavior joiner(caf::event_based_actor* self, caf::actor keeper, apiserver_actor api,
                     token_start start) {
  self->request(keeper, caf::infinite, caf::get_atom::value)
    .then([self, api, start](const std::string& token) { self->link_to(start(api, token)); });
  return {[](retry_atom) {}}; // stays alive as long as the role
}

std::string trim(const std::string& text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos)
    return {};
  auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

} // namespace

std::string node_credential_path(const node_options& opts) {
  return (opts.data_dir.empty() ? std::string{"."} : opts.data_dir) + "/credentials/node.token";
}

bool uses_join_credentials(const node_options& opts) {
  if (!opts.token_file.empty())
    return false;
  if (!opts.join_token.empty())
    return true;
  std::error_code ec;
  return !opts.data_dir.empty() && std::filesystem::exists(node_credential_path(opts), ec);
}

std::optional<std::string> read_node_credential(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return std::nullopt;
  auto token = trim(apiserver::read_whole_file(path));
  if (token.empty())
    throw std::runtime_error("node credential " + path + " is empty (delete it to join again)");
  return token;
}

void save_node_credential(const std::string& path, const std::string& token) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path{path}.parent_path(), ec);
  if (ec)
    throw std::runtime_error("cannot create the directory of " + path + ": " + ec.message());
  apiserver::write_private_file(path, token + "\n");
}

std::function<caf::actor(apiserver_actor)>
with_node_credential(caf::actor_system& sys, const node_options& opts, started_roles& out,
                     const std::string& component, token_start start) {
  if (!uses_join_credentials(opts))
    return [start](apiserver_actor api) { return start(std::move(api), {}); };
  auto log = log::get(opts.name, component);
  return [&sys, &opts, &out, log, start](apiserver_actor api) {
    if (!out.credentials) {
      credential_state init;
      init.api = api;
      init.path = node_credential_path(opts);
      init.node_name = opts.name;
      init.join_token = opts.join_token;
      init.log = log;
      out.credentials = inspect::spawn_inspected(sys, {"credential-keeper", "join"},
                                                 credential_keeper, std::move(init));
      out.actors.push_back(out.credentials);
    }
    return sys.spawn(joiner, out.credentials, std::move(api), start);
  };
}

} // namespace convoy
