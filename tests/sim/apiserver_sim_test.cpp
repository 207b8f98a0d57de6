// The apiserver over a 3-replica store under simulation: status errors of
// the API, optimistic concurrency under concurrent writers, watches that see
// every change once and in order across a store leader crash and an
// apiserver restart, denied requests that change nothing, namespace
// admission, bindings that start from a stale cached pod, and generated
// names that are drawn again when taken.

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "caf/all.hpp"

#include "api/config.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "apiserver_cluster.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

api::ConfigMap config_map(const std::string& name, const std::string& value) {
  api::ConfigMap cm;
  cm.mutable_metadata()->set_name(name);
  (*cm.mutable_data())["value"] = value;
  return cm;
}

apiserver::CreateRequest create_cm(const api::ConfigMap& cm) {
  apiserver::CreateRequest req;
  req.set_resource("configmaps");
  req.set_namespace_("default");
  req.mutable_object()->PackFrom(cm);
  return req;
}

apiserver::GetRequest get_cm(const std::string& name) {
  apiserver::GetRequest req;
  req.set_resource("configmaps");
  req.set_namespace_("default");
  req.set_name(name);
  return req;
}

apiserver::UpdateRequest update_cm(const api::ConfigMap& cm) {
  apiserver::UpdateRequest req;
  req.set_resource("configmaps");
  req.set_namespace_("default");
  req.set_name(cm.metadata().name());
  req.mutable_object()->PackFrom(cm);
  return req;
}

api::ConfigMap unpack_cm(const apiserver::ApiResponse& resp) {
  api::ConfigMap cm;
  BOOST_REQUIRE_MESSAGE(resp.object().UnpackTo(&cm),
                        "not a ConfigMap: " << resp.status().message());
  return cm;
}

int64_t rv_of(const api::ConfigMap& cm) {
  return std::stoll(cm.metadata().resource_version());
}

/// The resourceVersions of the ConfigMap events a watcher got.
std::vector<int64_t> event_revisions(const test::watch_log& log, std::string* types = nullptr) {
  std::vector<int64_t> out;
  for (const auto& ev : log.events) {
    api::ConfigMap cm;
    if (ev.type() == "BOOKMARK" || !ev.object().UnpackTo(&cm))
      continue;
    out.push_back(rv_of(cm));
    if (types)
      *types += ev.type().substr(0, 1);
  }
  return out;
}

/// Sends `req` as the admin from a fresh client actor without waiting: many
/// such calls race; each answer (an empty one for an error) lands in `results`.
template <class Request>
void send_concurrently(test::apiserver_cluster& c, Request req,
                       std::shared_ptr<std::vector<apiserver::ApiResponse>> results) {
  req.mutable_meta()->set_token(test::apiserver_cluster::admin_token);
  auto to = c.api;
  c.client_host->system().spawn([=](caf::event_based_actor* self) {
    self->request(to, 30s, req).then(
      [=](apiserver::ApiResponse& r) { results->push_back(std::move(r)); },
      [=](caf::error&) { results->push_back(apiserver::ApiResponse{}); });
  });
}

} // namespace

BOOST_AUTO_TEST_SUITE(apiserver_sim)

