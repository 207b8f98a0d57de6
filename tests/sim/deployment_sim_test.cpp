// The Deployment controller and the ReplicaSet controller with the real
// apiserver, store and scheduler under simulation, fake kubelets as the
// nodes: rollouts, rolling updates within maxSurge/maxUnavailable,
// rollback, scaling, Recreate, history pruning and adoption.

#include <boost/test/unit_test.hpp>

#include "caf/all.hpp"

#include "actors/controllers/deployment/core/deployment_util.hpp"
#include "actors/controllers/deployment/core/history.hpp"
#include "actors/controllers/deployment/core/pod_template_hash.hpp"
#include "actors/controllers/deployment/deployment_controller.hpp"
#include "actors/controllers/replication/replication_controller.hpp"
#include "controllers_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

namespace dep = controllers::deployment;

/// Kubelets, a scheduler, the ReplicaSet and Deployment controllers;
/// returns the Deployment controller.
controller_actor boot(test::controllers_cluster& c, int nodes = 2) {
  for (int i = 1; i <= nodes; ++i)
    c.start_kubelet("n" + std::to_string(i));
  c.start_scheduler();
  c.run_controller([](caf::actor_system& sys, controllers::controller_config cfg) {
    return controllers::spawn_replica_set_controller(sys, cfg);
  });
  auto d = c.run_controller([](caf::actor_system& sys, controllers::controller_config cfg) {
    return controllers::spawn_deployment_controller(sys, cfg);
  });
  c.wait_for([&] { return c.controller_status(d).synced(); }, "the deployment controller to sync");
  return d;
}

api::IntOrString int_or_string(int32_t v) {
  api::IntOrString out;
  out.set_type(0);
  out.set_int_val(v);
  return out;
}

api::PodTemplateSpec web_template(const std::string& image) {
  api::PodTemplateSpec t;
  (*t.mutable_metadata()->mutable_labels())["app"] = "web";
  auto* ct = t.mutable_spec()->add_containers();
  ct->set_name("web");
  ct->set_image(image);
  (*ct->mutable_resources()->mutable_requests())["cpu"] = "100m";
  return t;
}

/// default/web, app=web, RollingUpdate maxSurge=1 maxUnavailable=1.
api::Deployment web(int32_t replicas, const std::string& image = "nginx:1") {
  api::Deployment d;
  d.mutable_metadata()->set_name("web");
  d.mutable_metadata()->set_namespace_("default");
  d.mutable_spec()->set_replicas(replicas);
  (*d.mutable_spec()->mutable_selector()->mutable_match_labels())["app"] = "web";
  *d.mutable_spec()->mutable_template_() = web_template(image);
  auto* strategy = d.mutable_spec()->mutable_strategy();
  strategy->set_type("RollingUpdate");
  *strategy->mutable_rolling_update()->mutable_max_surge() = int_or_string(1);
  *strategy->mutable_rolling_update()->mutable_max_unavailable() = int_or_string(1);
  return d;
}

api::Deployment get_web(test::controllers_cluster& c) {
  auto d = c.get<api::Deployment>("deployments", "default", "web");
  BOOST_REQUIRE(d.has_value());
  return *d;
}

/// Read-modify-write of default/web, retried on conflicts with the
/// controller's own writes.
template <class Mutate>
void change_web(test::controllers_cluster& c, Mutate mutate) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    auto d = get_web(c);
    mutate(d);
    apiserver::UpdateRequest req;
    req.set_resource("deployments");
    req.set_namespace_("default");
    req.set_name("web");
    req.mutable_object()->PackFrom(d);
    auto resp = c.call(req);
    if (!api_failed(resp))
      return;
    BOOST_REQUIRE_MESSAGE(resp.status().reason() == "Conflict", resp.status().message());
  }
  BOOST_FAIL("updating the deployment kept conflicting");
}

