// claim_pods follows ClaimObject: keep what is ours and matches, adopt
// matching orphans, release ours that no longer match, never touch other
// controllers' pods; a deleting owner or pod stops adoption and release.

#include <boost/test/unit_test.hpp>

#include "actors/controllers/replication/core/claim.hpp"
#include "tests/unit/controllers/replication/builders.hpp"

using namespace convoy;
using namespace convoy::controllers::replication;
using namespace convoy::controllers::replication::test;

namespace {

enum class expect { owned, adopt, release, ignore };

expect verdict_of(const claim_result& r) {
  if (!r.owned.empty())
    return expect::owned;
  if (!r.adopt.empty())
    return expect::adopt;
  if (!r.release.empty())
    return expect::release;
  return expect::ignore;
}

const char* to_string(expect e) {
  switch (e) {
  case expect::owned:
    return "owned";
  case expect::adopt:
    return "adopt";
  case expect::release:
    return "release";
  case expect::ignore:
    return "ignore";
  }
  return "?";
}

} // namespace

BOOST_AUTO_TEST_SUITE(claim_suite)

BOOST_AUTO_TEST_CASE(one_pod_at_a_time) {
  struct row {
    const char* what;
    api::Pod pod;
    bool owner_deleting;
    expect want;
  };
  std::vector<row> rows = {
      {"ours, matching", pod_builder("p").label("app", "web").controlled_by("rs-uid"), false,
       expect::owned},
      {"ours, matching, owner deleting", pod_builder("p").label("app", "web").controlled_by("rs-uid"),
       true, expect::owned},
      {"ours, labels changed", pod_builder("p").label("app", "db").controlled_by("rs-uid"), false,
       expect::release},
      {"ours, labels changed, owner deleting",
       pod_builder("p").label("app", "db").controlled_by("rs-uid"), true, expect::ignore},
      {"orphan, matching", pod_builder("p").label("app", "web"), false, expect::adopt},
      {"orphan with a non-controller ref", pod_builder("p").label("app", "web").referenced_by("cm"),
       false, expect::adopt},
      {"orphan, not matching", pod_builder("p").label("app", "db"), false, expect::ignore},
      {"orphan, owner deleting", pod_builder("p").label("app", "web"), true, expect::ignore},
      {"orphan, pod deleting", pod_builder("p").label("app", "web").deleting(), false,
       expect::ignore},
      {"someone else's, matching", pod_builder("p").label("app", "web").controlled_by("other"),
       false, expect::ignore},
      {"someone else's, not matching", pod_builder("p").label("app", "db").controlled_by("other"),
       false, expect::ignore},
      {"other namespace", pod_builder("p", "kube-system").label("app", "web"), false,
       expect::ignore},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.what) {
      auto builder = rs_builder();
      if (r.owner_deleting)
        builder.deleting();
      auto result = claim_pods(builder.owner(), {&r.pod});
      BOOST_CHECK_EQUAL(to_string(verdict_of(result)), to_string(r.want));
      BOOST_CHECK_LE(result.owned.size() + result.adopt.size() + result.release.size(), 1u);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_mixed_list_is_split_in_input_order) {
  std::vector<api::Pod> pods = {
      pod_builder("a").label("app", "web").controlled_by("rs-uid"),
      pod_builder("b").label("app", "web"),
      pod_builder("c").label("app", "db").controlled_by("rs-uid"),
      pod_builder("d").label("app", "web").controlled_by("other"),
      pod_builder("e").label("app", "web").controlled_by("rs-uid"),
      pod_builder("f").label("app", "web"),
  };
  auto r = claim_pods(rs_builder().owner(), ptrs(pods));
  BOOST_CHECK((names(r.owned) == std::vector<std::string>{"a", "e"}));
  BOOST_CHECK((names(r.adopt) == std::vector<std::string>{"b", "f"}));
  BOOST_CHECK((names(r.release) == std::vector<std::string>{"c"}));
}

BOOST_AUTO_TEST_CASE(adopted_adds_a_blocking_controller_ref) {
  api::Pod pod = pod_builder("p").label("app", "web").referenced_by("cm");
  auto owner = rs_builder().owner();
  auto out = adopted(pod, owner);
  BOOST_REQUIRE_EQUAL(out.metadata().owner_references_size(), 2);
  BOOST_CHECK_EQUAL(out.metadata().owner_references(0).uid(), "cm"); // kept
  const auto& ref = out.metadata().owner_references(1);
  BOOST_CHECK_EQUAL(ref.api_version(), "apps/v1");
  BOOST_CHECK_EQUAL(ref.kind(), "ReplicaSet");
  BOOST_CHECK_EQUAL(ref.name(), "web");
  BOOST_CHECK_EQUAL(ref.uid(), "rs-uid");
  BOOST_CHECK(ref.has_controller() && ref.controller());
  BOOST_CHECK(ref.has_block_owner_deletion() && ref.block_owner_deletion());
  BOOST_CHECK_EQUAL(out.metadata().name(), "p"); // the rest untouched

  // A stale non-controller reference to the same uid is replaced, not doubled.
  auto stale = pod;
  stale.mutable_metadata()->add_owner_references()->set_uid("rs-uid");
  auto merged = adopted(stale, owner);
  BOOST_REQUIRE_EQUAL(merged.metadata().owner_references_size(), 2);
  BOOST_CHECK(merged.metadata().owner_references(1).controller());
}

BOOST_AUTO_TEST_CASE(released_drops_only_the_owners_refs) {
  api::Pod pod = pod_builder("p").referenced_by("cm").controlled_by("rs-uid").referenced_by("x");
  auto out = released(pod, rs_builder().owner());
  BOOST_REQUIRE_EQUAL(out.metadata().owner_references_size(), 2);
  BOOST_CHECK_EQUAL(out.metadata().owner_references(0).uid(), "cm");
  BOOST_CHECK_EQUAL(out.metadata().owner_references(1).uid(), "x");
  // Released, the pod is an orphan again: claiming would adopt it if it matched.
  out.mutable_metadata()->mutable_labels()->insert({"app", "web"});
  BOOST_CHECK_EQUAL(claim_pods(rs_builder().owner(), {&out}).adopt.size(), 1u);
}

BOOST_AUTO_TEST_SUITE_END()
