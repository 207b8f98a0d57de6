// Defaulting tables: what Kubernetes fills in, idempotence, and that
// defaulted objects validate.

#include <boost/test/unit_test.hpp>

#include <google/protobuf/util/message_differencer.h>

#include "actors/apiserver/defaulting/object_defaults.hpp"
#include "actors/apiserver/validation/object_validation.hpp"
#include "test_support.hpp"

using namespace convoy;
using namespace convoy::apiserver;
using google::protobuf::util::MessageDifferencer;

namespace {

/// Applying defaults twice changes nothing.
template <class T>
void check_idempotent(const T& once) {
  T twice = once;
  apply_defaults(twice);
  BOOST_TEST(MessageDifferencer::Equals(once, twice), "defaulting " << T::descriptor()->name()
                                                                    << " is not idempotent");
}

api::Pod manifest_pod() {
  api::Pod pod;
  pod.mutable_metadata()->set_name("web");
  auto* c = pod.mutable_spec()->add_containers();
  c->set_name("web");
  c->set_image("nginx");
  c->add_ports()->set_container_port(80);
  return pod;
}

} // namespace

BOOST_AUTO_TEST_SUITE(defaulting_tests)

BOOST_AUTO_TEST_CASE(image_pull_policy) {
  struct row {
    const char* image;
    const char* policy;
  };
  const std::vector<row> rows = {
    {"nginx", "Always"},
    {"nginx:latest", "Always"},
    {"nginx:1.25", "IfNotPresent"},
    {"registry.local:5000/team/nginx", "Always"},
    {"registry.local:5000/team/nginx:1.2", "IfNotPresent"},
    {"registry.local:5000/team/nginx:latest", "Always"},
    {"nginx@sha256:0123456789abcdef", "IfNotPresent"},
    {"nginx:1.25@sha256:0123456789abcdef", "IfNotPresent"},
    {"", "IfNotPresent"},
  };
  for (const auto& r : rows)
    BOOST_TEST(default_image_pull_policy(r.image) == r.policy, "image '" << r.image << "'");
}

BOOST_AUTO_TEST_CASE(pods) {
  auto pod = manifest_pod();
  auto* c = pod.mutable_spec()->mutable_containers(0);
  (*c->mutable_resources()->mutable_limits())["cpu"] = "500m";
  (*c->mutable_resources()->mutable_requests())["memory"] = "64Mi";
  auto* probe = c->mutable_liveness_probe();
  probe->mutable_http_get()->mutable_port()->set_int_val(80);
  auto* env = c->add_env();
  env->set_name("POD");
  env->mutable_value_from()->mutable_field_ref()->set_field_path("metadata.name");
  pod.mutable_spec()->add_volumes()->set_name("scratch");
  auto* secret = pod.mutable_spec()->add_volumes();
  secret->set_name("creds");
  secret->mutable_secret()->set_secret_name("creds");
  apply_defaults(pod);

  const auto& spec = pod.spec();
  BOOST_TEST(pod.metadata().namespace_() == "default");
  BOOST_TEST(spec.restart_policy() == "Always");
  BOOST_TEST(spec.dns_policy() == "ClusterFirst");
  BOOST_TEST(spec.scheduler_name() == "default-scheduler");
  BOOST_TEST(spec.termination_grace_period_seconds() == 30);
  BOOST_TEST(spec.has_security_context());
  BOOST_TEST(spec.enable_service_links());
  const auto& ctr = spec.containers(0);
  BOOST_TEST(ctr.image_pull_policy() == "Always");
  BOOST_TEST(ctr.termination_message_path() == "/dev/termination-log");
  BOOST_TEST(ctr.termination_message_policy() == "File");
  BOOST_TEST(ctr.ports(0).protocol() == "TCP");
  BOOST_TEST(ctr.resources().requests().at("cpu") == "500m"); // from the limit
  BOOST_TEST(ctr.resources().requests().at("memory") == "64Mi");
  BOOST_TEST(ctr.resources().limits().count("memory") == 0u);
  const auto& live = ctr.liveness_probe();
  BOOST_TEST(live.timeout_seconds() == 1);
  BOOST_TEST(live.period_seconds() == 10);
  BOOST_TEST(live.success_threshold() == 1);
  BOOST_TEST(live.failure_threshold() == 3);
  BOOST_TEST(live.http_get().path() == "/");
  BOOST_TEST(live.http_get().scheme() == "HTTP");
  BOOST_TEST(ctr.env(0).value_from().field_ref().api_version() == "v1");
  BOOST_TEST(spec.volumes(0).has_empty_dir());
  BOOST_TEST(spec.volumes(1).secret().default_mode() == 0644);
  check_idempotent(pod);
  BOOST_TEST(validate_create(pod).empty());
}