void set_image(test::controllers_cluster& c, const std::string& image) {
  change_web(c, [&](api::Deployment& d) {
    d.mutable_spec()->mutable_template_()->mutable_spec()->mutable_containers(0)->set_image(image);
  });
}

/// The ReplicaSets of namespace default, by name.
std::map<std::string, api::ReplicaSet> replica_sets(test::controllers_cluster& c) {
  apiserver::ListRequest req;
  req.set_resource("replicasets");
  req.set_namespace_("default");
  auto resp = c.call(req);
  api::ReplicaSetList list;
  BOOST_REQUIRE(!api_failed(resp) && resp.object().UnpackTo(&list));
  std::map<std::string, api::ReplicaSet> out;
  for (auto& rs : *list.mutable_items())
    out[rs.metadata().name()] = std::move(rs);
  return out;
}

const std::string& image_of(const api::PodTemplateSpec& t) {
  return t.spec().containers(0).image();
}

/// The ReplicaSet whose template runs `image` (there must be one).
api::ReplicaSet rs_running(test::controllers_cluster& c, const std::string& image) {
  for (auto& [name, rs] : replica_sets(c))
    if (image_of(rs.spec().template_()) == image)
      return rs;
  BOOST_FAIL("no replica set runs " << image);
  return {};
}

std::string revision(const api::ObjectMeta& meta) {
  auto it = meta.annotations().find(dep::revision_annotation);
  return it == meta.annotations().end() ? "" : it->second;
}

bool condition_true(const api::Deployment& d, const std::string& type) {
  for (const auto& cond : d.status().conditions())
    if (cond.type() == type)
      return cond.status() == "True";
  return false;
}

/// Every pod of app=web runs `image`, there are `n`, all Running, and the
/// deployment's status says the rollout completed.
bool rolled_out(test::controllers_cluster& c, const std::string& image, int32_t n) {
  auto pods = c.pods_of("web");
  if (pods.size() != static_cast<size_t>(n) || c.running_of("web") != static_cast<size_t>(n))
    return false;
  for (const auto& [name, p] : pods)
    if (p.spec().containers(0).image() != image)
      return false;
  auto d = get_web(c);
  const auto& s = d.status();
  return s.observed_generation() == d.metadata().generation() && s.updated_replicas() == n
         && s.available_replicas() == n && s.replicas() == n;
}

void wait_rolled_out(test::controllers_cluster& c, const std::string& image, int32_t n) {
  c.wait_for([&] { return rolled_out(c, image, n); },
             std::to_string(n) + " pods of " + image + " rolled out");
}

/// Pods of app=web (whatever their phase, deleting or not) by image.
std::map<std::string, size_t> pods_by_image(test::controllers_cluster& c) {
  std::map<std::string, size_t> out;
  for (const auto& [name, p] : c.pods_of("web"))
    ++out[p.spec().containers(0).image()];
  return out;
}

/// Every state the store went through for the pods of app=web, from the
/// moment it is made: a watch records each change, and replay() rebuilds
/// the pod set after each one. Polling every 200 ms can miss a whole
/// rollout (the fake kubelet is instant); this cannot miss a single state.
class pod_history {
public:
  /// Starts watching; the watch begins with the pods that exist (one
  /// ADDED each), the state every change applies to.
  explicit pod_history(test::controllers_cluster& c)
    : log_(c.watch("pods", "default", "", 7)), initial_(c.pods().size()) {
    c.net.run_until([&] { return log_->events.size() >= initial_; }, 10s);
    BOOST_REQUIRE_EQUAL(log_->events.size(), initial_);
  }

  /// Calls `check(pods)` after every recorded change; pods by name.
  template <class Check>
  void replay(Check check) const {
    std::map<std::string, api::Pod> pods;
    for (size_t i = 0; i < log_->events.size(); ++i) {
      const auto& ev = log_->events[i];
      api::Pod p;
      if (!ev.object().UnpackTo(&p) || p.metadata().labels().count("app") == 0
          || p.metadata().labels().at("app") != "web")
        continue;
      if (ev.type() == "DELETED")
        pods.erase(p.metadata().name());
      else
        pods[p.metadata().name()] = p;
      if (i >= initial_)
        check(pods);
    }
  }

private:
  std::shared_ptr<test::watch_log> log_;
  size_t initial_;
};

