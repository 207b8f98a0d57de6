// What CAF's to_string (logs, traces) shows of a message: everything but
// credentials and bytes.

#include <boost/test/unit_test.hpp>

#include "caf/make_message.hpp"
#include "caf/message.hpp"
#include "caf/to_string.hpp"

#include "api/config.pb.h"
#include "apiserver/apiserver.pb.h"
#include "messages/protobuf_inspect.hpp"
#include "messages/redacted_text.hpp"

using namespace convoy;

BOOST_AUTO_TEST_SUITE(redacted_text_suite)

BOOST_AUTO_TEST_CASE(bearer_tokens_are_hidden_and_the_rest_is_kept) {
  apiserver::GetRequest req;
  req.mutable_meta()->set_token("s3cr3t-bearer");
  req.set_resource("pods");
  req.set_name("web-1");
  auto text = redacted_text(req);
  BOOST_CHECK(text.find("s3cr3t-bearer") == std::string::npos);
  BOOST_CHECK(text.find("<redacted>") != std::string::npos);
  BOOST_CHECK(text.find("web-1") != std::string::npos);
  BOOST_CHECK(text.find("pods") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(secret_data_shows_only_its_size_config_data_stays) {
  api::Secret secret;
  secret.mutable_metadata()->set_name("db-pass");
  (*secret.mutable_data())["password"] = "hunter2";
  (*secret.mutable_string_data())["user"] = "admin-name";
  auto text = redacted_text(secret);
  BOOST_CHECK(text.find("hunter2") == std::string::npos);
  BOOST_CHECK(text.find("admin-name") == std::string::npos);
  BOOST_CHECK(text.find("<7 bytes>") != std::string::npos);
  BOOST_CHECK(text.find("db-pass") != std::string::npos);
  api::ConfigMap cm;
  (*cm.mutable_data())["mode"] = "fast";
  BOOST_CHECK(redacted_text(cm).find("fast") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(caf_to_string_goes_through_the_redaction) {
  apiserver::GetRequest req;
  req.mutable_meta()->set_token("s3cr3t-bearer");
  auto text = caf::to_string(caf::make_message(req));
  BOOST_CHECK(text.find("s3cr3t-bearer") == std::string::npos);
  BOOST_CHECK(text.find("convoy.apiserver.GetRequest") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