BOOST_AUTO_TEST_CASE(defaults_never_overwrite) {
  auto pod = manifest_pod();
  auto& spec = *pod.mutable_spec();
  pod.mutable_metadata()->set_namespace_("team-a");
  spec.set_restart_policy("Never");
  spec.set_dns_policy("Default");
  spec.set_scheduler_name("other");
  spec.set_termination_grace_period_seconds(0);
  spec.mutable_containers(0)->set_image_pull_policy("Never");
  spec.mutable_containers(0)->mutable_ports(0)->set_protocol("UDP");
  apply_defaults(pod);
  BOOST_TEST(pod.metadata().namespace_() == "team-a");
  BOOST_TEST(spec.restart_policy() == "Never");
  BOOST_TEST(spec.dns_policy() == "Default");
  BOOST_TEST(spec.scheduler_name() == "other");
  BOOST_TEST(spec.termination_grace_period_seconds() == 0);
  BOOST_TEST(spec.containers(0).image_pull_policy() == "Never");
  BOOST_TEST(spec.containers(0).ports(0).protocol() == "UDP");
}

BOOST_AUTO_TEST_CASE(host_network_and_service_account) {
  auto pod = manifest_pod();
  pod.mutable_spec()->set_host_network(true);
  pod.mutable_spec()->set_service_account("builder");
  apply_defaults(pod);
  BOOST_TEST(pod.spec().containers(0).ports(0).host_port() == 80);
  BOOST_TEST(pod.spec().service_account_name() == "builder");
  BOOST_TEST(pod.spec().service_account() == "builder");
  BOOST_TEST(validate_create(pod).empty());
}

BOOST_AUTO_TEST_CASE(default_tolerations) {
  struct row {
    const char* name;
    std::vector<std::pair<std::string, std::string>> existing; // key, effect
    size_t added;
  };
  const std::vector<row> rows = {
    {"none", {}, 2},
    {"tolerates not-ready", {{"node.kubernetes.io/not-ready", "NoExecute"}}, 1},
    {"tolerates unreachable any effect", {{"node.kubernetes.io/unreachable", ""}}, 1},
    {"tolerates everything", {{"", ""}}, 0},
    {"other effect does not count", {{"node.kubernetes.io/not-ready", "NoSchedule"}}, 2},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      api::PodSpec spec;
      for (const auto& [key, effect] : r.existing) {
        auto* t = spec.add_tolerations();
        t->set_key(key);
        t->set_operator_("Exists");
        t->set_effect(effect);
      }
      add_default_tolerations(spec);
      BOOST_TEST(static_cast<size_t>(spec.tolerations_size()) == r.existing.size() + r.added);
      for (int i = static_cast<int>(r.existing.size()); i < spec.tolerations_size(); ++i) {
        const auto& t = spec.tolerations(i);
        BOOST_TEST(t.operator_() == "Exists");
        BOOST_TEST(t.effect() == "NoExecute");
        BOOST_TEST(t.toleration_seconds() == 300);
      }
      auto again = spec;
      add_default_tolerations(again);
      BOOST_TEST(again.tolerations_size() == spec.tolerations_size());
    }
  }
  api::PodSpec custom;
  add_default_tolerations(custom, 60, 120);
  BOOST_TEST(custom.tolerations(0).key() == "node.kubernetes.io/not-ready");
  BOOST_TEST(custom.tolerations(0).toleration_seconds() == 60);
  BOOST_TEST(custom.tolerations(1).key() == "node.kubernetes.io/unreachable");
  BOOST_TEST(custom.tolerations(1).toleration_seconds() == 120);
}

