// Tests for cache/watch_cache: lists (selectors, limit/continue at one
// revision), watches from "", from a window revision, too old, ahead,
// selector transitions, deletes, triggers (selector evaluations counted),
// bookmarks, slow watchers, malformed values, relists, replicas.

#include <boost/test/unit_test.hpp>

#include "actors/apiserver/cache/continue_token.hpp"
#include "api/node.pb.h"
#include "watch_cache_support.hpp"

using namespace convoy;
using namespace convoy::apiserver;
using namespace convoy::apiserver::test;
using namespace std::string_literals;

namespace {

/// default/a (n1, app=web tier=front, Running), default/b (n2, app=db),
/// kube/c (n1, app=web tier=back, Running), kube/d (unbound, no labels),
/// at revisions 2, 3, 4, 5; cache revision 5.
std::vector<stored_kv> four_pods() {
  return {
    stored(make_pod("kube", "c", "n1", {{"app", "web"}, {"tier", "back"}}, "Running"), 4),
    stored(make_pod("default", "a", "n1", {{"app", "web"}, {"tier", "front"}}, "Running"), 2),
    stored(make_pod("kube", "d"), 5),
    stored(make_pod("default", "b", "n2", {{"app", "db"}}), 3),
  };
}

watch_cache ready_cache(watch_cache_options options = {}) {
  watch_cache cache{pods_resource(), std::move(options)};
  auto r = cache.replace(four_pods(), 5);
  BOOST_REQUIRE_EQUAL(r.skipped, 0u);
  return cache;
}

strings list_names(const watch_cache& cache, const std::string& ns, const std::string& label,
                   const std::string& field) {
  auto r = cache.list(ns, labels(label), fields(field));
  BOOST_REQUIRE(!r.error);
  return names(r.items);
}

/// Every page of a list, following continue tokens.
strings list_all_pages(const watch_cache& cache, const std::string& ns, const std::string& label,
                       const std::string& field, int64_t limit, size_t* pages = nullptr) {
  strings out;
  std::string token;
  size_t n = 0;
  int64_t revision = -1;
  do {
    auto r = cache.list(ns, labels(label), fields(field), limit, token);
    BOOST_REQUIRE(!r.error);
    BOOST_REQUIRE_LE(r.items.size(), static_cast<size_t>(limit));
    if (revision >= 0)
      BOOST_TEST(r.revision == revision);
    revision = r.revision;
    for (auto& name : names(r.items))
      out.push_back(name);
    token = r.continue_token;
    BOOST_REQUIRE_LT(++n, 100u);
  } while (!token.empty());
  if (pages != nullptr)
    *pages = n;
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(watch_cache_tests)

// -- lists ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(list_is_sorted_by_key_and_stamped_with_mod_revisions) {
  auto cache = ready_cache();
  BOOST_TEST(cache.ready());
  BOOST_TEST(cache.revision() == 5);
  BOOST_TEST(cache.size() == 4u);
  auto r = cache.list("", {}, {});
  BOOST_REQUIRE(!r.error);
  BOOST_TEST(r.revision == 5);
  BOOST_TEST(r.continue_token.empty());
  BOOST_TEST(names(r.items) == (strings{"default/a", "default/b", "kube/c", "kube/d"}),
             boost::test_tools::per_element());
  strings rvs;
  for (const auto& item : r.items)
    rvs.push_back(as_pod(item).metadata().resource_version());
  BOOST_TEST(rvs == (strings{"2", "3", "4", "5"}), boost::test_tools::per_element());
  BOOST_TEST(as_pod(cache.get("kube", "c")).spec().node_name() == "n1");
  BOOST_TEST(cache.get("kube", "zz") == nullptr);
}

BOOST_AUTO_TEST_CASE(list_filters_by_namespace_and_selectors) {
  struct row {
    const char* ns;
    const char* label;
    const char* field;
    strings expected;
  };
  const std::vector<row> rows = {
    {"", "", "", {"default/a", "default/b", "kube/c", "kube/d"}},
    {"default", "", "", {"default/a", "default/b"}},
    {"nope", "", "", {}},
    {"", "app=web", "", {"default/a", "kube/c"}},
    {"", "app!=web", "", {"default/b", "kube/d"}},
    {"", "tier in (front,back)", "", {"default/a", "kube/c"}},
    {"", "tier notin (front)", "", {"default/b", "kube/c", "kube/d"}},
    {"", "!tier", "", {"default/b", "kube/d"}},
    {"", "tier", "", {"default/a", "kube/c"}},
    {"", "app in (web,db),tier!=back", "", {"default/a", "default/b"}},
    {"", "", "spec.nodeName=n1", {"default/a", "kube/c"}},
    {"", "", "spec.nodeName=", {"kube/d"}},
    {"", "", "spec.nodeName=n9", {}},
    {"", "", "spec.nodeName!=n1", {"default/b", "kube/d"}},
    {"", "", "status.phase=Running,spec.nodeName=n1", {"default/a", "kube/c"}},
    {"", "", "metadata.name=b", {"default/b"}},
    {"", "", "metadata.namespace=kube", {"kube/c", "kube/d"}},
    {"kube", "", "spec.nodeName=n1", {"kube/c"}},
    {"", "app=web", "status.phase=Pending", {}},
  };
  auto cache = ready_cache();
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("ns '" << r.ns << "' labels '" << r.label << "' fields '" << r.field
                              << "'") {
      BOOST_TEST(list_names(cache, r.ns, r.label, r.field) == r.expected,
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(list_pages_with_limit_and_continue) {
  watch_cache cache{pods_resource()};
  std::vector<stored_kv> objects;
  strings all, web, on_n1;
  for (int i = 0; i < 10; ++i) {
    std::string name = "p" + std::to_string(i);
    std::string app = i % 2 == 0 ? "web" : "db";
    std::string node = i % 3 == 0 ? "n1" : "n2";
    objects.push_back(stored(make_pod("ns", name, node, {{"app", app}}), 10 + i));
    all.push_back("ns/" + name);
    if (app == "web")
      web.push_back("ns/" + name);
    if (node == "n1")
      on_n1.push_back("ns/" + name);
  }
  cache.replace(objects, 30);
  struct row {
    const char* label;
    const char* field;
    int64_t limit;
    const strings& expected;
    size_t pages;
  };
  const std::vector<row> rows = {
    {"", "", 3, all, 4},      {"", "", 5, all, 2},         {"", "", 10, all, 1},
    {"", "", 100, all, 1},    {"app=web", "", 2, web, 3},  {"", "spec.nodeName=n1", 2, on_n1, 2},
    {"", "spec.nodeName=n1", 1, on_n1, 4},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("labels '" << r.label << "' fields '" << r.field << "' limit " << r.limit) {
      size_t pages = 0;
      BOOST_TEST(list_all_pages(cache, "", r.label, r.field, r.limit, &pages) == r.expected,
                 boost::test_tools::per_element());
      BOOST_TEST(pages == r.pages);
    }
  }
}

BOOST_AUTO_TEST_CASE(continue_serves_the_first_pages_revision_after_changes) {
  auto cache = ready_cache();
  auto first = cache.list("", {}, {}, 2);
  BOOST_REQUIRE(!first.error);
  BOOST_TEST(names(first.items) == (strings{"default/a", "default/b"}),
             boost::test_tools::per_element());
  // After page one: c is deleted, d modified, e created, a (already
  // returned) modified.
  cache.apply({delete_event("kube", "c", 6), put_event(make_pod("kube", "d", "n3"), 7),
               put_event(make_pod("kube", "e"), 7),
               put_event(make_pod("default", "a", "n9"), 8)});
  auto second = cache.list("", {}, {}, 2, first.continue_token);
  BOOST_REQUIRE(!second.error);
  BOOST_TEST(second.revision == 5);
  BOOST_TEST(names(second.items) == (strings{"kube/c", "kube/d"}),
             boost::test_tools::per_element());
  BOOST_TEST(as_pod(second.items[1]).spec().node_name() == "");
  BOOST_TEST(as_pod(second.items[1]).metadata().resource_version() == "5");
  BOOST_TEST(second.continue_token.empty());
  // A fresh list sees the new state.
  BOOST_TEST(list_names(cache, "", "", "") ==
               (strings{"default/a", "default/b", "kube/d", "kube/e"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(continue_past_the_window_is_expired_with_an_inconsistent_token) {
  watch_cache_options options;
  options.window_capacity = 2;
  auto cache = ready_cache(options);
  auto first = cache.list("", {}, {}, 2);
  cache.apply({put_event(make_pod("kube", "x"), 6), put_event(make_pod("kube", "y"), 7),
               put_event(make_pod("kube", "z"), 8)});
  BOOST_TEST(cache.oldest_resumable_revision() == 6);
  auto second = cache.list("", {}, {}, 2, first.continue_token);
  BOOST_REQUIRE(second.error);
  BOOST_TEST(second.error->code() == 410);
  BOOST_TEST(second.error->reason() == "Expired");
  BOOST_TEST(second.error->message().find("continue parameter is too old") != std::string::npos);
  const auto& retry = second.error->metadata().continue_();
  BOOST_REQUIRE(!retry.empty());
  auto third = cache.list("", {}, {}, 100, retry);
  BOOST_REQUIRE(!third.error);
  BOOST_TEST(third.revision == 8);
  BOOST_TEST(names(third.items) == (strings{"kube/c", "kube/d", "kube/x", "kube/y", "kube/z"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(continue_tokens_are_kubernetes_shaped_and_checked) {
  continue_token token{42, "default/web\0"s};
  std::string text = token.encode();
  // Byte for byte what Kubernetes encodes (base64url without padding of
  // {"v":"meta.k8s.io/v1","rv":42,"start":"default/web\u0000"}).
  BOOST_TEST(text == "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDIsInN0YXJ0IjoiZGVmYXVsdC93ZWJcdTAwMDAifQ");
  std::string error;
  auto back = continue_token::decode(text, error);
  BOOST_REQUIRE_MESSAGE(back, error);
  BOOST_TEST(back->revision == 42);
  BOOST_TEST(back->start == "default/web\0"s);
  // Members in another order, other whitespace, escaped '/'.
  auto reordered = continue_token::decode(
    "eyAic3RhcnQiIDogImRlZmF1bHRcL3dlYiIsICJydiI6IDcsICJ2IjoibWV0YS5rOHMuaW8vdjEifQ", error);
  BOOST_REQUIRE_MESSAGE(reordered, error);
  BOOST_TEST(reordered->start == "default/web");
  BOOST_TEST(reordered->revision == 7);

  struct row {
    std::string text;
    const char* error;
  };
  const std::vector<row> rows = {
    {"!!!", "illegal base64 data"},
    {continue_token{0, "a"}.encode(), "incorrect encoded start resourceVersion (version meta.k8s.io/v1)"},
    {continue_token{5, ""}.encode(), "encoded start key empty (version meta.k8s.io/v1)"},
    {continue_token{5, "../secrets/x"}.encode(), "../secrets/x"},
    {continue_token{5, "a//b"}.encode(), "a//b"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("token " << r.text) {
      BOOST_TEST(!continue_token::decode(r.text, error));
      BOOST_TEST(error == r.error);
    }
  }
  auto cache = ready_cache();
  auto bad = cache.list("", {}, {}, 1, "!!!");
  BOOST_REQUIRE(bad.error);
  BOOST_TEST(bad.error->code() == 400);
  BOOST_TEST(bad.error->message() == "continue key is not valid: illegal base64 data");
}

BOOST_AUTO_TEST_CASE(continue_from_a_replica_ahead_waits) {
  auto ahead = ready_cache();
  auto behind = ready_cache();
  ahead.apply({put_event(make_pod("kube", "x"), 9)});
  auto first = ahead.list("", {}, {}, 1);
  BOOST_TEST(first.revision == 9);
  auto r = behind.list("", {}, {}, 1, first.continue_token);
  BOOST_TEST(!r.error);
  BOOST_TEST(r.wait_for_revision == 9);
  behind.apply({put_event(make_pod("kube", "x"), 9)});
  r = behind.list("", {}, {}, 1, first.continue_token);
  BOOST_TEST(r.wait_for_revision == 0);
  BOOST_TEST(names(r.items) == (strings{"default/b"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(requests_before_the_first_replace_are_refused) {
  watch_cache cache{pods_resource()};
  auto l = cache.list("", {}, {});
  BOOST_REQUIRE(l.error);
  BOOST_TEST(l.error->code() == 429);
  auto w = cache.add_watch(1, "", {}, {}, "", false);
  BOOST_REQUIRE(w.error);
  BOOST_TEST(w.error->message() == "storage is (re)initializing");
  auto a = cache.apply({put_event(make_pod("a", "b"), 3)});
  BOOST_TEST(a.stale == 1u);
  BOOST_TEST(cache.size() == 0u);
}

// -- watches -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(watch_without_resource_version_starts_with_the_current_state) {
  auto cache = ready_cache();
  auto start = cache.add_watch(1, "", labels("app=web"), {}, "", false);
  BOOST_REQUIRE(!start.error);
  BOOST_TEST(start.start_revision == 5);
  BOOST_TEST(!start.waiting);
  BOOST_TEST(describe(start.events) == (strings{"ADDED default/a@2", "ADDED kube/c@4"}),
             boost::test_tools::per_element());
  auto zero = cache.add_watch(2, "kube", {}, {}, "0", false);
  BOOST_TEST(describe(zero.events) == (strings{"ADDED kube/c@4", "ADDED kube/d@5"}),
             boost::test_tools::per_element());
  auto r = cache.apply({put_event(make_pod("kube", "e", "", {{"app", "web"}}), 6)});
  BOOST_TEST(events_for(r.deliveries, 1) == (strings{"ADDED kube/e@6"}),
             boost::test_tools::per_element());
  BOOST_TEST(events_for(r.deliveries, 2) == (strings{"ADDED kube/e@6"}),
             boost::test_tools::per_element());
  BOOST_TEST(cache.watch_count() == 2u);
  auto dup = cache.add_watch(2, "", {}, {}, "", false);
  BOOST_REQUIRE(dup.error);
  BOOST_TEST(dup.error->code() == 409);
}

BOOST_AUTO_TEST_CASE(watch_resumes_from_a_window_revision) {
  watch_cache_options options;
  options.window_capacity = 4;
  auto cache = ready_cache(options);
  cache.apply({put_event(make_pod("default", "a", "n1", {{"app", "web"}}), 6),
               put_event(make_pod("kube", "d", "", {{"app", "web"}}), 7),
               delete_event("default", "a", 8)});
  struct row {
    const char* rv;
    strings expected;
  };
  const std::vector<row> rows = {
    {"5", {"MODIFIED default/a@6", "ADDED kube/d@7", "DELETED default/a@8"}},
    {"6", {"ADDED kube/d@7", "DELETED default/a@8"}},
    {"7", {"DELETED default/a@8"}},
    {"8", {}},
  };
  int64_t id = 0;
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("rv " << r.rv) {
      auto start = cache.add_watch(++id, "", labels("app=web"), {}, r.rv, false);
      BOOST_REQUIRE(!start.error);
      BOOST_TEST(describe(start.events) == r.expected, boost::test_tools::per_element());
      BOOST_TEST(start.start_revision == std::stoll(r.rv));
    }
  }
  // Two more events push revision 6 out: 6 is now the oldest resumable.
  cache.apply({put_event(make_pod("kube", "x"), 9), put_event(make_pod("kube", "y"), 10)});
  BOOST_TEST(cache.oldest_resumable_revision() == 6);
  BOOST_TEST(!cache.add_watch(++id, "", {}, {}, "6", false).error);
  auto old = cache.add_watch(++id, "", {}, {}, "5", false);
  BOOST_REQUIRE(old.error);
  BOOST_TEST(old.error->code() == 410);
  BOOST_TEST(old.error->reason() == "Expired");
  BOOST_TEST(old.error->message() == "too old resource version: 5 (6)");
  auto bad = cache.add_watch(++id, "", {}, {}, "12abc", false);
  BOOST_REQUIRE(bad.error);
  BOOST_TEST(bad.error->code() == 422);
}

BOOST_AUTO_TEST_CASE(watch_ahead_of_the_cache_waits_for_it) {
  auto cache = ready_cache();
  auto start = cache.add_watch(1, "", {}, {}, "7", true);
  BOOST_REQUIRE(!start.error);
  BOOST_TEST(start.waiting);
  BOOST_TEST(start.events.empty());
  BOOST_TEST(cache.bookmarks().empty());
  auto r = cache.apply({put_event(make_pod("kube", "x"), 6), put_event(make_pod("kube", "y"), 7)});
  BOOST_TEST(r.deliveries.empty());
  r = cache.apply({put_event(make_pod("kube", "z"), 8)});
  BOOST_TEST(events_for(r.deliveries, 1) == (strings{"ADDED kube/z@8"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(selector_transitions_follow_kubernetes) {
  auto cache = ready_cache();
  // 1: app=web; 2: spec.nodeName=n1 (a kubelet); 3: spec.nodeName=n2.
  cache.add_watch(1, "", labels("app=web"), {}, "", false);
  cache.add_watch(2, "", {}, fields("spec.nodeName=n1"), "", false);
  cache.add_watch(3, "", {}, fields("spec.nodeName=n2"), "", false);
  struct row {
    const char* what;
    store::Event event;
    strings web, n1, n2;
  };
  const std::vector<row> rows = {
    {"d gets app=web", put_event(make_pod("kube", "d", "", {{"app", "web"}}), 6),
     {"ADDED kube/d@6"}, {}, {}},
    {"d changes, still web", put_event(make_pod("kube", "d", "", {{"app", "web"}}, "Running"), 7),
     {"MODIFIED kube/d@7"}, {}, {}},
    {"d is bound to n1", put_event(make_pod("kube", "d", "n1", {{"app", "web"}}), 8),
     {"MODIFIED kube/d@8"}, {"ADDED kube/d@8"}, {}},
    {"d loses app=web: DELETED at the event's revision",
     put_event(make_pod("kube", "d", "n1", {{"app", "db"}}), 9), {"DELETED kube/d@9"},
     {"MODIFIED kube/d@9"}, {}},
    {"d moves to n2", put_event(make_pod("kube", "d", "n2", {{"app", "db"}}), 10), {},
     {"DELETED kube/d@10"}, {"ADDED kube/d@10"}},
    {"d is deleted", delete_event("kube", "d", 11), {}, {}, {"DELETED kube/d@11"}},
    {"b (db, n2) changes", put_event(make_pod("default", "b", "n2", {{"app", "db"}}, "Running"), 12),
     {}, {}, {"MODIFIED default/b@12"}},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.what) {
      auto result = cache.apply({r.event});
      BOOST_TEST(events_for(result.deliveries, 1) == r.web, boost::test_tools::per_element());
      BOOST_TEST(events_for(result.deliveries, 2) == r.n1, boost::test_tools::per_element());
      BOOST_TEST(events_for(result.deliveries, 3) == r.n2, boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(deleted_from_view_carries_the_previous_content) {
  auto cache = ready_cache();
  cache.add_watch(1, "", labels("app=web"), {}, "", false);
  auto r = cache.apply({put_event(make_pod("default", "a", "n7", {{"app", "db"}}), 6)});
  BOOST_REQUIRE_EQUAL(r.deliveries.size(), 1u);
  const auto& e = r.deliveries[0].events.at(0);
  BOOST_TEST(e.revision == 6);
  const auto& p = as_pod(e.object);
  BOOST_TEST(p.metadata().labels().at("app") == "web"); // the old state
  BOOST_TEST(p.spec().node_name() == "n1");
  BOOST_TEST(p.metadata().resource_version() == "6"); // the event's revision
  // The cached object itself is untouched.
  BOOST_TEST(as_pod(cache.get("default", "a")).metadata().resource_version() == "6");
  BOOST_TEST(as_pod(cache.get("default", "a")).spec().node_name() == "n7");
}

BOOST_AUTO_TEST_CASE(deletes_carry_the_last_state_at_the_deletion_revision) {
  auto cache = ready_cache();
  cache.add_watch(1, "default", {}, {}, "", false);
  cache.add_watch(2, "kube", {}, {}, "", false);
  auto r = cache.apply({delete_event("default", "a", 6), delete_event("default", "nope", 7)});
  BOOST_TEST(r.applied == 1u);
  BOOST_REQUIRE_EQUAL(r.deliveries.size(), 1u);
  BOOST_TEST(describe(r.deliveries[0].events) == (strings{"DELETED default/a@6"}),
             boost::test_tools::per_element());
  const auto& p = as_pod(r.deliveries[0].events[0].object);
  BOOST_TEST(p.spec().node_name() == "n1");
  BOOST_TEST(p.metadata().labels().at("tier") == "front");
  BOOST_TEST(cache.get("default", "a") == nullptr);
  BOOST_TEST(cache.revision() == 7);
}

BOOST_AUTO_TEST_CASE(events_of_one_revision_stay_in_order) {
  auto cache = ready_cache();
  cache.add_watch(1, "", {}, {}, "", false);
  auto r = cache.apply({put_event(make_pod("z", "3"), 6), put_event(make_pod("a", "1"), 6),
                        delete_event("kube", "d", 6), put_event(make_pod("m", "2"), 6),
                        put_event(make_pod("b", "0"), 7)});
  BOOST_REQUIRE_EQUAL(r.deliveries.size(), 1u);
  BOOST_TEST(describe(r.deliveries[0].events) ==
               (strings{"ADDED z/3@6", "ADDED a/1@6", "DELETED kube/d@6", "ADDED m/2@6",
                        "ADDED b/0@7"}),
             boost::test_tools::per_element());
  // A resumed watch replays them in the same order.
  auto resumed = cache.add_watch(2, "", {}, {}, "5", false);
  BOOST_TEST(describe(resumed.events) == describe(r.deliveries[0].events),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(triggers_evaluate_only_the_concerned_watchers) {
  // No slow-watcher limit: the all-pods watch gets the whole batch below.
  watch_cache_options unlimited;
  unlimited.max_pending_events = 0;
  watch_cache cache{pods_resource(), unlimited};
  cache.replace({}, 1);
  const int nodes = 1000;
  for (int i = 0; i < nodes; ++i)
    cache.add_watch(i, "", {}, fields("spec.nodeName=node-" + std::to_string(i)), "", false);
  cache.add_watch(5000, "", {}, {}, "", false);                            // scheduler-like
  cache.add_watch(5001, "team-a", labels("app=web"), {}, "", false);       // one namespace
  cache.add_watch(5002, "", {}, fields("metadata.namespace=team-b"), "", false);
  auto checks = [&] { return cache.stats().watcher_checks; };

  auto before = checks();
  auto r = cache.apply({put_event(make_pod("team-c", "p", "node-7"), 2)});
  BOOST_TEST(checks() - before == 2u); // node-7's kubelet + the all-pods watch
  BOOST_TEST(events_for(r.deliveries, 7) == (strings{"ADDED team-c/p@2"}),
             boost::test_tools::per_element());
  BOOST_TEST(events_for(r.deliveries, 5000).size() == 1u);

  before = checks();
  r = cache.apply({put_event(make_pod("team-a", "q", "node-8", {{"app", "web"}}), 3)});
  BOOST_TEST(checks() - before == 3u); // + the team-a watch

  before = checks();
  r = cache.apply({put_event(make_pod("team-b", "r"), 4)});
  BOOST_TEST(checks() - before == 2u); // unbound: no kubelet; + the team-b watch
  BOOST_TEST(events_for(r.deliveries, 5002) == (strings{"ADDED team-b/r@4"}),
             boost::test_tools::per_element());

  // Rebinding visits the old and the new node's kubelet.
  before = checks();
  r = cache.apply({put_event(make_pod("team-c", "p", "node-9"), 5)});
  BOOST_TEST(checks() - before == 3u);
  BOOST_TEST(events_for(r.deliveries, 7) == (strings{"DELETED team-c/p@5"}),
             boost::test_tools::per_element());
  BOOST_TEST(events_for(r.deliveries, 9) == (strings{"ADDED team-c/p@5"}),
             boost::test_tools::per_element());

  // 1,000 events on 1,000 nodes: two checks each, not 1,003.
  std::vector<store::Event> batch;
  for (int i = 0; i < nodes; ++i)
    batch.push_back(put_event(make_pod("x", "p" + std::to_string(i), "node-" + std::to_string(i)),
                              6 + i));
  before = checks();
  r = cache.apply(batch);
  BOOST_TEST(checks() - before == 2u * nodes);
  BOOST_TEST(r.deliveries.size() == static_cast<size_t>(nodes) + 1);

  BOOST_TEST(cache.remove_watch(7));
  BOOST_TEST(!cache.remove_watch(7));
  before = checks();
  cache.apply({put_event(make_pod("team-c", "s", "node-7"), 5000)});
  BOOST_TEST(checks() - before == 1u);
}

BOOST_AUTO_TEST_CASE(cluster_scoped_kinds_trigger_on_metadata_name) {
  const auto& nodes = *codec::resource_registry::builtin().by_resource("nodes");
  watch_cache cache{nodes};
  auto node = [](const std::string& name, int64_t rev) {
    api::Node n;
    n.mutable_metadata()->set_name(name);
    store::Event e;
    e.mutable_kv()->set_key("/registry/minions/" + name);
    e.mutable_kv()->set_value(n.SerializeAsString());
    e.mutable_kv()->set_mod_revision(rev);
    return e;
  };
  cache.replace({}, 1);
  for (int i = 0; i < 100; ++i) {
    auto sel = field_selector::parse("metadata.name=n" + std::to_string(i), "Node");
    BOOST_REQUIRE(sel);
    cache.add_watch(i, "ignored-namespace", {}, *sel.value, "", false);
  }
  auto before = cache.stats().watcher_checks;
  auto r = cache.apply({node("n42", 2), node("n43", 3)});
  BOOST_TEST(cache.stats().watcher_checks - before == 2u);
  BOOST_REQUIRE_EQUAL(r.deliveries.size(), 2u);
  BOOST_TEST(r.deliveries[0].watch_id == 42);
  BOOST_TEST(r.deliveries[1].watch_id == 43);
  auto l = cache.list("whatever", {}, {});
  BOOST_TEST(l.items.size() == 2u);
  auto bad = cache.apply({node("a/b", 4)});
  BOOST_TEST(bad.skipped == 1u);
}

BOOST_AUTO_TEST_CASE(bookmarks_carry_the_cache_revision) {
  auto cache = ready_cache();
  cache.add_watch(1, "", {}, {}, "", true);
  cache.add_watch(2, "", {}, {}, "", false);
  cache.add_watch(3, "", {}, {}, "99", true); // waiting: no bookmark yet
  cache.add_watch(4, "kube", labels("app=nothing"), {}, "5", true);
  auto marks = cache.bookmarks();
  BOOST_REQUIRE_EQUAL(marks.size(), 2u);
  BOOST_TEST(marks[0].watch_id == 1);
  BOOST_TEST(marks[1].watch_id == 4);
  BOOST_TEST(describe(marks[0].events) == (strings{"BOOKMARK @5"}), boost::test_tools::per_element());
  BOOST_TEST(marks[0].events[0].object == marks[1].events[0].object); // shared
  api::Pod expected;
  expected.mutable_metadata()->set_resource_version("5");
  BOOST_TEST(marks[0].events[0].object->SerializeAsString() == expected.SerializeAsString());
  cache.apply({put_event(make_pod("default", "x"), 6)});
  cache.advance(40);
  cache.advance(30); // never backwards
  BOOST_TEST(cache.revision() == 40);
  marks = cache.bookmarks();
  BOOST_TEST(describe(marks.at(0).events) == (strings{"BOOKMARK @40"}),
             boost::test_tools::per_element());
  // A watch may resume from the bookmark's revision.
  BOOST_TEST(!cache.add_watch(5, "", {}, {}, "40", false).error);
}

BOOST_AUTO_TEST_CASE(slow_watchers_are_closed_with_429) {
  watch_cache_options options;
  options.max_pending_events = 3;
  auto cache = ready_cache(options);
  cache.add_watch(1, "", {}, {}, "", false); // never acknowledges
  cache.add_watch(2, "", {}, {}, "", false); // acknowledges everything
  int64_t rev = 5;
  auto step = [&](int n) {
    std::vector<store::Event> batch;
    for (int i = 0; i < n; ++i)
      batch.push_back(put_event(make_pod("s", "p" + std::to_string(i)), ++rev));
    auto r = cache.apply(batch);
    cache.acknowledge(2, events_for(r.deliveries, 2).size());
    return r;
  };
  auto r = step(2);
  BOOST_TEST(events_for(r.deliveries, 1).size() == 2u);
  r = step(2);
  BOOST_TEST(events_for(r.deliveries, 1) == (strings{"ERROR 429 TooManyRequests"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.deliveries.at(0).terminated);
  BOOST_TEST(events_for(r.deliveries, 2).size() == 2u);
  BOOST_TEST(cache.watch_count() == 1u);
  BOOST_TEST(cache.stats().watchers_terminated == 1u);
  // One burst larger than the limit closes even an acknowledging watch.
  r = step(4);
  BOOST_TEST(events_for(r.deliveries, 2) == (strings{"ERROR 429 TooManyRequests"}),
             boost::test_tools::per_element());
  BOOST_TEST(cache.watch_count() == 0u);
  // Initial events do not count.
  cache.add_watch(3, "", {}, {}, "", false);
  r = step(3);
  BOOST_TEST(events_for(r.deliveries, 3).size() == 3u);
}

BOOST_AUTO_TEST_CASE(malformed_values_are_skipped_and_counted) {
  auto cache = ready_cache();
  cache.add_watch(1, "", {}, {}, "", false);
  auto r = cache.apply({put_event(make_pod("x", "good1"), 6),
                        raw_put(pod_key("x", "bad"), "\xff\xff\xff\xff", 7),
                        raw_put(pod_key("default", "a"), "\x0a\x05garb", 8), // corrupt update
                        raw_put("/registry/pods/no-name", "", 9),
                        raw_put("/registry/services/x/y", "", 9),
                        put_event(make_pod("x", "good2"), 10)});
  BOOST_TEST(r.applied == 2u);
  BOOST_TEST(r.skipped == 4u);
  BOOST_REQUIRE_EQUAL(r.errors.size(), 4u);
  BOOST_TEST(r.errors[0] == "skipped /registry/pods/x/bad at revision 7: the value is not a "
                            "valid convoy.api.Pod");
  BOOST_TEST(cache.stats().events_skipped == 4u);
  BOOST_TEST(cache.revision() == 10);
  BOOST_TEST(cache.get("x", "bad") == nullptr);
  BOOST_TEST(as_pod(cache.get("default", "a")).metadata().resource_version() == "2");
  BOOST_TEST(events_for(r.deliveries, 1) == (strings{"ADDED x/good1@6", "ADDED x/good2@10"}),
             boost::test_tools::per_element());
  // Deleting the never-decoded key tells nobody anything.
  r = cache.apply({delete_event("x", "bad", 11)});
  BOOST_TEST(r.deliveries.empty());
  // In a relist too.
  watch_cache other{pods_resource()};
  auto objects = four_pods();
  objects.push_back({pod_key("x", "bad"), "\xff\xff", 3});
  auto rr = other.replace(objects, 5);
  BOOST_TEST(rr.skipped == 1u);
  BOOST_TEST(other.size() == 4u);
}

BOOST_AUTO_TEST_CASE(replayed_store_events_are_ignored) {
  auto cache = ready_cache();
  cache.add_watch(1, "", {}, {}, "", false);
  std::vector<store::Event> batch = {put_event(make_pod("x", "a"), 6),
                                     put_event(make_pod("x", "b"), 7)};
  BOOST_TEST(cache.apply(batch).deliveries.size() == 1u);
  auto again = cache.apply(batch);
  BOOST_TEST(again.stale == 2u);
  BOOST_TEST(again.deliveries.empty());
  // Out-of-order revisions inside one batch are refused.
  auto bad = cache.apply({put_event(make_pod("x", "c"), 9), put_event(make_pod("x", "d"), 8)});
  BOOST_TEST(bad.applied == 1u);
  BOOST_TEST(bad.skipped == 1u);
}

BOOST_AUTO_TEST_CASE(relist_tells_watchers_the_difference) {
  auto cache = ready_cache();
  cache.add_watch(1, "", labels("app in (web,db)"), {}, "", false);
  auto objects = four_pods();
  objects.erase(objects.begin());                                                    // c gone
  objects.push_back(stored(make_pod("kube", "e", "", {{"app", "db"}}), 12));         // new
  objects[2] = stored(make_pod("default", "b", "n2", {{"app", "db"}}, "Running"), 11); // changed
  auto r = cache.replace(objects, 20);
  BOOST_TEST(events_for(r.deliveries, 1) ==
               (strings{"MODIFIED default/b@11", "DELETED kube/c@20", "ADDED kube/e@12"}),
             boost::test_tools::per_element());
  BOOST_TEST(cache.revision() == 20);
  BOOST_TEST(cache.oldest_resumable_revision() == 20);
  BOOST_TEST(cache.stats().relists == 2u);
  BOOST_TEST(cache.add_watch(2, "", {}, {}, "19", false).error->code() == 410);
  BOOST_TEST(list_names(cache, "", "", "") ==
               (strings{"default/a", "default/b", "kube/d", "kube/e"}),
             boost::test_tools::per_element());
  auto older = cache.replace(objects, 10);
  BOOST_TEST(older.errors.size() == 1u);
  BOOST_TEST(cache.revision() == 20);
}

BOOST_AUTO_TEST_CASE(watches_move_between_replicas_within_their_windows) {
  watch_cache_options small;
  small.window_capacity = 2;
  auto a = ready_cache();
  auto b = ready_cache(small);
  a.add_watch(1, "", {}, {}, "", false);
  std::vector<store::Event> batch;
  for (int i = 0; i < 5; ++i)
    batch.push_back(put_event(make_pod("m", "p" + std::to_string(i)), 6 + i));
  a.apply({batch[0], batch[1]});
  b.apply({batch[0], batch[1], batch[2]});
  // The client saw up to revision 7 on replica a, then reconnects to b.
  auto moved = b.add_watch(1, "", {}, {}, "7", false);
  BOOST_REQUIRE(!moved.error);
  BOOST_TEST(describe(moved.events) == (strings{"ADDED m/p2@8"}), boost::test_tools::per_element());
  b.apply({batch[3], batch[4]});
  auto late = b.add_watch(2, "", {}, {}, "7", false);
  BOOST_REQUIRE(late.error);
  BOOST_TEST(late.error->message() == "too old resource version: 7 (8)");
  // Replica a still has it.
  a.apply(batch);
  BOOST_TEST(describe(a.add_watch(2, "", {}, {}, "7", false).events).size() == 3u);
}

BOOST_AUTO_TEST_CASE(objects_are_shared_not_copied) {
  auto cache = ready_cache();
  cache.add_watch(1, "", {}, {}, "", false);
  cache.add_watch(2, "kube", {}, {}, "", false);
  auto r = cache.apply({put_event(make_pod("kube", "n"), 6)});
  BOOST_REQUIRE_EQUAL(r.deliveries.size(), 2u);
  BOOST_TEST(r.deliveries[0].events[0].object == r.deliveries[1].events[0].object);
  BOOST_TEST(r.deliveries[0].events[0].object == cache.get("kube", "n"));
  BOOST_TEST(cache.list("kube", {}, {}).items.back() == cache.get("kube", "n"));
}

BOOST_AUTO_TEST_SUITE_END()
