// Randomized tests of cache/watch_cache against a simple model (a map per
// revision), and a micro-benchmark of the fan-out.
//
// The model applies the same random store changes (creates, updates,
// deletes, several per revision, gaps between revisions, malformed values,
// missed events followed by relists, progress notifications). After every
// step each watch's view, rebuilt from nothing but the events it got, must
// equal the model's current state filtered by its namespace and selectors;
// watches started from "" or from any revision must converge the same way;
// paginated lists, even with changes between pages, must equal the model
// at the first page's revision (or be Expired when the window moved on).
// CONVOY_SEED=<n> replays one seed.

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>

#include <google/protobuf/util/message_differencer.h>

#include "actors/apiserver/cache/object_meta.hpp"
#include "watch_cache_support.hpp"

using namespace convoy;
using namespace convoy::apiserver;
using namespace convoy::apiserver::test;

namespace {

using state = std::map<std::string, api::Pod>; ///< key -> pod with resourceVersion

struct model_watcher {
  int64_t id = 0;
  std::string ns;
  std::string label_text;
  std::string field_text;
  label_selector labels;
  field_selector fields;
  bool bookmarks = false;
  int64_t waiting_for = -1; ///< resourceVersion ahead of the cache when started
  state view;
};

class model_run {
public:
  explicit model_run(uint64_t seed) : rng_(seed) {
    watch_cache_options options;
    options.window_capacity = pick(3, 40);
    options.max_pending_events = 0;
    cache_ = std::make_unique<watch_cache>(pods_resource(), options);
    history_[0] = {};
    check(cache_->replace({}, 0));
  }

  void step() {
    int dice = pick(0, 99);
    if (dice < 60)
      change_batch(true);
    else if (dice < 70)
      add_watcher();
    else if (dice < 74)
      remove_watcher();
    else if (dice < 86)
      paginated_list();
    else if (dice < 90)
      relist();
    else if (dice < 94)
      advance();
    else
      bookmarks();
    verify_views();
  }

  size_t watchers() const { return watchers_.size(); }

private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>{lo, hi}(rng_); }

  template <class T>
  const T& pick_of(const std::vector<T>& items) {
    return items[static_cast<size_t>(pick(0, static_cast<int>(items.size()) - 1))];
  }

  const state& current() const { return history_.rbegin()->second; }

  const state& at(int64_t revision) const { return std::prev(history_.upper_bound(revision))->second; }

  int64_t revision() const { return history_.rbegin()->first; }

  bool passes(const model_watcher& w, const api::Pod& p) const {
    return (w.ns.empty() || w.ns == p.metadata().namespace_()) &&
           w.labels.matches(p.metadata().labels()) && w.fields.matches(p);
  }

  state filtered(const state& s, const model_watcher& w) const {
    state out;
    for (const auto& [key, pod] : s)
      if (passes(w, pod))
        out.emplace(key, pod);
    return out;
  }

  /// Random changes of one or more revisions (with gaps); fed to the cache
  /// unless `feed` is false (missed events, repaired by a relist).
  void change_batch(bool feed) {
    std::vector<store::Event> events;
    state s = current();
    int64_t rev = revision();
    int revisions = pick(1, 3);
    for (int r = 0; r < revisions; ++r) {
      rev += pick(1, 3);
      int ops = pick(1, 3);
      std::set<std::string> touched;
      for (int o = 0; o < ops; ++o)
        change_one(s, rev, touched, events);
      history_[rev] = s;
    }
    if (!feed)
      return;
    if (pick(0, 9) == 0) {
      // One apply per revision.
      std::vector<store::Event> group;
      for (size_t i = 0; i < events.size(); ++i) {
        group.push_back(events[i]);
        if (i + 1 == events.size() || events[i + 1].kv().mod_revision() != events[i].kv().mod_revision()) {
          check(cache_->apply(group));
          group.clear();
        }
      }
    } else {
      check(cache_->apply(events));
      if (pick(0, 9) == 0)
        BOOST_TEST(cache_->apply(events).stale == events.size());
    }
  }

