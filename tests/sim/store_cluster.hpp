#pragma once

// A store cluster on simulated hosts: replicas r1..rN (each with a node actor
// on port 7000 and a memory "disk" that survives a crash, so a restart
// recovers from it) and a client host.

#include <memory>
#include <string>
#include <vector>

#include "actors/node/node_actor.hpp"
#include "actors/store/store_client.hpp"
#include "actors/store/store_replica.hpp"
#include "persistence/backend/memory_backend.hpp"
#include "runtime/node/role_spawner.hpp"
#include "sim_fixture.hpp"

namespace convoy::test {

struct store_cluster : sim_fixture {
  struct replica {
    std::string name;
    std::shared_ptr<backend::memory_backend> disk;
    sim::sim_host* host = nullptr;
    node_actor node;
    store_replica_actor actor;
  };

  store_cluster(size_t n, uint64_t seed, uint64_t snapshot_every = 10000) : sim_fixture(seed) {
    for (size_t i = 1; i <= n; ++i) {
      auto name = "r" + std::to_string(i);
      members.push_back(store::member{store::member_id(name), name, name + ":7000"});
      replicas.push_back(replica{name, std::make_shared<backend::memory_backend>(), nullptr, {}, {}});
    }
    snapshot_every_ = snapshot_every;
    for (size_t i = 0; i < n; ++i)
      start(i);
    client_host = &net.add_host("c");
    store_client_config cc;
    for (const auto& m : members) {
      std::string error;
      cc.endpoints.push_back(*net::host_port::parse(m.address, error));
    }
    cc.node_name = "c";
    client = client_host->track(spawn_store_client(client_host->system(), cc));
  }

  /// (Re)starts replica `i` on a fresh host, from its disk.
  void start(size_t i) {
    auto& r = replicas[i];
    r.host = &net.add_host(r.name);
    node_actor_config nc;
    nc.name = r.name;
    r.node = r.host->track(spawn_node_actor(r.host->system(), nc));
    net.publish(*r.host, r.node, 7000);
    store_replica_config cfg;
    cfg.engine.self = members[i];
    cfg.engine.initial_cluster = members;
    cfg.engine.seed = net.seed();
    cfg.engine.snapshot_every = snapshot_every_;
    cfg.engine.catch_up_entries = std::max<uint64_t>(snapshot_every_ / 2, 2);
    cfg.storage = r.disk;
    cfg.node_name = r.name;
    cfg.nonce = net.rng()();
    cfg.detached = false;
    r.actor = r.host->track(spawn_store_replica(r.host->system(), cfg));
    register_with_node(r.node, caf::actor_cast<caf::actor>(r.actor), "store-replica", "store",
                       "store");
  }

  void crash(size_t i) {
    net.crash(*replicas[i].host);
  }

  /// The replica that currently leads, by asking each live one.
  std::optional<size_t> leader() {
    for (size_t i = 0; i < replicas.size(); ++i) {
      if (replicas[i].host->crashed() || replicas[i].host->stalled())
        continue;
      auto st = ask<store::StatusResponse>(*replicas[i].host, replicas[i].actor,
                                           store::StatusRequest{});
      if (st && *st && (*st)->leader() == members[i].id)
        return i;
    }
    return std::nullopt;
  }

  std::vector<store::member> members;
  std::vector<replica> replicas;
  sim::sim_host* client_host = nullptr;
  store_actor client;

private:
  uint64_t snapshot_every_ = 10000;
};

} // namespace convoy::test
