#include "actors/kubelet/core/probe_tracker.hpp"

#include <algorithm>
#include <cctype>

namespace convoy::kubelet {

namespace {

const api::Probe* probe_of(const api::Container& c, probe_kind kind) {
  switch (kind) {
    case probe_kind::liveness:
      return c.has_liveness_probe() ? &c.liveness_probe() : nullptr;
    case probe_kind::readiness:
      return c.has_readiness_probe() ? &c.readiness_probe() : nullptr;
    case probe_kind::startup:
      return c.has_startup_probe() ? &c.startup_probe() : nullptr;
  }
  return nullptr;
}

std::string lower(std::string s) {
  for (auto& ch : s)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

void set_port(due_probe& out, const api::IntOrString& port, const api::Container& c) {
  if (auto p = resolve_port(port, c)) {
    out.port = *p;
    return;
  }
  if (port.type() == 1)
    out.error = "port \"" + port.str_val() + "\" is not a named port of container \"" + c.name()
                + "\"";
  else
    out.error = "port " + std::to_string(port.int_val()) + " is out of range 1-65535";
}

/// Copies the handler of `probe` into `out` (the probe as the shell runs it).
void describe(const api::Probe& probe, const api::Container& c, due_probe& out) {
  out.timeout_ms = timing_of(probe).timeout_ms;
  if (probe.has_exec()) {
    out.action = probe_action::exec;
    out.command.assign(probe.exec().command().begin(), probe.exec().command().end());
  } else if (probe.has_http_get()) {
    const auto& h = probe.http_get();
    out.action = probe_action::http;
    if (!h.host().empty())
      out.host = h.host();
    out.path = h.path().empty() ? "/" : h.path();
    out.scheme = h.scheme().empty() ? "http" : lower(h.scheme());
    for (const auto& hdr : h.http_headers())
      out.headers.emplace_back(hdr.name(), hdr.value());
    set_port(out, h.port(), c);
  } else if (probe.has_tcp_socket()) {
    out.action = probe_action::tcp;
    if (!probe.tcp_socket().host().empty())
      out.host = probe.tcp_socket().host();
    set_port(out, probe.tcp_socket().port(), c);
  } else if (probe.has_grpc()) {
    out.action = probe_action::grpc;
    out.port = probe.grpc().port();
  } else {
    out.error = "probe has no handler (exec, httpGet, tcpSocket or grpc)";
  }
}

} // namespace

const char* to_string(probe_kind kind) {
  switch (kind) {
    case probe_kind::liveness:
      return "liveness";
    case probe_kind::readiness:
      return "readiness";
    case probe_kind::startup:
      return "startup";
  }
  return "unknown";
}

probe_timing timing_of(const api::Probe& probe) {
  probe_timing t;
  if (probe.initial_delay_seconds() > 0)
    t.initial_delay_ms = wall_ms{probe.initial_delay_seconds()} * 1000;
  if (probe.period_seconds() > 0)
    t.period_ms = wall_ms{probe.period_seconds()} * 1000;
  if (probe.timeout_seconds() > 0)
    t.timeout_ms = wall_ms{probe.timeout_seconds()} * 1000;
  if (probe.success_threshold() > 0)
    t.success_threshold = probe.success_threshold();
  if (probe.failure_threshold() > 0)
    t.failure_threshold = probe.failure_threshold();
  return t;
}

std::optional<int> resolve_port(const api::IntOrString& port, const api::Container& c) {
  int value = port.int_val();
  if (port.type() == 1) {
    auto it = std::find_if(c.ports().begin(), c.ports().end(),
                           [&](const api::ContainerPort& p) { return p.name() == port.str_val(); });
    if (it == c.ports().end())
      return std::nullopt;
    value = it->container_port();
  }
  if (value < 1 || value > 65535)
    return std::nullopt;
  return value;
}

probe_tracker::container_state& probe_tracker::track(const std::string& pod_uid,
                                                     const api::Container& c,
                                                     const containers::container_status& st) {
  auto& s = pods_[pod_uid][c.name()];
  if (s.container_id != st.id)
    s = container_state{st.id, {}};
  for (int k = 0; k < 3; ++k) {
    const auto* probe = probe_of(c, static_cast<probe_kind>(k));
    auto& p = s.probes[k];
    p.configured = probe != nullptr;
    if (probe != nullptr)
      p.timing = timing_of(*probe);
  }
  return s;
}

bool probe_tracker::gates_open(const container_state& s) {
  const auto& startup = s.probes[static_cast<int>(probe_kind::startup)];
  return !startup.configured || startup.value == result::success;
}

void probe_tracker::due(const std::string& pod_uid, const api::Container& c,
                        const containers::container_status& st, wall_ms now,
                        std::vector<due_probe>& out) {
  if (st.state != containers::container_state::running)
    return;
  auto& s = track(pod_uid, c, st);
  bool open = gates_open(s);
  for (int k = 0; k < 3; ++k) {
    auto kind = static_cast<probe_kind>(k);
    auto& p = s.probes[k];
    if (!p.configured || p.in_flight || (kind == probe_kind::startup) == open)
      continue;
    // A liveness or startup probe that failed stays on hold until the
    // container is restarted (Kubernetes' worker does the same).
    if (kind != probe_kind::readiness && p.value == result::failure)
      continue;
    wall_ms at = std::max(p.next_at, st.started_at + p.timing.initial_delay_ms);
    if (now < at)
      continue;
    p.in_flight = true;
    p.next_at = now + p.timing.period_ms;
    due_probe d;
    d.pod_uid = pod_uid;
    d.container = c.name();
    d.container_id = st.id;
    d.kind = kind;
    d.host = st.pod_ip;
    describe(*probe_of(c, kind), c, d);
    out.push_back(std::move(d));
  }
}

std::optional<wall_ms> probe_tracker::next_due(const std::string& pod_uid,
                                               const std::string& container) const {
  const auto* s = find(pod_uid, container);
  if (s == nullptr)
    return std::nullopt;
  bool open = gates_open(*s);
  std::optional<wall_ms> best;
  for (int k = 0; k < 3; ++k) {
    auto kind = static_cast<probe_kind>(k);
    const auto& p = s->probes[k];
    if (!p.configured || p.in_flight || (kind == probe_kind::startup) == open)
      continue;
    if (kind != probe_kind::readiness && p.value == result::failure)
      continue;
    if (!best || p.next_at < *best)
      best = p.next_at;
  }
  return best;
}

void probe_tracker::apply(probe_state& p, bool success) {
  p.in_flight = false;
  if (p.run > 0 && p.last_success == success) {
    ++p.run;
  } else {
    p.last_success = success;
    p.run = 1;
  }
  int threshold = success ? p.timing.success_threshold : p.timing.failure_threshold;
  if (p.run < threshold)
    return; // below threshold: the verdict stays as it was
  p.value = success ? result::success : result::failure;
}

void probe_tracker::record(const std::string& pod_uid, const std::string& container,
                           probe_kind kind, bool success, wall_ms /*now*/,
                           const std::string& container_id) {
  auto pod = pods_.find(pod_uid);
  if (pod == pods_.end())
    return;
  auto it = pod->second.find(container);
  if (it == pod->second.end())
    return;
  if (!container_id.empty() && container_id != it->second.container_id)
    return;
  auto& p = it->second.probes[static_cast<int>(kind)];
  if (p.configured)
    apply(p, success);
}

const probe_tracker::container_state* probe_tracker::find(const std::string& pod_uid,
                                                          const std::string& container) const {
  auto pod = pods_.find(pod_uid);
  if (pod == pods_.end())
    return nullptr;
  auto it = pod->second.find(container);
  return it == pod->second.end() ? nullptr : &it->second;
}

bool probe_tracker::ready(const std::string& pod_uid, const std::string& container) const {
  const auto* s = find(pod_uid, container);
  if (s == nullptr || !gates_open(*s))
    return false;
  const auto& p = s->probes[static_cast<int>(probe_kind::readiness)];
  return !p.configured || p.value == result::success;
}

bool probe_tracker::started(const std::string& pod_uid, const std::string& container) const {
  const auto* s = find(pod_uid, container);
  return s != nullptr && gates_open(*s);
}

bool probe_tracker::started(const std::string& pod_uid, const api::Container& c,
                            const containers::container_status& st) const {
  if (st.state != containers::container_state::running)
    return false;
  if (!c.has_startup_probe())
    return true;
  const auto* s = find(pod_uid, c.name());
  return s != nullptr && s->container_id == st.id
         && s->probes[static_cast<int>(probe_kind::startup)].value == result::success;
}

bool probe_tracker::ready(const std::string& pod_uid, const api::Container& c,
                          const containers::container_status& st) const {
  if (!started(pod_uid, c, st))
    return false;
  if (!c.has_readiness_probe())
    return true;
  const auto* s = find(pod_uid, c.name());
  return s != nullptr && s->container_id == st.id
         && s->probes[static_cast<int>(probe_kind::readiness)].value == result::success;
}

bool probe_tracker::liveness_failed(const std::string& pod_uid, const std::string& container,
                                    const std::string& container_id) const {
  const auto* s = find(pod_uid, container);
  return s != nullptr && (container_id.empty() || s->container_id == container_id)
         && s->probes[static_cast<int>(probe_kind::liveness)].value == result::failure;
}

bool probe_tracker::startup_failed(const std::string& pod_uid, const std::string& container,
                                   const std::string& container_id) const {
  const auto* s = find(pod_uid, container);
  return s != nullptr && (container_id.empty() || s->container_id == container_id)
         && s->probes[static_cast<int>(probe_kind::startup)].value == result::failure;
}

void probe_tracker::reset_container(const std::string& pod_uid, const std::string& container) {
  auto pod = pods_.find(pod_uid);
  if (pod == pods_.end())
    return;
  pod->second.erase(container);
  if (pod->second.empty())
    pods_.erase(pod);
}

void probe_tracker::forget_pod(const std::string& pod_uid) {
  pods_.erase(pod_uid);
}

} // namespace convoy::kubelet