BOOST_AUTO_TEST_CASE(qos_and_prepare_for_create) {
  struct row {
    const char* name;
    std::vector<std::pair<std::string, std::string>> requests, limits;
    const char* qos;
  };
  const std::vector<row> rows = {
    {"nothing", {}, {}, "BestEffort"},
    {"requests only", {{"cpu", "100m"}}, {}, "Burstable"},
    {"equal limits", {{"cpu", "1"}, {"memory", "1Gi"}}, {{"cpu", "1"}, {"memory", "1Gi"}},
     "Guaranteed"},
    {"limits only (requests default)", {}, {{"cpu", "1"}, {"memory", "1Gi"}}, "Guaranteed"},
    {"lower request", {{"cpu", "500m"}, {"memory", "1Gi"}}, {{"cpu", "1"}, {"memory", "1Gi"}},
     "Burstable"},
    {"cpu limit only", {}, {{"cpu", "1"}}, "Burstable"},
    {"zero requests", {{"cpu", "0"}}, {}, "BestEffort"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.name) {
      auto pod = manifest_pod();
      auto* res = pod.mutable_spec()->mutable_containers(0)->mutable_resources();
      for (const auto& [k, v] : r.requests)
        (*res->mutable_requests())[k] = v;
      for (const auto& [k, v] : r.limits)
        (*res->mutable_limits())[k] = v;
      apply_defaults(pod);
      pod.mutable_status()->set_phase("Running"); // a client may not choose this
      prepare_for_create(pod);
      BOOST_TEST(pod.status().phase() == "Pending");
      BOOST_TEST(pod.status().qos_class() == r.qos);
    }
  }
}

BOOST_AUTO_TEST_CASE(workloads) {
  api::ReplicationController rc;
  rc.mutable_metadata()->set_name("web");
  auto* tmpl = rc.mutable_spec()->mutable_template_();
  (*tmpl->mutable_metadata()->mutable_labels())["app"] = "web";
  *tmpl->mutable_spec()->add_containers() = test::container("web", "nginx:1");
  apply_defaults(rc);
  BOOST_TEST(rc.metadata().namespace_() == "default");
  BOOST_TEST(rc.spec().replicas() == 1);
  BOOST_TEST(rc.spec().selector().at("app") == "web");
  BOOST_TEST(rc.metadata().labels().at("app") == "web");
  BOOST_TEST(rc.spec().template_().spec().restart_policy() == "Always");
  BOOST_TEST(rc.spec().template_().spec().containers(0).image_pull_policy() == "IfNotPresent");
  check_idempotent(rc);
  BOOST_TEST(validate_create(rc).empty());

  api::ReplicationController explicit_rc = rc;
  explicit_rc.mutable_spec()->set_replicas(0);
  (*explicit_rc.mutable_spec()->mutable_selector())["app"] = "web";
  explicit_rc.mutable_metadata()->mutable_labels()->clear();
  (*explicit_rc.mutable_metadata()->mutable_labels())["team"] = "a";
  apply_defaults(explicit_rc);
  BOOST_TEST(explicit_rc.spec().replicas() == 0);
  BOOST_TEST(explicit_rc.metadata().labels().count("app") == 0u);

  api::Deployment d;
  d.mutable_metadata()->set_name("web");
  (*d.mutable_spec()->mutable_selector()->mutable_match_labels())["app"] = "web";
  *d.mutable_spec()->mutable_template_() = *tmpl;
  apply_defaults(d);
  BOOST_TEST(d.spec().replicas() == 1);
  BOOST_TEST(d.spec().strategy().type() == "RollingUpdate");
  BOOST_TEST(d.spec().strategy().rolling_update().max_unavailable().str_val() == "25%");
  BOOST_TEST(d.spec().strategy().rolling_update().max_surge().str_val() == "25%");
  BOOST_TEST(d.spec().revision_history_limit() == 10);
  BOOST_TEST(d.spec().progress_deadline_seconds() == 600);
  check_idempotent(d);
  BOOST_TEST(validate_create(d).empty());

  api::Deployment recreate;
  recreate.mutable_spec()->mutable_strategy()->set_type("Recreate");
  apply_defaults(recreate);
  BOOST_TEST(!recreate.spec().strategy().has_rolling_update());

  api::ReplicaSet rs;
  apply_defaults(rs);
  BOOST_TEST(rs.spec().replicas() == 1);
}

