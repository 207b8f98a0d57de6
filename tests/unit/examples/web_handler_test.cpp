#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "examples/app/db/kv_store.hpp"
#include "examples/app/web/web_handler.hpp"

using namespace convoy::examples;

namespace {

/// A db reached in-process: the real kv_store, or an outage.
struct fake_db {
  db::kv_store store{"db-7"};
  bool down = false;
  std::vector<std::string> calls;

  web::web_handler::db_call call() {
    return [this](const http::request& req) {
      calls.push_back(req.method + " " + req.target);
      http::fetch_result r;
      if (down) {
        r.error = "10.0.0.5:5432: Connection refused";
        return r;
      }
      r.ok = true;
      r.resp = store.handle(req);
      return r;
    };
  }
};

web::web_identity identity(std::optional<std::string> greeting = std::nullopt) {
  return {"web-1", "n1", "10.0.0.5:5432", std::move(greeting)};
}

http::request get(std::string target) {
  http::request r;
  r.method = "GET";
  r.target = std::move(target);
  return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(web_tier)

BOOST_AUTO_TEST_CASE(home_shows_both_pods_and_the_db_greeting) {
  fake_db db;
  db.store.seed("greeting", "hello from the db");
  web::web_handler handler(identity("hi there"), db.call());
  auto resp = handler.handle(get("/"));
  BOOST_TEST(resp.status == 200);
  BOOST_TEST(resp.body == "web web-1 (node n1) -> db db-7: hello from the db\ngreeting: hi there\n");
  BOOST_TEST(db.calls == std::vector<std::string>{"GET /kv/greeting"});
}

BOOST_AUTO_TEST_CASE(home_is_502_when_the_db_fails) {
  fake_db db;
  web::web_handler handler(identity(), db.call());
  auto missing = handler.handle(get("/"));
  BOOST_TEST(missing.status == 502);
  BOOST_TEST(missing.body.find("GET /kv/greeting answered 404") != std::string::npos);
  db.down = true;
  auto down = handler.handle(get("/"));
  BOOST_TEST(down.status == 502);
  BOOST_TEST(down.body
             == "web web-1: db at 10.0.0.5:5432 unavailable: 10.0.0.5:5432: Connection refused\n");
}

BOOST_AUTO_TEST_CASE(count_increments_hits_in_the_db) {
  fake_db db;
  web::web_handler handler(identity(), db.call());
  BOOST_TEST(handler.handle(get("/count")).body == "1\n");
  BOOST_TEST(handler.handle(get("/count")).body == "2\n");
  BOOST_TEST(db.calls
             == (std::vector<std::string>{"GET /kv/hits", "PUT /kv/hits", "GET /kv/hits",
                                          "PUT /kv/hits"}));
  db.store.seed("hits", "lots");
  auto bad = handler.handle(get("/count"));
  BOOST_TEST(bad.status == 502);
  BOOST_TEST(bad.body.find("key hits holds 'lots', not a number") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(healthz_and_unknown_paths_never_ask_the_db) {
  fake_db db;
  db.down = true;
  web::web_handler handler(identity(), db.call());
  BOOST_TEST(handler.handle(get("/healthz")).status == 200);
  BOOST_TEST(handler.handle(get("/nope")).status == 404);
  auto post = get("/");
  post.method = "POST";
  BOOST_TEST(handler.handle(post).status == 405);
  BOOST_TEST(db.calls.empty());
}

BOOST_AUTO_TEST_SUITE_END()
