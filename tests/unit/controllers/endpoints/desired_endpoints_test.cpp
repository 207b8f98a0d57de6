// The endpoints controller's pure sync: which pods count, how ports
// resolve, readiness, canonical subsets, labels and the no-op comparison.

#include <boost/test/unit_test.hpp>

#include <google/protobuf/util/message_differencer.h>

#include "actors/controllers/endpoints/core/desired_endpoints.hpp"
#include "actors/controllers/endpoints/core/repack_subsets.hpp"
#include "tests/unit/controllers/endpoints/endpoints_builders.hpp"

using namespace convoy;
using namespace convoy::controllers::endpoints;
using namespace convoy::controllers::endpoints::test;
using google::protobuf::util::MessageDifferencer;

namespace {

api::Endpoints sync(const api::Service& svc, const std::vector<api::Pod>& pods) {
  std::vector<const api::Pod*> ptrs;
  for (const auto& p : pods)
    ptrs.push_back(&p);
  auto ep = desired_endpoints(svc, ptrs);
  BOOST_REQUIRE(ep.has_value());
  return *ep;
}

api::Service with_port(api::ServicePort port) {
  auto svc = service();
  svc.mutable_spec()->clear_ports();
  *svc.mutable_spec()->add_ports() = std::move(port);
  return svc;
}

} // namespace

BOOST_AUTO_TEST_SUITE(desired_endpoints_suite)

BOOST_AUTO_TEST_CASE(services_without_selector_or_external_name_are_not_managed) {
  auto no_selector = service();
  no_selector.mutable_spec()->clear_selector();
  auto external = service();
  external.mutable_spec()->set_type("ExternalName");
  auto p = pod("a", "10.1.0.1");
  BOOST_CHECK(!desired_endpoints(no_selector, {&p}));
  BOOST_CHECK(!desired_endpoints(external, {&p}));
  BOOST_CHECK(!manages_endpoints(no_selector));
  BOOST_CHECK(manages_endpoints(service()));
}

BOOST_AUTO_TEST_CASE(target_ports_resolve_by_number_name_or_service_port) {
  auto sidecar_pod = pod("a", "10.1.0.1");
  auto& init = *sidecar_pod.mutable_spec()->add_init_containers();
  init.set_name("proxy");
  init.set_restart_policy("Always");
  auto& init_port = *init.add_ports();
  init_port.set_name("envoy");
  init_port.set_container_port(15001);
  struct row {
    api::ServicePort port;
    api::Pod pod;
    int32_t expected; ///< 0: the pod serves nothing
  };
  const auto base = service_port("http", 80);
  auto udp = target_name(base, "web");
  udp.set_protocol("UDP");
  const std::vector<row> rows{
    {base, pod("a", "10.1.0.1"), 80},                        // unset: service port
    {target_number(base, 9090), pod("a", "10.1.0.1"), 9090}, // number as is
    {target_name(base, "web"), pod("a", "10.1.0.1"), 8080},  // container port name
    {target_name(base, "missing"), pod("a", "10.1.0.1"), 0}, // no such name
    {udp, pod("a", "10.1.0.1"), 0},                          // name, other protocol
    {target_name(base, "envoy"), sidecar_pod, 15001},        // sidecar container
  };
  for (const auto& r : rows) {
    auto ep = sync(with_port(r.port), {r.pod});
    if (r.expected == 0) {
      BOOST_CHECK_EQUAL(ep.subsets_size(), 0);
      continue;
    }
    BOOST_REQUIRE_EQUAL(ep.subsets_size(), 1);
    BOOST_REQUIRE_EQUAL(ep.subsets(0).ports_size(), 1);
    const auto& port = ep.subsets(0).ports(0);
    BOOST_CHECK_EQUAL(port.port(), r.expected);
    BOOST_CHECK_EQUAL(port.name(), r.port.name());
    BOOST_CHECK_EQUAL(port.protocol(), r.port.protocol());
  }
}

BOOST_AUTO_TEST_CASE(ready_pods_are_addresses_the_others_not_ready_addresses) {
  auto ep = sync(service(), {pod("a", "10.1.0.1", true), pod("b", "10.1.0.2", false)});
  BOOST_REQUIRE_EQUAL(ep.subsets_size(), 1);
  const auto& s = ep.subsets(0);
  BOOST_REQUIRE_EQUAL(s.addresses_size(), 1);
  BOOST_REQUIRE_EQUAL(s.not_ready_addresses_size(), 1);
  BOOST_CHECK_EQUAL(s.addresses(0).ip(), "10.1.0.1");
  BOOST_CHECK_EQUAL(s.not_ready_addresses(0).ip(), "10.1.0.2");
}

