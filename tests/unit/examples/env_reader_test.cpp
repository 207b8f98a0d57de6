#include <map>
#include <string>

#include <boost/test/unit_test.hpp>

#include "examples/app/http/env_reader.hpp"

using namespace convoy::examples::http;

namespace {

env_reader reader_of(std::map<std::string, std::string> vars) {
  return env_reader([vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}

} // namespace

BOOST_AUTO_TEST_SUITE(env)

BOOST_AUTO_TEST_CASE(defaults_apply_when_unset_or_empty) {
  auto env = reader_of({{"PORT", ""}});
  BOOST_TEST(env.port("PORT", 5432) == 5432);
  BOOST_TEST(env.ipv4("POD_IP", "127.0.0.1") == "127.0.0.1");
  BOOST_TEST(env.text("POD_NAME", "host") == "host");
  BOOST_TEST(env.errors().empty());
}

BOOST_AUTO_TEST_CASE(values_are_read) {
  auto env = reader_of({{"PORT", "8080"}, {"POD_IP", "10.1.2.3"}, {"POD_NAME", "web-x"}});
  BOOST_TEST(env.port("PORT", 1) == 8080);
  BOOST_TEST(env.ipv4("POD_IP", "127.0.0.1") == "10.1.2.3");
  BOOST_TEST(env.text("POD_NAME", "") == "web-x");
  BOOST_TEST(env.errors().empty());
}

BOOST_AUTO_TEST_CASE(bad_values_give_errors_naming_the_variable) {
  for (std::string bad : {"http", "0", "65536", "-1", "80 ", "1234567"}) {
    BOOST_TEST_CONTEXT("PORT=" << bad) {
      auto env = reader_of({{"PORT", bad}});
      env.port("PORT", 5432);
      BOOST_REQUIRE_EQUAL(env.errors().size(), 1u);
      BOOST_TEST(env.errors()[0] == "PORT='" + bad + "' is not a port number (1-65535)");
    }
  }
  auto env = reader_of({{"POD_IP", "10.0.0"}, {"DB_SERVICE_PORT", "x"}});
  env.ipv4("POD_IP", "127.0.0.1");
  env.port("DB_SERVICE_PORT", 5432);
  BOOST_REQUIRE_EQUAL(env.errors().size(), 2u);
  BOOST_TEST(env.errors()[0].find("POD_IP='10.0.0'") == 0u);
  BOOST_TEST(env.errors()[1].find("DB_SERVICE_PORT='x'") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
