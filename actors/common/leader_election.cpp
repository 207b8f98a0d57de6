#include "actors/common/leader_election.hpp"

#include <stdexcept>
#include <utility>

namespace convoy {

namespace {

void set_timestamp(google::protobuf::Timestamp& ts, leader_election::wall_time t) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  auto secs = ns / 1'000'000'000;
  auto nanos = ns % 1'000'000'000;
  if (nanos < 0) { // Timestamp wants nanos in [0, 1e9)
    nanos += 1'000'000'000;
    --secs;
  }
  ts.set_seconds(secs);
  ts.set_nanos(static_cast<int32_t>(nanos));
}

bool same_record(const api::Lease& a, const api::Lease& b) {
  return a.metadata().resource_version() == b.metadata().resource_version()
         && a.spec().SerializeAsString() == b.spec().SerializeAsString();
}

} // namespace

std::string leader_election::validate(const config& cfg) {
  if (cfg.identity.empty())
    return "identity: must not be empty";
  if (cfg.lease_duration <= duration::zero())
    return "lease_duration: must be greater than zero";
  if (cfg.renew_deadline <= duration::zero())
    return "renew_deadline: must be greater than zero";
  if (cfg.retry_period <= duration::zero())
    return "retry_period: must be greater than zero";
  if (cfg.lease_duration <= cfg.renew_deadline)
    return "lease_duration: must be greater than renew_deadline";
  auto jittered = static_cast<double>(cfg.retry_period.count()) * jitter_factor;
  if (static_cast<double>(cfg.renew_deadline.count()) <= jittered)
    return "renew_deadline: must be greater than retry_period * 1.2";
  return {};
}

leader_election::leader_election(config cfg) : cfg_(std::move(cfg)) {
  if (auto err = validate(cfg_); !err.empty())
    throw std::invalid_argument("leader_election: " + err);
}

leader_election::action leader_election::step(duration now, wall_time wall,
                                              const std::optional<api::Lease>& observed) {
  api::LeaseSpec spec;
  spec.set_holder_identity(cfg_.identity);
  auto secs = std::chrono::ceil<std::chrono::seconds>(cfg_.lease_duration).count();
  spec.set_lease_duration_seconds(static_cast<int32_t>(secs));
  set_timestamp(*spec.mutable_renew_time(), wall);
  action result;
  if (!observed) {
    // Not there (deleted under us, or first start): whoever creates it leads.
    last_renew_.reset();
    observed_.reset();
    result.kind = action::create;
    result.lease.set_kind("Lease");
    result.lease.set_api_version("coordination.k8s.io/v1");
    result.lease.mutable_metadata()->set_name(cfg_.lease_name);
    result.lease.mutable_metadata()->set_namespace_(cfg_.lease_namespace);
    set_timestamp(*spec.mutable_acquire_time(), wall);
    spec.set_lease_transitions(0);
  } else {
    observe(now, *observed);
    const auto& old = observed->spec();
    if (old.has_strategy()) // coordinated election fields are not ours
      spec.set_strategy(old.strategy());
    if (old.has_preferred_holder())
      spec.set_preferred_holder(old.preferred_holder());
    if (old.holder_identity() == cfg_.identity) { // renew
      *spec.mutable_acquire_time() = old.acquire_time();
      spec.set_lease_transitions(old.lease_transitions());
    } else {
      last_renew_.reset(); // someone else holds it: we must not act
      bool expired = observed_time_ + cfg_.lease_duration <= now;
      if (!old.holder_identity().empty() && !expired)
        return result;
      set_timestamp(*spec.mutable_acquire_time(), wall);
      spec.set_lease_transitions(old.lease_transitions() + 1);
    }
    result.kind = action::update;
    result.lease = *observed; // keeps metadata incl. resourceVersion (CAS)
  }
  *result.lease.mutable_spec() = std::move(spec);
  pending_ = pending_write{now, true, result.lease};
  return result;
}

void leader_election::on_write_result(duration now, bool succeeded,
                                      const std::optional<api::Lease>& written) {
  if (!pending_)
    return;
  auto write = std::move(*pending_);
  pending_.reset();
  if (!succeeded) {
    // Keep leading until the deadline runs out; then give up for good.
    if (last_renew_ && *last_renew_ + cfg_.renew_deadline <= now)
      last_renew_.reset();
    return;
  }
  observe(now, written ? *written : write.lease);
  if (write.acquires)
    last_renew_ = write.sent;
}

leader_election::action leader_election::release(duration now, wall_time wall) {
  if (!is_leader(now) || !observed_)
    return {};
  last_renew_.reset(); // stop acting before the lease is handed back
  action result{action::update, *observed_};
  auto& spec = *result.lease.mutable_spec();
  spec.set_holder_identity("");
  spec.set_lease_duration_seconds(1);
  set_timestamp(*spec.mutable_renew_time(), wall);
  set_timestamp(*spec.mutable_acquire_time(), wall);
  pending_ = pending_write{now, false, result.lease};
  return result;
}

bool leader_election::is_leader(duration now) const {
  return last_renew_ && now < *last_renew_ + cfg_.renew_deadline;
}

leader_election::duration leader_election::next_wakeup(duration now,
                                                       std::mt19937_64& rng) const {
  if (is_leader(now))
    return now + cfg_.retry_period;
  std::uniform_real_distribution<double> spread{0.0, jitter_factor};
  auto extra = static_cast<double>(cfg_.retry_period.count()) * spread(rng);
  return now + cfg_.retry_period + duration{static_cast<duration::rep>(extra)};
}

void leader_election::observe(duration now, const api::Lease& lease) {
  if (!observed_ || !same_record(*observed_, lease))
    observed_time_ = now;
  observed_ = lease;
}

} // namespace convoy
