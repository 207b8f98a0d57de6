#include "link_bench.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <future>
#include <memory>
#include <stdexcept>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "common/load.hpp"
#include "messages/node/node_actor.hpp"
#include "messages/protobuf_inspect.hpp"
#include "net/middleman/network_setup.hpp"
#include "runtime/certs/cluster_ca.hpp"
#include "runtime/node/system_setup.hpp"

namespace convoy::bench {

namespace {

using namespace std::chrono_literals;

constexpr int request_count = 20'000;
constexpr int warmup_requests = 1'000;
constexpr size_t request_payload = 1024;
constexpr int oneway_count = 200'000;
/// One-way messages between two acknowledgements, and acknowledgements
/// outstanding at once: keeps the link full while bounding what queues up
/// in memory (8 x 1,000 x 4 KiB = 32 MiB at most).
constexpr int batch = 1'000;
constexpr int window = 8;

/// The peer under test: echoes LookupRequests (its `component` carries the
/// payload), counts RegisterActor messages (one-way, payload in the actor
/// name) and reports the count in the name of a NodeInfoResponse. Existing
/// registered protobuf types, so nothing is added to the message registry.
using echo_actor = caf::typed_actor<
  caf::replies_to<node::LookupRequest>::with<node::LookupRequest>,
  caf::reacts_to<node::RegisterActor>,
  caf::replies_to<node::NodeInfoRequest>::with<node::NodeInfoResponse>>;

struct echo_state {
  uint64_t received = 0;
  static inline const char* name = "convoy.bench-echo";
};

echo_actor::behavior_type echo(echo_actor::stateful_pointer<echo_state> self) {
  return {
    [](node::LookupRequest& req) { return std::move(req); },
    [self](const node::RegisterActor&) { ++self->state.received; },
    [self](const node::NodeInfoRequest&) {
      node::NodeInfoResponse resp;
      resp.set_name(std::to_string(self->state.received));
      return resp;
    },
  };
}

/// Two actor systems, the server publishing an echo actor on 127.0.0.1,
/// the client holding a remote handle to it. Members in this order so the
/// systems go before their configs.
struct link_pair {
  caf::actor_system_config server_cfg;
  caf::actor_system_config client_cfg;
  std::unique_ptr<caf::actor_system> server;
  std::unique_ptr<caf::actor_system> client;
  echo_actor local;
  echo_actor remote;

  link_pair(const net::tls_files& server_tls, const net::tls_files& client_tls) {
    system_settings s;
    s.network.tls = server_tls;
    configure_system(server_cfg, s);
    s.network.tls = client_tls;
    configure_system(client_cfg, s);
    server = std::make_unique<caf::actor_system>(server_cfg);
    client = std::make_unique<caf::actor_system>(client_cfg);
    local = server->spawn(echo);
    auto port = net::publish(*server, local, net::host_port{"127.0.0.1", 0});
    if (!port)
      throw std::runtime_error("cannot publish the echo actor: " + describe(port.error()));
    auto handle = net::remote_actor<echo_actor>(*client, net::host_port{"127.0.0.1", *port});
    if (!handle)
      throw std::runtime_error("cannot connect to the echo actor: " + describe(handle.error()));
    remote = *handle;
  }