  void change_one(state& s, int64_t rev, std::set<std::string>& touched,
                  std::vector<store::Event>& events) {
    std::string ns = pick_of<std::string>({"a", "b", "c"});
    std::string name = "p" + std::to_string(pick(0, 9));
    std::string key = pod_key(ns, name);
    if (!touched.insert(key).second)
      return;
    auto it = s.find(key);
    if (it != s.end() && pick(0, 9) < 4) {
      s.erase(it);
      events.push_back(delete_event(ns, name, rev));
      return;
    }
    if (pick(0, 29) == 0) {
      // Malformed: skipped by the cache, so the model does not change.
      events.push_back(raw_put(key, "\xff\xff\xff", rev));
      return;
    }
    std::map<std::string, std::string> labels;
    if (auto app = pick(0, 2); app > 0)
      labels["app"] = app == 1 ? "web" : "db";
    auto pod = make_pod(ns, name, pick_of<std::string>({"", "n1", "n2", "n3"}), labels,
                        pick_of<std::string>({"Pending", "Running"}));
    events.push_back(put_event(pod, rev));
    pod.mutable_metadata()->set_resource_version(std::to_string(rev));
    s[key] = pod;
  }

  void check(const apply_result& r) {
    for (const auto& d : r.deliveries) {
      auto it = watchers_.find(d.watch_id);
      BOOST_REQUIRE(it != watchers_.end());
      if (d.terminated) {
        // Only a watch waiting for a revision a relist jumped over ends.
        BOOST_REQUIRE(it->second.waiting_for > 0);
        BOOST_TEST(describe(d.events.back()) == "ERROR 410 Expired");
        watchers_.erase(it);
        continue;
      }
      auto& w = it->second;
      if (w.waiting_for > 0) {
        // The first events after the revision it waited for: it starts from
        // the state at that revision.
        w.view = filtered(at(w.waiting_for), w);
        w.waiting_for = 0;
      }
      apply_to_view(w, d.events);
    }
  }

  void apply_to_view(model_watcher& w, const std::vector<watch_event>& events) {
    for (const auto& e : events) {
      BOOST_REQUIRE(e.type != watch_event_type::error);
      if (e.type == watch_event_type::bookmark)
        continue;
      const auto& p = as_pod(e.object);
      auto key = pod_key(p.metadata().namespace_(), p.metadata().name());
      bool present = w.view.count(key) != 0;
      BOOST_TEST_CONTEXT("watch " << w.id << " event " << describe(e)) {
        BOOST_REQUIRE(present == (e.type != watch_event_type::added));
      }
      if (e.type == watch_event_type::deleted) {
        BOOST_TEST(p.metadata().resource_version() == std::to_string(e.revision));
        w.view.erase(key);
      } else {
        w.view[key] = p;
      }
    }
  }

  void add_watcher() {
    model_watcher w;
    w.id = next_id_++;
    w.ns = pick_of<std::string>({"", "", "a", "b"});
    w.label_text = pick_of<std::string>({"", "", "app=web", "app in (web,db)", "!app", "app!=db"});
    w.field_text = pick_of<std::string>(
      {"", "", "spec.nodeName=n1", "spec.nodeName=n2", "spec.nodeName=", "status.phase!=Running",
       "metadata.name=p3", "spec.nodeName=n1,status.phase=Running", "metadata.namespace=c"});
    w.labels = labels(w.label_text);
    w.fields = fields(w.field_text);
    w.bookmarks = pick(0, 1) == 1;
    std::string rv;
    int64_t n = -1;
    if (pick(0, 2) > 0) {
      n = pick(static_cast<int>(cache_->oldest_resumable_revision()) - 3,
               static_cast<int>(cache_->revision()) + 3);
      n = std::max<int64_t>(n, 1);
      rv = std::to_string(n);
    }
    auto start = cache_->add_watch(w.id, w.ns, w.labels, w.fields, rv, w.bookmarks);
    if (n >= 0 && n < cache_->oldest_resumable_revision()) {
      BOOST_REQUIRE(start.error);
      BOOST_TEST(start.error->code() == 410);
      return;
    }
    BOOST_REQUIRE(!start.error);
    if (n < 0) {
      apply_to_view(w, start.events);
    } else if (n > cache_->revision()) {
      BOOST_TEST(start.waiting);
      BOOST_TEST(start.events.empty());
      w.waiting_for = n;
    } else {
      w.view = filtered(at(n), w);
      apply_to_view(w, start.events);
    }
    watchers_.emplace(w.id, std::move(w));
  }

