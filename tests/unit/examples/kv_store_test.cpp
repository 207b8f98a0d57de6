#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "examples/app/db/kv_store.hpp"

using namespace convoy::examples;

namespace {

http::request req(std::string method, std::string target, std::string body = {}) {
  http::request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.body = std::move(body);
  return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(db_tier)

BOOST_AUTO_TEST_CASE(get_put_delete_and_healthz) {
  db::kv_store store("db-1");
  store.seed("greeting", "hello from the db");
  struct row {
    std::string method, target, body;
    int status;
    std::string answer;
  };
  std::vector<row> rows = {
    {"GET", "/kv/greeting", "", 200, "hello from the db"},
    {"GET", "/kv/missing", "", 404, "no key missing\n"},
    {"PUT", "/kv/x", "1", 204, ""},
    {"GET", "/kv/x", "", 200, "1"},
    {"PUT", "/kv/x", "two", 204, ""},
    {"GET", "/kv/x", "", 200, "two"},
    {"DELETE", "/kv/x", "", 204, ""},
    {"DELETE", "/kv/x", "", 204, ""},
    {"GET", "/kv/x", "", 404, "no key x\n"},
    {"GET", "/healthz", "", 200, "ok\n"},
    {"GET", "/kv/", "", 400, "key '' must be non-empty without '/' or '?'\n"},
    {"GET", "/kv/a/b", "", 400, "key 'a/b' must be non-empty without '/' or '?'\n"},
    {"GET", "/other", "", 404, "no such path /other (use /kv/KEY or /healthz)\n"},
    {"POST", "/kv/x", "", 405, "method POST not allowed on /kv/KEY\n"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.method << " " << r.target) {
      auto resp = store.handle(req(r.method, r.target, r.body));
      BOOST_TEST(resp.status == r.status);
      BOOST_TEST(resp.body == r.answer);
      const auto* by = http::find_header(resp.headers, "X-Served-By");
      BOOST_REQUIRE(by != nullptr);
      BOOST_TEST(*by == "db-1");
    }
  }
}

BOOST_AUTO_TEST_CASE(journal_replays_into_a_fresh_store) {
  std::string journal;
  db::kv_store store("db-1", [&journal](std::string_view e) { journal.append(e); });
  store.handle(req("PUT", "/kv/a", "line1\nline2"));
  store.handle(req("PUT", "/kv/b", ""));
  store.handle(req("PUT", "/kv/c", "3"));
  store.handle(req("DELETE", "/kv/c"));
  store.handle(req("DELETE", "/kv/never-there")); // no entry for a no-op
  BOOST_TEST(journal == "P 1 11\naline1\nline2\nP 1 0\nb\nP 1 1\nc3\nD 1\nc\n");

  db::kv_store restored("db-2");
  BOOST_TEST(restored.replay(journal) == 4u);
  BOOST_TEST(restored.size() == 2u);
  BOOST_TEST(restored.handle(req("GET", "/kv/a")).body == "line1\nline2");
  BOOST_TEST(restored.handle(req("GET", "/kv/b")).status == 200);
  BOOST_TEST(restored.handle(req("GET", "/kv/c")).status == 404);
}

BOOST_AUTO_TEST_CASE(a_torn_journal_tail_is_ignored) {
  std::string good = db::kv_store::encode_put("k", "v");
  for (std::string tail : {"P 1 5\nkab", "P 1", "X junk\n", "D 9\nab\n"}) {
    BOOST_TEST_CONTEXT(tail) {
      db::kv_store store("db");
      BOOST_TEST(store.replay(good + tail) == 1u);
      BOOST_TEST(store.handle(req("GET", "/kv/k")).body == "v");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