  ~link_pair() {
    remote = nullptr;
    caf::anon_send_exit(local, caf::exit_reason::user_shutdown);
    local = nullptr;
  }
};

struct throughput {
  double msgs_per_s = 0;
  double mb_per_s = 0;
};

/// The one-way sender: batches of `batch` messages, each followed by a
/// NodeInfoRequest whose answer says how many arrived; up to `window`
/// batches in flight.
struct blast_state {
  echo_actor to;
  node::RegisterActor msg;
  int sent = 0;
  int acks_out = 0;
  uint64_t last_count = 0;
  std::chrono::steady_clock::time_point start;
  std::promise<std::pair<uint64_t, double>>* done = nullptr;
  static inline const char* name = "convoy.bench-blast";
};

using blast_ptr = caf::stateful_actor<blast_state>*;

void send_batch(blast_ptr self) {
  auto& st = self->state;
  auto n = std::min(batch, oneway_count - st.sent);
  for (int i = 0; i < n; ++i)
    self->send(st.to, st.msg);
  st.sent += n;
  ++st.acks_out;
  self->request(st.to, 60s, node::NodeInfoRequest{})
    .then(
      [self](const node::NodeInfoResponse& resp) {
        auto& st = self->state;
        --st.acks_out;
        st.last_count = std::stoull(resp.name());
        if (st.sent < oneway_count) {
          send_batch(self);
        } else if (st.acks_out == 0) {
          auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - st.start);
          st.done->set_value({st.last_count, secs.count()});
          self->quit();
        }
      },
      [self](caf::error& err) {
        self->state.done->set_exception(
          std::make_exception_ptr(std::runtime_error("one-way run failed: " + describe(err))));
        self->quit();
      });
}

uint64_t received_so_far(link_pair& link) {
  caf::scoped_actor self{*link.client};
  uint64_t count = 0;
  self->request(link.remote, 30s, node::NodeInfoRequest{})
    .receive([&](const node::NodeInfoResponse& r) { count = std::stoull(r.name()); },
             [&](caf::error& err) {
               throw std::runtime_error("cannot read the echo count: " + describe(err));
             });
  return count;
}

throughput run_oneway(link_pair& link, size_t payload) {
  auto before = received_so_far(link);
  std::promise<std::pair<uint64_t, double>> done;
  auto result = done.get_future();
  link.client->spawn([&](blast_ptr self) -> caf::behavior {
    auto& st = self->state;
    st.to = link.remote;
    st.msg.mutable_actor()->set_name(std::string(payload, 'x'));
    st.done = &done;
    st.start = std::chrono::steady_clock::now();
    for (int i = 0; i < window && st.sent < oneway_count; ++i)
      send_batch(self);
    return {[](caf::unit_t) {}};
  });
  auto [count, secs] = result.get();
  if (count - before != static_cast<uint64_t>(oneway_count))
    throw std::runtime_error("one-way run: " + std::to_string(count - before) + " of "
                             + std::to_string(oneway_count) + " messages arrived");
  return {oneway_count / secs, oneway_count * static_cast<double>(payload) / secs / 1e6};
}

run_result run_requests(link_pair& link, int count) {
  node::LookupRequest req;
  req.set_component(std::string(request_payload, 'x'));
  auto res = run_load<node::LookupRequest, node::LookupRequest, echo_actor>(
    *link.client, link.remote, {1, count, 0}, [&](int) { return req; },
    [](int, const node::LookupRequest& resp) -> std::optional<std::string> {
      if (resp.component().size() != request_payload)
        return "echo returned " + std::to_string(resp.component().size()) + " bytes";
      return std::nullopt;
    });
  if (res.errors > 0)
    throw std::runtime_error("request run: " + std::to_string(res.errors)
                             + " errors, first: " + res.first_error);
  return res;
}

struct link_figures {
  run_result requests;
  throughput small;
  throughput big;
};

link_figures measure(const net::tls_files& server_tls, const net::tls_files& client_tls) {
  link_pair link{server_tls, client_tls};
  link_figures f;
  run_requests(link, warmup_requests);
  f.requests = run_requests(link, request_count);
  f.small = run_oneway(link, 100);
  f.big = run_oneway(link, 4096);
  return f;
}

/// A fresh CA and one certificate each for the two systems.
std::pair<net::tls_files, net::tls_files> make_certs(const std::string& dir) {
  auto now = std::time(nullptr);
  std::filesystem::remove_all(dir);
  if (auto err = certs::cluster_ca::init(dir, 2, now))
    throw std::runtime_error("cannot create the CA: " + *err);
  certs::cluster_ca ca;
  if (auto err = certs::cluster_ca::load(dir, ca))
    throw std::runtime_error("cannot load the CA: " + *err);
  for (auto name : {"bench-server", "bench-client"})
    if (auto err = ca.issue({name, {"127.0.0.1"}, 2, {}}, now))
      throw std::runtime_error("cannot issue a certificate: " + *err);
  auto files = [&](const std::string& name) {
    return net::tls_files{dir + "/" + name + ".crt", dir + "/" + name + ".key", dir + "/ca.crt"};
  };
  return {files("bench-server"), files("bench-client")};
}

void print_row(const char* what, const char* unit, double plain, double tls, int digits) {
  std::printf("  %-34s %12.*f %12.*f %8.2fx  %s\n", what, digits, plain, digits, tls,
              plain > 0 ? tls / plain : 0.0, unit);
}

} // namespace

void run_link_bench(const std::string& work_dir) {
  auto plain = measure({}, {});
  auto [server_tls, client_tls] = make_certs(work_dir + "/certs");
  auto tls = measure(server_tls, client_tls);
  std::printf("link          two actor systems in this process over 127.0.0.1 (middleman/BASP, "
              "net::configure_network; TLS: mutual, certs from certs::cluster_ca)\n");
  std::printf("  method      %d sequential requests (1 KiB LookupRequest echoed; after %d "
              "warm-up); %d one-way RegisterActor messages, receiver counts, acked every %d "
              "(<= %d batches in flight), the last ack ends the clock\n",
              request_count, warmup_requests, oneway_count, batch, window);
  std::printf("  %-34s %12s %12s %9s\n", "", "plain", "TLS", "TLS/plain");
  print_row("request p50", "us", plain.requests.p50_ms * 1000, tls.requests.p50_ms * 1000, 1);
  print_row("request p99", "us", plain.requests.p99_ms * 1000, tls.requests.p99_ms * 1000, 1);
  print_row("requests/s", "req/s", plain.requests.ops_per_s, tls.requests.ops_per_s, 0);
  print_row("one-way 100 B", "msgs/s", plain.small.msgs_per_s, tls.small.msgs_per_s, 0);
  print_row("one-way 100 B", "MB/s (payload)", plain.small.mb_per_s, tls.small.mb_per_s, 1);
  print_row("one-way 4 KiB", "msgs/s", plain.big.msgs_per_s, tls.big.msgs_per_s, 0);
  print_row("one-way 4 KiB", "MB/s (payload)", plain.big.mb_per_s, tls.big.mb_per_s, 1);
}

} // namespace convoy::bench