size_t running(const std::map<std::string, api::Pod>& pods) {
  size_t n = 0;
  for (const auto& [name, p] : pods)
    n += p.status().phase() == "Running" && !p.metadata().has_deletion_timestamp() ? 1 : 0;
  return n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(deployment_sim)

BOOST_AUTO_TEST_CASE(a_deployment_rolls_out_one_replica_set) {
  test::controllers_cluster c{test::test_seed(81)};
  auto controller = boot(c);
  c.create("deployments", web(4));
  wait_rolled_out(c, "nginx:1", 4);
  c.wait_for([&] { return condition_true(get_web(c), "Available"); }, "Available=True");
  auto rss = replica_sets(c);
  BOOST_REQUIRE_EQUAL(rss.size(), 1u);
  const auto& rs = rss.begin()->second;
  auto d = get_web(c);
  BOOST_TEST(rs.spec().replicas() == 4);
  BOOST_TEST(rs.metadata().name().rfind("web-", 0) == 0u);
  BOOST_REQUIRE_EQUAL(rs.metadata().owner_references_size(), 1);
  BOOST_TEST(rs.metadata().owner_references(0).kind() == "Deployment");
  BOOST_TEST(rs.metadata().owner_references(0).uid() == d.metadata().uid());
  BOOST_TEST(revision(rs.metadata()) == "1");
  BOOST_TEST(revision(d.metadata()) == "1");
  BOOST_TEST(condition_true(d, "Progressing"));
  for (const auto& [name, p] : c.pods_of("web"))
    BOOST_TEST(p.metadata().owner_references(0).name() == rs.metadata().name());
  // Settled: no more writes, no sync errors, nothing queued.
  c.net.run_until([] { return false; }, 2s);
  auto before = c.controller_status(controller);
  c.net.run_until([] { return false; }, 10s);
  auto after = c.controller_status(controller);
  BOOST_TEST(after.writes() == before.writes());
  BOOST_TEST(after.sync_errors() == before.sync_errors());
  BOOST_TEST(after.queue_depth() == 0);
  BOOST_TEST(c.pods_of("web").size() == 4u);
  BOOST_TEST(replica_sets(c).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_new_image_rolls_within_surge_and_unavailability) {
  test::controllers_cluster c{test::test_seed(82)};
  boot(c);
  c.create("deployments", web(4));
  wait_rolled_out(c, "nginx:1", 4);
  pod_history history(c);
  set_image(c, "nginx:2");
  size_t min_running = 4;
  size_t max_running = 4;
  int32_t max_spec = 4;
  bool done = false;
  for (int i = 0; i < 300 && !done; ++i) {
    c.net.run_until([] { return false; }, 200ms);
    auto running = c.running_of("web");
    min_running = std::min(min_running, running);
    max_running = std::max(max_running, running);
    int32_t spec = 0;
    for (const auto& [name, rs] : replica_sets(c))
      spec += rs.spec().replicas();
    max_spec = std::max(max_spec, spec);
    BOOST_REQUIRE_MESSAGE(running >= 3 && running <= 5,
                          running << " pods running at " << c.net.now().count());
    done = rolled_out(c, "nginx:2", 4);
  }
  BOOST_REQUIRE_MESSAGE(done, "the rollout of nginx:2 did not finish");
  // Every state in between, not only the polled ones.
  size_t states = 0;
  history.replay([&](const std::map<std::string, api::Pod>& pods) {
    auto n = running(pods);
    ++states;
    min_running = std::min(min_running, n);
    max_running = std::max(max_running, n);
  });
  BOOST_TEST_MESSAGE("running pods stayed within [" << min_running << ", " << max_running
                                                     << "] over " << states << " states");
  // 4 new pods created, bound, Running; 4 old ones marked and deleted.
  BOOST_TEST(states >= 20u);
  BOOST_TEST(min_running >= 3u);
  BOOST_TEST(max_running <= 5u);
  BOOST_TEST(max_spec <= 5);
  auto fresh = rs_running(c, "nginx:2");
  auto old = rs_running(c, "nginx:1");
  BOOST_TEST(fresh.spec().replicas() == 4);
  BOOST_TEST(fresh.status().available_replicas() == 4);
  BOOST_TEST(old.spec().replicas() == 0);
  BOOST_TEST(revision(fresh.metadata()) == "2");
  BOOST_TEST(revision(get_web(c).metadata()) == "2");
  BOOST_TEST(replica_sets(c).size() == 2u);
}

BOOST_AUTO_TEST_CASE(rolling_back_revives_the_old_replica_set_as_revision_3) {
  test::controllers_cluster c{test::test_seed(83)};
  boot(c);
  c.create("deployments", web(4));
  wait_rolled_out(c, "nginx:1", 4);
  auto first = rs_running(c, "nginx:1");
  set_image(c, "nginx:2");
  wait_rolled_out(c, "nginx:2", 4);
  // kubectl rollout undo --to-revision=1, client-side (retried when the
  // controller's own writes moved the deployment meanwhile).
  bool undone = false;
  for (int attempt = 0; attempt < 10 && !undone; ++attempt) {
    auto d = get_web(c);
    auto rss = replica_sets(c);
    std::vector<const api::ReplicaSet*> owned;
    for (const auto& [name, rs] : rss)
      owned.push_back(&rs);
    auto undo = dep::rollback_to(d, owned, 1);
    BOOST_REQUIRE_MESSAGE(undo.deployment.has_value(), undo.error << undo.message);
    apiserver::UpdateRequest req;
    req.set_resource("deployments");
    req.set_namespace_("default");
    req.set_name("web");
    req.mutable_object()->PackFrom(*undo.deployment);
    auto resp = c.call(req);
    BOOST_REQUIRE_MESSAGE(!api_failed(resp) || resp.status().reason() == "Conflict",
                          resp.status().message());
    undone = !api_failed(resp);
  }
  BOOST_REQUIRE(undone);
  wait_rolled_out(c, "nginx:1", 4);
  auto revived = rs_running(c, "nginx:1");
  BOOST_TEST(revived.metadata().uid() == first.metadata().uid()); // the same ReplicaSet
  BOOST_TEST(revived.spec().replicas() == 4);
  BOOST_TEST(revision(revived.metadata()) == "3");
  BOOST_TEST(revived.metadata().annotations().at(dep::revision_history_annotation) == "1");
  BOOST_TEST(rs_running(c, "nginx:2").spec().replicas() == 0);
  BOOST_TEST(replica_sets(c).size() == 2u);
  c.wait_for([&] { return revision(get_web(c).metadata()) == "3"; },
             "the deployment's revision annotation to say 3");
}

BOOST_AUTO_TEST_CASE(scaling_a_settled_deployment_scales_its_replica_set) {
  test::controllers_cluster c{test::test_seed(84)};
  boot(c);
  c.create("deployments", web(4));
  wait_rolled_out(c, "nginx:1", 4);
  auto rs_name = replica_sets(c).begin()->first;
  change_web(c, [](api::Deployment& d) { d.mutable_spec()->set_replicas(6); });
  wait_rolled_out(c, "nginx:1", 6);
  auto rss = replica_sets(c);
  BOOST_REQUIRE_EQUAL(rss.size(), 1u);
  BOOST_TEST(rss.begin()->first == rs_name);
  BOOST_TEST(rss.begin()->second.spec().replicas() == 6);
  BOOST_TEST(revision(rss.begin()->second.metadata()) == "1"); // no new revision
  change_web(c, [](api::Deployment& d) { d.mutable_spec()->set_replicas(2); });
  c.wait_for([&] { return rolled_out(c, "nginx:1", 2); }, "scaled down to 2");
  BOOST_TEST(replica_sets(c).at(rs_name).spec().replicas() == 2);
}

BOOST_AUTO_TEST_CASE(recreate_removes_old_pods_before_creating_new_ones) {
  test::controllers_cluster c{test::test_seed(85)};
  boot(c);
  auto d = web(4);
  d.mutable_spec()->mutable_strategy()->clear_rolling_update();
  d.mutable_spec()->mutable_strategy()->set_type("Recreate");
  c.create("deployments", d);
  wait_rolled_out(c, "nginx:1", 4);
  pod_history history(c);
  set_image(c, "nginx:2");
  bool saw_none = false;
  bool done = false;
  for (int i = 0; i < 300 && !done; ++i) {
    c.net.run_until([] { return false; }, 200ms);
    auto by_image = pods_by_image(c);
    BOOST_REQUIRE_MESSAGE(by_image["nginx:1"] == 0 || by_image["nginx:2"] == 0,
                          by_image["nginx:1"] << " old and " << by_image["nginx:2"]
                                              << " new pods at once");
    saw_none = saw_none || (by_image["nginx:1"] == 0 && by_image["nginx:2"] == 0);
    done = rolled_out(c, "nginx:2", 4);
  }
  BOOST_REQUIRE_MESSAGE(done, "the Recreate rollout of nginx:2 did not finish");
  // In every state the store went through: no new pod while an old one
  // exists (terminating included), and a moment with no pod at all.
  size_t overlaps = 0;
  history.replay([&](const std::map<std::string, api::Pod>& pods) {
    size_t old_pods = 0;
    size_t new_pods = 0;
    for (const auto& [name, p] : pods)
      ++(p.spec().containers(0).image() == "nginx:1" ? old_pods : new_pods);
    overlaps += old_pods > 0 && new_pods > 0 ? 1 : 0;
    saw_none = saw_none || pods.empty();
  });
  BOOST_TEST(overlaps == 0u);
  BOOST_TEST(saw_none); // a window without pods: the price of Recreate
  BOOST_TEST(rs_running(c, "nginx:1").spec().replicas() == 0);
  BOOST_TEST(rs_running(c, "nginx:2").spec().replicas() == 4);
}

BOOST_AUTO_TEST_CASE(revision_history_limit_prunes_old_empty_replica_sets) {
  test::controllers_cluster c{test::test_seed(86)};
  boot(c);
  auto d = web(2);
  d.mutable_spec()->set_revision_history_limit(1);
  c.create("deployments", d);
  wait_rolled_out(c, "nginx:1", 2);
  auto first = replica_sets(c).begin()->first;
  set_image(c, "nginx:2");
  wait_rolled_out(c, "nginx:2", 2);
  set_image(c, "nginx:3");
  wait_rolled_out(c, "nginx:3", 2);
  c.wait_for([&] { return replica_sets(c).size() == 2; }, "one old replica set kept");
  auto rss = replica_sets(c);
  BOOST_TEST(rss.count(first) == 0u);
  BOOST_TEST(rs_running(c, "nginx:2").spec().replicas() == 0);
  BOOST_TEST(rs_running(c, "nginx:3").spec().replicas() == 2);
  BOOST_TEST(revision(rs_running(c, "nginx:3").metadata()) == "3");
}

BOOST_AUTO_TEST_CASE(an_orphan_replica_set_is_adopted_and_rolled_over) {
  test::controllers_cluster c{test::test_seed(87)};
  boot(c);
  // Left behind by an earlier deployment (orphaned): app=web, nginx:0.
  api::ReplicaSet orphan;
  orphan.mutable_metadata()->set_name("web-legacy");
  orphan.mutable_metadata()->set_namespace_("default");
  (*orphan.mutable_metadata()->mutable_labels())["app"] = "web";
  orphan.mutable_spec()->set_replicas(2);
  (*orphan.mutable_spec()->mutable_selector()->mutable_match_labels())["app"] = "web";
  (*orphan.mutable_spec()->mutable_selector()->mutable_match_labels())["legacy"] = "yes";
  *orphan.mutable_spec()->mutable_template_() = web_template("nginx:0");
  (*orphan.mutable_spec()->mutable_template_()->mutable_metadata()->mutable_labels())["legacy"]
    = "yes";
  c.create("replicasets", orphan);
  c.wait_for([&] { return c.running_of("web") == 2; }, "the orphan's 2 pods");
  c.create("deployments", web(3));
  wait_rolled_out(c, "nginx:1", 3);
  auto legacy = replica_sets(c).at("web-legacy");
  BOOST_REQUIRE_EQUAL(legacy.metadata().owner_references_size(), 1);
  BOOST_TEST(legacy.metadata().owner_references(0).uid() == get_web(c).metadata().uid());
  BOOST_TEST(legacy.spec().replicas() == 0); // an old revision now
  // Relabelled away: released again.
  auto relabelled = legacy;
  (*relabelled.mutable_metadata()->mutable_labels())["app"] = "legacy";
  apiserver::UpdateRequest req;
  req.set_resource("replicasets");
  req.set_namespace_("default");
  req.set_name("web-legacy");
  req.mutable_object()->PackFrom(relabelled);
  auto resp = c.call(req);
  BOOST_REQUIRE_MESSAGE(!api_failed(resp), resp.status().message());
  c.wait_for(
    [&] { return replica_sets(c).at("web-legacy").metadata().owner_references_size() == 0; },
    "the relabelled replica set released");
  BOOST_TEST(rolled_out(c, "nginx:1", 3));
}

BOOST_AUTO_TEST_CASE(a_name_taken_by_a_foreign_replica_set_raises_the_collision_count) {
  test::controllers_cluster c{test::test_seed(88)};
  boot(c);
  // Paused: the controller creates no ReplicaSet yet, and the stored
  // (defaulted) template tells which name it will want.
  auto d = web(2);
  d.mutable_spec()->set_paused(true);
  c.create("deployments", d);
  auto stored = get_web(c);
  auto wanted = "web-" + dep::pod_template_hash(stored.spec().template_(), 0);
  api::ReplicaSet squatter;
  squatter.mutable_metadata()->set_name(wanted);
  squatter.mutable_metadata()->set_namespace_("default");
  (*squatter.mutable_metadata()->mutable_labels())["app"] = "other"; // not adoptable
  squatter.mutable_spec()->set_replicas(0);
  (*squatter.mutable_spec()->mutable_selector()->mutable_match_labels())["app"] = "other";
  auto tmpl = web_template("busybox");
  (*tmpl.mutable_metadata()->mutable_labels())["app"] = "other";
  *squatter.mutable_spec()->mutable_template_() = tmpl;
  c.create("replicasets", squatter);
  change_web(c, [](api::Deployment& d) { d.mutable_spec()->set_paused(false); });
  wait_rolled_out(c, "nginx:1", 2);
  auto after = get_web(c);
  BOOST_TEST(after.status().collision_count() == 1);
  auto rss = replica_sets(c);
  BOOST_REQUIRE_EQUAL(rss.size(), 2u);
  BOOST_TEST(rss.at(wanted).metadata().owner_references_size() == 0); // left alone
  auto ours = rs_running(c, "nginx:1");
  BOOST_TEST(ours.metadata().name() != wanted);
  BOOST_TEST(ours.metadata().name()
             == "web-" + dep::pod_template_hash(after.spec().template_(), 1));
}

BOOST_AUTO_TEST_SUITE_END()
