// The garbage collector's decisions: background cascade, dangling references
// among several owners, foreground and orphan deletion, unknown owner kinds
// and owners recreated under the same name.

#include <boost/test/unit_test.hpp>

#include "gc_builders.hpp"

using namespace convoy;
using namespace convoy::controllers::gc;
using namespace convoy::controllers::gc::test;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(garbage_collector_decisions)

BOOST_AUTO_TEST_CASE(owner_gone_deletes_dependent_in_background) {
  garbage_collector gc;
  auto rs = obj("ReplicaSet", "web", "u-rs");
  auto pod = obj("Pod", "web-1", "u-pod");
  BOOST_TEST(add(gc, rs).empty());
  BOOST_TEST(add(gc, pod, {owned_by(rs)}) == uids{"u-pod"}, tt::per_element());
  BOOST_TEST((gc.decide("u-pod", caches({"u-rs", "u-pod"})).kind == gc_action_kind::none));

  BOOST_TEST(gc.on_remove("u-rs") == uids{"u-pod"}, tt::per_element());
  auto action = gc.decide("u-pod", caches({"u-pod"}));
  BOOST_TEST((action.kind == gc_action_kind::delete_object));
  BOOST_TEST((action.target == pod));
  BOOST_TEST(action.propagation == "Background");
  BOOST_TEST(!action.unblock_owner_references);
}

BOOST_AUTO_TEST_CASE(one_owner_gone_of_two_removes_only_its_reference) {
  garbage_collector gc;
  auto a = obj("ReplicaSet", "a", "u-a");
  auto b = obj("ReplicaSet", "b", "u-b");
  auto pod = obj("Pod", "p", "u-pod");
  add(gc, a);
  add(gc, b);
  add(gc, pod, {owned_by(a), owned_by(b)});
  gc.on_remove("u-a");
  auto action = gc.decide("u-pod", caches({"u-b", "u-pod"}));
  BOOST_TEST((action.kind == gc_action_kind::remove_owner_references));
  BOOST_TEST(action.owner_uids == uids{"u-a"}, tt::per_element());

  api::ObjectMeta meta;
  *meta.add_owner_references() = owned_by(a);
  *meta.add_owner_references() = owned_by(b);
  auto refs = without_owners(meta.owner_references(), action.owner_uids);
  BOOST_REQUIRE_EQUAL(refs.size(), 1);
  BOOST_TEST(refs.Get(0).uid() == "u-b");

  // Once written back, nothing more to do.
  gc.on_upsert(pod, std::vector<api::OwnerReference>(refs.begin(), refs.end()), false, {});
  BOOST_TEST((gc.decide("u-pod", caches({"u-b", "u-pod"})).kind == gc_action_kind::none));
}

BOOST_AUTO_TEST_CASE(unknown_owner_kind_never_deletes) {
  garbage_collector gc;
  auto widget = obj("Widget", "w", "u-w"); // a kind no informer watches
  auto pod = obj("Pod", "p", "u-pod");
  add(gc, pod, {owned_by(widget)});
  auto action = gc.decide("u-pod", caches({"u-pod"}, {"Widget"}));
  BOOST_TEST((action.kind == gc_action_kind::none));
}

BOOST_AUTO_TEST_CASE(owner_recreated_with_new_uid_does_not_keep_dependent) {
  garbage_collector gc;
  auto old_rs = obj("ReplicaSet", "web", "u-old");
  auto new_rs = obj("ReplicaSet", "web", "u-new");
  auto pod = obj("Pod", "p", "u-pod");
  add(gc, old_rs);
  add(gc, pod, {owned_by(old_rs)});
  BOOST_TEST(gc.on_remove("u-old") == uids{"u-pod"}, tt::per_element());
  add(gc, new_rs);
  // The cache has "web" again, but under another uid: the reference dangles.
  auto action = gc.decide("u-pod", caches({"u-new", "u-pod"}));
  BOOST_TEST((action.kind == gc_action_kind::delete_object));
  BOOST_TEST(action.propagation == "Background");
  BOOST_TEST(gc.graph().find("u-new")->dependents.empty());
  BOOST_TEST(!gc.graph().find("u-old")->observed);
  // The dependent gone, the old uid's virtual node goes with it.
  gc.on_remove("u-pod");
  BOOST_TEST(gc.graph().find("u-old") == nullptr);
}

BOOST_AUTO_TEST_CASE(dependent_already_deleting_is_left_alone) {
  garbage_collector gc;
  auto rs = obj("ReplicaSet", "web", "u-rs");
  auto pod = obj("Pod", "p", "u-pod");
  gc.on_upsert(pod, {owned_by(rs)}, true, {"example.com/hold"});
  BOOST_TEST((gc.decide("u-pod", caches({"u-pod"})).kind == gc_action_kind::none));
}

BOOST_AUTO_TEST_CASE(ownerless_delete_keeps_the_dependents_own_gc_finalizer) {
  struct row {
    finalizers own;
    std::string propagation;
  };
  for (const auto& r : {row{{}, "Background"}, row{{"orphan"}, "Orphan"},
                        row{{"foregroundDeletion"}, "Foreground"}}) {
    garbage_collector gc;
    auto rs = obj("ReplicaSet", "web", "u-rs");
    gc.on_upsert(obj("Deployment", "d", "u-d"), {owned_by(rs)}, false, r.own);
    auto action = gc.decide("u-d", caches({"u-d"}));
    BOOST_TEST((action.kind == gc_action_kind::delete_object));
    BOOST_TEST(action.propagation == r.propagation);
  }
}

BOOST_AUTO_TEST_SUITE_END()
