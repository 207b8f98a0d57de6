#pragma once

// A store replica on disk (LMDB, fsync on) and an apiserver in front of it,
// in this process as `convoy up` runs them, plus a load of apiserver
// requests: what the apiserver and scheduler benchmarks share.

#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "caf/actor_system.hpp"
#include "caf/scoped_actor.hpp"

#include "actors/apiserver/apiserver.hpp"
#include "actors/store/store_replica.hpp"
#include "common/load.hpp"
#include "messages/protobuf_inspect.hpp"
#include "persistence/backend/lmdb_backend.hpp"

namespace convoy::bench {

using namespace std::chrono_literals;

/// The admin token of the in-process apiserver.
inline const char* token = "bench";

/// A store replica on disk and an apiserver in front of it.
struct api_cluster {
  /// `configure` adjusts the apiserver's config (audit log, encryption...).
  api_cluster(caf::actor_system& sys, const std::filesystem::path& dir,
              const std::function<void(apiserver_config&)>& configure = {})
    : sys_(sys) {
    store_replica_config rc;
    rc.storage = std::make_shared<backend::lmdb_backend>((dir / "store").string());
    rc.engine.self = store::member{store::member_id("bench"), "bench", "127.0.0.1:1"};
    rc.engine.initial_cluster = {rc.engine.self};
    rc.node_name = "bench";
    replica = spawn_store_replica(sys, rc);
    wait_for_leader();
    apiserver_config ac;
    ac.store = caf::actor_cast<store_actor>(replica);
    ac.node_name = "bench";
    ac.authenticate = [](const std::string& t) -> std::optional<apiserver::user_info> {
      if (t == token)
        return apiserver::user_info{"admin", {"system:masters"}};
      return std::nullopt;
    };
    if (configure)
      configure(ac);
    api = spawn_apiserver(sys, ac);
  }

  ~api_cluster() {
    caf::anon_send_exit(api, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(replica, caf::exit_reason::user_shutdown);
  }

  void wait_for_leader() {
    caf::scoped_actor self{sys_};
    for (int i = 0; i < 100; ++i) {
      bool leads = false;
      self->request(replica, 1s, store::StatusRequest{})
        .receive([&](const store::StatusResponse& s) { leads = s.leader() != 0; },
                 [](caf::error&) {});
      if (leads)
        return;
      std::this_thread::sleep_for(100ms);
    }
    throw std::runtime_error("the store replica elected no leader");
  }

  caf::actor_system& sys_;
  store_replica_actor replica;
  apiserver_actor api;
};

/// A load of apiserver requests; an answer with a Status of code >= 400 is
/// a failure, other answers go to `on_ok`.
template <class Request>
inline run_result api_load(caf::actor_system& sys, const apiserver_actor& api, load_shape shape,
                    std::function<Request(int)> make,
                    std::function<void(int, const apiserver::ApiResponse&)> on_ok = {}) {
  return run_load<Request, apiserver::ApiResponse>(
    sys, api, shape, std::move(make),
    [on_ok](int i, const apiserver::ApiResponse& r) -> std::optional<std::string> {
      if (r.has_status() && r.status().code() >= 400)
        return r.status().message();
      if (on_ok)
        on_ok(i, r);
      return std::nullopt;
    });
}

} // namespace convoy::bench
