// Protobuf messages as CAF messages: one generic inspect, registration under
// the protobuf full name, malformed bytes marked instead of dropped.

#include <boost/test/unit_test.hpp>

#include <google/protobuf/util/message_differencer.h>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/binary_deserializer.hpp"
#include "caf/binary_serializer.hpp"
#include "caf/make_message.hpp"

#include "api/pod.pb.h"
#include "messages/checked.hpp"
#include "messages/error.hpp"
#include "messages/message_registry.hpp"
#include "messages/node/node_actor.hpp"
#include "messages/protobuf_inspect.hpp"

using namespace convoy;

namespace {

struct registry_fixture {
  registry_fixture() : sys(configured(cfg)) {
    // nop
  }
  static caf::actor_system_config& configured(caf::actor_system_config& cfg) {
    register_messages(cfg);
    return cfg;
  }
  caf::message round_trip(const caf::message& in) {
    std::vector<char> buf;
    caf::binary_serializer sink{sys, buf};
    auto msg = in;
    BOOST_REQUIRE(!sink(msg));
    caf::message out;
    caf::binary_deserializer source{sys, buf};
    BOOST_REQUIRE(!source(out));
    return out;
  }
  caf::actor_system_config cfg;
  caf::actor_system sys;
};

api::Pod sample_pod() {
  api::Pod pod;
  pod.set_kind("Pod");
  pod.set_api_version("v1");
  pod.mutable_metadata()->set_name("web-1");
  (*pod.mutable_metadata()->mutable_labels())["app"] = "web";
  auto* c = pod.mutable_spec()->add_containers();
  c->set_name("web");
  c->set_image("busybox");
  return pod;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(caf_glue, registry_fixture)

BOOST_AUTO_TEST_CASE(every_message_is_registered_under_its_protobuf_full_name) {
  auto& names = cfg.type_names_by_rtti;
  BOOST_CHECK_EQUAL(names.at(typeid(api::Pod)), "convoy.api.Pod");
  BOOST_CHECK_EQUAL(names.at(typeid(node::NodeInfoRequest)), "convoy.node.NodeInfoRequest");
  BOOST_CHECK_GT(names.size(), 100u);
  for (const auto& [type, name] : names)
    if (name.rfind("convoy.", 0) == 0)
      BOOST_CHECK_EQUAL(cfg.value_factories_by_name.count(name), 1u);
}

BOOST_AUTO_TEST_CASE(a_protobuf_message_survives_caf_serialization) {
  auto pod = sample_pod();
  auto out = round_trip(caf::make_message(pod, std::string{"extra"}));
  BOOST_REQUIRE((out.match_elements<api::Pod, std::string>()));
  BOOST_CHECK(google::protobuf::util::MessageDifferencer::Equals(out.get_as<api::Pod>(0), pod));
  BOOST_CHECK(!malformed_reason(out.get_as<api::Pod>(0)));
  BOOST_CHECK_EQUAL(out.get_as<std::string>(1), "extra");
}

BOOST_AUTO_TEST_CASE(bytes_that_do_not_parse_arrive_marked_not_dropped) {
  api::Pod pod;
  parse_or_mark_malformed(pod, std::string{"\x0a\x05" "ab", 4});
  auto why = malformed_reason(pod);
  BOOST_REQUIRE(why);
  BOOST_CHECK_EQUAL(*why, "bytes do not parse as convoy.api.Pod (4 bytes)");
  // The marker survives a trip through CAF, so a forwarded message stays marked.
  auto out = round_trip(caf::make_message(pod));
  BOOST_CHECK(malformed_reason(out.get_as<api::Pod>(0)));
}

BOOST_AUTO_TEST_CASE(checked_handlers_answer_malformed_requests_with_an_error) {
  int calls = 0;
  auto handler = checked<node::NodeInfoRequest>(
    [&](const node::NodeInfoRequest&) -> caf::result<node::NodeInfoResponse> {
      ++calls;
      return node::NodeInfoResponse{};
    });
  node::NodeInfoRequest bad;
  mark_malformed(bad, "test");
  auto res = handler(bad);
  BOOST_CHECK_EQUAL(calls, 0);
  BOOST_REQUIRE(res.flag == caf::rt_error);
  BOOST_CHECK(code_of(res.err) == errc::malformed_message);
  BOOST_CHECK_EQUAL(describe(res.err), "test");
  handler(node::NodeInfoRequest{});
  BOOST_CHECK_EQUAL(calls, 1);
}

BOOST_AUTO_TEST_CASE(messages_print_readably) {
  auto text = caf::to_string(caf::make_message(sample_pod()));
  BOOST_CHECK_NE(text.find("web-1"), std::string::npos);
  BOOST_CHECK_NE(text.find("busybox"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(errors_describe_themselves_in_one_line) {
  auto err = make_error(errc::not_found, "pods \"web\" not found");
  BOOST_CHECK(code_of(err) == errc::not_found);
  BOOST_CHECK_EQUAL(describe(err), "pods \"web\" not found");
  BOOST_CHECK_EQUAL(describe(make_error(errc::conflict, "")), "conflict");
  BOOST_CHECK_EQUAL(describe(caf::make_error(caf::sec::request_timeout)), "request timeout");
  BOOST_CHECK(code_of(caf::make_error(caf::sec::request_timeout)) == errc::none);
  // CAF renders convoy errors through the registered category too.
  BOOST_CHECK_NE(sys.render(err).find("not found"), std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
