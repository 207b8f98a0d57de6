#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include <spdlog/logger.h>

#include "actors/common/leader_election.hpp"
#include "actors/common/wall_clock.hpp"
#include "messages/apiserver/apiserver_actor.hpp"
#include "messages/atoms.hpp"
#include "messages/protobuf_inspect.hpp"

namespace convoy::client {

/// The actor half of leader election on a Lease, shared by the scheduler and
/// the controller manager: reads the Lease through the apiserver, lets the
/// pure leader_election decide, writes what it says (a compare-and-swap on
/// resourceVersion), and sleeps until the next step. Calls `on_change` when
/// this replica gains or loses leadership.
///
/// It lives inside one actor: the actor forwards `elect_atom` to on_elect().
template <class Self>
class lease_elector {
public:
  using duration = std::chrono::nanoseconds;

  lease_elector(Self* self, apiserver_actor api, std::string token, std::string user_agent,
                leader_election::config cfg, std::shared_ptr<spdlog::logger> log,
                std::function<void(bool leading)> on_change, uint64_t seed)
    : self_(self),
      api_(std::move(api)),
      user_agent_(std::move(user_agent)),
      token_(std::move(token)),
      election_(std::move(cfg)),
      log_(std::move(log)),
      on_change_(std::move(on_change)),
      wall_(self->system()),
      rng_(seed) {}

  /// An identity unique among replicas: `node`, a random part, and the
  /// actor id (two replicas in one process never clash).
  static std::string make_identity(const std::string& node, uint64_t random, uint64_t actor_id) {
    char suffix[48];
    std::snprintf(suffix, sizeof suffix, "_%016llx_%llu", static_cast<unsigned long long>(random),
                  static_cast<unsigned long long>(actor_id));
    return node + suffix;
  }

  void start() {
    self_->send(self_, elect_atom::value);
  }

  /// One read-decide-write round.
  void on_elect() {
    apiserver::GetRequest req;
    *req.mutable_meta() = meta();
    req.set_resource("leases");
    req.set_namespace_(election_.cfg().lease_namespace);
    req.set_name(election_.cfg().lease_name);
    self_->request(api_, timeout(), std::move(req))
      .then(
        [this](const apiserver::ApiResponse& resp) {
          api::Lease lease;
          if (!api_failed(resp) && resp.object().UnpackTo(&lease))
            return on_read(std::move(lease));
          if (resp.status().reason() == "NotFound")
            return on_read(std::nullopt);
          log_->warn("cannot read the lease: {}", resp.status().message());
          again_later();
        },
        [this](const caf::error& err) {
          log_->warn("cannot read the lease: {}", caf::to_string(err));
          again_later();
        });
  }

  bool leading() const {
    return election_.is_leader(now());
  }

  const std::string& identity() const {
    return election_.cfg().identity;
  }

private:
  duration now() const {
    return std::chrono::duration_cast<duration>(self_->clock().now().time_since_epoch());
  }

  caf::timespan timeout() const {
    return std::chrono::duration_cast<caf::timespan>(election_.cfg().retry_period);
  }

  apiserver::RequestMeta meta() const {
    apiserver::RequestMeta m;
    m.set_token(token_);
    m.set_user_agent(user_agent_);
    return m;
  }

  void again_later() {
    auto at = election_.next_wakeup(now(), rng_);
    auto delay = std::max(at - now(), duration{0});
    self_->delayed_send(self_, std::chrono::duration_cast<caf::timespan>(delay),
                        elect_atom::value);
  }

  void on_read(std::optional<api::Lease> observed) {
    bool was_leader = leading();
    auto act = election_.step(now(), wall_.now(), observed);
    if (act.kind == leader_election::action::none)
      return after_write(was_leader);
    write(std::move(act), was_leader);
  }

  void write(leader_election::action act, bool was_leader) {
    auto handle = [this, was_leader](const apiserver::ApiResponse& resp) {
      std::optional<api::Lease> written;
      api::Lease lease;
      if (!api_failed(resp) && resp.object().UnpackTo(&lease))
        written = std::move(lease);
      election_.on_write_result(now(), !api_failed(resp), written);
      after_write(was_leader);
    };
    auto fail = [this, was_leader](const caf::error&) {
      election_.on_write_result(now(), false, std::nullopt);
      after_write(was_leader);
    };
    const auto& ns = act.lease.metadata().namespace_();
    if (act.kind == leader_election::action::create) {
      apiserver::CreateRequest req;
      *req.mutable_meta() = meta();
      req.set_resource("leases");
      req.set_namespace_(ns);
      req.mutable_object()->PackFrom(act.lease);
      self_->request(api_, timeout(), std::move(req)).then(handle, fail);
    } else {
      apiserver::UpdateRequest req;
      *req.mutable_meta() = meta();
      req.set_resource("leases");
      req.set_namespace_(ns);
      req.set_name(act.lease.metadata().name());
      req.mutable_object()->PackFrom(act.lease);
      self_->request(api_, timeout(), std::move(req)).then(handle, fail);
    }
  }

  /// Reports a change of leadership, then sleeps until the next round.
  void after_write(bool was_leader) {
    bool is_leader = leading();
    if (is_leader != was_leader) {
      log_->info("{} leadership of lease {}/{} as {}", is_leader ? "acquired" : "lost",
                 election_.cfg().lease_namespace, election_.cfg().lease_name, identity());
      on_change_(is_leader);
    }
    again_later();
  }

  Self* self_;
  apiserver_actor api_;
  std::string user_agent_;
  std::string token_;
  leader_election election_;
  std::shared_ptr<spdlog::logger> log_;
  std::function<void(bool)> on_change_;
  wall_clock wall_;
  std::mt19937_64 rng_;
};

} // namespace convoy::client