BOOST_AUTO_TEST_CASE(status_errors_name_the_reason) {
  test::apiserver_cluster c{test::test_seed(11)};
  auto created = c.call(create_cm(config_map("app", "1")));
  BOOST_REQUIRE_MESSAGE(created.status().code() == 0, created.status().message());
  auto cm = unpack_cm(created);
  BOOST_TEST(cm.metadata().namespace_() == "default");
  BOOST_TEST(!cm.metadata().uid().empty());
  BOOST_TEST(cm.metadata().creation_timestamp().seconds() > 0);
  BOOST_TEST(rv_of(cm) > 0);

  auto again = c.call(create_cm(config_map("app", "2")));
  BOOST_TEST(again.status().reason() == "AlreadyExists");
  BOOST_TEST(again.status().code() == 409);

  auto missing = c.call(get_cm("nope"));
  BOOST_TEST(missing.status().reason() == "NotFound");
  BOOST_TEST(missing.status().message() == "configmaps \"nope\" not found");

  // A write based on what was read wins; a second one from the same read
  // is a Conflict.
  auto first = cm;
  (*first.mutable_data())["value"] = "first";
  auto won = c.call(update_cm(first));
  BOOST_REQUIRE_MESSAGE(won.status().code() == 0, won.status().message());
  BOOST_TEST(rv_of(unpack_cm(won)) > rv_of(cm));
  auto stale = cm;
  (*stale.mutable_data())["value"] = "stale";
  auto lost = c.call(update_cm(stale));
  BOOST_TEST(lost.status().reason() == "Conflict");
  BOOST_TEST(unpack_cm(c.call(get_cm("app"))).data().at("value") == "first");

  // Invalid objects never reach the store.
  auto bad = c.call(create_cm(config_map("Not_A_Name", "x")));
  BOOST_TEST(bad.status().reason() == "Invalid");
  BOOST_TEST(bad.status().message().find("metadata.name") != std::string::npos);

  apiserver::DeleteRequest del;
  del.set_resource("configmaps");
  del.set_namespace_("default");
  del.set_name("app");
  // The answer is the object as it was deleted.
  auto deleted = unpack_cm(c.call(del));
  BOOST_TEST(deleted.data().at("value") == "first");
  BOOST_TEST(c.call(get_cm("app")).status().reason() == "NotFound");
}

BOOST_AUTO_TEST_CASE(a_taken_generated_name_is_drawn_again_up_to_eight_times) {
  // The suffixes the apiserver draws: "bbbbb" twice, "ccccc", then "zzzzz".
  auto draws = std::make_shared<size_t>(0);
  test::apiserver_cluster c{
    test::test_seed(19), [draws](apiserver_config& cfg) {
      cfg.name_suffix = [draws] {
        static const std::vector<std::string> script{"bbbbb", "bbbbb", "ccccc"};
        auto i = (*draws)++;
        return i < script.size() ? script[i] : std::string{"zzzzz"};
      };
    }};
  auto generated = [&] {
    api::ConfigMap cm;
    cm.mutable_metadata()->set_generate_name("gen-");
    return c.call(create_cm(cm));
  };
  auto first = generated();
  BOOST_REQUIRE_MESSAGE(first.status().code() == 0, first.status().message());
  BOOST_TEST(unpack_cm(first).metadata().name() == "gen-bbbbb");
  // "gen-bbbbb" is taken: the second create gets the next draw, not a 409.
  auto second = generated();
  BOOST_REQUIRE_MESSAGE(second.status().code() == 0, second.status().message());
  BOOST_TEST(unpack_cm(second).metadata().name() == "gen-ccccc");
  BOOST_TEST(*draws == 3u);
  // A name the client chose is never drawn again.
  BOOST_REQUIRE(c.call(create_cm(config_map("gen-zzzzz", "1"))).status().code() == 0);
  BOOST_TEST(c.call(create_cm(config_map("gen-zzzzz", "2"))).status().code() == 409);
  BOOST_TEST(*draws == 3u);
  // Eight draws of a taken name, then AlreadyExists naming the last one.
  auto exhausted = generated();
  BOOST_TEST(exhausted.status().reason() == "AlreadyExists");
  BOOST_TEST(exhausted.status().message().find("gen-zzzzz") != std::string::npos);
  BOOST_TEST(*draws == 11u);
}

BOOST_AUTO_TEST_CASE(exactly_one_update_wins_per_resource_version) {
  test::apiserver_cluster c{test::test_seed(12)};
  auto base = unpack_cm(c.call(create_cm(config_map("counter", "0"))));
  constexpr int writers = 5;
  constexpr int rounds = 6;
  // Each round: every writer reads the counter and writes value+1 based on
  // that read, all at once. Per read revision exactly one may win.
  int wins = 0;
  for (int round = 0; round < rounds; ++round) {
    auto current = unpack_cm(c.call(get_cm("counter")));
    auto n = std::stoi(current.data().at("value"));
    auto results = std::make_shared<std::vector<apiserver::ApiResponse>>();
    for (int w = 0; w < writers; ++w) {
      auto next = current;
      (*next.mutable_data())["value"] = std::to_string(n + 1);
      (*next.mutable_data())["writer"] = std::to_string(w);
      send_concurrently(c, update_cm(next), results);
    }
    c.net.run_until([&] { return results->size() == writers; }, 30s);
    BOOST_REQUIRE_EQUAL(results->size(), static_cast<size_t>(writers));
    int round_wins = 0;
    for (const auto& r : *results) {
      if (r.status().code() == 0 && r.has_object())
        ++round_wins;
      else
        BOOST_TEST(r.status().reason() == "Conflict");
    }
    BOOST_TEST(round_wins == 1);
    wins += round_wins;
  }
  auto final = unpack_cm(c.call(get_cm("counter")));
  BOOST_TEST(std::stoi(final.data().at("value")) == wins);
  BOOST_TEST(rv_of(final) > rv_of(base));
}

