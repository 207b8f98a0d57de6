// PATCH bodies: JSON merge patch (RFC 7386), Kubernetes strategic merge
// patch, JSON patch (RFC 6902). Results are compared as parsed JSON, so key
// order does not matter.

#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include "actors/apiserver/patch/json_patch.hpp"
#include "actors/apiserver/patch/merge_patch.hpp"
#include "actors/apiserver/patch/strategic_merge_patch.hpp"

using namespace convoy::apiserver;
using json = nlohmann::json;

namespace convoy::apiserver {
std::ostream& operator<<(std::ostream& out, patch_errc code) {
  return out << "patch_errc(" << static_cast<int>(code) << ")";
}
} // namespace convoy::apiserver

namespace {

json parsed(const patch_result& r) {
  BOOST_REQUIRE_MESSAGE(r, "patch failed: " << r.error);
  return json::parse(*r.value);
}

const char* pod = R"({
  "metadata": {"name": "web", "labels": {"app": "web", "tier": "front"},
               "finalizers": ["a"]},
  "spec": {
    "containers": [
      {"name": "web", "image": "nginx:1", "ports": [{"containerPort": 80}]},
      {"name": "log", "image": "busybox", "args": ["tail", "-f"]}
    ],
    "tolerations": [{"key": "a", "operator": "Exists"}]
  }
})";

} // namespace

BOOST_AUTO_TEST_SUITE(patch)

BOOST_AUTO_TEST_CASE(merge_patch_merges_objects_deletes_nulls_replaces_lists) {
  auto r = parsed(apply_merge_patch(
    pod, R"({"metadata": {"labels": {"tier": null, "v": "2"}},
             "spec": {"containers": [{"name": "only", "image": "x"}]}})"));
  BOOST_TEST(r["metadata"]["labels"] == json::parse(R"({"app": "web", "v": "2"})"));
  BOOST_TEST(r["metadata"]["name"] == "web");
  BOOST_TEST(r["spec"]["containers"].size() == 1u);
  BOOST_TEST(r["spec"]["containers"][0]["name"] == "only");
  BOOST_TEST(r["spec"]["tolerations"].size() == 1u);
  // A patch that is not an object replaces the document (RFC 7386).
  BOOST_TEST(parsed(apply_merge_patch(R"({"a": 1})", "[1]")) == json::parse("[1]"));
}

BOOST_AUTO_TEST_CASE(merge_patch_rejects_invalid_json_without_change) {
  auto r = apply_merge_patch(pod, R"({"metadata": )");
  BOOST_TEST(!r);
  BOOST_TEST(r.code == patch_errc::malformed);
  BOOST_TEST(http_status(r.code) == 400);
  BOOST_TEST(!r.error.empty());
}

BOOST_AUTO_TEST_CASE(strategic_patch_merges_containers_by_name) {
  auto r = parsed(apply_strategic_merge_patch(
    pod, R"({"spec": {"containers": [{"name": "web", "image": "nginx:2"}]}})", "Pod"));
  const auto& cs = r["spec"]["containers"];
  BOOST_REQUIRE_EQUAL(cs.size(), 2u);
  BOOST_TEST(cs[0]["name"] == "web");
  BOOST_TEST(cs[0]["image"] == "nginx:2");
  BOOST_TEST(cs[0]["ports"][0]["containerPort"] == 80); // kept: merged, not replaced
  BOOST_TEST(cs[1]["name"] == "log");
}

BOOST_AUTO_TEST_CASE(strategic_patch_deletes_items_and_replaces_atomic_lists) {
  auto r = parsed(apply_strategic_merge_patch(
    pod,
    R"({"spec": {"containers": [{"name": "log", "$patch": "delete"}],
                 "tolerations": [{"key": "b", "operator": "Exists"}]},
        "metadata": {"finalizers": ["b"]}})",
    "Pod"));
  BOOST_REQUIRE_EQUAL(r["spec"]["containers"].size(), 1u);
  BOOST_TEST(r["spec"]["containers"][0]["name"] == "web");
  // Tolerations have no merge key: the list is replaced.
  BOOST_TEST(r["spec"]["tolerations"] == json::parse(R"([{"key": "b", "operator": "Exists"}])"));
  // Finalizers merge as a set (patch items first, Kubernetes' order).
  BOOST_TEST(r["metadata"]["finalizers"] == json::parse(R"(["b", "a"])"));
}

BOOST_AUTO_TEST_CASE(strategic_patch_item_without_merge_key_is_unprocessable) {
  auto r = apply_strategic_merge_patch(pod, R"({"spec": {"containers": [{"image": "x"}]}})",
                                       "Pod");
  BOOST_TEST(!r);
  BOOST_TEST(r.code == patch_errc::unprocessable);
  BOOST_TEST(r.error.find("name") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_patch_applies_all_or_nothing) {
  auto r = parsed(apply_json_patch(
    pod, R"([{"op": "replace", "path": "/spec/containers/0/image", "value": "nginx:3"},
             {"op": "add", "path": "/metadata/labels/new", "value": "1"},
             {"op": "remove", "path": "/metadata/labels/tier"}])"));
  BOOST_TEST(r["spec"]["containers"][0]["image"] == "nginx:3");
  BOOST_TEST(r["metadata"]["labels"] == json::parse(R"({"app": "web", "new": "1"})"));

  auto failed = apply_json_patch(
    pod, R"([{"op": "replace", "path": "/metadata/name", "value": "other"},
             {"op": "test", "path": "/metadata/labels/app", "value": "db"}])");
  BOOST_TEST(!failed);
  BOOST_TEST(failed.code == patch_errc::unprocessable);
  BOOST_TEST(failed.error.find("/metadata/labels/app") != std::string::npos);

  auto missing = apply_json_patch(pod, R"([{"op": "remove", "path": "/spec/nodeName"}])");
  BOOST_TEST(missing.code == patch_errc::unprocessable);
}

BOOST_AUTO_TEST_CASE(json_patch_shape_errors_and_size_limit) {
  BOOST_TEST(apply_json_patch(pod, R"({"op": "add"})").code == patch_errc::malformed);
  BOOST_TEST(apply_json_patch(pod, R"([{"op": "frobnicate", "path": "/a"}])").code
             == patch_errc::malformed);
  std::string many = "[";
  for (size_t i = 0; i <= max_json_patch_operations; ++i)
    many += std::string{i ? "," : ""} + R"({"op": "test", "path": "/metadata/name", "value": "web"})";
  many += "]";
  auto r = apply_json_patch(pod, many);
  BOOST_TEST(r.code == patch_errc::too_large);
  BOOST_TEST(http_status(r.code) == 413);
}

BOOST_AUTO_TEST_SUITE_END()