BOOST_AUTO_TEST_CASE(publish_not_ready_addresses_makes_every_pod_ready_even_deleting_ones) {
  auto svc = service();
  svc.mutable_spec()->set_publish_not_ready_addresses(true);
  auto deleting = pod("c", "10.1.0.3");
  deleting.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(100);
  auto ep = sync(svc, {pod("a", "10.1.0.1", true), pod("b", "10.1.0.2", false), deleting});
  BOOST_REQUIRE_EQUAL(ep.subsets_size(), 1);
  BOOST_CHECK_EQUAL(ep.subsets(0).addresses_size(), 3);
  BOOST_CHECK_EQUAL(ep.subsets(0).not_ready_addresses_size(), 0);
}

BOOST_AUTO_TEST_CASE(pods_without_ip_terminal_deleting_or_elsewhere_are_left_out) {
  auto no_ip = pod("a", "");
  auto succeeded = pod("b", "10.1.0.2");
  succeeded.mutable_status()->set_phase("Succeeded");
  auto failed = pod("c", "10.1.0.3");
  failed.mutable_status()->set_phase("Failed");
  auto deleting = pod("d", "10.1.0.4");
  deleting.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(100);
  auto other_ns = pod("e", "10.1.0.5");
  other_ns.mutable_metadata()->set_namespace_("other");
  for (const auto& p : {no_ip, succeeded, failed, deleting, other_ns})
    BOOST_CHECK_MESSAGE(sync(service(), {p}).subsets_size() == 0, p.metadata().name());
}

BOOST_AUTO_TEST_CASE(a_pod_with_only_pod_ips_uses_the_first) {
  auto p = pod("a", "");
  p.mutable_status()->add_pod_ips()->set_ip("10.1.0.9");
  auto ep = sync(service(), {p});
  BOOST_REQUIRE_EQUAL(ep.subsets_size(), 1);
  BOOST_CHECK_EQUAL(ep.subsets(0).addresses(0).ip(), "10.1.0.9");
}

BOOST_AUTO_TEST_CASE(addresses_reference_their_pod_and_node) {
  auto p = pod("a", "10.1.0.1");
  p.mutable_spec()->set_hostname("a-host");
  p.mutable_spec()->set_subdomain("web");
  auto other_subdomain = pod("b", "10.1.0.2");
  other_subdomain.mutable_spec()->set_hostname("b-host");
  other_subdomain.mutable_spec()->set_subdomain("db");
  auto ep = sync(service(), {p, other_subdomain});
  BOOST_REQUIRE_EQUAL(ep.subsets_size(), 1);
  BOOST_REQUIRE_EQUAL(ep.subsets(0).addresses_size(), 2);
  const auto& a = ep.subsets(0).addresses(0);
  BOOST_CHECK_EQUAL(a.ip(), "10.1.0.1");
  BOOST_CHECK_EQUAL(a.node_name(), "node-1");
  BOOST_CHECK_EQUAL(a.hostname(), "a-host");
  BOOST_CHECK_EQUAL(a.target_ref().kind(), "Pod");
  BOOST_CHECK_EQUAL(a.target_ref().namespace_(), "ns");
  BOOST_CHECK_EQUAL(a.target_ref().name(), "a");
  BOOST_CHECK_EQUAL(a.target_ref().uid(), "uid-a");
  BOOST_CHECK_EQUAL(ep.subsets(0).addresses(1).hostname(), ""); // subdomain is not the service
}

BOOST_AUTO_TEST_CASE(pods_serving_the_same_ports_share_a_subset) {
  auto svc = service();
  svc.mutable_spec()->clear_ports();
  *svc.mutable_spec()->add_ports() = target_name(service_port("http", 80), "web");
  *svc.mutable_spec()->add_ports() = target_number(service_port("metrics", 9100), 9100);
  auto no_web = pod("b", "10.1.0.2");
  no_web.mutable_spec()->mutable_containers(0)->clear_ports();
  auto ep = sync(svc, {pod("c", "10.1.0.3"), no_web, pod("a", "10.1.0.1")});
  // http is served by a and c, metrics by a, b and c: one subset each.
  BOOST_REQUIRE_EQUAL(ep.subsets_size(), 2);
  // Subsets sort by their addresses: {a, b, c} before {a, c}.
  const auto& metrics = ep.subsets(0);
  BOOST_REQUIRE_EQUAL(metrics.ports_size(), 1);
  BOOST_CHECK_EQUAL(metrics.ports(0).port(), 9100);
  BOOST_CHECK_EQUAL(metrics.addresses_size(), 3);
  const auto& http = ep.subsets(1);
  BOOST_REQUIRE_EQUAL(http.ports_size(), 1);
  BOOST_CHECK_EQUAL(http.ports(0).port(), 8080);
  BOOST_REQUIRE_EQUAL(http.addresses_size(), 2);
  BOOST_CHECK_EQUAL(http.addresses(0).ip(), "10.1.0.1");
  BOOST_CHECK_EQUAL(http.addresses(1).ip(), "10.1.0.3");

  auto all_web = sync(svc, {pod("a", "10.1.0.1"), pod("c", "10.1.0.3")});
  BOOST_REQUIRE_EQUAL(all_web.subsets_size(), 1); // same ports: one subset, ports sorted
  BOOST_REQUIRE_EQUAL(all_web.subsets(0).ports_size(), 2);
  BOOST_CHECK_EQUAL(all_web.subsets(0).ports(0).name(), "http");
  BOOST_CHECK_EQUAL(all_web.subsets(0).ports(1).name(), "metrics");
}

