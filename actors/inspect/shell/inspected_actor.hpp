#pragma once

// Inspected actors: every component actor of convoy is spawned through
// spawn_inspected(), which wraps CAF's actor class in inspected_actor<Base>.
// Its consume() override sees every message the actor handles (requests,
// events, timers and responses alike) and feeds the actor's probe, so the
// node's inspector can list mailbox length, rates, processing times and
// errors of every actor, and trace messages on demand, without a line of
// inspection code in the components themselves.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <utility>

#include "caf/actor_system.hpp"
#include "caf/atom.hpp"
#include "caf/infer_handle.hpp"
#include "caf/invoke_message_result.hpp"
#include "caf/mailbox_element.hpp"
#include "caf/scheduled_actor.hpp"
#include "caf/to_string.hpp"

#include "actors/inspect/core/actor_probe.hpp"
#include "actors/inspect/core/flatten_message.hpp"
#include "actors/inspect/core/message_sampler.hpp"
#include "actors/inspect/core/probe_registry.hpp"
#include "actors/inspect/shell/tick_clock.hpp"
#include "node/inspect.pb.h"

namespace convoy::inspect {

/// Asks an inspected actor for its ComponentSummary. Handled by
/// inspected_actor itself, so no component's typed interface carries it.
using summary_atom = caf::atom_constant<caf::atom("summary")>;

/// The probe registry of `sys` (one per actor system, created on first use).
probe_registry& registry_of(caf::actor_system& sys);

/// How an actor shows up in the inspector.
struct actor_label {
  std::string name;
  std::string component;
};

/// The part of inspected_actor that does not depend on the actor type.
class summary_host {
public:
  using summary_fn = std::function<void(node::ComponentSummary&)>;
  virtual ~summary_host() = default;
  void set_summary(summary_fn fn) { summary_ = std::move(fn); }

protected:
  summary_fn summary_;
};

/// What a trace keeps of a message, taken before the handler runs.
struct traced_message {
  uint64_t at_ns = 0; ///< steady clock when handling began
  std::string text;
  uint64_t sender_id = 0;
  bool sender_local = true;
  std::string sender_node;
};

/// Reads `x` for a trace; `here` is the node of the tracing actor.
traced_message describe_message(const caf::mailbox_element& x, const caf::node_id& here);

/// Adds one handled message to the trace armed on `probe`, if it wants it.
void trace_message(actor_probe& probe, traced_message msg, uint64_t processing_ns,
                   uint64_t mailbox);

/// The current steady clock in ns (one place that reads it).
inline uint64_t steady_ns() noexcept {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count());
}

/// `Base` (the actor class CAF would spawn for a function) plus a probe.
template <class Base>
class inspected_actor : public Base, public summary_host {
public:
  using behavior_type = typename Base::behavior_type;
  using init_fn = std::function<behavior_type(Base*)>;

  inspected_actor(caf::actor_config& cfg, actor_label label, init_fn init)
    : Base(cfg), label_(std::move(label)), init_(std::move(init)) {}

  behavior_type make_behavior() override {
    auto& registry = registry_of(this->system());
    probe_ = registry.add(this->id(), label_.name, label_.component,
                          caf::actor_cast<caf::weak_actor_ptr>(this->ctrl()));
    auto id = this->id();
    this->attach_functor([&registry, id] { registry.remove(id); });
    // Counts messages no handler matched, then does what CAF does by default
    // (log and answer unexpected_message). A component may still override it.
    auto probe = probe_;
    this->set_default_handler([probe](caf::scheduled_actor* self, caf::message_view& x) {
      probe->record_error();
      return caf::print_and_drop(self, x);
    });
    auto init = std::move(init_);
    return init(this);
  }

  caf::invoke_message_result consume(caf::mailbox_element& x) override {
    if (is_summary_request(x))
      return answer_summary(x);
    if (check_tracing_) {
      check_tracing_ = false;
      if (probe_->tracing())
        return consume_traced(x);
    }
    return sampler_.time_next() ? consume_timed(x).result : consume_untimed(x);
  }

private:
  /// The inspector asks at high priority (its question need not wait behind
  /// a busy actor's queue), so only urgent messages pay for the type check;
  /// the type token (one virtual call) then rules out every message but a
  /// lone atom before the full match.
  static bool is_summary_request(caf::mailbox_element& x) {
    return x.mid.is_urgent_message()
           && x.content().type_token() == caf::make_type_token<caf::atom_value>()
           && x.content().match_elements<summary_atom>();
  }

  caf::invoke_message_result consume_untimed(caf::mailbox_element& x) {
    auto result = guarded_consume(x);
    check_tracing_ = sampler_.untimed_done(*probe_, waiting());
    return result;
  }

