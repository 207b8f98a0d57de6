#include "runtime/node/role_spawner.hpp"

#include <random>

#include "caf/actor_system.hpp"
#include "caf/send.hpp"

#include "actors/store/store_replica.hpp"
#include "runtime/node/apiserver_role.hpp"
#include "runtime/node/api_client_role.hpp"
#include "runtime/node/worker_roles.hpp"
#include "messages/protobuf_inspect.hpp"
#include "persistence/backend/backend_error.hpp"
#include "persistence/backend/lmdb_backend.hpp"

namespace convoy {

void register_with_node(const node_actor& node, const caf::actor& who, std::string name,
                        std::string component, std::string role) {
  node::RegisterActor reg;
  reg.mutable_actor()->set_name(std::move(name));
  reg.mutable_actor()->set_component(std::move(component));
  reg.mutable_actor()->set_role(std::move(role));
  caf::anon_send(node, std::move(reg), caf::actor_cast<caf::strong_actor_ptr>(who));
}

namespace {

std::optional<std::string> spawn_store(caf::actor_system& sys, const node_options& opts,
                                       const node_actor& node, started_roles& out) {
  store_replica_config cfg;
  try {
    // Single owner: the replica keeps a write txn open between messages
    // (its write batch), and the actor may resume on another thread.
    backend::lmdb_backend_options lmdb;
    lmdb.single_owner = true;
    cfg.storage = std::make_shared<backend::lmdb_backend>(opts.data_dir + "/store", lmdb);
    cfg.wal = std::make_shared<store::write_ahead_log>(opts.data_dir + "/store/raft.wal");
  } catch (const std::exception& e) {
    return "store: cannot open " + opts.data_dir + "/store: " + e.what();
  }
  auto& ec = cfg.engine;
  ec.self = store::member{store::member_id(opts.name), opts.name, opts.listen.to_string()};
  for (const auto& [name, addr] : opts.initial_cluster)
    ec.initial_cluster.push_back(store::member{store::member_id(name), name, addr.to_string()});
  ec.join_existing = opts.initial_cluster_state == "existing";
  ec.snapshot_every = opts.snapshot_count;
  ec.catch_up_entries = std::max<uint64_t>(opts.snapshot_count / 2, 5);
  ec.key_space.max_request_bytes = opts.max_request_bytes;
  ec.seed = opts.seed;
  cfg.node_name = opts.name;
  cfg.nonce = std::random_device{}();
  // Not detached: CAF 0.17 can hang at shutdown waiting for a detached
  // actor's thread (actor-framework issues 1110/1196, fixed in 0.18). A
  // ready blocks a worker for one WAL fdatasync only, and the scheduler has
  // two workers at least (system_setup).
  cfg.detached = false;
  try {
    auto replica = spawn_store_replica(sys, std::move(cfg));
    register_with_node(node, caf::actor_cast<caf::actor>(replica), "store-replica", "store",
                       "store");
    out.actors.push_back(caf::actor_cast<caf::actor>(replica));
    out.stores.push_back(caf::actor_cast<store_actor>(replica));
  } catch (const std::exception& e) {
    return std::string{"store: "} + e.what();
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> spawn_roles(caf::actor_system& sys, const node_options& opts,
                                       const node_actor& node, started_roles& out) {
  if (opts.has_role("store"))
    if (auto err = spawn_store(sys, opts, node, out))
      return err;
  if (opts.has_role("apiserver"))
    if (auto err = spawn_apiserver_role(sys, opts, node, out))
      return err;
  if (opts.has_role("scheduler"))
    if (auto err = spawn_scheduler_role(sys, opts, node, out))
      return err;
  if (opts.has_role("controllers"))
    if (auto err = spawn_controllers_role(sys, opts, node, out))
      return err;
  if (opts.has_role("kubelet"))
    if (auto err = spawn_kubelet_role(sys, opts, node, out))
      return err;
  if (opts.has_role("proxy"))
    if (auto err = spawn_proxy_role(sys, opts, node, out))
      return err;
  return std::nullopt;
}

} // namespace convoy