BOOST_AUTO_TEST_CASE(unconditional_updates_and_patches_are_retried_not_conflicted) {
  test::apiserver_cluster c{test::test_seed(13)};
  auto base = unpack_cm(c.call(create_cm(config_map("shared", "0"))));
  // Writers that send no resourceVersion all read the same version and
  // race for the compare-and-swap; the losers must be applied again to the
  // newer version (Kubernetes' GuaranteedUpdate), not answered Conflict.
  constexpr int writers = 5;
  auto results = std::make_shared<std::vector<apiserver::ApiResponse>>();
  for (int w = 0; w < writers; ++w) {
    auto next = config_map("shared", "update-" + std::to_string(w));
    send_concurrently(c, update_cm(next), results);
    apiserver::PatchRequest patch;
    patch.set_resource("configmaps");
    patch.set_namespace_("default");
    patch.set_name("shared");
    patch.set_patch_type("merge");
    patch.set_patch(R"({"data":{"patch-)" + std::to_string(w) + R"(":"x"}})");
    send_concurrently(c, patch, results);
  }
  c.net.run_until([&] { return results->size() == 2 * writers; }, 60s);
  BOOST_REQUIRE_EQUAL(results->size(), static_cast<size_t>(2 * writers));
  for (const auto& r : *results)
    BOOST_TEST((r.status().code() == 0 && r.has_object()), r.status().message());
  auto final = unpack_cm(c.call(get_cm("shared")));
  // Every write made its own revision: none was lost or merged away.
  BOOST_TEST(rv_of(final) >= rv_of(base) + 2 * writers);
}

BOOST_AUTO_TEST_CASE(watch_sees_every_change_once_in_order_across_failures) {
  test::apiserver_cluster c{test::test_seed(13)};
  auto cm = unpack_cm(c.call(create_cm(config_map("w", "0"))));
  auto log = c.watch("configmaps", "default", std::to_string(rv_of(cm)));
  std::vector<int64_t> written;
  auto write = [&](int i) {
    for (int attempt = 0; attempt < 20; ++attempt) {
      auto current = c.call(get_cm("w"));
      if (current.status().code() != 0)
        continue; // store electing: try again
      auto next = unpack_cm(current);
      (*next.mutable_data())["value"] = std::to_string(i);
      auto r = c.call(update_cm(next));
      if (r.status().code() == 0) {
        written.push_back(rv_of(unpack_cm(r)));
        return;
      }
    }
    BOOST_FAIL("update " << i << " never succeeded");
  };
  for (int i = 1; i <= 5; ++i)
    write(i);
  // The store leader dies: the apiserver's store watch fails over.
  auto leader = c.leader();
  BOOST_REQUIRE(leader);
  c.crash(*leader);
  for (int i = 6; i <= 10; ++i)
    write(i);
  c.start(*leader);
  c.net.run_until([&] { return log->events.size() >= written.size(); }, 30s);
  BOOST_TEST(event_revisions(*log) == written, boost::test_tools::per_element());

  // The apiserver dies; a new one resumes the watch from the last revision.
  auto last_seen = event_revisions(*log).back();
  c.net.crash(*c.api_host);
  c.start_apiserver("a2");
  auto resumed = c.watch("configmaps", "default", std::to_string(last_seen), 2);
  for (int i = 11; i <= 15; ++i)
    write(i);
  c.net.run_until([&] { return resumed->events.size() >= 5; }, 30s);
  std::vector<int64_t> after(written.end() - 5, written.end());
  std::string types;
  BOOST_TEST(event_revisions(*resumed, &types) == after, boost::test_tools::per_element());
  BOOST_TEST(types == "MMMMM");
}

