// The proxy (kube-proxy role) against the real apiserver and store under
// simulation, with a recording data plane: Services and Endpoints written
// through the API become the expected forwarding rules, readiness changes
// re-point them, deletions remove them, and bursts of changes are applied
// at most once per min sync period.

#include <boost/test/unit_test.hpp>

#include <functional>
#include <set>

#include "caf/all.hpp"

#include "actors/proxy/proxy.hpp"
#include "api/service.pb.h"
#include "controllers_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

/// Remembers every rule set the proxy applies, with the virtual time.
struct recording_plane : net::proxy::data_plane {
  explicit recording_plane(std::function<caf::timespan()> now) : now_(std::move(now)) {}

  void apply(std::vector<proxy::rule> rules) override {
    applied.push_back(std::move(rules));
    times.push_back(now_());
  }
  net::proxy::plane_stats stats() const override {
    net::proxy::plane_stats out;
    out.applies = applied.size();
    return out;
  }

  /// "service listen_ip:port -> ip:port ..." per rule of the last apply.
  std::set<std::string> last() const {
    std::set<std::string> out;
    if (applied.empty())
      return out;
    for (const auto& r : applied.back()) {
      auto line = r.service_key + " " + proxy::listen_key(r) + " ->";
      for (const auto& b : r.backends)
        line += " " + b.ip + ":" + std::to_string(b.port);
      out.insert(line);
    }
    return out;
  }

  std::vector<std::vector<proxy::rule>> applied;
  std::vector<caf::timespan> times;

private:
  std::function<caf::timespan()> now_;
};

struct proxy_fixture {
  explicit proxy_fixture(uint64_t seed, std::function<void(proxy::proxy_config&)> tweak = {})
    : c(seed) {
    plane = std::make_shared<recording_plane>([this] { return c.net.now(); });
    proxy::proxy_config cfg;
    cfg.api = c.api;
    cfg.token = test::apiserver_cluster::admin_token;
    cfg.node_name = "c";
    cfg.plane = plane;
    cfg.seed = c.net.seed() + 300;
    if (tweak)
      tweak(cfg);
    BOOST_REQUIRE_EQUAL(proxy::validate(cfg), "");
    actor = c.client_host->track(proxy::spawn_proxy(c.client_host->system(), cfg));
    c.wait_for([&] { return status().synced(); }, "the proxy to sync");
  }

  proxy::ProxyStatus status() {
    auto answer = c.ask<proxy::ProxyStatus>(*c.client_host, actor, proxy::ProxyStatusRequest{});
    BOOST_REQUIRE(answer && *answer);
    return **answer;
  }

  /// Creates a selectorless Service and returns it as stored (with the
  /// cluster IP and node ports the apiserver allocated).
  api::Service create_service(const std::string& name, const std::string& type,
                              int32_t node_port = 0) {
    api::Service svc;
    svc.mutable_metadata()->set_name(name);
    svc.mutable_metadata()->set_namespace_("default");
    svc.mutable_spec()->set_type(type);
    auto* port = svc.mutable_spec()->add_ports();
    port->set_name("http");
    port->set_protocol("TCP");
    port->set_port(80);
    port->mutable_target_port()->set_int_val(8080);
    port->set_node_port(node_port);
    c.create("services", svc);
    auto stored = c.get<api::Service>("services", "default", name);
    BOOST_REQUIRE(stored);
    BOOST_REQUIRE(!stored->spec().cluster_ip().empty());
    return *stored;
  }

  /// Writes (creates or updates) the Endpoints `name` with port "http" 8080.
  void write_endpoints(const std::string& name, const std::vector<std::string>& ready,
                       const std::vector<std::string>& not_ready) {
    api::Endpoints ep;
    ep.mutable_metadata()->set_name(name);
    ep.mutable_metadata()->set_namespace_("default");
    auto* subset = ep.add_subsets();
    for (const auto& ip : ready)
      subset->add_addresses()->set_ip(ip);
    for (const auto& ip : not_ready)
      subset->add_not_ready_addresses()->set_ip(ip);
    auto* port = subset->add_ports();
    port->set_name("http");
    port->set_port(8080);
    port->set_protocol("TCP");
    auto current = c.get<api::Endpoints>("endpoints", "default", name);
    if (!current)
      return c.create("endpoints", ep);
    apiserver::UpdateRequest up;
    up.set_resource("endpoints");
    up.set_namespace_("default");
    up.set_name(name);
    ep.mutable_metadata()->set_resource_version(current->metadata().resource_version());
    up.mutable_object()->PackFrom(ep);
    auto resp = c.call(up);
    BOOST_REQUIRE_MESSAGE(!api_failed(resp), resp.status().message());
  }

