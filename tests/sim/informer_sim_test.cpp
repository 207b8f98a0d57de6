// The client informer against the real apiserver and store: it starts while
// objects are being written, and neither misses one nor has its watch
// refused (a list that predates the apiserver's watch cache once made the
// watch "too old", and the informer sat on its stale list for a back-off).

#include <boost/test/unit_test.hpp>

#include <set>

#include "caf/all.hpp"

#include "actors/client/informer.hpp"
#include "api/service.pb.h"
#include "apiserver_cluster.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

using service_informer = client::informer<api::Service, api::ServiceList, caf::event_based_actor>;

/// What the informer reported.
struct informer_log {
  std::set<std::string> names;
  std::vector<std::string> failures;
  bool synced = false;
};

apiserver::CreateRequest service(const std::string& name) {
  api::Service svc;
  svc.mutable_metadata()->set_name(name);
  svc.mutable_metadata()->set_namespace_("default");
  auto* port = svc.mutable_spec()->add_ports();
  port->set_port(80);
  apiserver::CreateRequest req;
  req.set_resource("services");
  req.set_namespace_("default");
  req.mutable_object()->PackFrom(svc);
  return req;
}

struct informer_cluster : test::apiserver_cluster {
  informer_cluster()
      : apiserver_cluster(61) {}

  /// Starts an informer of services in an actor on the client host.
  std::shared_ptr<informer_log> start_informer() {
    auto log = std::make_shared<informer_log>();
    auto to = api;
    auto seed = net.seed();
    client_host->track(
      client_host->system().spawn([=](caf::event_based_actor* self) -> caf::behavior {
        client::informer_handlers<api::Service> h;
        h.added = [log](const auto& svc) { log->names.insert(svc->metadata().name()); };
        h.synced = [log] { log->synced = true; };
        h.failed = [log](const std::string& what) { log->failures.push_back(what); };
        auto inf = std::make_shared<service_informer>(self, to, admin_token, "services", 1,
                                                      std::move(h), seed);
        inf->start();
        return {[inf](const apiserver::WatchEvent& ev) {
                  if (ev.watch_id() == inf->id())
                    inf->on_event(ev);
                },
                [inf](reload_atom, int64_t id) {
                  if (id == inf->id())
                    inf->relist();
                }};
      }));
    return log;
  }

  /// Sends creates of `names` without waiting for the answers.
  void create_all(const std::vector<std::string>& names) {
    auto to = api;
    for (const auto& name : names) {
      auto req = service(name);
      req.mutable_meta()->set_token(admin_token);
      client_host->system().spawn([=](caf::event_based_actor* self) {
        self->request(to, 30s, req).then([](const apiserver::ApiResponse&) {});
      });
    }
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(informer_sim)

BOOST_FIXTURE_TEST_CASE(an_informer_started_among_writes_sees_them_all_at_once, informer_cluster) {
  std::vector<std::string> first, second;
  for (int i = 0; i < 20; ++i) {
    first.push_back("early-" + std::to_string(i));
    second.push_back("late-" + std::to_string(i));
  }
  // Writes before, while and after the informer lists and starts watching
  // (the services cache of the apiserver is loaded by the informer itself).
  create_all(first);
  auto log = start_informer();
  create_all(second);
  BOOST_REQUIRE(net.run_until([&] { return log->synced; }, 10s));
  // Well within the informer's first back-off (200 ms): no relist needed.
  net.run_until([] { return false; }, 150ms);
  BOOST_CHECK_MESSAGE(log->failures.empty(),
                      "failed: " << (log->failures.empty() ? "" : log->failures.front()));
  for (const auto& names : {first, second})
    for (const auto& name : names)
      BOOST_CHECK_MESSAGE(log->names.count(name) == 1, name << " missing");
}

BOOST_AUTO_TEST_SUITE_END()
