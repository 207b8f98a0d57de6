#include "convoy_target.hpp"

#include <future>
#include <optional>
#include <stdexcept>
#include <thread>

#include "caf/actor_system.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/stateful_actor.hpp"

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

/// Keeps `w.clients` requests outstanding until `w.ops` were answered.
struct load_state {
  workload w;
  store_actor client;
  std::unique_ptr<latency_recorder> rec;
  int issued = 0;
  int answered = 0;
  size_t errors = 0;
  std::string first_error;
  clock_type::time_point start;
  std::promise<run_result>* done = nullptr;
  static inline const char* name = "convoy.bench-store-load";
};

using load_ptr = caf::stateful_actor<load_state>*;

void issue(load_ptr self);

void answered(load_ptr self, clock_type::time_point t0, const caf::error* err) {
  auto& st = self->state;
  if (err) {
    if (st.errors++ == 0)
      st.first_error = describe(*err);
  } else {
    st.rec->add(clock_type::now() - t0);
  }
  if (++st.answered < st.w.ops) {
    issue(self);
    return;
  }
  auto seconds = std::chrono::duration<double>(clock_type::now() - st.start).count();
  st.done->set_value(st.rec->finish(seconds, st.errors, st.first_error));
  self->quit();
}

void issue(load_ptr self) {
  auto& st = self->state;
  if (st.issued >= st.w.ops)
    return;
  int i = st.issued++;
  auto t0 = clock_type::now();
  auto on_error = [self, t0](caf::error& e) { answered(self, t0, &e); };
  if (st.w.op == op_kind::put) {
    store::PutRequest req;
    req.set_key(key_of(st.w, i));
    req.set_value(st.w.value);
    self->request(st.client, op_timeout, std::move(req))
      .then([self, t0](store::PutResponse&) { answered(self, t0, nullptr); }, on_error);
  } else {
    store::RangeRequest req; // linearizable: serializable stays false
    req.set_key(key_of(st.w, i));
    self->request(st.client, op_timeout, std::move(req))
      .then([self, t0](store::RangeResponse&) { answered(self, t0, nullptr); }, on_error);
  }
}

caf::behavior load_actor(load_ptr self, workload w, store_actor client,
                         std::promise<run_result>* done) {
  auto& st = self->state;
  st.rec = std::make_unique<latency_recorder>(static_cast<size_t>(w.ops));
  st.w = std::move(w);
  st.client = std::move(client);
  st.done = done;
  st.start = clock_type::now();
  for (int c = 0; c < st.w.clients; ++c)
    issue(self);
  // Only responses arrive; the handler keeps the actor alive until then.
  return {[](caf::atom_value) {}};
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
  leader_ = find_leader();
  client_ = make_client(sys_, {ports_[leader_]});
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
  std::promise<run_result> done;
  auto result = done.get_future();
  sys_.spawn(load_actor, w, client_, &done);
  return result.get();
}

std::vector<std::string> convoy_target::processes() const {
  std::vector<std::string> out;
  for (size_t k = 0; k < procs_.size(); ++k) {
    auto i = (leader_ + k) % procs_.size();
    out.push_back(names_[i] + " (pid " + std::to_string(procs_[i]->pid()) + ")"
                  + (i == leader_ ? " leader" : ""));
  }
  return out;
}

} // namespace convoy::bench
