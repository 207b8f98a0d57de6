// timed_requests under virtual time: a request answered in time gets its
// answer and nothing else; one left unanswered gets sec::request_timeout at
// its deadline (an idle timer) or at most one sweep interval later; every
// request gets exactly one callback; nothing stays tracked past its deadline.

#include <map>
#include <memory>
#include <random>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "caf/all.hpp"

#include "actors/common/timed_requests.hpp"
#include "sim_fixture.hpp"

using namespace convoy;
using namespace std::chrono_literals;

namespace {

using answer_atom = caf::atom_constant<caf::atom("answer")>;

/// Answers `delay_ms` after the request with the same number, never if it
/// is negative (the promise is kept, so nothing answers for it).
struct server_state {
  std::map<int, caf::response_promise> waiting;
  int next = 0;
};

caf::behavior server(caf::stateful_actor<server_state>* self) {
  return {
    [=](int delay_ms) -> caf::result<int> {
      auto rp = self->make_response_promise();
      auto key = self->state.next++;
      self->state.waiting.emplace(key, rp);
      if (delay_ms >= 0)
        self->delayed_send(self, std::chrono::milliseconds{delay_ms}, answer_atom::value, key,
                           delay_ms);
      return rp;
    },
    [=](answer_atom, int key, int delay_ms) {
      self->state.waiting[key].deliver(delay_ms);
      self->state.waiting.erase(key);
    },
  };
}

/// What happened to one request: answers and errors, and when (ms of
/// virtual time after the client started).
struct outcome {
  int answers = 0;
  int timeouts = 0;
  int other_errors = 0;
  int64_t at_ms = -1;
};

struct client_state {
  timed_requests requests;
};

using client_ptr = caf::stateful_actor<client_state>*;

/// Sends request i (server delay delays[i], timeout timeouts[i]) and notes
/// its outcome.
void send_all(client_ptr self, caf::actor srv, std::vector<int> delays,
              std::vector<caf::timespan> timeouts, std::shared_ptr<std::vector<outcome>> out) {
  auto start = self->clock().now();
  for (size_t i = 0; i < delays.size(); ++i) {
    auto note = [=](bool answered, const caf::error* err) {
      auto& o = (*out)[i];
      o.at_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(self->clock().now() - start).count();
      if (answered)
        ++o.answers;
      else if (*err == caf::sec::request_timeout)
        ++o.timeouts;
      else
        ++o.other_errors;
    };
    self->state.requests.request(self, srv, timeouts[i], delays[i])
      .then([=](int) { note(true, nullptr); }, [=](caf::error& err) { note(false, &err); });
  }
}

struct timed_fixture : test::deterministic_fixture {
  caf::actor srv = host.system().spawn(server);
  caf::actor client;
  std::shared_ptr<std::vector<outcome>> out;

  void start(std::vector<int> delays, std::vector<caf::timespan> timeouts) {
    out = std::make_shared<std::vector<outcome>>(delays.size());
    client = host.system().spawn([=](client_ptr self) -> caf::behavior {
      send_all(self, srv, delays, timeouts, out);
      return {[=](int) { return static_cast<int>(self->state.requests.tracked()); }};
    });
    run();
  }

  /// Requests the client still tracks (answered or not).
  int tracked() {
    auto answer = ask<int>(host, client, 0);
    BOOST_REQUIRE(answer && *answer);
    return **answer;
  }

  ~timed_fixture() {
    caf::anon_send_exit(client, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(srv, caf::exit_reason::user_shutdown);
    run();
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(timed_requests_sim)

BOOST_FIXTURE_TEST_CASE(an_unanswered_request_times_out_at_its_deadline_and_an_answered_one_never,
                        timed_fixture) {
  start({10, -1, -1}, {2s, 2s, 500ms});
  advance(10ms);
  BOOST_CHECK_EQUAL((*out)[0].answers, 1);
  BOOST_CHECK_EQUAL((*out)[0].at_ms, 10);
  advance(489ms);
  BOOST_CHECK_EQUAL((*out)[2].timeouts, 0);
  advance(1ms);
  BOOST_CHECK_EQUAL((*out)[2].timeouts, 1);
  BOOST_CHECK_EQUAL((*out)[2].at_ms, 500);
  advance(1499ms);
  BOOST_CHECK_EQUAL((*out)[1].timeouts, 0);
  advance(1ms);
  BOOST_CHECK_EQUAL((*out)[1].timeouts, 1);
  BOOST_CHECK_EQUAL((*out)[1].at_ms, 2000);
  advance(1min);
  BOOST_CHECK_EQUAL((*out)[0].answers + (*out)[0].timeouts + (*out)[0].other_errors, 1);
  BOOST_CHECK_EQUAL((*out)[1].timeouts + (*out)[2].timeouts, 2);
  BOOST_CHECK_EQUAL(tracked(), 0);
}

BOOST_FIXTURE_TEST_CASE(a_deadline_just_before_the_armed_sweep_waits_for_it, timed_fixture) {
  // The sweep armed for 1000 ms comes within one interval of the second
  // deadline (950 ms): no second timer; the second request is 50 ms late.
  start({-1, -1}, {1000ms, 950ms});
  advance(999ms);
  BOOST_CHECK_EQUAL((*out)[1].timeouts, 0);
  advance(1ms);
  BOOST_CHECK_EQUAL((*out)[0].timeouts, 1);
  BOOST_CHECK_EQUAL((*out)[1].timeouts, 1);
  BOOST_CHECK_EQUAL((*out)[1].at_ms, 1000);
}

BOOST_FIXTURE_TEST_CASE(every_request_gets_one_callback_and_times_out_within_one_interval,
                        timed_fixture) {
  auto seed = test::test_seed(20261129);
  BOOST_TEST_MESSAGE("SEED=" << seed);
  std::mt19937_64 rng{seed};
  std::vector<int> delays;
  std::vector<caf::timespan> timeouts;
  for (int i = 0; i < 2000; ++i) {
    delays.push_back(rng() % 4 == 0 ? -1 : static_cast<int>(rng() % 3000));
    timeouts.push_back(std::chrono::milliseconds{1 + rng() % 2000});
  }
  start(delays, timeouts);
  // 1 ms steps: an answer and a deadline in one step would race.
  for (int ms = 0; ms < 5000; ++ms)
    advance(1ms);
  auto interval =
    std::chrono::duration_cast<std::chrono::milliseconds>(timed_requests::sweep_interval).count();
  for (size_t i = 0; i < delays.size(); ++i) {
    const auto& o = (*out)[i];
    auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(timeouts[i]).count();
    BOOST_TEST_CONTEXT("request " << i << " delay " << delays[i] << " ms timeout " << limit
                                  << " ms (SEED=" << seed << ")") {
      BOOST_REQUIRE_EQUAL(o.answers + o.timeouts + o.other_errors, 1);
      BOOST_REQUIRE_EQUAL(o.other_errors, 0);
      if (delays[i] >= 0 && delays[i] < limit)
        BOOST_REQUIRE_EQUAL(o.answers, 1);
      if (delays[i] < 0 || delays[i] > limit + interval)
        BOOST_REQUIRE_EQUAL(o.timeouts, 1);
      if (o.timeouts == 1) {
        BOOST_REQUIRE_GE(o.at_ms, limit);
        BOOST_REQUIRE_LE(o.at_ms, limit + interval);
      }
    }
  }
  BOOST_CHECK_EQUAL(tracked(), 0);
}

BOOST_AUTO_TEST_SUITE_END()