BOOST_AUTO_TEST_CASE(output_does_not_depend_on_pod_order) {
  const std::vector<api::Pod> forward{pod("a", "10.1.0.1"), pod("b", "10.1.0.2", false),
                                      pod("c", "10.1.0.3")};
  const std::vector<api::Pod> backward(forward.rbegin(), forward.rend());
  auto x = sync(service(), forward);
  auto y = sync(service(), backward);
  BOOST_CHECK(MessageDifferencer::Equals(x, y));
  BOOST_CHECK_EQUAL(x.subsets(0).addresses(0).ip(), "10.1.0.1");
  BOOST_CHECK_EQUAL(x.subsets(0).addresses(1).ip(), "10.1.0.3");
}

BOOST_AUTO_TEST_CASE(not_ready_for_a_port_anywhere_means_not_ready) {
  api::EndpointAddress addr;
  addr.set_ip("10.1.0.1");
  api::EndpointSubset ready;
  *ready.add_addresses() = addr;
  ready.add_ports()->set_port(80);
  api::EndpointSubset not_ready;
  *not_ready.add_not_ready_addresses() = addr;
  not_ready.add_ports()->set_port(80);
  auto out = repack_subsets({ready, not_ready});
  BOOST_REQUIRE_EQUAL(out.size(), 1u);
  BOOST_CHECK_EQUAL(out[0].addresses_size(), 0);
  BOOST_CHECK_EQUAL(out[0].not_ready_addresses_size(), 1);
}

BOOST_AUTO_TEST_CASE(metadata_copies_service_labels_and_marks_headless) {
  auto ep = sync(service(), {});
  BOOST_CHECK_EQUAL(ep.metadata().name(), "web");
  BOOST_CHECK_EQUAL(ep.metadata().namespace_(), "ns");
  BOOST_CHECK_EQUAL(ep.metadata().labels().at("tier"), "front");
  BOOST_CHECK_EQUAL(ep.metadata().labels().count(headless_label), 0u);
  auto svc = service();
  svc.mutable_spec()->set_cluster_ip("None");
  auto headless = sync(svc, {});
  BOOST_CHECK_EQUAL(headless.metadata().labels().count(headless_label), 1u);
  BOOST_CHECK_EQUAL(headless.metadata().labels().at("tier"), "front");
}

BOOST_AUTO_TEST_CASE(headless_services_without_ports_list_bare_addresses) {
  auto svc = service();
  svc.mutable_spec()->clear_ports();
  BOOST_CHECK_EQUAL(sync(svc, {pod("a", "10.1.0.1")}).subsets_size(), 0); // has a cluster IP
  svc.mutable_spec()->set_cluster_ip("None");
  auto ep = sync(svc, {pod("a", "10.1.0.1"), pod("b", "10.1.0.2", false)});
  BOOST_REQUIRE_EQUAL(ep.subsets_size(), 1);
  BOOST_CHECK_EQUAL(ep.subsets(0).ports_size(), 0);
  BOOST_CHECK_EQUAL(ep.subsets(0).addresses_size(), 1);
  BOOST_CHECK_EQUAL(ep.subsets(0).not_ready_addresses_size(), 1);
}

BOOST_AUTO_TEST_CASE(equality_compares_subsets_and_labels_only) {
  const auto desired = sync(service(), {pod("a", "10.1.0.1")});
  auto current = desired;
  current.mutable_metadata()->set_resource_version("42");
  (*current.mutable_metadata()->mutable_annotations())["note"] = "x";
  current.mutable_subsets(0)->mutable_addresses(0)->mutable_target_ref()->set_resource_version("7");
  BOOST_CHECK(endpoints_equal(current, desired));

  auto relabelled = current;
  (*relabelled.mutable_metadata()->mutable_labels())["tier"] = "back";
  BOOST_CHECK(!endpoints_equal(relabelled, desired));
  auto extra_label = current;
  (*extra_label.mutable_metadata()->mutable_labels())["new"] = "";
  BOOST_CHECK(!endpoints_equal(extra_label, desired));
  auto moved = current;
  moved.mutable_subsets(0)->mutable_addresses(0)->set_ip("10.1.0.9");
  BOOST_CHECK(!endpoints_equal(moved, desired));
  BOOST_CHECK(!endpoints_equal(sync(service(), {}), desired));
}

BOOST_AUTO_TEST_SUITE_END()
