// Reading names and deletion state off any resource's List answer.

#include <boost/test/unit_test.hpp>

#include "actors/controllers/namespace/core/listed_objects.hpp"
#include "api/config.pb.h"
#include "api/pod.pb.h"

using namespace convoy;
using namespace convoy::controllers::namespaces;

BOOST_AUTO_TEST_SUITE(listed_objects_test)

BOOST_AUTO_TEST_CASE(names_and_deletion_state_of_a_pod_list) {
  api::PodList list;
  list.add_items()->mutable_metadata()->set_name("a");
  auto* b = list.add_items();
  b->mutable_metadata()->set_name("b");
  b->mutable_metadata()->mutable_deletion_timestamp()->set_seconds(5);
  google::protobuf::Any any;
  any.PackFrom(list);
  auto objects = listed_objects("pods", any);
  BOOST_REQUIRE(objects);
  BOOST_REQUIRE_EQUAL(objects->size(), 2u);
  BOOST_TEST((*objects)[0].name == "a");
  BOOST_TEST(!(*objects)[0].deleting);
  BOOST_TEST((*objects)[1].name == "b");
  BOOST_TEST((*objects)[1].deleting);
}

BOOST_AUTO_TEST_CASE(an_empty_list_of_another_group_is_empty) {
  api::ConfigMapList list;
  google::protobuf::Any any;
  any.PackFrom(list);
  auto objects = listed_objects("configmaps", any);
  BOOST_REQUIRE(objects);
  BOOST_TEST(objects->empty());
}

BOOST_AUTO_TEST_CASE(a_mismatched_or_unknown_resource_is_refused) {
  api::PodList list;
  list.add_items()->mutable_metadata()->set_name("a");
  google::protobuf::Any any;
  any.PackFrom(list);
  BOOST_TEST(!listed_objects("configmaps", any)); // holds a PodList
  BOOST_TEST(!listed_objects("widgets", any));
}

BOOST_AUTO_TEST_SUITE_END()
