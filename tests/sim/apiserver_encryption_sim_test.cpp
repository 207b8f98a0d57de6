// Secrets at rest under simulation: an apiserver configured with an aesgcm
// key stores Secrets encrypted (the raw store value is Kubernetes' format
// and holds no plaintext) and serves them decrypted through get, list (from
// the store and from the watch cache) and watch; other resources stay
// plain; a Secret that does not decrypt fails its get with a 500 naming the
// key and is left out of lists.

#include <boost/test/unit_test.hpp>

#include "caf/all.hpp"

#include "actors/apiserver/apiserver.hpp"
#include "actors/apiserver/auth/random_source.hpp"
#include "actors/apiserver/storage/value_transformer.hpp"
#include "api/config.pb.h"
#include "messages/protobuf_inspect.hpp"
#include "apiserver_cluster.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

const std::string plaintext = "hunter2-plaintext";

/// A store cluster with one apiserver ("a1") that encrypts Secrets with key1.
struct encrypted_cluster : test::apiserver_cluster {
  explicit encrypted_cluster(uint64_t seed)
    : apiserver_cluster(seed, [](apiserver_config& cfg) {
        cfg.secrets_transformer = std::make_shared<apiserver::value_transformer>(
          std::vector<apiserver::aesgcm_key>{{"key1", std::string(32, 'k')}}, true,
          std::make_shared<apiserver::openssl_random>());
      }) {}

  /// The value in the store under `key` as the store holds it.
  std::optional<std::string> raw(const std::string& key) {
    store::RangeRequest req;
    req.set_key(key);
    auto resp = ask<store::RangeResponse>(*client_host, client, req, 30s);
    BOOST_REQUIRE(resp && *resp);
    if ((*resp)->kvs_size() == 0)
      return std::nullopt;
    return (*resp)->kvs(0).value();
  }

  /// Writes `value` under `key` behind the apiserver's back; the revision.
  int64_t put_raw(const std::string& key, const std::string& value) {
    store::PutRequest put;
    put.set_key(key);
    put.set_value(value);
    auto w = ask<store::PutResponse>(*client_host, client, put, 30s);
    BOOST_REQUIRE(w && *w);
    return (*w)->header().revision();
  }

};

api::Secret secret(const std::string& name, const std::string& password) {
  api::Secret s;
  s.mutable_metadata()->set_name(name);
  (*s.mutable_data())["password"] = password;
  return s;
}

template <class Object>
apiserver::CreateRequest create(const std::string& resource, const Object& obj) {
  apiserver::CreateRequest req;
  req.set_resource(resource);
  req.set_namespace_("default");
  req.mutable_object()->PackFrom(obj);
  return req;
}

apiserver::GetRequest get(const std::string& name) {
  apiserver::GetRequest req;
  req.set_resource("secrets");
  req.set_namespace_("default");
  req.set_name(name);
  return req;
}

/// password of each listed Secret, by name; resource_version "" reads the
/// store, "0" the watch cache.
std::map<std::string, std::string> list(encrypted_cluster& c, const std::string& rv) {
  apiserver::ListRequest req;
  req.set_resource("secrets");
  req.set_namespace_("default");
  req.set_resource_version(rv);
  auto resp = c.call(req);
  api::SecretList items;
  BOOST_REQUIRE_MESSAGE(resp.object().UnpackTo(&items), resp.status().message());
  std::map<std::string, std::string> out;
  for (const auto& s : items.items())
    out[s.metadata().name()] = s.data().count("password") ? s.data().at("password") : "";
  return out;
}

std::string password_of(const apiserver::ApiResponse& resp) {
  api::Secret s;
  BOOST_REQUIRE_MESSAGE(resp.object().UnpackTo(&s), resp.status().message());
  return s.data().at("password");
}

} // namespace

BOOST_AUTO_TEST_SUITE(apiserver_encryption_sim)

