// Tests for queue/scheduling_queue: kube-scheduler's PriorityQueue with its
// active, backoff and unschedulable sub-queues (scheduling_queue_test.go):
// ordering, updates and removals, back-off, the periodic flush, and a
// randomized comparison against a small reference model.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "actors/scheduler/queue/scheduling_queue.hpp"
#include "builders.hpp"

using namespace convoy::scheduler;
using namespace convoy::scheduler::test;
using namespace std::chrono_literals;

namespace {

pod_info_ptr pod(const std::string& name, int32_t priority = 0) {
  return pod_builder(name).priority(priority).info();
}

std::string key(const std::string& name) {
  return "default/" + name;
}

/// The sub-queue sizes are `active`, `backoff`, `unschedulable`, and size()
/// is their sum.
void check_sizes(const scheduling_queue& q, size_t active, size_t backoff, size_t unschedulable) {
  BOOST_TEST(q.active_size() == active);
  BOOST_TEST(q.backoff_size() == backoff);
  BOOST_TEST(q.unschedulable_size() == unschedulable);
  BOOST_TEST(q.size() == active + backoff + unschedulable);
}

/// Pops every active pod, returning their names in order.
std::vector<std::string> drain(scheduling_queue& q) {
  std::vector<std::string> out;
  while (auto p = q.pop())
    out.push_back(p->info->meta().name());
  return out;
}

/// Pops the pod `name` (it must be next).
queued_pod pop_named(scheduling_queue& q, const std::string& name) {
  auto p = q.pop();
  BOOST_REQUIRE(p.has_value());
  BOOST_REQUIRE_EQUAL(p->info->meta().name(), name);
  return *p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(scheduling_queue_test)

// ----------------------------------------------------------------- ordering

BOOST_AUTO_TEST_CASE(pop_orders_by_priority_then_time_then_insertion) {
  scheduling_queue q;
  q.add(pod("low-late"), 3s);
  check_sizes(q, 1, 0, 0);
  q.add(pod("low-early"), 1s);
  q.add(pod("high", 10), 5s);
  q.add(pod("low-early-2"), 1s); // same time as low-early, added later
  q.add(pod("negative", -5), 0s);
  q.add(pod("mid", 5), 9s);
  check_sizes(q, 6, 0, 0);
  const std::vector<std::string> want = {"high",        "mid",      "low-early",
                                         "low-early-2", "low-late", "negative"};
  BOOST_TEST(drain(q) == want, boost::test_tools::per_element());
  check_sizes(q, 0, 0, 0);
}

BOOST_AUTO_TEST_CASE(insertion_order_breaks_full_ties) {
  scheduling_queue q;
  std::vector<std::string> want;
  for (int i = 0; i < 20; ++i) {
    // Names that do not sort like the insertion order.
    auto name = "p" + std::to_string((i * 7) % 20);
    want.push_back(name);
    q.add(pod(name), 1s);
  }
  BOOST_TEST(drain(q) == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(pop_removes_the_pod) {
  scheduling_queue q;
  BOOST_TEST(!q.pop().has_value());
  auto info = pod("a");
  q.add(info, 2s);
  q.add(pod("b"), 3s);
  auto p = q.pop();
  BOOST_REQUIRE(p.has_value());
  BOOST_TEST(p->info == info);
  BOOST_TEST(p->attempts == 0u);
  BOOST_TEST(p->timestamp.count() == queue_time{2s}.count());
  BOOST_TEST(!q.contains(key("a")));
  BOOST_TEST(q.contains(key("b")));
  check_sizes(q, 1, 0, 0);
  pop_named(q, "b");
  check_sizes(q, 0, 0, 0);
  BOOST_TEST(!q.pop().has_value());
}

// --------------------------------------------------------- update / remove

BOOST_AUTO_TEST_CASE(update_replaces_in_place_and_keeps_the_position) {
  scheduling_queue q;
  q.add(pod("a"), 1s);
  q.add(pod("b"), 2s);
  auto newer = pod_builder("a").label("version", "2").info();
  q.update(newer, 3s);
  check_sizes(q, 2, 0, 0);
  auto first = pop_named(q, "a");
  BOOST_TEST(first.info == newer);
  BOOST_TEST(first.timestamp.count() == queue_time{1s}.count());
  pop_named(q, "b");
  BOOST_TEST(!q.pop().has_value()); // no leftover copy of "a"
}

BOOST_AUTO_TEST_CASE(add_of_a_known_pod_is_an_update) {
  scheduling_queue q;
  q.add(pod("a"), 1s);
  auto newer = pod_builder("a").label("version", "2").info();
  q.add(newer, 5s);
  check_sizes(q, 1, 0, 0);
  BOOST_TEST(q.pop()->info == newer);
  BOOST_TEST(!q.pop().has_value());
}

BOOST_AUTO_TEST_CASE(update_of_an_unknown_pod_adds_it) {
  scheduling_queue q;
  q.update(pod("a"), 1s);
  check_sizes(q, 1, 0, 0);
  BOOST_TEST(q.contains(key("a")));
}

BOOST_AUTO_TEST_CASE(update_of_a_backing_off_pod_keeps_it_there) {
  scheduling_queue q;
  q.add(pod("a"), 0s);
  q.add_backoff(*q.pop(), 0s); // until 1s
  check_sizes(q, 0, 1, 0);
  auto newer = pod_builder("a").label("version", "2").info();
  q.update(newer, 500ms);
  check_sizes(q, 0, 1, 0);
  BOOST_TEST(!q.pop().has_value());
  q.flush(1s);
  check_sizes(q, 1, 0, 0);
  BOOST_TEST(q.pop()->info == newer);
}

BOOST_AUTO_TEST_CASE(remove_from_every_sub_queue) {
  scheduling_queue q;
  q.add(pod("active"), 0s);
  q.add(pod("backoff"), 0s);
  q.add(pod("unschedulable"), 0s);
  q.remove(key("nobody")); // unknown: nothing happens
  check_sizes(q, 3, 0, 0);
  pop_named(q, "active");
  q.add(pod("active"), 0s);
  q.add_backoff(pop_named(q, "backoff"), 0s);
  q.add_unschedulable(pop_named(q, "unschedulable"), 0s);
  check_sizes(q, 1, 1, 1);

  q.remove(key("active"));
  check_sizes(q, 0, 1, 1);
  q.remove(key("backoff"));
  check_sizes(q, 0, 0, 1);
  q.remove(key("unschedulable"));
  check_sizes(q, 0, 0, 0);
  BOOST_TEST(!q.contains(key("active")));

  // Nothing comes back.
  BOOST_TEST(!q.next_backoff_expiry().has_value());
  q.move_all_to_active_or_backoff(1h);
  q.flush(1h);
  check_sizes(q, 0, 0, 0);
  BOOST_TEST(!q.pop().has_value());
}

BOOST_AUTO_TEST_CASE(re_added_pod_pops_once) {
  scheduling_queue q;
  q.add(pod("a", 1), 0s);
  q.remove(key("a"));
  q.add(pod("b"), 1s);
  q.add(pod("a"), 2s); // now priority 0, after b
  check_sizes(q, 2, 0, 0);
  BOOST_TEST(drain(q) == (std::vector<std::string>{"b", "a"}), boost::test_tools::per_element());
  check_sizes(q, 0, 0, 0);
}

// ------------------------------------------------------------- back-off

BOOST_AUTO_TEST_CASE(backoff_doubles_up_to_the_maximum) {
  scheduling_queue q;
  const std::vector<std::pair<uint32_t, queue_time>> rows = {
    {1, 1s}, {2, 2s}, {3, 4s}, {4, 8s}, {5, 10s}, {6, 10s}, {40, 10s}, {UINT32_MAX, 10s}};
  for (const auto& [attempts, want] : rows)
    BOOST_TEST(q.backoff_duration(attempts).count() == want.count(), "attempts = " << attempts);

  queue_options o;
  o.initial_backoff = 100ms;
  o.max_backoff = 1s;
  scheduling_queue custom(o);
  BOOST_TEST(custom.backoff_duration(1).count() == queue_time{100ms}.count());
  BOOST_TEST(custom.backoff_duration(4).count() == queue_time{800ms}.count());
  BOOST_TEST(custom.backoff_duration(5).count() == queue_time{1s}.count());
}

BOOST_AUTO_TEST_CASE(each_failure_lengthens_the_backoff) {
  scheduling_queue q;
  q.add(pod("a"), 0s);
  queue_time now = 0s;
  const std::vector<queue_time> want = {1s, 2s, 4s, 8s, 10s, 10s};
  for (size_t i = 0; i < want.size(); ++i) {
    auto p = pop_named(q, "a");
    BOOST_TEST(p.attempts == i);
    q.add_backoff(std::move(p), now);
    check_sizes(q, 0, 1, 0);
    auto expiry = q.next_backoff_expiry();
    BOOST_REQUIRE(expiry.has_value());
    BOOST_TEST(expiry->count() == (now + want[i]).count(), "failure " << i + 1);
    // Not a nanosecond early.
    q.flush(now + want[i] - 1ns);
    check_sizes(q, 0, 1, 0);
    now += want[i];
    q.flush(now);
    check_sizes(q, 1, 0, 0);
  }
}

BOOST_AUTO_TEST_CASE(unschedulable_pod_moves_to_backoff_while_backing_off) {
  scheduling_queue q;
  q.add(pod("a"), 0s);
  q.add_unschedulable(pop_named(q, "a"), 10s); // back-off until 11s
  check_sizes(q, 0, 0, 1);
  BOOST_TEST(q.contains(key("a")));
  BOOST_TEST(!q.next_backoff_expiry().has_value()); // waits for an event
  q.flush(20s);                                       // no event, not 5 min yet
  check_sizes(q, 0, 0, 1);

  scheduling_queue r;
  r.add(pod("a"), 0s);
  r.add_unschedulable(pop_named(r, "a"), 10s);
  r.move_all_to_active_or_backoff(10500ms);
  check_sizes(r, 0, 1, 0);
  BOOST_TEST(!r.pop().has_value());
  BOOST_TEST(r.next_backoff_expiry()->count() == queue_time{11s}.count());
  r.flush(10999ms);
  check_sizes(r, 0, 1, 0);
  r.flush(11s);
  check_sizes(r, 1, 0, 0);
  auto p = pop_named(r, "a");
  BOOST_TEST(p.attempts == 1u);
  BOOST_TEST(p.timestamp.count() == queue_time{11s}.count());
}

BOOST_AUTO_TEST_CASE(unschedulable_pod_moves_to_active_after_backoff) {
  scheduling_queue q;
  q.add(pod("a"), 0s);
  q.add(pod("b", 5), 0s);
  q.add_unschedulable(pop_named(q, "b"), 0s);
  q.add_unschedulable(pop_named(q, "a"), 0s);
  check_sizes(q, 0, 0, 2);
  q.move_all_to_active_or_backoff(1s); // back-off of 1s is over
  check_sizes(q, 2, 0, 0);
  BOOST_TEST(drain(q) == (std::vector<std::string>{"b", "a"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(event_seen_during_the_cycle_sends_to_backoff) {
  scheduling_queue q;
  q.add(pod("a"), 0s);
  q.add_unschedulable(pop_named(q, "a"), 4s, true);
  check_sizes(q, 0, 1, 0);
  BOOST_TEST(q.next_backoff_expiry()->count() == queue_time{5s}.count());
  q.flush(5s);
  check_sizes(q, 1, 0, 0);
}

BOOST_AUTO_TEST_CASE(add_backoff_after_errors) {
  scheduling_queue q;
  q.add(pod("a"), 0s);
  q.add(pod("b"), 0s);
  auto a = pop_named(q, "a");
  a.attempts = 2; // failed twice before
  q.add_backoff(std::move(a), 100s);
  check_sizes(q, 1, 1, 0);
  BOOST_TEST(q.next_backoff_expiry()->count() == queue_time{104s}.count()); // 3rd: 4s
  // An event does not touch backing-off pods.
  q.move_all_to_active_or_backoff(200s);
  check_sizes(q, 1, 1, 0);
  pop_named(q, "b");
  BOOST_TEST(!q.pop().has_value());
  q.flush(104s);
  auto back = pop_named(q, "a");
  BOOST_TEST(back.attempts == 3u);
  check_sizes(q, 0, 0, 0);
}

BOOST_AUTO_TEST_CASE(add_backoff_replaces_a_queued_copy) {
  // The pod was re-added (updated) while its cycle ran; the failure wins.
  scheduling_queue q;
  q.add(pod("a"), 0s);
  auto p = pop_named(q, "a");
  q.update(pod("a"), 1s);
  check_sizes(q, 1, 0, 0);
  q.add_backoff(std::move(p), 2s);
  check_sizes(q, 0, 1, 0);
  BOOST_TEST(!q.pop().has_value());
}

// ------------------------------------------------------------------ flush

BOOST_AUTO_TEST_CASE(flush_moves_expired_backoff_pods_only) {
  scheduling_queue q;
  for (const char* name : {"a", "b", "c"})
    q.add(pod(name), 0s);
  auto a = pop_named(q, "a");
  auto b = pop_named(q, "b");
  auto c = pop_named(q, "c");
  b.attempts = 3;                 // next back-off 8s
  q.add_backoff(std::move(a), 0s); // until 1s
  q.add_backoff(std::move(b), 0s); // until 8s
  q.add_backoff(std::move(c), 1s); // until 2s
  check_sizes(q, 0, 3, 0);
  BOOST_TEST(q.next_backoff_expiry()->count() == queue_time{1s}.count());
  q.flush(2s);
  check_sizes(q, 2, 1, 0);
  BOOST_TEST(q.next_backoff_expiry()->count() == queue_time{8s}.count());
  BOOST_TEST(drain(q) == (std::vector<std::string>{"a", "c"}), boost::test_tools::per_element());
  q.flush(8s);
  check_sizes(q, 1, 0, 0);
  BOOST_TEST(!q.next_backoff_expiry().has_value());
}

BOOST_AUTO_TEST_CASE(flush_retries_pods_unschedulable_too_long) {
  scheduling_queue q;
  q.add(pod("old"), 0s);
  q.add(pod("new"), 0s);
  q.add_unschedulable(pop_named(q, "old"), 0s);
  q.add_unschedulable(pop_named(q, "new"), 2min);
  check_sizes(q, 0, 0, 2);
  q.flush(4min + 59s);
  check_sizes(q, 0, 0, 2);
  q.flush(5min + 1s);
  check_sizes(q, 1, 0, 1);
  pop_named(q, "old");
  q.flush(7min + 1s);
  check_sizes(q, 1, 0, 0);
  pop_named(q, "new");
}

BOOST_AUTO_TEST_CASE(flush_sends_long_unschedulable_pods_still_backing_off_to_backoff) {
  queue_options o;
  o.max_unschedulable = 2s;
  o.max_backoff = 1min;
  scheduling_queue q(o);
  q.add(pod("a"), 0s);
  auto p = pop_named(q, "a");
  p.attempts = 5; // 6th failure: 32s back-off
  q.add_unschedulable(std::move(p), 0s);
  q.flush(3s);
  check_sizes(q, 0, 1, 0);
  BOOST_TEST(q.next_backoff_expiry()->count() == queue_time{32s}.count());
  q.flush(32s);
  check_sizes(q, 1, 0, 0);
}

BOOST_AUTO_TEST_CASE(next_backoff_expiry_skips_removed_pods) {
  scheduling_queue q;
  BOOST_TEST(!q.next_backoff_expiry().has_value());
  q.add(pod("a"), 0s);
  q.add(pod("b"), 0s);
  q.add_backoff(pop_named(q, "a"), 0s); // 1s
  q.add_backoff(pop_named(q, "b"), 3s); // 4s
  BOOST_TEST(q.next_backoff_expiry()->count() == queue_time{1s}.count());
  q.remove(key("a"));
  BOOST_TEST(q.next_backoff_expiry()->count() == queue_time{4s}.count());
  q.remove(key("b"));
  BOOST_TEST(!q.next_backoff_expiry().has_value());
  check_sizes(q, 0, 0, 0);
}

BOOST_AUTO_TEST_CASE(update_of_an_unschedulable_pod_retries_it) {
  scheduling_queue q;
  q.add(pod("a"), 0s);
  q.add(pod("b"), 0s);
  q.add_unschedulable(pop_named(q, "a"), 0s); // back-off until 1s
  q.add_unschedulable(pop_named(q, "b"), 0s);
  check_sizes(q, 0, 0, 2);

  // Still backing off: to backoff.
  q.update(pod_builder("a").label("x", "1").info(), 500ms);
  check_sizes(q, 0, 1, 1);
  // Back-off over: straight to active.
  auto newer = pod_builder("b").label("x", "1").info();
  q.update(newer, 2s);
  check_sizes(q, 1, 1, 0);
  auto p = pop_named(q, "b");
  BOOST_TEST(p.info == newer);
  BOOST_TEST(p.attempts == 1u);
}

// ------------------------------------------------------- randomized model

namespace {

/// Where the reference model keeps a pod, and what it expects of it.
struct model_pod {
  enum class in { active, backoff, unschedulable } where = in::active;
  pod_info_ptr info;
  int32_t priority = 0;
  uint32_t attempts = 0;
  queue_time timestamp{0};
  queue_time expiry{0};
  queue_time since{0};
};

queue_time model_backoff(uint32_t attempts) {
  queue_time d = 1s;
  for (uint32_t i = 1; i < attempts; ++i) {
    d *= 2;
    if (d >= 10s)
      return 10s;
  }
  return d;
}

struct queue_model {
  std::map<std::string, model_pod> pods;

  size_t count(model_pod::in where) const {
    size_t n = 0;
    for (const auto& [k, p] : pods)
      n += p.where == where ? 1 : 0;
    return n;
  }

  void to_active(model_pod& p, queue_time now) {
    p.where = model_pod::in::active;
    p.timestamp = now;
  }
  void to_active_or_backoff(model_pod& p, queue_time now) {
    if (p.expiry > now)
      p.where = model_pod::in::backoff;
    else
      to_active(p, now);
  }

  void add_or_update(const pod_info_ptr& info, int32_t priority, queue_time now) {
    auto it = pods.find(info->key);
    if (it == pods.end()) {
      model_pod p;
      p.info = info;
      p.priority = priority;
      to_active(p, now);
      pods.emplace(info->key, p);
      return;
    }
    it->second.info = info;
    if (it->second.where == model_pod::in::unschedulable)
      to_active_or_backoff(it->second, now);
  }

  void failed(const queued_pod& qp, int32_t priority, queue_time now, bool unschedulable) {
    model_pod p;
    p.info = qp.info;
    p.priority = priority;
    p.attempts = qp.attempts + 1;
    p.expiry = now + model_backoff(p.attempts);
    p.timestamp = qp.timestamp;
    p.where = unschedulable ? model_pod::in::unschedulable : model_pod::in::backoff;
    p.since = now;
    pods[qp.info->key] = p;
  }

  void move_all(queue_time now) {
    for (auto& [k, p] : pods)
      if (p.where == model_pod::in::unschedulable)
        to_active_or_backoff(p, now);
  }

  void flush(queue_time now, queue_time max_unschedulable) {
    for (auto& [k, p] : pods) {
      if (p.where == model_pod::in::backoff && p.expiry <= now)
        to_active(p, now);
      else if (p.where == model_pod::in::unschedulable && now - p.since >= max_unschedulable)
        to_active_or_backoff(p, now);
    }
  }

  std::optional<queue_time> next_expiry() const {
    std::optional<queue_time> out;
    for (const auto& [k, p] : pods)
      if (p.where == model_pod::in::backoff && (!out || p.expiry < *out))
        out = p.expiry;
    return out;
  }
};

} // namespace

BOOST_AUTO_TEST_CASE(randomized_against_a_reference_model) {
  constexpr size_t num_keys = 24;
  constexpr int ops = 4000;
  std::mt19937_64 rng(20240611);
  auto roll = [&rng](uint64_t n) { return static_cast<size_t>(rng() % n); };

  scheduling_queue q;
  queue_model model;
  std::map<std::string, queued_pod> in_flight; // popped, being scheduled
  const queue_time max_unschedulable = queue_options{}.max_unschedulable;
  std::vector<std::string> names;
  for (size_t i = 0; i < num_keys; ++i)
    names.push_back("p" + std::to_string(i));
  auto priority_of = [](size_t i) { return static_cast<int32_t>(i % 3) * 5 - 5; };
  auto index_of = [&names](const std::string& k) {
    for (size_t i = 0; i < names.size(); ++i)
      if (key(names[i]) == k)
        return i;
    return names.size();
  };

  queue_time now = 0s;
  size_t pops = 0;
  size_t moves = 0;
  size_t flushed = 0;
  for (int op = 0; op < ops; ++op) {
    std::ostringstream what;
    auto i = roll(num_keys);
    const auto& name = names[i];
    auto choice = roll(100);
    if (choice < 20) {
      // add or update (a new version of the pod)
      auto info = pod_builder(name)
                    .priority(priority_of(i))
                    .label("version", std::to_string(op))
                    .info();
      what << (choice < 10 ? "add " : "update ") << name;
      if (choice < 10)
        q.add(info, now);
      else
        q.update(info, now);
      model.add_or_update(info, priority_of(i), now);
    } else if (choice < 27) {
      what << "remove " << name;
      q.remove(key(name));
      model.pods.erase(key(name));
    } else if (choice < 50) {
      what << "pop";
      auto p = q.pop();
      // The model's best active pod: highest priority, then oldest.
      const model_pod* best = nullptr;
      for (const auto& [k, m] : model.pods)
        if (m.where == model_pod::in::active &&
            (!best || m.priority > best->priority ||
             (m.priority == best->priority && m.timestamp < best->timestamp)))
          best = &m;
      if (!best) {
        BOOST_REQUIRE_MESSAGE(!p.has_value(), "op " << op << ": pop returned a pod, model has "
                                                    << "none active");
      } else {
        BOOST_REQUIRE_MESSAGE(p.has_value(), "op " << op << ": pop returned nothing");
        auto it = model.pods.find(p->info->key);
        BOOST_REQUIRE_MESSAGE(it != model.pods.end(),
                              "op " << op << ": popped " << p->info->key << ", not queued");
        const auto& m = it->second;
        BOOST_REQUIRE_MESSAGE(m.where == model_pod::in::active,
                              "op " << op << ": popped " << p->info->key << " from "
                                    << (m.where == model_pod::in::backoff ? "backoff"
                                                                          : "unschedulable"));
        BOOST_REQUIRE_MESSAGE(m.priority == best->priority && m.timestamp == best->timestamp,
                              "op " << op << ": popped " << p->info->key << " out of order");
        BOOST_REQUIRE(p->info == m.info);
        BOOST_REQUIRE_EQUAL(p->attempts, m.attempts);
        BOOST_REQUIRE_EQUAL(p->timestamp.count(), m.timestamp.count());
        model.pods.erase(it);
        in_flight[p->info->key] = *p;
        ++pops;
      }
    } else if (choice < 65 && !in_flight.empty()) {
      // A popped pod's cycle ends: unschedulable, error, or bound.
      auto it = in_flight.begin();
      std::advance(it, static_cast<std::ptrdiff_t>(roll(in_flight.size())));
      auto qp = it->second;
      in_flight.erase(it);
      auto prio = priority_of(index_of(qp.info->key));
      auto outcome = roll(10);
      if (outcome < 5) {
        bool event_seen = roll(5) == 0;
        what << "unschedulable " << qp.info->key << (event_seen ? " (event seen)" : "");
        model.failed(qp, prio, now, !event_seen);
        q.add_unschedulable(qp, now, event_seen);
      } else if (outcome < 8) {
        what << "backoff " << qp.info->key;
        model.failed(qp, prio, now, false);
        q.add_backoff(qp, now);
      } else {
        what << "bound " << qp.info->key;
      }
    } else if (choice < 72) {
      what << "move all";
      q.move_all_to_active_or_backoff(now);
      model.move_all(now);
      ++moves;
    } else if (choice < 82) {
      what << "flush";
      q.flush(now);
      model.flush(now, max_unschedulable);
      ++flushed;
    } else if (choice < 90) {
      what << "next backoff expiry";
      auto got = q.next_backoff_expiry();
      auto want = model.next_expiry();
      BOOST_REQUIRE_EQUAL(got.has_value(), want.has_value());
      if (want)
        BOOST_REQUIRE_EQUAL(got->count(), want->count());
    } else {
      // Time passes: mostly within back-offs, sometimes past 5 minutes.
      auto step = roll(40) == 0 ? queue_time{6min} : queue_time{std::chrono::milliseconds(static_cast<int64_t>(roll(2500)))};
      what << "advance " << step.count() << "ns";
      now += step;
    }

    auto active = model.count(model_pod::in::active);
    auto backoff = model.count(model_pod::in::backoff);
    auto unschedulable = model.count(model_pod::in::unschedulable);
    BOOST_REQUIRE_MESSAGE(q.active_size() == active && q.backoff_size() == backoff &&
                            q.unschedulable_size() == unschedulable &&
                            q.size() == model.pods.size(),
                          "op " << op << " (" << what.str() << "): queue " << q.active_size()
                                << "/" << q.backoff_size() << "/" << q.unschedulable_size()
                                << "/" << q.size() << ", model " << active << "/" << backoff
                                << "/" << unschedulable << "/" << model.pods.size());
    for (const auto& n : names)
      BOOST_REQUIRE_MESSAGE(q.contains(key(n)) == (model.pods.count(key(n)) > 0),
                            "op " << op << " (" << what.str() << "): contains " << n);
  }
  // The run went through every kind of step.
  BOOST_TEST(pops > 300u);
  BOOST_TEST(moves > 100u);
  BOOST_TEST(flushed > 100u);

  // Drained, the queue hands out exactly the model's active pods.
  q.flush(now + 1h);
  model.flush(now + 1h, max_unschedulable);
  std::vector<std::string> popped;
  while (auto p = q.pop())
    popped.push_back(p->info->key);
  std::sort(popped.begin(), popped.end());
  std::vector<std::string> expected;
  for (const auto& [k, m] : model.pods)
    if (m.where == model_pod::in::active)
      expected.push_back(k);
  BOOST_TEST(popped == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