  void remove(const std::string& resource, const std::string& name) {
    apiserver::DeleteRequest del;
    del.set_resource(resource);
    del.set_namespace_("default");
    del.set_name(name);
    auto resp = c.call(del);
    BOOST_REQUIRE_MESSAGE(!api_failed(resp), resp.status().message());
  }

  /// Waits until the last applied rule set is exactly `want`.
  void expect_rules(const std::set<std::string>& want, const std::string& what) {
    c.wait_for([&] { return plane->last() == want; }, what);
  }

  test::controllers_cluster c;
  std::shared_ptr<recording_plane> plane;
  proxy_actor actor;
};

} // namespace

BOOST_AUTO_TEST_SUITE(proxy_sim)

BOOST_AUTO_TEST_CASE(service_and_ready_endpoints_become_a_rule) {
  proxy_fixture f{test::test_seed(91)};
  auto ip = f.create_service("web", "ClusterIP").spec().cluster_ip();
  f.expect_rules({"default/web:http " + ip + ":80 ->"}, "a rule without backends");
  f.write_endpoints("web", {"10.244.1.2", "10.244.1.1"}, {});
  f.expect_rules({"default/web:http " + ip + ":80 -> 10.244.1.1:8080 10.244.1.2:8080"},
                 "both ready backends");
  // A backend turning not ready leaves the rule.
  f.write_endpoints("web", {"10.244.1.1"}, {"10.244.1.2"});
  f.expect_rules({"default/web:http " + ip + ":80 -> 10.244.1.1:8080"},
                 "the not-ready backend removed");
  auto st = f.status();
  BOOST_TEST(st.synced());
  BOOST_TEST(st.services() == 1);
  BOOST_TEST(st.endpoints() == 1);
  BOOST_TEST(st.rules() == 1);
  BOOST_TEST(st.applies() == static_cast<int64_t>(f.plane->applied.size()));
  // The service gone: no rules.
  f.remove("services", "web");
  f.expect_rules({}, "no rules after the service was deleted");
}

BOOST_AUTO_TEST_CASE(node_ports_listen_on_node_ip_and_localhost) {
  proxy_fixture f{test::test_seed(92), [](proxy::proxy_config& cfg) { cfg.node_ip = "192.168.7.1"; }};
  auto svc = f.create_service("shop", "NodePort");
  auto ip = svc.spec().cluster_ip();
  auto np = std::to_string(svc.spec().ports(0).node_port());
  BOOST_REQUIRE(svc.spec().ports(0).node_port() != 0);
  f.write_endpoints("shop", {"10.244.2.1"}, {});
  auto to = std::string{" -> 10.244.2.1:8080"};
  f.expect_rules({"default/shop:http " + ip + ":80" + to, "default/shop:http 192.168.7.1:" + np + to,
                  "default/shop:http 127.0.0.1:" + np + to},
                 "cluster ip, node ip and localhost node port rules");
  // Endpoints gone: the listeners stay, without backends.
  f.remove("endpoints", "shop");
  f.expect_rules({"default/shop:http " + ip + ":80 ->", "default/shop:http 192.168.7.1:" + np + " ->",
                  "default/shop:http 127.0.0.1:" + np + " ->"},
                 "rules without backends");
}

BOOST_AUTO_TEST_CASE(bursts_apply_at_most_once_per_min_sync_period) {
  auto period = std::chrono::milliseconds{2000};
  proxy_fixture f{test::test_seed(93), [&](proxy::proxy_config& cfg) {
                    cfg.min_sync_period = period;
                  }};
  auto before = f.plane->applied.size();
  std::set<std::string> want;
  for (int i = 0; i < 5; ++i) {
    auto name = "svc" + std::to_string(i);
    auto ip = f.create_service(name, "ClusterIP").spec().cluster_ip();
    want.insert("default/" + name + ":http " + ip + ":80 ->");
  }
  f.expect_rules(want, "the five services' rules");
  auto applies = f.plane->applied.size() - before;
  BOOST_TEST(applies >= 1u);
  BOOST_TEST(applies < 5u); // coalesced
  for (size_t i = 1; i < f.plane->times.size(); ++i)
    BOOST_TEST((f.plane->times[i] - f.plane->times[i - 1] >= period));
  // Nothing changed: no more applies.
  f.c.net.run_until([] { return false; }, 3 * period);
  BOOST_TEST(f.plane->applied.size() == before + applies);
}

BOOST_AUTO_TEST_SUITE_END()