BOOST_AUTO_TEST_CASE(services_and_endpoints) {
  api::Service svc;
  svc.mutable_metadata()->set_name("web");
  (*svc.mutable_spec()->mutable_selector())["app"] = "web";
  svc.mutable_spec()->add_ports()->set_port(80);
  auto* named = svc.mutable_spec()->add_ports();
  named->set_name("metrics");
  named->set_port(9090);
  named->mutable_target_port()->set_type(1);
  named->mutable_target_port()->set_str_val("metrics");
  svc.mutable_spec()->mutable_ports(0)->set_name("http");
  apply_defaults(svc);
  const auto& spec = svc.spec();
  BOOST_TEST(spec.type() == "ClusterIP");
  BOOST_TEST(spec.session_affinity() == "None");
  BOOST_TEST(spec.ports(0).protocol() == "TCP");
  BOOST_TEST(spec.ports(0).target_port().int_val() == 80);
  BOOST_TEST(spec.ports(1).target_port().str_val() == "metrics");
  BOOST_TEST(spec.internal_traffic_policy() == "Cluster");
  BOOST_TEST(spec.external_traffic_policy().empty());
  check_idempotent(svc);
  BOOST_TEST(validate_create(svc).empty());

  api::Service np;
  np.mutable_spec()->set_type("NodePort");
  np.mutable_spec()->set_session_affinity("ClientIP");
  np.mutable_spec()->set_cluster_ip("10.96.0.5");
  apply_defaults(np);
  BOOST_TEST(np.spec().external_traffic_policy() == "Cluster");
  BOOST_TEST(np.spec().session_affinity_config().client_ip().timeout_seconds() == 10800);
  BOOST_TEST(np.spec().cluster_ips_size() == 1);

  api::Endpoints ep;
  ep.add_subsets()->add_ports()->set_port(80);
  apply_defaults(ep);
  BOOST_TEST(ep.subsets(0).ports(0).protocol() == "TCP");
  BOOST_TEST(ep.metadata().namespace_() == "default");
}

BOOST_AUTO_TEST_CASE(service_updates_keep_allocations) {
  auto old = test::valid_service();
  old.mutable_spec()->set_type("NodePort");
  old.mutable_spec()->set_cluster_ip("10.96.0.7");
  old.mutable_spec()->add_cluster_ips("10.96.0.7");
  old.mutable_spec()->mutable_ports(0)->set_name("http");
  old.mutable_spec()->mutable_ports(0)->set_node_port(30080);
  api::Service applied; // a manifest without the allocated values
  applied.mutable_metadata()->set_name("web");
  applied.mutable_spec()->set_type("NodePort");
  auto* p = applied.mutable_spec()->add_ports();
  p->set_name("http");
  p->set_port(80);
  carry_over_service_allocations(applied, old);
  BOOST_TEST(applied.spec().cluster_ip() == "10.96.0.7");
  BOOST_TEST(applied.spec().cluster_ips(0) == "10.96.0.7");
  BOOST_TEST(applied.spec().ports(0).node_port() == 30080);
}

BOOST_AUTO_TEST_CASE(other_kinds) {
  api::Secret secret;
  (*secret.mutable_data())["a"] = "1";
  (*secret.mutable_string_data())["a"] = "2";
  (*secret.mutable_string_data())["b"] = "3";
  apply_defaults(secret);
  BOOST_TEST(secret.type() == "Opaque");
  BOOST_TEST(secret.data().at("a") == "2");
  BOOST_TEST(secret.data().at("b") == "3");
  BOOST_TEST(secret.string_data().empty());

  api::Namespace ns;
  ns.mutable_metadata()->set_name("team-a");
  apply_defaults(ns);
  BOOST_TEST(ns.metadata().labels().at("kubernetes.io/metadata.name") == "team-a");
  BOOST_TEST(ns.metadata().namespace_().empty());
  prepare_for_create(ns);
  BOOST_TEST(ns.status().phase() == "Active");
  BOOST_TEST(ns.spec().finalizers(0) == "kubernetes");
  prepare_for_create(ns);
  BOOST_TEST(ns.spec().finalizers_size() == 1);
  BOOST_TEST(validate_create(ns).empty());

  api::Node node;
  (*node.mutable_status()->mutable_capacity())["cpu"] = "4";
  apply_defaults(node);
  BOOST_TEST(node.status().allocatable().at("cpu") == "4");
  BOOST_TEST(node.metadata().namespace_().empty());

  api::ClusterRoleBinding crb;
  auto* user = crb.add_subjects();
  user->set_kind("User");
  user->set_name("alice");
  auto* sa = crb.add_subjects();
  sa->set_kind("ServiceAccount");
  sa->set_name("builder");
  apply_defaults(crb);
  BOOST_TEST(crb.subjects(0).api_group() == "rbac.authorization.k8s.io");
  BOOST_TEST(crb.subjects(1).api_group().empty());

  api::ConfigMap cm;
  google::protobuf::Message& generic = cm;
  BOOST_TEST(apply_defaults(generic));
  BOOST_TEST(cm.metadata().namespace_() == "default");
  api::Status status;
  BOOST_TEST(!apply_defaults(static_cast<google::protobuf::Message&>(status)));
}

BOOST_AUTO_TEST_SUITE_END()
