#include "convoy_target.hpp"

#include "common/load.hpp"

#include <optional>
#include <stdexcept>
#include <thread>

#include "caf/actor_system.hpp"
#include "caf/scoped_actor.hpp"

#include "actors/store/replica_engine.hpp"
#include "actors/store/store_client.hpp"
#include "messages/error.hpp"
#include "messages/protobuf_inspect.hpp"

namespace convoy::bench {

namespace {

using namespace std::chrono_literals;
using clock_type = latency_recorder::clock;

constexpr auto op_timeout = std::chrono::seconds{60};

store_actor make_client(caf::actor_system& sys, const std::vector<uint16_t>& ports) {
  store_client_config cc;
  for (auto port : ports)
    cc.endpoints.push_back(net::host_port{"127.0.0.1", port});
  cc.request_timeout = op_timeout;
  cc.node_name = "bench";
  return spawn_store_client(sys, cc);
}

template <class Response, class Request>
std::optional<Response> ask(caf::actor_system& sys, const store_actor& client,
                            const Request& req) {
  caf::scoped_actor self{sys};
  std::optional<Response> out;
  self->request(client, std::chrono::seconds{5}, req)
    .receive([&](Response& r) { out = std::move(r); }, [&](caf::error&) {});
  return out;
}

} // namespace

convoy_target::convoy_target(caf::actor_system& sys, const std::string& convoy_binary,
                             const std::filesystem::path& root, int replicas)
  : sys_(sys) {
  std::string cluster;
  for (int i = 1; i <= replicas; ++i) {
    names_.push_back("c" + std::to_string(replicas) + "n" + std::to_string(i));
    ports_.push_back(free_port());
    cluster += (i > 1 ? "," : "") + names_.back() + "=127.0.0.1:"
               + std::to_string(ports_.back());
  }
  for (size_t i = 0; i < names_.size(); ++i) {
    auto dir = root / names_[i];
    std::filesystem::create_directories(dir);
    procs_.push_back(std::make_unique<child>(
      std::vector<std::string>{convoy_binary, "node", "--name", names_[i], "--roles", "store",
                               "--listen", "127.0.0.1:" + std::to_string(ports_[i]),
                               "--data-dir", dir.string(), "--initial-cluster", cluster},
      root / (names_[i] + ".log")));
  }
  for (size_t i = 0; i < procs_.size(); ++i)
    if (!procs_[i]->wait_for_log("listening on", 30s))
      throw std::runtime_error("convoy replica " + names_[i] + " did not start; see "
                               + (root / (names_[i] + ".log")).string());
  client_ = make_client(sys_, {ports_[find_leader()]});
}

convoy_target::~convoy_target() {
  if (client_)
    caf::anon_send_exit(client_, caf::exit_reason::user_shutdown);
  for (auto& p : procs_)
    p->stop();
}

size_t convoy_target::find_leader() {
  auto all = make_client(sys_, ports_);
  auto deadline = clock_type::now() + 30s;
  std::optional<size_t> found;
  while (!found && clock_type::now() < deadline) {
    if (auto st = ask<store::StatusResponse>(sys_, all, store::StatusRequest{}))
      for (size_t i = 0; i < names_.size(); ++i)
        if (st->leader() != 0 && store::member_id(names_[i]) == st->leader())
          found = i;
    if (!found)
      std::this_thread::sleep_for(100ms);
  }
  caf::anon_send_exit(all, caf::exit_reason::user_shutdown);
  if (!found)
    throw std::runtime_error("convoy store cluster of " + std::to_string(names_.size())
                             + " elected no leader within 30 s");
  return *found;
}

run_result convoy_target::run(const workload& w) {
  load_shape shape{w.clients, w.ops, 0};
  if (w.op == op_kind::put)
    return run_load<store::PutRequest, store::PutResponse>(sys_, client_, shape, [&w](int i) {
      store::PutRequest req;
      req.set_key(key_of(w, i));
      req.set_value(w.value);
      return req;
    });
  return run_load<store::RangeRequest, store::RangeResponse>(sys_, client_, shape, [&w](int i) {
    store::RangeRequest req; // linearizable: serializable stays false
    req.set_key(key_of(w, i));
    return req;
  });
}

} // namespace convoy::bench
