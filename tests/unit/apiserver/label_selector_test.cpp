// Tests for selectors/label_selector: Kubernetes' labels.Parse grammar and
// messages, LabelSelectorAsSelector, matching and canonical printing.

#include <boost/test/unit_test.hpp>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "actors/apiserver/selectors/label_selector.hpp"

using namespace convoy::apiserver;
using labels_t = std::map<std::string, std::string>;

namespace {

label_selector parse_ok(const std::string& text) {
  auto sel = label_selector::parse(text);
  BOOST_REQUIRE_MESSAGE(sel, "parse of '" << text << "' failed: " << sel.error);
  return *sel.value;
}

struct match_case {
  const char* selector;
  labels_t labels;
  bool matches;
};

} // namespace

BOOST_AUTO_TEST_SUITE(label_selector_tests)

BOOST_AUTO_TEST_CASE(parses_and_prints_canonically) {
  struct row {
    const char* input;
    const char* canonical;
  };
  const std::vector<row> rows = {
    {"", ""},
    {"x=a", "x=a"},
    {"x==a", "x==a"},
    {"x!=a", "x!=a"},
    {"x=", "x="},
    {"x= ", "x="},
    {"x", "x"},
    {"!x", "!x"},
    {" ! x ", "!x"},
    {"x in (b,a)", "x in (a,b)"},
    {"x notin (a)", "x notin (a)"},
    {"x in ()", "x in ()"},
    {"x in (a,)", "x in (,a)"},
    {"x in (a,a,b)", "x in (a,b)"},
    {"x>1", "x>1"},
    {"x<5", "x<5"},
    {"z=1,a=2", "a=2,z=1"},
    {"app=web,tier!=db,env in (prod,staging),!legacy,version notin (1,2),exists",
     "app=web,env in (prod,staging),exists,!legacy,tier!=db,version notin (1,2)"},
    {"example.com/app=web", "example.com/app=web"},
    {"in=notin", "in=notin"},
    {"x in (in,notin)", "x in (in,notin)"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("input: '" << r.input << "'") {
      auto sel = parse_ok(r.input);
      BOOST_TEST(sel.to_string() == r.canonical);
      // The canonical form parses back to the same selector.
      BOOST_TEST((parse_ok(sel.to_string()) == sel));
    }
  }
}

BOOST_AUTO_TEST_CASE(rejects_like_kubernetes) {
  struct row {
    const char* input;
    const char* error;
  };
  const std::vector<row> rows = {
    {"x=a,", "found '', expected: identifier after ','"},
    {",x=a", "found ',', expected: !, identifier, or 'end of string'"},
    {"x=a b", "found 'b', expected: ',' or 'end of string'"},
    {"x in a", "unable to parse requirement: found 'a' expected: '('"},
    {"x in (a", "unable to parse requirement: found '', expected: ',' or ')'"},
    {"x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"},
    {"x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier"},
    {"x exists", "unable to parse requirement: found 'exists', expected: in, notin, =, ==, !=, gt, lt"},
    {"x foo a", "unable to parse requirement: found 'foo', expected: in, notin, =, ==, !=, gt, lt, "
                "exists, !"},
    {"x=(a)", "unable to parse requirement: found '(', expected: identifier"},
    {"!x=a", "found '=', expected: ',' or 'end of string'"},
    {"x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' "
            "operators, the value must be an integer"},
    {"x=a b=c", "found 'b', expected: ',' or 'end of string'"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("input: '" << r.input << "'") {
      auto sel = label_selector::parse(r.input);
      BOOST_TEST(!sel);
      BOOST_TEST(sel.error == r.error);
    }
  }
}

BOOST_AUTO_TEST_CASE(validates_keys_and_values) {
  auto bad_key = label_selector::parse("a b=c");
  BOOST_TEST(!bad_key);
  BOOST_TEST(bad_key.error
             == "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt, "
                "exists, !");
  auto negative = label_selector::parse("x<-5");
  BOOST_TEST(!negative); // values must be label values, even for Gt/Lt
  auto bad_key2 = label_selector::parse("-a=c");
  BOOST_TEST(!bad_key2);
  BOOST_TEST(bad_key2.error.rfind("unable to parse requirement: <nil>: Invalid value: \"-a\": name "
                                  "part must consist of alphanumeric characters",
                                  0)
             == 0);
  auto bad_value = label_selector::parse("a=-c");
  BOOST_TEST(!bad_value);
  BOOST_TEST(bad_value.error.rfind("unable to parse requirement: values[0][a]: Invalid value: "
                                   "\"-c\": a valid label must be an empty string",
                                   0)
             == 0);
}

BOOST_AUTO_TEST_CASE(matches_like_kubernetes) {
  const std::vector<match_case> cases = {
    {"", {}, true},
    {"", {{"a", "b"}}, true},
    {"x=a", {{"x", "a"}}, true},
    {"x=a", {{"x", "b"}}, false},
    {"x=a", {}, false},
    {"x==a", {{"x", "a"}}, true},
    {"x!=a", {{"x", "b"}}, true},
    {"x!=a", {}, true},
    {"x!=a", {{"x", "a"}}, false},
    {"x=", {{"x", ""}}, true},
    {"x=", {}, false},
    {"x in (a,b)", {{"x", "b"}}, true},
    {"x in (a,b)", {{"x", "c"}}, false},
    {"x in (a,b)", {}, false},
    {"x notin (a,b)", {{"x", "c"}}, true},
    {"x notin (a,b)", {}, true},
    {"x notin (a,b)", {{"x", "a"}}, false},
    {"x", {{"x", ""}}, true},
    {"x", {{"y", "a"}}, false},
    {"!x", {{"y", "a"}}, true},
    {"!x", {{"x", "a"}}, false},
    {"x>1", {{"x", "2"}}, true},
    {"x>1", {{"x", "1"}}, false},
    {"x>1", {{"x", "a"}}, false},
    {"x>1", {}, false},
    {"x<1", {{"x", "-3"}}, true},
    {"x<1", {{"x", "0"}}, true},
    {"x<1", {{"x", "1"}}, false},
    {"app=web,tier!=db", {{"app", "web"}, {"tier", "front"}}, true},
    {"app=web,tier!=db", {{"app", "web"}, {"tier", "db"}}, false},
    {"app=web,env in (prod,staging),!legacy", {{"app", "web"}, {"env", "prod"}}, true},
    {"app=web,env in (prod,staging),!legacy",
     {{"app", "web"}, {"env", "prod"}, {"legacy", "1"}},
     false},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("selector '" << c.selector << "'") {
      BOOST_TEST(parse_ok(c.selector).matches(c.labels) == c.matches);
    }
  }
}

BOOST_AUTO_TEST_CASE(from_message) {
  convoy::api::LabelSelector msg;
  (*msg.mutable_match_labels())["app"] = "web";
  auto* expr = msg.add_match_expressions();
  expr->set_key("env");
  expr->set_operator_("In");
  expr->add_values("staging");
  expr->add_values("prod");
  auto* gone = msg.add_match_expressions();
  gone->set_key("legacy");
  gone->set_operator_("DoesNotExist");
  auto sel = label_selector::from_message(msg);
  BOOST_REQUIRE(sel);
  BOOST_TEST(sel.value->to_string() == "app=web,env in (prod,staging),!legacy");
  BOOST_TEST(sel.value->matches(labels_t{{"app", "web"}, {"env", "prod"}}));
  BOOST_TEST(*sel.value->requires_exact_match("app") == "web");
  BOOST_TEST(!sel.value->requires_exact_match("env"));
  BOOST_TEST(!sel.value->requires_exact_match("other"));

  convoy::api::LabelSelector empty;
  auto everything = label_selector::from_message(empty);
  BOOST_REQUIRE(everything);
  BOOST_TEST(everything.value->empty());
  BOOST_TEST(everything.value->matches(labels_t{{"a", "b"}}));

  convoy::api::LabelSelector bad_op;
  bad_op.add_match_expressions()->set_operator_("Gt");
  auto rejected = label_selector::from_message(bad_op);
  BOOST_TEST(!rejected);
  BOOST_TEST(rejected.error == "\"Gt\" is not a valid label selector operator");

  convoy::api::LabelSelector no_values;
  auto* in = no_values.add_match_expressions();
  in->set_key("a");
  in->set_operator_("In");
  auto empty_in = label_selector::from_message(no_values);
  BOOST_TEST(!empty_in);
  BOOST_TEST(empty_in.error
             == "values: Invalid value: []string{}: for 'in', 'notin' operators, values set "
                "can't be empty");

  convoy::api::LabelSelector bad_label;
  (*bad_label.mutable_match_labels())["a b"] = "x";
  auto bad = label_selector::from_message(bad_label);
  BOOST_TEST(!bad);
  BOOST_TEST(bad.error.rfind("key: Invalid value: \"a b\": name part must consist", 0) == 0);
}

BOOST_AUTO_TEST_CASE(nothing_and_from_map) {
  auto nothing = label_selector::nothing();
  BOOST_TEST(!nothing.matches(labels_t{}));
  BOOST_TEST(!nothing.empty());
  google::protobuf::Map<std::string, std::string> set;
  set["app"] = "web";
  set["tier"] = "front";
  auto sel = label_selector::from_map(set);
  BOOST_TEST(sel.to_string() == "app=web,tier=front");
  BOOST_TEST(sel.matches(set));
  google::protobuf::Map<std::string, std::string> other;
  other["app"] = "web";
  BOOST_TEST(!sel.matches(other));
}

// Random selectors: printing then parsing yields an equivalent selector
// that agrees on random label sets.
BOOST_AUTO_TEST_CASE(random_round_trip) {
  const uint64_t seed = std::random_device{}();
  BOOST_TEST_MESSAGE("SEED=" << seed);
  std::mt19937_64 rng(seed);
  const std::vector<std::string> keys = {"a", "b", "example.com/c", "d_1"};
  const std::vector<std::string> values = {"", "x", "y", "1", "22", "3z"};
  auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
  for (int iter = 0; iter < 500; ++iter) {
    std::vector<label_requirement> reqs;
    int n = static_cast<int>(rng() % 4);
    for (int i = 0; i < n; ++i) {
      auto op = static_cast<selector_op>(rng() % 9);
      std::vector<std::string> vals;
      if (op == selector_op::in || op == selector_op::not_in)
        for (int k = 0, m = 1 + static_cast<int>(rng() % 3); k < m; ++k)
          vals.push_back(pick(values));
      else if (op == selector_op::greater_than || op == selector_op::less_than)
        vals.push_back(std::to_string(static_cast<int>(rng() % 7)));
      else if (op != selector_op::exists && op != selector_op::does_not_exist)
        vals.push_back(pick(values));
      auto req = label_requirement::make(pick(keys), op, vals);
      BOOST_REQUIRE_MESSAGE(req, "SEED=" << seed << " " << req.error);
      reqs.push_back(*req.value);
    }
    auto sel = label_selector::from_requirements(reqs);
    auto text = sel.to_string();
    auto reparsed = label_selector::parse(text);
    BOOST_REQUIRE_MESSAGE(reparsed, "SEED=" << seed << " '" << text << "': " << reparsed.error);
    BOOST_REQUIRE_MESSAGE(reparsed.value->to_string() == text, "SEED=" << seed << " " << text);
    for (int probe = 0; probe < 10; ++probe) {
      labels_t labels;
      for (const auto& k : keys)
        if (rng() % 2)
          labels[k] = pick(values);
      BOOST_REQUIRE_MESSAGE(sel.matches(labels) == reparsed.value->matches(labels),
                            "SEED=" << seed << " selector " << text);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