  void remove_watcher() {
    if (watchers_.empty())
      return;
    auto it = watchers_.begin();
    std::advance(it, pick(0, static_cast<int>(watchers_.size()) - 1));
    BOOST_TEST(cache_->remove_watch(it->first));
    watchers_.erase(it);
  }

  void paginated_list() {
    model_watcher sel;
    sel.ns = pick_of<std::string>({"", "a", "c"});
    sel.labels = labels(pick_of<std::string>({"", "app=web", "!app"}));
    sel.fields = fields(pick_of<std::string>({"", "spec.nodeName=n2", "status.phase=Running"}));
    int64_t limit = pick(0, 4);
    std::string token;
    int64_t at_revision = -1;
    std::vector<std::string> got;
    for (int page = 0; page < 100; ++page) {
      auto r = cache_->list(sel.ns, sel.labels, sel.fields, limit, token);
      if (r.error) {
        BOOST_TEST(r.error->code() == 410);
        BOOST_TEST(at_revision < cache_->oldest_resumable_revision());
        return;
      }
      if (at_revision < 0)
        at_revision = r.revision;
      BOOST_TEST(r.revision == at_revision);
      for (const auto& item : r.items)
        got.push_back(pod_key(as_pod(item).metadata().namespace_(), as_pod(item).metadata().name()) +
                      "@" + as_pod(item).metadata().resource_version());
      token = r.continue_token;
      if (token.empty())
        break;
      if (pick(0, 1) == 0)
        change_batch(true);
    }
    std::vector<std::string> expected;
    for (const auto& [key, pod] : filtered(at(at_revision), sel))
      expected.push_back(key + "@" + pod.metadata().resource_version());
    BOOST_TEST(got == expected, boost::test_tools::per_element());
  }

  void relist_to_current() {
    std::vector<stored_kv> objects;
    for (const auto& [key, pod] : current()) {
      api::Pod stored_pod = pod;
      stored_pod.mutable_metadata()->clear_resource_version();
      objects.push_back({key, stored_pod.SerializeAsString(),
                         std::stoll(pod.metadata().resource_version())});
    }
    // Listed in store (key) order, reversed sometimes: order must not matter.
    if (pick(0, 1) == 0)
      std::reverse(objects.begin(), objects.end());
    check(cache_->replace(objects, revision()));
    BOOST_TEST(cache_->oldest_resumable_revision() == revision());
  }

  void relist() {
    if (pick(0, 1) == 0)
      change_batch(false); // the store watch lost these
    relist_to_current();
  }

  void advance() {
    int64_t rev = revision() + pick(1, 5);
    history_[rev] = current();
    cache_->advance(rev);
  }

  void bookmarks() {
    auto marks = cache_->bookmarks();
    size_t expected = 0;
    for (const auto& [id, w] : watchers_)
      if (w.bookmarks && w.waiting_for <= cache_->revision())
        ++expected;
    BOOST_TEST(marks.size() == expected);
    for (const auto& d : marks)
      BOOST_TEST(describe(d.events) == strings{"BOOKMARK @" + std::to_string(cache_->revision())},
                 boost::test_tools::per_element());
  }

  void verify_views() {
    BOOST_REQUIRE_EQUAL(cache_->revision(), revision());
    BOOST_REQUIRE_EQUAL(cache_->watch_count(), watchers_.size());
    for (auto& [id, w] : watchers_) {
      if (w.waiting_for > 0) {
        if (w.waiting_for > revision())
          continue;
        // Reached without events for it: its view is the state it waited for.
        w.view = filtered(at(w.waiting_for), w);
        w.waiting_for = 0;
      }
      auto expected = filtered(current(), w);
      BOOST_TEST_CONTEXT("watch " << w.id << " ns '" << w.ns << "' labels '" << w.label_text
                                  << "' fields '" << w.field_text << "'") {
        BOOST_REQUIRE_EQUAL(w.view.size(), expected.size());
        for (const auto& [key, pod] : expected) {
          auto it = w.view.find(key);
          BOOST_REQUIRE_MESSAGE(it != w.view.end(), "missing " << key);
          BOOST_REQUIRE_MESSAGE(
            google::protobuf::util::MessageDifferencer::Equals(it->second, pod),
            key << ": " << it->second.ShortDebugString() << " != " << pod.ShortDebugString());
        }
      }
    }
  }

