// convoy_bench_apiserver: the apiserver over a real store replica (LMDB,
// fsync on) in one process, as `convoy up` runs them. Prints figures; never
// passes or fails on them.
//
//   convoy_bench_apiserver [--quick] [--dir DIR]
//
// - create / update / get latency p50/p99 with 1 and 100 concurrent clients;
// - creates paced at 1,000/s (target: p99 <= 50 ms; Kubernetes' SLO is 1 s);
// - list of 10,000 pods, consistent (from the store) and from the watch cache;
// - watch fan-out: 1,000 watchers, creates paced at 1,000/s; delivery latency
//   p50/p99 and whether every watcher got every event;
// - what the audit log and the encryption of Secrets cost: creates with each
//   off and on, alternating fresh clusters (median of 3);
// - what the node authorizer's graph costs: the pods watch cache applying
//   pod events with and without the graph observing it, and one question;
// - what authenticating one request costs per kind of credential: a static
//   token, a service-account token (RS256), a client certificate credential
//   (first verification and remembered).

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"

#include "actors/apiserver/auth/client_certificate.hpp"
#include "actors/apiserver/auth/private_file.hpp"
#include "actors/apiserver/auth/random_source.hpp"
#include "actors/apiserver/auth/service_account_authenticator.hpp"
#include "actors/apiserver/auth/service_account_token.hpp"
#include "actors/apiserver/auth/token_authenticator.hpp"
#include "actors/apiserver/cache/watch_cache.hpp"
#include "actors/apiserver/rbac/node_graph.hpp"
#include "actors/apiserver/storage/value_transformer.hpp"
#include "api/config.pb.h"
#include "api/pod.pb.h"
#include "common/api_cluster.hpp"
#include "messages/codec/resource_registry.hpp"
#include "messages/protobuf_inspect.hpp"
#include "runtime/certs/cluster_ca.hpp"
#include "runtime/node/system_setup.hpp"

using namespace convoy;
using namespace convoy::bench;
using namespace std::chrono_literals;
using clock_type = latency_recorder::clock;

