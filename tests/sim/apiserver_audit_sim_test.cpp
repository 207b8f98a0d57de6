// The audit log of a real apiserver under simulation: a create, a denied
// get, a successful get and admin access reviews (kill, stepdown) produce
// the expected audit.k8s.io/v1 lines in the file, and nothing else under
// policy "writes"; under policy "all" the successful read is recorded too,
// and so are watches, started or refused.

#include <boost/test/unit_test.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "caf/all.hpp"

#include "api/config.pb.h"
#include "apiserver_cluster.hpp"
#include "messages/protobuf_inspect.hpp"
#include "temp_dir.hpp"

using namespace convoy;

namespace {

/// apiserver_cluster whose apiserver writes an audit log to `path`.
struct audited_cluster : test::apiserver_cluster {
  audited_cluster(uint64_t seed, const std::string& path, const std::string& policy)
    : apiserver_cluster(seed, [path, policy](apiserver_config& cfg) {
        cfg.audit_log_path = path;
        cfg.audit_policy = policy;
      }) {}

  apiserver::AccessReviewResponse review(const std::string& token, const std::string& verb,
                                         const std::string& resource,
                                         const std::string& name) {
    apiserver::AccessReviewRequest req;
    req.mutable_meta()->set_token(token);
    req.set_verb(verb);
    req.set_resource(resource);
    req.set_name(name);
    auto answer = ask<apiserver::AccessReviewResponse>(*client_host, api, req);
    BOOST_REQUIRE_MESSAGE(answer && *answer, "no answer to the access review");
    return **answer;
  }
};

apiserver::CreateRequest create_cm(const std::string& name) {
  api::ConfigMap cm;
  cm.mutable_metadata()->set_name(name);
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

std::vector<nlohmann::json> read_events(const std::string& path) {
  std::ifstream in{path};
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);)
    out.push_back(nlohmann::json::parse(line));
  return out;
}

/// Runs the requests every test makes; returns nothing, the log tells.
void make_requests(audited_cluster& c) {
  auto created = c.call(create_cm("audited"));
  BOOST_REQUIRE_MESSAGE(created.status().code() == 0, created.status().message());
  auto denied = c.call(get_cm("audited"), test::apiserver_cluster::viewer_token);
  BOOST_REQUIRE_EQUAL(denied.status().code(), 403);
  auto read = c.call(get_cm("audited"));
  BOOST_REQUIRE_EQUAL(read.status().code(), 0);
  BOOST_TEST(c.review(test::apiserver_cluster::admin_token, "kill", "actors", "sched@n1")
               .allowed());
  BOOST_TEST(!c.review(test::apiserver_cluster::viewer_token, "stepdown", "storereplicas", "")
                .allowed());
  // A review of a standard verb is not an admin action.
  c.review(test::apiserver_cluster::admin_token, "get", "pods", "");
}

} // namespace

BOOST_AUTO_TEST_SUITE(apiserver_audit_sim)

BOOST_AUTO_TEST_CASE(writes_policy_records_writes_denials_and_admin_reviews) {
  test::temp_dir dir;
  auto path = dir.sub("audit.log");
  audited_cluster c{test::test_seed(71), path, "writes"};
  make_requests(c);
  auto events = read_events(path);
  BOOST_REQUIRE_EQUAL(events.size(), 4u);

  const auto& create = events[0];
  BOOST_TEST(create["verb"] == "create");
  BOOST_TEST(create["user"]["username"] == "admin");
  BOOST_TEST(create["objectRef"]["resource"] == "configmaps");
  BOOST_TEST(create["objectRef"]["namespace"] == "default");
  BOOST_TEST(create["responseStatus"]["code"] == 201);
  BOOST_TEST(create["annotations"]["authorization.k8s.io/decision"] == "allow");
  BOOST_TEST(create["auditID"].get<std::string>().size() == 36u);

  const auto& denied = events[1];
  BOOST_TEST(denied["verb"] == "get");
  BOOST_TEST(denied["user"]["username"] == "viewer");
  BOOST_TEST(denied["objectRef"]["name"] == "audited");
  BOOST_TEST(denied["responseStatus"]["code"] == 403);
  BOOST_TEST(denied["responseStatus"]["reason"] == "Forbidden");
  BOOST_TEST(denied["annotations"]["authorization.k8s.io/decision"] == "forbid");

  const auto& kill = events[2];
  BOOST_TEST(kill["verb"] == "kill");
  BOOST_TEST(kill["objectRef"]["resource"] == "actors");
  BOOST_TEST(kill["objectRef"]["name"] == "sched@n1");
  BOOST_TEST(kill["responseStatus"]["code"] == 200);
  BOOST_TEST(kill["annotations"]["authorization.k8s.io/decision"] == "allow");

  const auto& stepdown = events[3];
  BOOST_TEST(stepdown["verb"] == "stepdown");
  BOOST_TEST(stepdown["user"]["username"] == "viewer");
  BOOST_TEST(stepdown["responseStatus"]["code"] == 403);
  BOOST_TEST(stepdown["annotations"]["authorization.k8s.io/decision"] == "forbid");

  BOOST_TEST(events[0]["auditID"] != events[1]["auditID"]);
  for (const auto& ev : events) // no token ever reaches the log
    BOOST_TEST(ev.dump().find("-token") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(all_policy_records_reads_and_every_review) {
  test::temp_dir dir;
  auto path = dir.sub("audit.log");
  audited_cluster c{test::test_seed(72), path, "all"};
  make_requests(c);
  c.watch("configmaps", "default", ""); // a started watch is a read too
  apiserver::WatchRequest refused;
  refused.mutable_meta()->set_token(test::apiserver_cluster::admin_token);
  refused.set_resource("configmaps");
  refused.set_resource_version("not-a-number");
  refused.set_watch_id(2);
  auto watcher = c.client_host->spawn(
    [](caf::event_based_actor*) -> caf::behavior { return {[](const apiserver::WatchEvent&) {}}; });
  auto answer = c.start_watch(refused, watcher);
  BOOST_REQUIRE(answer);
  BOOST_REQUIRE_MESSAGE(answer->status().code() == 422, answer->status().ShortDebugString());
  caf::anon_send_exit(watcher, caf::exit_reason::user_shutdown);
  auto events = read_events(path);
  std::vector<std::string> verbs;
  for (const auto& ev : events)
    verbs.push_back(ev["verb"].get<std::string>() + " "
                    + std::to_string(ev["responseStatus"]["code"].get<int>()));
  std::vector<std::string> expected{"create 201",   "get 403", "get 200",   "kill 200",
                                    "stepdown 403", "get 200", "watch 200", "watch 422"};
  BOOST_TEST(verbs == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unauthenticated_requests_are_anonymous) {
  test::temp_dir dir;
  auto path = dir.sub("audit.log");
  audited_cluster c{test::test_seed(73), path, "writes"};
  auto refused = c.call(get_cm("x"), "bogus");
  BOOST_REQUIRE_EQUAL(refused.status().code(), 401);
  auto events = read_events(path);
  BOOST_REQUIRE_EQUAL(events.size(), 1u);
  BOOST_TEST(events[0]["user"]["username"] == "system:anonymous");
  BOOST_TEST(events[0]["responseStatus"]["code"] == 401);
}

BOOST_AUTO_TEST_SUITE_END()