BOOST_AUTO_TEST_CASE(watch_without_version_starts_with_current_state) {
  test::apiserver_cluster c{test::test_seed(14)};
  c.call(create_cm(config_map("a", "1")));
  c.call(create_cm(config_map("b", "1")));
  auto log = c.watch("configmaps", "default", "");
  c.net.run_until([&] { return log->events.size() >= 2; }, 10s);
  std::string types;
  auto initial = event_revisions(*log, &types);
  BOOST_TEST(types == "AA");
  apiserver::DeleteRequest del;
  del.set_resource("configmaps");
  del.set_namespace_("default");
  del.set_name("a");
  c.call(del);
  c.net.run_until([&] { return log->events.size() >= 3; }, 10s);
  types.clear();
  event_revisions(*log, &types);
  BOOST_TEST(types == "AAD");
  BOOST_TEST(initial.size() == 2u);
  // Revision 1 predates what the cache loaded: 410 Expired, so the client
  // relists.
  apiserver::WatchRequest old;
  old.mutable_meta()->set_token(test::apiserver_cluster::admin_token);
  old.set_resource("configmaps");
  old.set_resource_version("1");
  old.set_watch_id(7);
  auto started = c.start_watch(old, c.watchers.front());
  BOOST_REQUIRE(started.has_value());
  BOOST_TEST(started->status().code() == 410);
  BOOST_TEST(started->status().message().find("too old resource version") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(lists_with_a_version_come_from_the_cache) {
  test::apiserver_cluster c{test::test_seed(16)};
  for (int i = 0; i < 5; ++i)
    c.call(create_cm(config_map("cm" + std::to_string(i), "v")));
  apiserver::ListRequest list;
  list.set_resource("configmaps");
  list.set_namespace_("default");
  list.set_resource_version("0");
  list.set_limit(2);
  std::vector<std::string> names;
  for (int page = 0; page < 5; ++page) {
    auto resp = c.call(list);
    api::ConfigMapList items;
    BOOST_REQUIRE_MESSAGE(resp.object().UnpackTo(&items), resp.status().message());
    for (const auto& cm : items.items())
      names.push_back(cm.metadata().name());
    if (items.metadata().continue_().empty())
      break;
    list.set_continue_(items.metadata().continue_());
  }
  BOOST_TEST(names == (std::vector<std::string>{"cm0", "cm1", "cm2", "cm3", "cm4"}),
             boost::test_tools::per_element());
  // A version the cache has not reached yet is refused, not served stale.
  list.clear_continue_();
  list.set_resource_version("999999");
  auto ahead = c.call(list);
  BOOST_TEST(ahead.status().code() == 504);
}

namespace {

/// A create of ConfigMap `name` in namespace `ns`.
apiserver::CreateRequest create_cm_in(const std::string& ns, const std::string& name) {
  auto cm = config_map(name, "1");
  cm.mutable_metadata()->set_namespace_(ns);
  return test::apiserver_cluster::create_request("configmaps", cm);
}

api::Pod pod_named(const std::string& name) {
  api::Pod p;
  p.mutable_metadata()->set_name(name);
  p.mutable_metadata()->set_namespace_("default");
  auto* c = p.mutable_spec()->add_containers();
  c->set_name("app");
  c->set_image("app:1");
  return p;
}

apiserver::CreateRequest bind_to(const std::string& pod, const std::string& node) {
  api::Binding b;
  b.mutable_metadata()->set_name(pod);
  b.mutable_metadata()->set_namespace_("default");
  b.mutable_target()->set_kind("Node");
  b.mutable_target()->set_name(node);
  auto req = test::apiserver_cluster::create_request("pods", b);
  req.set_name(pod);
  req.set_subresource("binding");
  return req;
}

apiserver::PatchRequest label_pod(const std::string& pod, const std::string& value) {
  apiserver::PatchRequest req;
  req.set_resource("pods");
  req.set_namespace_("default");
  req.set_name(pod);
  req.set_patch_type("merge");
  req.set_patch(R"({"metadata":{"labels":{"tier":")" + value + R"("}}})");
  return req;
}

} // namespace

BOOST_AUTO_TEST_CASE(writes_into_a_missing_or_terminating_namespace_are_refused) {
  test::apiserver_cluster c{test::test_seed(17)};
  api::Namespace ns;
  ns.mutable_metadata()->set_name("team");
  c.create("namespaces", ns);
  // Right after its create the namespaces cache may not hold it yet: the
  // store is asked.
  auto first = c.call(create_cm_in("team", "a"));
  BOOST_TEST(first.status().code() == 0, first.status().message());
  auto missing = c.call(create_cm_in("nowhere", "a"));
  BOOST_TEST(missing.status().reason() == "NotFound");
  BOOST_TEST(missing.status().message() == "namespaces \"nowhere\" not found");

  auto log = c.watch("namespaces", "", "");
  apiserver::DeleteRequest del;
  del.set_resource("namespaces");
  del.set_name("team");
  BOOST_REQUIRE(c.call(del).status().code() == 0);
  // Once the apiserver's cache (which serves the watch) shows it
  // Terminating, creates are refused and nothing is stored.
  auto terminating = [&] {
    for (const auto& ev : log->events) {
      api::Namespace n;
      if (ev.object().UnpackTo(&n) && n.status().phase() == "Terminating")
        return true;
    }
    return false;
  };
  BOOST_REQUIRE(c.net.run_until(terminating, 30s));
  auto refused = c.call(create_cm_in("team", "b"));
  BOOST_TEST(refused.status().reason() == "Forbidden");
  BOOST_TEST(refused.status().message().find("namespace team is being terminated")
               != std::string::npos,
             refused.status().message());
  apiserver::GetRequest get;
  get.set_resource("configmaps");
  get.set_namespace_("team");
  get.set_name("b");
  BOOST_TEST(c.call(get).status().reason() == "NotFound");
}

BOOST_AUTO_TEST_CASE(a_binding_from_a_stale_cached_pod_reads_the_store_and_loses_nothing) {
  // Bindings start from the pod in the apiserver's cache. Apiserver a2 is
  // stalled while a1 labels the pod, so when a2 resumes, the binding may
  // read the old pod before a2's cache catches up: its compare fails, it
  // reads the store and binds; the label stays.
  test::apiserver_cluster c{test::test_seed(18)};
  auto a1 = c.api;
  c.start_apiserver("a2");
  auto* h2 = c.api_host;
  auto a2 = c.api;
  api::Node node;
  node.mutable_metadata()->set_name("n1");
  c.create("nodes", node);
  auto log = c.watch("pods", "default", ""); // loads a2's pods cache
  constexpr int pods = 10;
  for (int i = 0; i < pods; ++i)
    c.create("pods", pod_named("p" + std::to_string(i)));
  BOOST_REQUIRE(c.net.run_until([&] { return log->events.size() >= pods; }, 30s));
  for (int i = 0; i < pods; ++i) {
    auto name = "p" + std::to_string(i);
    c.net.stall(*h2);
    c.api = a1;
    auto patched = c.call(label_pod(name, "web"));
    BOOST_REQUIRE_MESSAGE(!api_failed(patched), patched.status().message());
    c.net.resume(*h2);
    c.api = a2;
    auto bound = c.call(bind_to(name, "n1"));
    BOOST_TEST(!api_failed(bound), name << ": " << bound.status().message());
  }
  for (int i = 0; i < pods; ++i) {
    auto p = c.get<api::Pod>("pods", "default", "p" + std::to_string(i));
    BOOST_REQUIRE(p);
    BOOST_TEST(p->spec().node_name() == "n1");
    BOOST_TEST(p->metadata().labels().count("tier") == 1);
  }
  // A second binding of a bound pod is a Conflict, whether the pod came
  // from the cache or the store.
  auto again = c.call(bind_to("p0", "n1"));
  BOOST_TEST(again.status().reason() == "Conflict");
  BOOST_TEST(again.status().message().find("is already assigned to node \"n1\"")
               != std::string::npos,
             again.status().message());
}

BOOST_AUTO_TEST_CASE(denied_request_changes_nothing) {
  test::apiserver_cluster c{test::test_seed(15)};
  auto denied = c.call(create_cm(config_map("sneaky", "1")), test::apiserver_cluster::viewer_token);
  BOOST_TEST(denied.status().reason() == "Forbidden");
  BOOST_TEST(denied.status().code() == 403);
  auto nobody = c.call(create_cm(config_map("sneaky", "1")), "wrong-token");
  BOOST_TEST(nobody.status().code() == 401);
  BOOST_TEST(c.call(get_cm("sneaky")).status().reason() == "NotFound");
  apiserver::ListRequest list;
  list.set_resource("configmaps");
  list.set_namespace_("default");
  auto listed = c.call(list);
  api::ConfigMapList items;
  BOOST_REQUIRE(listed.object().UnpackTo(&items));
  BOOST_TEST(items.items_size() == 0);
}

BOOST_AUTO_TEST_SUITE_END()

// The propagation policy of a delete becomes the garbage collector's
// finalizer (Kubernetes' generic registry): the object stays, marked deleting,
// until the collector removes the finalizer.
BOOST_AUTO_TEST_SUITE(apiserver_sim)

BOOST_AUTO_TEST_CASE(delete_propagation_policy_sets_gc_finalizers) {
  test::apiserver_cluster c{test::test_seed(17)};
  c.call(create_cm(config_map("fg", "1")));
  c.call(create_cm(config_map("orph", "1")));
  auto del = [](const std::string& name, const std::string& policy) {
    apiserver::DeleteRequest req;
    req.set_resource("configmaps");
    req.set_namespace_("default");
    req.set_name(name);
    req.mutable_options()->set_propagation_policy(policy);
    return req;
  };
  using finalizers = std::vector<std::string>;
  auto finalizers_of = [&](const std::string& name) {
    auto cm = unpack_cm(c.call(get_cm(name)));
    BOOST_TEST(cm.metadata().has_deletion_timestamp());
    return finalizers(cm.metadata().finalizers().begin(), cm.metadata().finalizers().end());
  };

  auto bad = c.call(del("fg", "Cascade"));
  BOOST_TEST(bad.status().code() == 422);
  BOOST_TEST(bad.status().reason() == "Invalid");
  BOOST_TEST(bad.status().message().find("propagationPolicy: Unsupported value: \"Cascade\": "
                                         "supported values: \"Foreground\", \"Background\", "
                                         "\"Orphan\"")
             != std::string::npos,
             bad.status().message());
  auto both = del("fg", "Orphan");
  both.mutable_options()->set_orphan_dependents(true);
  BOOST_TEST(c.call(both).status().reason() == "Invalid");
  BOOST_TEST(!unpack_cm(c.call(get_cm("fg"))).metadata().has_deletion_timestamp());

  // Foreground: held by "foregroundDeletion", never added twice.
  BOOST_TEST(c.call(del("fg", "Foreground")).status().code() == 0);
  BOOST_TEST(finalizers_of("fg") == finalizers{"foregroundDeletion"},
             boost::test_tools::per_element());
  c.call(del("fg", "Foreground"));
  BOOST_TEST(finalizers_of("fg") == finalizers{"foregroundDeletion"},
             boost::test_tools::per_element());
  // An object already deleting takes the finalizer of a later policy instead.
  c.call(del("fg", "Orphan"));
  BOOST_TEST(finalizers_of("fg") == finalizers{"orphan"}, boost::test_tools::per_element());

  // The deprecated orphanDependents=true is the Orphan policy.
  auto orphan = del("orph", "");
  orphan.mutable_options()->set_orphan_dependents(true);
  BOOST_TEST(c.call(orphan).status().code() == 0);
  BOOST_TEST(finalizers_of("orph") == finalizers{"orphan"}, boost::test_tools::per_element());

  // Background with no finalizer deletes at once, as before.
  c.call(create_cm(config_map("bg", "1")));
  BOOST_TEST(c.call(del("bg", "Background")).status().code() == 0);
  BOOST_TEST(c.call(get_cm("bg")).status().reason() == "NotFound");
}

BOOST_AUTO_TEST_SUITE_END()
