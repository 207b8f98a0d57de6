#include "runtime/node/join_credentials.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

#include <spdlog/logger.h>

#include "caf/actor_system.hpp"
#include "caf/event_based_actor.hpp"

#include "actors/apiserver/auth/private_file.hpp"
#include "messages/atoms.hpp"
#include "messages/protobuf_inspect.hpp"
#include "runtime/logging/log.hpp"

namespace convoy {

namespace {

/// The one credential exchange of a node, shared by its kubelet and proxy
/// joiners (keyed by the credential's path).
struct join_session {
  std::mutex mtx;
  std::string token;
  /// The joiner whose exchange is in flight (0: none).
  caf::actor_id busy = 0;
};

std::shared_ptr<join_session> session_for(const std::string& path) {
  static std::mutex mtx;
  static std::map<std::string, std::shared_ptr<join_session>> sessions;
  std::lock_guard<std::mutex> guard{mtx};
  auto& s = sessions[path];
  if (!s)
    s = std::make_shared<join_session>();
  return s;
}

struct joiner_state {
  apiserver_actor api;
  std::string path;
  std::string node_name;
  std::string join_token;
  token_start start;
  std::shared_ptr<join_session> session;
  std::shared_ptr<spdlog::logger> log;
  std::chrono::milliseconds backoff{500};
  bool started = false;
  static inline const char* name = "convoy.joiner";
};

using joiner_ptr = caf::stateful_actor<joiner_state>*;

constexpr std::chrono::milliseconds max_backoff{30000};
constexpr std::chrono::milliseconds wait_poll{200};

void launch(joiner_ptr self, const std::string& token) {
  auto& st = self->state;
  st.started = true;
  auto role = st.start(st.api, token);
  self->link_to(role);
}

void retry_later(joiner_ptr self) {
  auto& st = self->state;
  {
    std::lock_guard<std::mutex> guard{st.session->mtx};
    if (st.session->busy == self->id())
      st.session->busy = 0;
  }
  self->delayed_send(self, st.backoff, tick_atom::value);
  st.backoff = std::min(st.backoff * 2, max_backoff);
}

void on_credential(joiner_ptr self, const apiserver::NodeCredentialResponse& resp) {
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
  {
    std::lock_guard<std::mutex> guard{st.session->mtx};
    st.session->token = resp.token();
    st.session->busy = 0;
  }
  launch(self, resp.token());
}

void exchange(joiner_ptr self) {
  auto& st = self->state;
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

/// One step: use the known credential, or wait for the exchange another
/// joiner runs, or run it.
void step(joiner_ptr self) {
  auto& st = self->state;
  if (st.started)
    return;
  std::string token;
  bool mine = false;
  {
    std::lock_guard<std::mutex> guard{st.session->mtx};
    token = st.session->token;
    if (token.empty() && st.session->busy == 0) {
      st.session->busy = self->id();
      mine = true;
    }
  }
  if (!token.empty())
    return launch(self, token);
  if (!mine) {
    self->delayed_send(self, wait_poll, tick_atom::value);
    return;
  }
  try {
    if (auto saved = read_node_credential(st.path)) {
      std::lock_guard<std::mutex> guard{st.session->mtx};
      st.session->token = *saved;
      st.session->busy = 0;
    }
  } catch (const std::exception& e) {
    st.log->error("{}; retrying", e.what());
    return retry_later(self);
  }
  if (!st.session->token.empty())
    return launch(self, st.session->token);
  exchange(self);
}

caf::behavior joiner(joiner_ptr self, joiner_state init) {
  self->state = std::move(init);
  self->set_down_handler([](caf::down_msg&) {});
  self->send(self, tick_atom::value);
  return {
    [self](tick_atom) { step(self); },
  };
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
with_node_credential(caf::actor_system& sys, const node_options& opts,
                     const std::string& component, token_start start) {
  if (!uses_join_credentials(opts))
    return [start](apiserver_actor api) { return start(std::move(api), {}); };
  joiner_state init;
  init.path = node_credential_path(opts);
  init.node_name = opts.name;
  init.join_token = opts.join_token;
  init.start = std::move(start);
  init.session = session_for(init.path);
  init.log = log::get(opts.name, component);
  return [&sys, init](apiserver_actor api) mutable {
    init.api = std::move(api);
    return sys.spawn(joiner, init);
  };
}

} // namespace convoy
