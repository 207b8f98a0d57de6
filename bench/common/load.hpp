#pragma once

// A load generator for any typed actor (a store client, the apiserver):
// `clients` requests outstanding at a time (closed loop), optionally paced to
// a fixed rate (open loop), each request's latency recorded. Runs as an
// actor; the caller blocks on the result.

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "caf/actor_system.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/stateful_actor.hpp"

#include "actors/common/timed_requests.hpp"
#include "common/latency.hpp"
#include "messages/error.hpp"

namespace convoy::bench {

/// Shape of one load run.
struct load_shape {
  int clients = 1;
  int ops = 0;
  /// Requests per second; 0 = as fast as answers come back.
  int rate = 0;
};

/// Looks at the answer to request i: an error message if it reports a
/// failure (an apiserver Status), else nothing (and any bookkeeping).
template <class Response>
using check_fn = std::function<std::optional<std::string>(int i, const Response&)>;

namespace detail {

using tick_atom = caf::atom_constant<caf::atom("tick")>;

template <class Request, class Response, class Handle>
struct load_state {
  load_shape shape;
  Handle to;
  std::function<Request(int)> make;
  check_fn<Response> check;
  std::unique_ptr<latency_recorder> rec;
  int issued = 0;
  int answered = 0;
  int outstanding = 0;
  size_t errors = 0;
  std::string first_error;
  latency_recorder::clock::time_point start;
  std::promise<run_result>* done = nullptr;
  /// The clients' timeouts, checked in batches so the load generator does
  /// not spend the machine's clock thread on two events per request.
  timed_requests requests;
  static inline const char* name = "convoy.bench-api-load";
};

template <class Request, class Response, class Handle>
using load_ptr = caf::stateful_actor<load_state<Request, Response, Handle>>*;

template <class Request, class Response, class Handle>
void issue_due(load_ptr<Request, Response, Handle> self);

template <class Request, class Response, class Handle>
void on_answer(load_ptr<Request, Response, Handle> self, int i,
               latency_recorder::clock::time_point t0, const Response* resp,
               const caf::error* err) {
  auto& st = self->state;
  --st.outstanding;
  std::optional<std::string> failure;
  if (err)
    failure = describe(*err);
  else if (st.check)
    failure = st.check(i, *resp);
  if (failure) {
    if (st.errors++ == 0)
      st.first_error = std::move(*failure);
  } else {
    st.rec->add(latency_recorder::clock::now() - t0);
  }
  if (++st.answered == st.shape.ops) {
    auto seconds = std::chrono::duration<double>(latency_recorder::clock::now() - st.start).count();
    st.done->set_value(st.rec->finish(seconds, st.errors, st.first_error));
    self->quit();
    return;
  }
  issue_due(self);
}

/// Issues what the pacing allows, up to `clients` outstanding.
template <class Request, class Response, class Handle>
void issue_due(load_ptr<Request, Response, Handle> self) {
  auto& st = self->state;
  auto now = latency_recorder::clock::now();
  while (st.issued < st.shape.ops && st.outstanding < st.shape.clients) {
    if (st.shape.rate > 0) {
      auto due = st.start + std::chrono::microseconds{int64_t{st.issued} * 1'000'000
                                                      / st.shape.rate};
      if (due > now) {
        self->delayed_send(self, due - now, tick_atom::value);
        return;
      }
    }
    int i = st.issued++;
    ++st.outstanding;
    auto t0 = latency_recorder::clock::now();
    st.requests.request(self, st.to, std::chrono::seconds{60}, st.make(i))
      .then([self, i, t0](Response& r) { on_answer(self, i, t0, &r, nullptr); },
            [self, i, t0](caf::error& e) {
              on_answer(self, i, t0, static_cast<const Response*>(nullptr), &e);
            });
  }
}

} // namespace detail

/// Runs `shape` against `to`, request i made by make(i), answered by a
/// Response; blocks until done.
template <class Request, class Response, class Handle>
run_result run_load(caf::actor_system& sys, const Handle& to, load_shape shape,
                    std::function<Request(int)> make, check_fn<Response> check = {}) {
  using namespace detail;
  std::promise<run_result> done;
  auto result = done.get_future();
  sys.spawn([&, shape, make = std::move(make), check = std::move(check)](
              load_ptr<Request, Response, Handle> self) mutable -> caf::behavior {
    auto& st = self->state;
    st.shape = shape;
    st.to = to;
    st.make = std::move(make);
    st.check = std::move(check);
    st.rec = std::make_unique<latency_recorder>(static_cast<size_t>(shape.ops));
    st.start = latency_recorder::clock::now();
    st.done = &done;
    issue_due(self);
    return {[self](tick_atom) { issue_due(self); }};
  });
  return result.get();
}

} // namespace convoy::bench
