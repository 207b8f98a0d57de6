// convoy_bench_inspect [--quick]: throughput with inspection on vs off.
//
// Every convoy actor is spawned through inspect::spawn_inspected, which adds
// a mailbox size read and two counter updates per message, and two clock
// reads and a histogram update per sampled message (1 in 32). This measures
// what that costs on three workloads, alternating off and on runs in one
// process (median of the per-round ratios), so the ratio is not skewed by
// machine drift. Issue 9's target: inspection costs <= 5 % throughput.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include <unistd.h>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/send.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "actors/inspect/shell/inspected_actor.hpp"
#include "api/config.pb.h"
#include "api/pod.pb.h"
#include "common/api_cluster.hpp"
#include "common/load.hpp"
#include "messages/protobuf_inspect.hpp"
#include "runtime/node/system_setup.hpp"

using namespace convoy;
using namespace convoy::bench;
using clock_type = std::chrono::steady_clock;

namespace {

using echo_actor = caf::typed_actor<caf::replies_to<int>::with<int>>;

echo_actor::behavior_type echo(echo_actor::pointer) {
  return {[](int x) { return x; }};
}

/// `clients` inspected actors each keep `window` requests in flight to one
/// echo actor until `total` round trips completed. Returns round trips/s.
double round_trips(caf::actor_system& sys, int clients, int window, int total) {
  auto server = inspect::spawn_inspected(sys, {"echo", "bench"}, echo);
  std::atomic<int> left{clients};
  std::promise<void> done;
  auto start = clock_type::now();
  int per_client = total / clients;
  for (int c = 0; c < clients; ++c) {
    inspect::spawn_inspected(sys, {"client", "bench"}, [&, per_client, server](
                                                          caf::event_based_actor* self) {
      auto sent = std::make_shared<int>(0);
      auto got = std::make_shared<int>(0);
      auto send_one = std::make_shared<std::function<void()>>();
      *send_one = [=, &left, &done] {
        self->request(server, caf::infinite, (*sent)++).then([=, &left, &done](int) {
          if (++*got == per_client) {
            if (--left == 0)
              done.set_value();
            self->quit();
          } else if (*sent < per_client) {
            (*send_one)();
          }
        });
      };
      for (int i = 0; i < window && *sent < per_client; ++i)
        (*send_one)();
    });
  }
  done.get_future().wait();
  auto seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  caf::anon_send_exit(server, caf::exit_reason::user_shutdown);
  return static_cast<double>(per_client * clients) / seconds;
}

/// One thread sends `total` one-way messages to one inspected actor. Returns
/// messages/s until the actor handled the last.
double one_way(caf::actor_system& sys, int total) {
  std::promise<void> done;
  auto sink = inspect::spawn_inspected(sys, {"sink", "bench"}, [&done, total](
                                                                  caf::event_based_actor* self)
                                                                  -> caf::behavior {
    auto count = std::make_shared<int>(0);
    return {[=, &done](int) {
      if (++*count == total) {
        done.set_value();
        self->quit();
      }
    }};
  });
  auto start = clock_type::now();
  for (int i = 0; i < total; ++i)
    caf::anon_send(sink, i);
  done.get_future().wait();
  return total / std::chrono::duration<double>(clock_type::now() - start).count();
}

/// Gets of 1,000 pods by 100 clients through the apiserver over a real store.
double api_gets(caf::actor_system& sys, const std::filesystem::path& dir, int ops) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  double rate = 0;
  {
    api_cluster c{sys, dir};
    apiserver::CreateRequest ns_req;
    ns_req.mutable_meta()->set_token(token);
    ns_req.set_resource("namespaces");
    api::Namespace ns;
    ns.mutable_metadata()->set_name("b");
    ns_req.mutable_object()->PackFrom(ns);
    api_load<apiserver::CreateRequest>(sys, c.api, {1, 1, 0}, [&](int) { return ns_req; });
    api_load<apiserver::CreateRequest>(sys, c.api, {50, 1000, 0}, [](int i) {
      api::Pod pod;
      pod.mutable_metadata()->set_name("p" + std::to_string(i));
      pod.mutable_metadata()->set_namespace_("b");
      auto* ctr = pod.mutable_spec()->add_containers();
      ctr->set_name("main");
      ctr->set_image("busybox");
      apiserver::CreateRequest req;
      req.mutable_meta()->set_token(token);
      req.set_resource("pods");
      req.set_namespace_("b");
      req.mutable_object()->PackFrom(pod);
      return req;
    });
    rate = api_load<apiserver::GetRequest>(sys, c.api, {100, ops, 0}, [](int i) {
             apiserver::GetRequest req;
             req.mutable_meta()->set_token(token);
             req.set_resource("pods");
             req.set_namespace_("b");
             req.set_name("p" + std::to_string(i % 1000));
             return req;
           }).ops_per_s;
  }
  std::filesystem::remove_all(dir);
  return rate;
}

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

/// Runs `work` `rounds` times with inspection off and then on, back to back.
/// The cost is the median of the rounds' on/off ratios: each pair ran within
/// a second, so drift of the machine between rounds (measured here: ±5 %
/// between runs) cancels out; the quartiles of the ratios show the spread.
template <class Work>
void compare(caf::actor_system& sys, const char* what, const char* unit, int rounds, Work work) {
  std::vector<double> off;
  std::vector<double> on;
  std::vector<double> ratios;
  for (int r = 0; r < rounds; ++r) {
    for (bool enabled : {false, true}) {
      inspect::registry_of(sys).set_enabled(enabled);
      (enabled ? on : off).push_back(work());
    }
    ratios.push_back(on.back() / off.back());
  }
  std::sort(ratios.begin(), ratios.end());
  auto ratio = median(ratios);
  std::printf("%-44s %12.0f %12.0f %8.3f %8.1f%%   [%.3f, %.3f]\n", what, median(off), median(on),
              ratio, 100.0 * (1 - ratio), ratios[ratios.size() / 4], ratios[ratios.size() * 3 / 4]);
  std::printf("%-44s %12s %12s\n", unit, "(off)", "(on)");
  std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
  bool quick = argc > 1 && std::string{argv[1]} == "--quick";
  if (argc > 1 && !quick) {
    std::fprintf(stderr, "usage: convoy_bench_inspect [--quick]\n");
    return 2;
  }
  caf::actor_system_config cfg;
  configure_system(cfg, system_settings{});
  caf::actor_system sys{cfg};
  int scale = quick ? 10 : 1;
  int rounds = quick ? 3 : 15;
  auto dir = std::filesystem::temp_directory_path()
             / ("convoy-bench-inspect-" + std::to_string(::getpid()));
  std::printf("inspection off vs on, median of %d alternating rounds, %u hardware threads\n",
              rounds, std::thread::hardware_concurrency());
  std::printf("%-44s %12s %12s %8s %9s   %s\n", "workload", "off", "on", "on/off", "cost",
              "on/off quartiles");
  compare(sys, "round trips, 4 clients x 32 in flight", "round trips/s", rounds,
          [&] { return round_trips(sys, 4, 32, 400000 / scale); });
  compare(sys, "one-way messages into one actor", "messages/s", rounds,
          [&] { return one_way(sys, 2000000 / scale); });
  compare(sys, "apiserver get pod, 100 clients, real store", "gets/s", rounds,
          [&] { return api_gets(sys, dir, 20000 / scale); });
  return 0;
}