BOOST_AUTO_TEST_CASE(secrets_are_stored_encrypted_and_served_plain) {
  encrypted_cluster c{test::test_seed(31)};
  auto created = c.call(create("secrets", secret("x", plaintext)));
  BOOST_REQUIRE_MESSAGE(created.status().code() == 0, created.status().message());
  BOOST_TEST(password_of(created) == plaintext);

  auto stored = c.raw("/registry/secrets/default/x");
  BOOST_REQUIRE(stored);
  BOOST_TEST(stored->rfind("k8s:enc:aesgcm:v1:key1:", 0) == 0u);
  BOOST_TEST(stored->find(plaintext) == std::string::npos);

  BOOST_TEST(password_of(c.call(get("x"))) == plaintext);
  BOOST_TEST(list(c, "") == (std::map<std::string, std::string>{{"x", plaintext}}));
  BOOST_TEST(list(c, "0") == (std::map<std::string, std::string>{{"x", plaintext}}));

  // Watch: the initial event comes from the cache's list, the update from
  // the store watch.
  auto log = c.watch("secrets", "default", "");
  const auto& events = log->events;
  auto current = c.call(get("x"));
  api::Secret updated;
  BOOST_REQUIRE(current.object().UnpackTo(&updated));
  (*updated.mutable_data())["password"] = "second-" + plaintext;
  apiserver::UpdateRequest update;
  update.set_resource("secrets");
  update.set_namespace_("default");
  update.set_name("x");
  update.mutable_object()->PackFrom(updated);
  auto answer = c.call(update);
  BOOST_REQUIRE_MESSAGE(answer.status().code() == 0, answer.status().message());
  c.net.run_until([&] { return events.size() >= 2; }, 30s);
  BOOST_REQUIRE_GE(events.size(), 2u);
  BOOST_TEST(events[0].type() == "ADDED");
  api::Secret seen;
  BOOST_REQUIRE(events[0].object().UnpackTo(&seen));
  BOOST_TEST(seen.data().at("password") == plaintext);
  BOOST_TEST(events[1].type() == "MODIFIED");
  BOOST_REQUIRE(events[1].object().UnpackTo(&seen));
  BOOST_TEST(seen.data().at("password") == "second-" + plaintext);
  auto rewritten = c.raw("/registry/secrets/default/x");
  BOOST_REQUIRE(rewritten);
  BOOST_TEST(rewritten->rfind("k8s:enc:aesgcm:v1:key1:", 0) == 0u);
  BOOST_TEST(rewritten->find(plaintext) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(only_secrets_are_encrypted_and_plain_secrets_stay_readable) {
  encrypted_cluster c{test::test_seed(32)};
  api::ConfigMap cm;
  cm.mutable_metadata()->set_name("settings");
  (*cm.mutable_data())["value"] = plaintext;
  BOOST_REQUIRE(c.call(create("configmaps", cm)).status().code() == 0);
  auto stored = c.raw("/registry/configmaps/default/settings");
  BOOST_REQUIRE(stored);
  BOOST_TEST(stored->find(plaintext) != std::string::npos);

  // Written before encryption was switched on: read as it is (identity).
  auto old = secret("old", plaintext);
  old.mutable_metadata()->set_namespace_("default");
  old.mutable_metadata()->set_uid("u-old");
  c.put_raw("/registry/secrets/default/old", old.SerializeAsString());
  BOOST_TEST(password_of(c.call(get("old"))) == plaintext);
  BOOST_TEST(list(c, "0").count("old") == 1u);
}

BOOST_AUTO_TEST_CASE(a_secret_that_does_not_decrypt_fails_its_get_and_is_left_out) {
  encrypted_cluster c{test::test_seed(33)};
  BOOST_REQUIRE(c.call(create("secrets", secret("x", plaintext))).status().code() == 0);
  // The ciphertext of x copied under y: bound to x's key, it must not
  // decrypt as y.
  auto stored = c.raw("/registry/secrets/default/x");
  BOOST_REQUIRE(stored);
  c.put_raw("/registry/secrets/default/y", *stored);
  auto failed = c.call(get("y"));
  BOOST_TEST(failed.status().code() == 500);
  BOOST_TEST(failed.status().message()
             == "Internal error occurred: decrypting /registry/secrets/default/y: "
                "authentication failed (wrong key or corrupted value)");
  BOOST_TEST(list(c, "") == (std::map<std::string, std::string>{{"x", plaintext}}));
  BOOST_TEST(list(c, "0") == (std::map<std::string, std::string>{{"x", plaintext}}));
  // Now through the cache's store watch: the event is dropped, the cache
  // still reaches its revision.
  auto revision = c.put_raw("/registry/secrets/default/z", *stored);
  BOOST_TEST(list(c, std::to_string(revision))
             == (std::map<std::string, std::string>{{"x", plaintext}}));
}

BOOST_AUTO_TEST_SUITE_END()