namespace {

api::Pod make_pod(const std::string& ns, int i) {
  api::Pod pod;
  pod.mutable_metadata()->set_name("p" + std::to_string(i));
  pod.mutable_metadata()->set_namespace_(ns);
  (*pod.mutable_metadata()->mutable_labels())["app"] = "bench";
  auto* c = pod.mutable_spec()->add_containers();
  c->set_name("main");
  c->set_image("busybox");
  c->add_command("sleep");
  c->add_command("3600");
  return pod;
}

apiserver::CreateRequest create_pod(api::Pod pod) {
  apiserver::CreateRequest req;
  req.mutable_meta()->set_token(token);
  req.set_resource("pods");
  req.set_namespace_(pod.metadata().namespace_());
  req.mutable_object()->PackFrom(pod);
  return req;
}

/// Creates the namespaces the runs use.
void create_namespaces(caf::actor_system& sys, api_cluster& c) {
  const std::vector<std::string> names{"one", "many", "paced", "fill", "fan"};
  auto r = api_load<apiserver::CreateRequest>(sys, c.api, {1, static_cast<int>(names.size()), 0},
                                              [&](int i) {
                                                api::Namespace ns;
                                                ns.mutable_metadata()->set_name(names[size_t(i)]);
                                                apiserver::CreateRequest req;
                                                req.mutable_meta()->set_token(token);
                                                req.set_resource("namespaces");
                                                req.mutable_object()->PackFrom(ns);
                                                return req;
                                              });
  if (r.errors > 0)
    throw std::runtime_error("cannot create namespaces: " + r.first_error);
}

void print(const char* what, int clients, const run_result& r) {
  std::printf("%-28s %7d %7zu %6zu %10.0f %9.2f %9.2f %9.2f\n", what, clients, r.ops, r.errors,
              r.ops_per_s, r.p50_ms, r.p99_ms, r.max_ms);
  if (!r.first_error.empty())
    std::printf("    first error: %s\n", r.first_error.c_str());
  std::fflush(stdout);
}

/// create, update and get of `n` pods in `ns` with `clients` clients.
void crud(caf::actor_system& sys, api_cluster& c, const std::string& ns, int clients, int n) {
  std::vector<api::Pod> created(static_cast<size_t>(n));
  std::mutex m;
  auto keep = [&](int i, const apiserver::ApiResponse& r) {
    std::lock_guard<std::mutex> guard{m};
    r.object().UnpackTo(&created[static_cast<size_t>(i)]);
  };
  print("create pod", clients,
        api_load<apiserver::CreateRequest>(
          sys, c.api, {clients, n, 0}, [&](int i) { return create_pod(make_pod(ns, i)); }, keep));
  print("update pod (label)", clients,
        api_load<apiserver::UpdateRequest>(sys, c.api, {clients, n, 0}, [&](int i) {
          std::lock_guard<std::mutex> guard{m};
          auto pod = created[static_cast<size_t>(i)];
          (*pod.mutable_metadata()->mutable_labels())["rev"] = "2";
          apiserver::UpdateRequest req;
          req.mutable_meta()->set_token(token);
          req.set_resource("pods");
          req.set_namespace_(ns);
          req.set_name(pod.metadata().name());
          req.mutable_object()->PackFrom(pod);
          return req;
        }));
  print("get pod", clients, api_load<apiserver::GetRequest>(sys, c.api, {clients, n, 0}, [&](int i) {
          apiserver::GetRequest req;
          req.mutable_meta()->set_token(token);
          req.set_resource("pods");
          req.set_namespace_(ns);
          req.set_name("p" + std::to_string(i));
          return req;
        }));
}

/// Lists every pod `reps` times; prints the items and the median time.
void list_all(caf::actor_system& sys, api_cluster& c, const char* what, const std::string& rv) {
  apiserver::ListRequest req;
  req.mutable_meta()->set_token(token);
  req.set_resource("pods");
  req.set_resource_version(rv);
  std::vector<double> ms;
  size_t items = 0;
  caf::scoped_actor self{sys};
  for (int rep = 0; rep < 5; ++rep) {
    auto t0 = clock_type::now();
    self->request(c.api, 60s, req)
      .receive(
        [&](const apiserver::ApiResponse& r) {
          api::PodList list;
          r.object().UnpackTo(&list);
          items = static_cast<size_t>(list.items_size());
        },
        [](caf::error&) {});
    ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("list pods, %-18s %zu items: median %.1f ms, best %.1f ms, worst %.1f ms\n", what,
              items, ms[ms.size() / 2], ms.front(), ms.back());
  std::fflush(stdout);
}

/// What the fan-out watchers saw. Every watcher counts its events; every
/// tenth records delivery latencies (enough samples, little contention).
struct fanout_log {
  explicit fanout_log(int watchers) : per_watcher(static_cast<size_t>(watchers)) {}
  std::mutex m;
  std::vector<double> latencies_us;
  std::vector<std::atomic<int>> per_watcher;
  std::atomic<int> errors{0};
};

void fanout(caf::actor_system& sys, api_cluster& c, int watchers, int events, int rate) {
  auto log = std::make_shared<fanout_log>(watchers);
  std::vector<caf::actor> actors;
  caf::scoped_actor self{sys};
  for (int w = 0; w < watchers; ++w) {
    auto watcher = sys.spawn([log, w]() -> caf::behavior {
      return {[log, w](const apiserver::WatchEvent& ev) {
        if (ev.type() == "ERROR") {
          ++log->errors;
          return;
        }
        ++log->per_watcher[static_cast<size_t>(w)];
        if (w % 10 != 0)
          return;
        api::Pod pod;
        ev.object().UnpackTo(&pod);
        auto sent = std::stoll(pod.metadata().annotations().at("bench/sent-ns"));
        auto now = clock_type::now().time_since_epoch().count();
        std::lock_guard<std::mutex> guard{log->m};
        log->latencies_us.push_back(static_cast<double>(now - sent) / 1000.0);
      }};
    });
    actors.push_back(watcher);
    apiserver::WatchRequest req;
    req.mutable_meta()->set_token(token);
    req.set_resource("pods");
    req.set_namespace_("fan");
    req.set_resource_version("0");
    req.set_watch_id(w);
    self->request(c.api, 30s, req, watcher).receive([](const apiserver::WatchStarted&) {},
                                                    [](caf::error&) {});
  }
  auto r = api_load<apiserver::CreateRequest>(sys, c.api, {200, events, rate}, [](int i) {
    auto pod = make_pod("fan", i);
    (*pod.mutable_metadata()->mutable_annotations())["bench/sent-ns"]
      = std::to_string(clock_type::now().time_since_epoch().count());
    return create_pod(std::move(pod));
  });
  // Wait until every watcher got every event (or 30 s).
  auto deadline = clock_type::now() + 30s;
  auto complete = [&] {
    for (const auto& n : log->per_watcher)
      if (n.load() < events)
        return false;
    return true;
  };
  while (!complete() && clock_type::now() < deadline)
    std::this_thread::sleep_for(50ms);
  for (auto& a : actors)
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  std::lock_guard<std::mutex> guard{log->m};
  auto& l = log->latencies_us;
  std::sort(l.begin(), l.end());
  int behind = 0;
  for (const auto& n : log->per_watcher)
    behind += n.load() < events ? 1 : 0;
  auto at = [&](double q) {
    return l.empty() ? 0.0 : l[static_cast<size_t>(q * static_cast<double>(l.size() - 1))] / 1000;
  };
  std::printf("watch fan-out: %d watchers x %d events at %d/s: creates p99 %.2f ms; delivery "
              "p50 %.2f ms, p99 %.2f ms, max %.2f ms (sampled %zu); watchers behind: %d, "
              "errors: %d\n",
              watchers, events, rate, r.p99_ms, at(0.5), at(0.99), at(1.0), l.size(), behind,
              log->errors.load());
  std::fflush(stdout);
}

apiserver::CreateRequest create_secret(int i) {
  api::Secret secret;
  secret.mutable_metadata()->set_name("s" + std::to_string(i));
  (*secret.mutable_data())["password"] = std::string(64, 'x');
  apiserver::CreateRequest req;
  req.mutable_meta()->set_token(token);
  req.set_resource("secrets");
  req.set_namespace_("default");
  req.mutable_object()->PackFrom(secret);
  return req;
}

/// Creates/s of `ops` Secrets by 100 clients on a fresh cluster in `dir`
/// whose apiserver `configure` adjusted.
double secret_creates(caf::actor_system& sys, const std::filesystem::path& dir, int ops,
                      const std::function<void(apiserver_config&)>& configure) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  double rate = 0;
  {
    api_cluster c{sys, dir, configure};
    rate = api_load<apiserver::CreateRequest>(sys, c.api, {100, ops, 0}, create_secret).ops_per_s;
  }
  std::filesystem::remove_all(dir);
  return rate;
}

/// Secret creates with `feature` off, then on, alternating; prints medians.
void off_vs_on(caf::actor_system& sys, const std::filesystem::path& dir, const char* what,
               int ops, const std::function<void(apiserver_config&)>& feature) {
  std::vector<double> off;
  std::vector<double> on;
  for (int round = 0; round < 3; ++round) {
    off.push_back(secret_creates(sys, dir, ops, {}));
    on.push_back(secret_creates(sys, dir, ops, feature));
  }
  std::sort(off.begin(), off.end());
  std::sort(on.begin(), on.end());
  std::printf("%-36s off %9.0f/s  on %9.0f/s  on/off %.3f\n", what, off[1], on[1], on[1] / off[1]);
  std::fflush(stdout);
}

void security_costs(caf::actor_system& sys, const std::filesystem::path& dir, int ops) {
  auto audit_file = dir.parent_path() / (dir.filename().string() + "-audit.log");
  off_vs_on(sys, dir, "secret creates, audit log", ops, [audit_file](apiserver_config& c) {
    c.audit_log_path = audit_file.string();
  });
  std::filesystem::remove(audit_file);
  off_vs_on(sys, dir, "secret creates, aesgcm encryption", ops, [](apiserver_config& c) {
    c.secrets_transformer = std::make_shared<apiserver::value_transformer>(
      std::vector<apiserver::aesgcm_key>{{"bench", std::string(32, 'k')}}, true,
      std::make_shared<apiserver::openssl_random>());
  });
}

/// Pod events as the pods watch cache gets them: `n` pods on 100 nodes,
/// each reading one Secret and one ConfigMap, created then updated.
std::vector<store::Event> pod_events(int n) {
  std::vector<store::Event> out;
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < n; ++i) {
      auto pod = make_pod("graph", i);
      pod.mutable_spec()->set_node_name("node-" + std::to_string(i % 100));
      auto* c = pod.mutable_spec()->mutable_containers(0);
      auto* env = c->add_env();
      env->set_name("PASSWORD");
      env->mutable_value_from()->mutable_secret_key_ref()->set_name("db-" + std::to_string(i % 50));
      c->add_env_from()->mutable_config_map_ref()->set_name("app-config");
      pod.mutable_status()->set_phase(round == 0 ? "Pending" : "Running");
      store::Event e;
      e.set_type(store::Event::PUT);
      e.mutable_kv()->set_key("/registry/pods/graph/p" + std::to_string(i));
      e.mutable_kv()->set_value(pod.SerializeAsString());
      e.mutable_kv()->set_mod_revision(2 + round * n + i);
      out.push_back(std::move(e));
    }
  return out;
}

