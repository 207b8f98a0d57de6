// Tests for selectors/field_selector: Kubernetes' fields.ParseSelector
// syntax and escaping, per-kind supported fields, matching via accessors.

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "actors/apiserver/selectors/field_selector.hpp"
#include "api/event.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "api/workload.pb.h"

using namespace convoy;
using namespace convoy::apiserver;

namespace {

api::Pod pod(const char* name, const char* node, const char* phase) {
  api::Pod p;
  p.mutable_metadata()->set_name(name);
  p.mutable_metadata()->set_namespace_("default");
  p.mutable_spec()->set_node_name(node);
  p.mutable_spec()->set_restart_policy("Always");
  p.mutable_status()->set_phase(phase);
  return p;
}

field_selector parse_ok(const std::string& text, const char* kind) {
  auto sel = field_selector::parse(text, kind);
  BOOST_REQUIRE_MESSAGE(sel, "parse of '" << text << "' failed: " << sel.error);
  return *sel.value;
}

} // namespace

BOOST_AUTO_TEST_SUITE(field_selector_tests)

BOOST_AUTO_TEST_CASE(parses_and_prints) {
  struct row {
    const char* input;
    const char* canonical;
  };
  const std::vector<row> rows = {
    {"", ""},
    {"metadata.name=web", "metadata.name=web"},
    {"metadata.name==web", "metadata.name=web"},
    {"status.phase!=Running", "status.phase!=Running"},
    {"spec.nodeName=", "spec.nodeName="},
    {"status.phase!=Running,metadata.name=x", "metadata.name=x,status.phase!=Running"},
    {"metadata.name=a\\,b\\=c\\\\d", "metadata.name=a\\,b\\=c\\\\d"},
    {",metadata.name=x,", "metadata.name=x"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("input: '" << r.input << "'") {
      auto sel = parse_ok(r.input, "Pod");
      BOOST_TEST(sel.to_string() == r.canonical);
      BOOST_TEST((parse_ok(sel.to_string(), "Pod") == sel));
    }
  }
  auto escaped = parse_ok("metadata.name=a\\,b\\=c\\\\d", "Pod");
  BOOST_TEST(escaped.terms().front().value == "a,b=c\\d");
}

BOOST_AUTO_TEST_CASE(rejects_like_kubernetes) {
  struct row {
    const char* input;
    const char* kind;
    const char* error;
  };
  const std::vector<row> rows = {
    {"metadata.name", "Pod", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"},
    {"metadata.name=a,b", "Pod", "invalid selector: 'metadata.name=a,b'; can't understand 'b'"},
    {"metadata.name=a=b", "Pod", "invalid field selector: unescaped character in value: ="},
    {"metadata.name=a\\x", "Pod", "invalid field selector: invalid escape sequence: \\x"},
    {"metadata.name=a\\", "Pod", "invalid field selector: invalid escape sequence: \\"},
    {"spec.foo=x", "Pod", "field label not supported: spec.foo"},
    {"x=1", "Pod", "field label not supported: x"},
    {"spec.nodeName=n1", "ConfigMap", "field label not supported: spec.nodeName"},
    {"metadata.name=x", "Widget", "field selectors are not supported for kind \"Widget\""},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("input: '" << r.input << "' kind " << r.kind) {
      auto sel = field_selector::parse(r.input, r.kind);
      BOOST_TEST(!sel);
      BOOST_TEST(sel.error == r.error);
    }
  }
}

BOOST_AUTO_TEST_CASE(matches_pods) {
  const auto running = pod("web", "n1", "Running");
  const auto pending = pod("db", "", "Pending");
  struct row {
    const char* selector;
    bool web;
    bool db;
  };
  const std::vector<row> rows = {
    {"", true, true},
    {"metadata.name=web", true, false},
    {"metadata.namespace=default", true, true},
    {"metadata.namespace=other", false, false},
    {"spec.nodeName=n1", true, false},
    {"spec.nodeName=", false, true},
    {"spec.nodeName!=", true, false},
    {"status.phase!=Running", false, true},
    {"status.phase=Pending,spec.nodeName=", false, true},
    {"spec.restartPolicy=Always,metadata.name!=db", true, false},
    {"spec.hostNetwork=false", true, true},
    {"spec.schedulerName=", true, true},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("selector '" << r.selector << "'") {
      auto sel = parse_ok(r.selector, "Pod");
      BOOST_TEST(sel.matches(running) == r.web);
      BOOST_TEST(sel.matches(pending) == r.db);
    }
  }
  // A selector bound to pods never matches another kind.
  api::Node node;
  node.mutable_metadata()->set_name("web");
  BOOST_TEST(!parse_ok("metadata.name=web", "Pod").matches(node));
  BOOST_TEST(parse_ok("metadata.name=web", "Node").matches(node));
}

BOOST_AUTO_TEST_CASE(matches_events_nodes_and_counts) {
  api::Event ev;
  ev.mutable_metadata()->set_name("web.1");
  ev.mutable_metadata()->set_namespace_("default");
  ev.mutable_involved_object()->set_kind("Pod");
  ev.mutable_involved_object()->set_name("web");
  ev.mutable_involved_object()->set_uid("u-1");
  ev.mutable_involved_object()->set_field_path("spec.containers{web}");
  ev.set_reason("Scheduled");
  ev.set_type("Normal");
  ev.mutable_source()->set_component("default-scheduler");
  BOOST_TEST(parse_ok("involvedObject.kind=Pod,involvedObject.name=web", "Event").matches(ev));
  BOOST_TEST(parse_ok("involvedObject.uid=u-1,reason=Scheduled,type=Normal", "Event").matches(ev));
  BOOST_TEST(parse_ok("involvedObject.fieldPath=spec.containers{web}", "Event").matches(ev));
  BOOST_TEST(parse_ok("source=default-scheduler", "Event").matches(ev));
  BOOST_TEST(!parse_ok("type=Warning", "Event").matches(ev));

  api::Node node;
  node.mutable_metadata()->set_name("n1");
  node.mutable_spec()->set_unschedulable(true);
  BOOST_TEST(parse_ok("spec.unschedulable=true", "Node").matches(node));
  BOOST_TEST(!parse_ok("spec.unschedulable=false", "Node").matches(node));

  api::ReplicaSet rs;
  rs.mutable_status()->set_replicas(3);
  BOOST_TEST(parse_ok("status.replicas=3", "ReplicaSet").matches(rs));
  BOOST_TEST(parse_ok("status.replicas!=0", "ReplicaSet").matches(rs));
}

BOOST_AUTO_TEST_CASE(exact_match_and_unbound) {
  auto sel = parse_ok("spec.nodeName=n1,status.phase!=Failed", "Pod");
  BOOST_TEST(*sel.requires_exact_match("spec.nodeName") == "n1");
  BOOST_TEST(!sel.requires_exact_match("status.phase"));
  auto unbound = field_selector::parse("anything.at.all=x");
  BOOST_REQUIRE(unbound);
  BOOST_TEST(unbound.value->table() == nullptr);
  BOOST_TEST(!unbound.value->matches(pod("x", "", "")));
  BOOST_TEST(field_selector{}.matches(pod("x", "", "")));
  // Every kind with a table supports the generic metadata fields.
  for (auto kind : field_table::kinds()) {
    BOOST_TEST_CONTEXT(kind) {
      BOOST_TEST(static_cast<bool>(field_selector::parse("metadata.name=a,metadata.namespace=b", kind)));
    }
  }
  BOOST_TEST(escape_field_value("a,b=c\\") == "a\\,b\\=c\\\\");
}

BOOST_AUTO_TEST_SUITE_END()
