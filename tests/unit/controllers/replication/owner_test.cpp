// owner_of: both kinds become the same view; RC selectors default to the
// template labels; selectors that cannot be used select nothing.

#include <boost/test/unit_test.hpp>

#include "tests/unit/controllers/replication/builders.hpp"

using namespace convoy;
using namespace convoy::controllers::replication;
using namespace convoy::controllers::replication::test;

namespace {

google::protobuf::Map<std::string, std::string> labels(
    std::initializer_list<std::pair<const std::string, std::string>> kv) {
  google::protobuf::Map<std::string, std::string> m;
  for (const auto& [k, v] : kv)
    m[k] = v;
  return m;
}

api::ReplicationController rc(std::initializer_list<std::pair<const std::string, std::string>> selector,
                              std::initializer_list<std::pair<const std::string, std::string>> tmpl) {
  api::ReplicationController out;
  out.mutable_metadata()->set_name("frontend");
  out.mutable_metadata()->set_namespace_("prod");
  out.mutable_metadata()->set_uid("rc-uid");
  out.mutable_metadata()->set_generation(4);
  *out.mutable_spec()->mutable_selector() = labels(selector);
  *out.mutable_spec()->mutable_template_()->mutable_metadata()->mutable_labels() = labels(tmpl);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(owner_suite)

BOOST_AUTO_TEST_CASE(replica_set_fields_and_default_replicas) {
  auto rs = rs_builder().min_ready(7).deleting().rs;
  auto o = owner_of(rs);
  BOOST_CHECK_EQUAL(o.kind, "ReplicaSet");
  BOOST_CHECK_EQUAL(o.api_version, "apps/v1");
  BOOST_CHECK_EQUAL(o.namespace_, "default");
  BOOST_CHECK_EQUAL(o.name, "web");
  BOOST_CHECK_EQUAL(o.uid, "rs-uid");
  BOOST_CHECK_EQUAL(o.generation, 1);
  BOOST_CHECK_EQUAL(o.replicas, 1); // unset defaults to 1
  BOOST_CHECK_EQUAL(o.min_ready_seconds, 7);
  BOOST_CHECK(o.deleting);
  BOOST_CHECK_EQUAL(o.pod_template.metadata().labels().at("app"), "web");
  BOOST_CHECK(o.selector.matches(labels({{"app", "web"}, {"x", "y"}})));
  BOOST_CHECK(!o.selector.matches(labels({{"app", "db"}})));
  BOOST_CHECK_EQUAL(rs_builder().replicas(0).owner().replicas, 0); // explicit 0 stays 0
}

BOOST_AUTO_TEST_CASE(replica_set_selector_expressions_apply) {
  auto rs = rs_builder().rs;
  auto* expr = rs.mutable_spec()->mutable_selector()->add_match_expressions();
  expr->set_key("tier");
  expr->set_operator_("In");
  expr->add_values("front");
  auto o = owner_of(rs);
  BOOST_CHECK(o.selector.matches(labels({{"app", "web"}, {"tier", "front"}})));
  BOOST_CHECK(!o.selector.matches(labels({{"app", "web"}})));
}

BOOST_AUTO_TEST_CASE(unusable_replica_set_selectors_select_nothing) {
  auto unset = rs_builder().rs;
  unset.mutable_spec()->clear_selector();
  BOOST_CHECK(owner_of(unset).selector.is_nothing());

  auto invalid = rs_builder().rs;
  invalid.mutable_spec()->mutable_selector()->add_match_expressions()->set_operator_("Bogus");
  auto o = owner_of(invalid);
  BOOST_CHECK(o.selector.is_nothing());
  BOOST_CHECK(!o.selector_error.empty());
  BOOST_CHECK(owner_of(rs_builder().rs).selector_error.empty());
}

BOOST_AUTO_TEST_CASE(replication_controller_selector_defaults_to_template_labels) {
  struct row {
    const char* what;
    api::ReplicationController rc;
    bool matches_web, matches_db, nothing;
  };
  std::vector<row> rows = {
      {"explicit selector", rc({{"app", "db"}}, {{"app", "db"}, {"v", "1"}}), false, true, false},
      {"empty selector: template labels", rc({}, {{"app", "web"}, {"v", "1"}}), false, false, false},
      {"neither: nothing", rc({}, {}), false, false, true},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.what) {
      auto o = owner_of(r.rc);
      BOOST_CHECK_EQUAL(o.kind, "ReplicationController");
      BOOST_CHECK_EQUAL(o.api_version, "v1");
      BOOST_CHECK_EQUAL(o.generation, 4);
      BOOST_CHECK_EQUAL(o.replicas, 1);
      BOOST_CHECK_EQUAL(o.selector.matches(labels({{"app", "web"}})), r.matches_web);
      BOOST_CHECK_EQUAL(o.selector.matches(labels({{"app", "db"}})), r.matches_db);
      BOOST_CHECK_EQUAL(o.selector.is_nothing(), r.nothing);
    }
  }
  // The defaulted selector is all template labels, so v=1 is required too.
  auto o = owner_of(rc({}, {{"app", "web"}, {"v", "1"}}));
  BOOST_CHECK(o.selector.matches(labels({{"app", "web"}, {"v", "1"}})));
}

BOOST_AUTO_TEST_SUITE_END()