  std::mt19937_64 rng_;
  std::unique_ptr<watch_cache> cache_;
  std::map<int64_t, state> history_;
  std::map<int64_t, model_watcher> watchers_;
  int64_t next_id_ = 1;
};

std::vector<uint64_t> seeds() {
  if (const char* env = std::getenv("CONVOY_SEED"))
    return {std::strtoull(env, nullptr, 10)};
  std::vector<uint64_t> out;
  for (uint64_t s = 1; s <= 40; ++s)
    out.push_back(s);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(watch_cache_model_tests)

BOOST_AUTO_TEST_CASE(random_changes_watches_and_lists_match_the_model) {
  size_t most_watchers = 0;
  for (auto seed : seeds()) {
    BOOST_TEST_CONTEXT("SEED=" << seed) {
      model_run run{seed};
      for (int i = 0; i < 400; ++i) {
        run.step();
        most_watchers = std::max(most_watchers, run.watchers());
      }
    }
  }
  BOOST_TEST(most_watchers >= 5u);
}

namespace {

/// Applies 1,000 pod status updates, one revision each, to a cache of
/// 10,000 pods on 1,000 nodes watched by 1,000 kubelets and one all-pods
/// watch; returns the wall time and prints it. `triggers`: kubelets select
/// with spec.nodeName=N (indexed); otherwise with a label node=N (not
/// indexable: every watch is evaluated for every event).
double bench_fan_out(bool triggers, bool one_call) {
  constexpr int nodes = 1000;
  constexpr int pods_per_node = 10;
  watch_cache cache{pods_resource()};
  std::vector<stored_kv> objects;
  std::vector<api::Pod> pods;
  for (int n = 0; n < nodes; ++n)
    for (int i = 0; i < pods_per_node; ++i) {
      std::string node = "node-" + std::to_string(n);
      pods.push_back(make_pod("ns-" + std::to_string(i), "pod-" + std::to_string(n) + "-" +
                                                          std::to_string(i),
                              node, {{"app", "web"}, {"node", node}}, "Pending"));
      objects.push_back(stored(pods.back(), 1));
    }
  cache.replace(objects, 1);
  for (int n = 0; n < nodes; ++n) {
    std::string node = "node-" + std::to_string(n);
    if (triggers)
      cache.add_watch(n, "", {}, fields("spec.nodeName=" + node), "", true);
    else
      cache.add_watch(n, "", labels("node=" + node), {}, "", true);
  }
  cache.add_watch(nodes, "", {}, {}, "", true);
  std::mt19937_64 rng{7};
  std::vector<store::Event> events;
  for (int i = 0; i < 1000; ++i) {
    auto& p = pods[rng() % pods.size()];
    p.mutable_status()->set_phase(p.status().phase() == "Pending" ? "Running" : "Pending");
    events.push_back(put_event(p, 2 + i));
  }
  auto checks = cache.stats().watcher_checks;
  size_t delivered = 0;
  auto t0 = std::chrono::steady_clock::now();
  if (one_call) {
    for (auto& d : cache.apply(events).deliveries)
      delivered += d.events.size();
  } else {
    for (auto& e : events)
      for (auto& d : cache.apply(std::vector<store::Event>{e}).deliveries)
        delivered += d.events.size();
  }
  auto t1 = std::chrono::steady_clock::now();
  double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  std::cout << "watch_cache bench: 1000 events (" << (one_call ? "one apply" : "1000 applies")
            << "), 1000 kubelet watches on " << (triggers ? "spec.nodeName (triggers)" : "a label (no triggers)")
            << " + 1 all-pods watch, 10000 pods: " << ms << " ms (" << ms << " us/event incl. decode), "
            << (cache.stats().watcher_checks - checks) << " selector evaluations, " << delivered
            << " events delivered\n";
  return ms;
}

} // namespace

BOOST_AUTO_TEST_CASE(micro_benchmark_fan_out_to_kubelets) {
  bench_fan_out(true, false);
  bench_fan_out(true, true);
  bench_fan_out(false, true);
}

BOOST_AUTO_TEST_SUITE_END()