  /// A timed message: what the handler returned, how long it took (ns) and
  /// how many messages it left waiting (a trace records both).
  struct timed_result {
    caf::invoke_message_result result;
    uint64_t took;
    uint64_t mailbox;
  };

  timed_result consume_timed(caf::mailbox_element& x) {
    auto started = tick_clock::now();
    auto result = guarded_consume(x);
    auto took = tick_clock::to_ns(tick_clock::now() - started);
    auto mailbox = waiting();
    sampler_.timed_done(*probe_, took, mailbox);
    check_tracing_ = true;
    return {result, took, mailbox};
  }

  /// Apart from consume(), which would otherwise build an empty
  /// traced_message on every message (measured in bench/inspect).
  caf::invoke_message_result consume_traced(caf::mailbox_element& x) {
    // Read before the handler may move from the message.
    auto traced = describe_message(x, this->node());
    auto timed = consume_timed(x);
    trace_message(*probe_, std::move(traced), timed.took, timed.mailbox);
    return timed.result;
  }

  /// The messages CAF already moved into the actor's queue this round: no
  /// atomic operation, so the sender side never contends with the probe.
  /// Arrivals since the round began are counted at the next round. Only the
  /// urgent and normal queues: convoy uses no CAF streams, and summing the
  /// stream queues too (a map walk) cost 1.5 % of round trips (measured).
  uint64_t waiting() {
    auto& qs = this->mailbox().queue().queues();
    return std::get<Base::urgent_queue_index>(qs).total_task_size()
           + std::get<Base::normal_queue_index>(qs).total_task_size();
  }

  caf::invoke_message_result guarded_consume(caf::mailbox_element& x) {
    try {
      return Base::consume(x);
    } catch (...) {
      probe_->record_error();
      throw;
    }
  }

  caf::invoke_message_result answer_summary(caf::mailbox_element& x) {
    node::ComponentSummary out;
    out.set_type(label_.component);
    if (summary_)
      summary_(out);
    if (x.sender)
      x.sender->enqueue(caf::make_mailbox_element(this->ctrl(), x.mid.response_id(), {},
                                                  std::move(out)),
                        this->context());
    return caf::invoke_message_result::consumed;
  }

  actor_label label_;
  init_fn init_;
  std::shared_ptr<actor_probe> probe_;
  message_sampler sampler_;
  /// Whether the next message looks at the probe's tracing flag: after the
  /// sampler published (a timed message, or the mailbox ran dry) and while
  /// traced. Keeps the probe's cache line off the per-message path of a busy
  /// actor (measured); a trace armed on one starts within sample_every
  /// messages, on an idle one at the next message.
  bool check_tracing_ = true;
};

/// Spawns `fun(self, xs...)` as CAF would, inspected under `label` unless
/// inspection is off for `sys`. `Os` are CAF spawn options (e.g. detached).
template <caf::spawn_options Os = caf::no_spawn_options, class F, class... Ts>
auto spawn_inspected(caf::actor_system& sys, actor_label label, F fun, Ts&&... xs) {
  using traits = caf::infer_handle_from_fun<F>;
  using base = typename traits::impl;
  using handle = typename traits::type;
  if (!registry_of(sys).enabled())
    return sys.spawn<Os>(std::move(fun), std::forward<Ts>(xs)...);
  // Held by a shared_ptr: std::function needs a copyable target, and
  // configs may hold move-only members.
  auto call = std::make_shared<std::tuple<F, std::decay_t<Ts>...>>(std::move(fun),
                                                                   std::forward<Ts>(xs)...);
  typename inspected_actor<base>::init_fn init = [call](base* self) {
    return std::apply(
      [self](auto& f, auto&... a) -> typename inspected_actor<base>::behavior_type {
        if constexpr (std::is_void_v<decltype(f(self, std::move(a)...))>) {
          f(self, std::move(a)...);
          return {};
        } else {
          return f(self, std::move(a)...);
        }
      },
      *call);
  };
  return caf::actor_cast<handle>(
    sys.spawn<inspected_actor<base>, Os>(std::move(label), std::move(init)));
}

/// Lets the inspector show `self`'s own status: `fn()` returns a protobuf
/// message (e.g. the component's status response), flattened on request.
/// Runs in the actor, so `fn` may read its state. No-op when not inspected.
template <class Self, class F>
void expose_summary(Self* self, F fn) {
  if (auto* host = dynamic_cast<summary_host*>(self))
    host->set_summary(
      [fn = std::move(fn)](node::ComponentSummary& out) { flatten_message(fn(), out); });
}

} // namespace convoy::inspect