/// `events` in batches of 100, as store watch responses bring them.
std::vector<std::vector<store::Event>> batches_of(const std::vector<store::Event>& events) {
  std::vector<std::vector<store::Event>> out;
  for (size_t i = 0; i < events.size(); i += 100)
    out.emplace_back(events.begin() + static_cast<long>(i),
                     events.begin() + static_cast<long>(std::min(events.size(), i + 100)));
  return out;
}

/// Seconds the pods watch cache takes to apply `batches`, with the node
/// graph observing it or not.
double apply_seconds(const std::vector<std::vector<store::Event>>& batches,
                     apiserver::node_graph* graph) {
  apiserver::watch_cache cache{*codec::resource_registry::builtin().by_resource("pods")};
  cache.replace({}, 1);
  if (graph != nullptr)
    cache.observe([graph](const std::string& key, const google::protobuf::Message* object) {
      graph->set_pod(key, dynamic_cast<const api::Pod*>(object));
    });
  auto start = clock_type::now();
  for (const auto& batch : batches)
    cache.apply(batch);
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

/// The node authorizer's cost on the pods watch cache (median of 5 runs
/// each, in alternating order) and per authorization question.
void node_graph_cost(int pods) {
  auto events = pod_events(pods);
  auto batches = batches_of(events);
  std::vector<double> without, with;
  apiserver::node_graph graph;
  for (int run = 0; run < 5; ++run) {
    if (run % 2 == 0)
      without.push_back(apply_seconds(batches, nullptr));
    graph = apiserver::node_graph{};
    with.push_back(apply_seconds(batches, &graph));
    if (run % 2 == 1)
      without.push_back(apply_seconds(batches, nullptr));
  }
  std::sort(without.begin(), without.end());
  std::sort(with.begin(), with.end());
  const double per_event = 1e6 / static_cast<double>(events.size());
  std::printf("\nnode authorizer: pods watch cache applying %zu pod events (median of 5)\n",
              events.size());
  std::printf("  without graph %.2f us/event, with graph %.2f us/event, ratio %.3f\n",
              without[2] * per_event, with[2] * per_event, with[2] / without[2]);
  std::vector<std::string> nodes, secrets;
  for (int i = 0; i < 100; ++i)
    nodes.push_back("node-" + std::to_string(i));
  for (int i = 0; i < 60; ++i)
    secrets.push_back("db-" + std::to_string(i));
  const int questions = 1000000;
  int allowed = 0;
  auto start = clock_type::now();
  for (int i = 0; i < questions; ++i)
    allowed += graph.may_get(nodes[i % 100], "secrets", "graph", secrets[i % 60]);
  double ns = std::chrono::duration<double, std::nano>(clock_type::now() - start).count();
  std::printf("  may_get: %.0f ns per question (%d of %d allowed), %zu bound pods\n",
              ns / questions, allowed, questions, graph.pods());
}

/// Microseconds per call of `f`, over `n` calls.
template <class F>
double micros_per_call(int n, F f) {
  auto start = clock_type::now();
  for (int i = 0; i < n; ++i)
    f(i);
  return std::chrono::duration<double, std::micro>(clock_type::now() - start).count() / n;
}

/// What authenticating one request costs, by credential.
void authentication_costs(const std::filesystem::path& dir) {
  apiserver::token_authenticator statics{{{"static-secret-token", "alice", "alice", {}}}};
  double static_us =
    micros_per_call(100000, [&](int) { statics.authenticate("static-secret-token"); });
  auto key = apiserver::rsa_key::generate();
  auto jwt = apiserver::sign_service_account_token(key, {"team", "bot-token-abcde", "bot", "uid"});
  double jwt_us =
    micros_per_call(2000, [&](int) { apiserver::verify_service_account_token(jwt, {key}); });
  apiserver::service_account_authenticator sa_auth{{key}};
  api::Secret secret;
  secret.set_type(apiserver::service_account_token_type);
  (*secret.mutable_metadata()->mutable_annotations())[apiserver::service_account_name_annotation] =
    "bot";
  (*secret.mutable_data())["token"] = jwt;
  api::ServiceAccount account;
  account.mutable_metadata()->set_uid("uid");
  auto secret_ptr = std::make_shared<const api::Secret>(secret);
  auto account_ptr = std::make_shared<const api::ServiceAccount>(account);
  apiserver::service_account_lookup lookup{
    [&](const std::string&, const std::string&) { return secret_ptr; },
    [&](const std::string&, const std::string&) { return account_ptr; }};
  double jwt_again_us = micros_per_call(100000, [&](int) { sa_auth.authenticate(jwt, lookup); });
  std::filesystem::create_directories(dir);
  certs::cluster_ca ca;
  if (certs::cluster_ca::init(dir.string(), 1, std::time(nullptr))
      || certs::cluster_ca::load(dir.string(), ca)
      || ca.issue({"bench", {}, 1, {}}, std::time(nullptr)))
    return;
  auto read = [&](const char* name) { return apiserver::read_whole_file((dir / name).string()); };
  apiserver::certificate_authenticator certs_auth{read("ca.crt"), "ca.crt"};
  auto now = static_cast<int64_t>(std::time(nullptr));
  std::vector<std::string> fresh;
  for (int i = 0; i < 500; ++i)
    fresh.push_back(
      apiserver::make_certificate_credential(read("bench.crt"), read("bench.key"), now - i));
  double first_us = micros_per_call(500, [&](int i) { certs_auth.authenticate(fresh[i], now); });
  double again_us =
    micros_per_call(100000, [&](int i) { certs_auth.authenticate(fresh[i % 500], now); });
  std::printf("\nauthentication per request: static token %.2f us; service-account token first "
              "(RS256 verify + claims) %.2f us = %.0fx, remembered (+ lookups) %.2f us = %.1fx; "
              "client certificate first %.2f us = %.0fx, remembered %.2f us = %.1fx\n",
              static_us, jwt_us, jwt_us / static_us, jwt_again_us, jwt_again_us / static_us,
              first_us, first_us / static_us, again_us, again_us / static_us);
}

} // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::filesystem::path dir;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick") {
      quick = true;
    } else if (arg == "--dir" && i + 1 < argc) {
      dir = argv[++i];
    } else {
      std::fprintf(stderr, "convoy_bench_apiserver: unknown argument '%s'\n"
                           "usage: convoy_bench_apiserver [--quick] [--dir DIR]\n",
                   arg.c_str());
      return 2;
    }
  }
  if (dir.empty())
    dir = std::filesystem::temp_directory_path()
          / ("convoy-bench-api-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  caf::actor_system_config cfg;
  configure_system(cfg, system_settings{});
  caf::actor_system sys{cfg};
  {
    api_cluster c{sys, dir};
    int scale = quick ? 10 : 1;
    create_namespaces(sys, c);
    std::printf("%-28s %7s %7s %6s %10s %9s %9s %9s\n", "operation", "clients", "ops", "errors",
                "ops/s", "p50 ms", "p99 ms", "max ms");
    crud(sys, c, "one", 1, 300 / scale);
    crud(sys, c, "many", 100, 3000 / scale);
    print("create pod, paced 1000/s", 200,
          api_load<apiserver::CreateRequest>(sys, c.api, {200, 5000 / scale, 1000}, [](int i) {
            return create_pod(make_pod("paced", i));
          }));
    int listed = 300 / scale + 3000 / scale + 5000 / scale;
    int fill = 10000 / scale - listed;
    api_load<apiserver::CreateRequest>(sys, c.api, {100, fill, 0}, [](int i) {
      return create_pod(make_pod("fill", i));
    });
    list_all(sys, c, "consistent (store)", "");
    list_all(sys, c, "from watch cache", "0");
    fanout(sys, c, 1000 / scale, 3000 / scale, 1000);
  }
  security_costs(sys, dir / "security", quick ? 500 : 5000);
  node_graph_cost(quick ? 2000 : 20000);
  authentication_costs(dir / "pki");
  std::filesystem::remove_all(dir);
  return 0;
}
