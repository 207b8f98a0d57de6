#include "actors/apiserver/validation/container_parts.hpp"

#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"

namespace convoy::apiserver {

std::string render_int_or_string(const api::IntOrString& value) {
  if (value.type() == 1)
    return value.str_val();
  return std::to_string(value.int_val());
}

void validate_port_num_or_name(const api::IntOrString& port, const field_path& path,
                               field_error_list& errs) {
  if (port.type() == 0) {
    for (auto& msg : is_valid_port_num(port.int_val()))
      errs.push_back(invalid(path, port.int_val(), std::move(msg)));
  } else if (port.type() == 1) {
    for (auto& msg : is_valid_port_name(port.str_val()))
      errs.push_back(invalid(path, port.str_val(), std::move(msg)));
  } else {
    errs.push_back(internal_error(path, "unknown type: " + std::to_string(port.type())));
  }
}

namespace detail {

namespace {

/// The handler fields a Probe or LifecycleHandler may set (nullptr = unset).
struct handler_view {
  const api::ExecAction* exec = nullptr;
  const api::HTTPGetAction* http_get = nullptr;
  const api::TCPSocketAction* tcp_socket = nullptr;
  const api::GRPCAction* grpc = nullptr;
  const api::SleepAction* sleep = nullptr;
};

handler_view view_of(const api::Probe& probe) {
  handler_view v;
  v.exec = probe.has_exec() ? &probe.exec() : nullptr;
  v.http_get = probe.has_http_get() ? &probe.http_get() : nullptr;
  v.tcp_socket = probe.has_tcp_socket() ? &probe.tcp_socket() : nullptr;
  v.grpc = probe.has_grpc() ? &probe.grpc() : nullptr;
  return v;
}

handler_view view_of(const api::LifecycleHandler& handler) {
  handler_view v;
  v.exec = handler.has_exec() ? &handler.exec() : nullptr;
  v.http_get = handler.has_http_get() ? &handler.http_get() : nullptr;
  v.tcp_socket = handler.has_tcp_socket() ? &handler.tcp_socket() : nullptr;
  v.sleep = handler.has_sleep() ? &handler.sleep() : nullptr;
  return v;
}

void validate_http_get(const api::HTTPGetAction& http, const field_path& path,
                       field_error_list& errs) {
  if (http.path().empty())
    errs.push_back(required(path.child("path")));
  validate_port_num_or_name(http.port(), path.child("port"), errs);
  if (http.scheme() != "HTTP" && http.scheme() != "HTTPS")
    errs.push_back(not_supported(path.child("scheme"), http.scheme(), {"HTTP", "HTTPS"}));
  const auto headers = path.child("httpHeaders");
  for (const auto& header : http.http_headers())
    for (auto& msg : is_http_header_name(header.name()))
      errs.push_back(invalid(headers, header.name(), std::move(msg)));
}

void validate_sleep(const api::SleepAction& sleep, std::optional<int64_t> grace,
                    const field_path& path, field_error_list& errs) {
  if (grace) {
    if (sleep.seconds() <= 0 || sleep.seconds() > *grace)
      errs.push_back(invalid(path, sleep.seconds(),
                             "must be greater than 0 and less than terminationGracePeriodSeconds ("
                               + std::to_string(*grace) + ")"));
  } else if (sleep.seconds() <= 0) {
    errs.push_back(invalid(path, sleep.seconds(), "must be greater than 0"));
  }
}

// Registers one handler type; a second one is Forbidden at its own path.
bool take_handler(int& count, const field_path& path, field_error_list& errs) {
  if (count > 0) {
    errs.push_back(forbidden(path, "may not specify more than 1 handler type"));
    return false;
  }
  ++count;
  return true;
}

void validate_handler(const handler_view& h, std::optional<int64_t> grace,
                      const field_path& path, field_error_list& errs) {
  int count = 0;
  if (h.exec) {
    const auto p = path.child("exec");
    if (take_handler(count, p, errs) && h.exec->command().empty())
      errs.push_back(required(p.child("command")));
  }
  if (h.http_get) {
    const auto p = path.child("httpGet");
    if (take_handler(count, p, errs))
      validate_http_get(*h.http_get, p, errs);
  }
  if (h.tcp_socket) {
    const auto p = path.child("tcpSocket");
    if (take_handler(count, p, errs))
      validate_port_num_or_name(h.tcp_socket->port(), p.child("port"), errs);
  }
  if (h.grpc) {
    const auto p = path.child("grpc");
    if (take_handler(count, p, errs))
      for (auto& msg : is_valid_port_num(h.grpc->port()))
        errs.push_back(invalid(p.child("port"), h.grpc->port(), std::move(msg)));
  }
  if (h.sleep) {
    const auto p = path.child("sleep");
    if (take_handler(count, p, errs))
      validate_sleep(*h.sleep, grace, p, errs);
  }
  if (count == 0)
    errs.push_back(required(path, "must specify a handler type"));
}

// Kubernetes only requires >= 0 and relies on defaulting to turn 0 into a
// positive value; proto3 cannot tell an unset 0 from an explicit one, so
// convoy defaults 0 as well and then requires the defaulted value >= 1.
void validate_at_least_one(int64_t value, const field_path& path, field_error_list& errs) {
  if (value < 1)
    errs.push_back(invalid(path, value, "must be greater than or equal to 1"));
}

} // namespace

void validate_probe(const api::Probe& probe, probe_kind kind, std::optional<int64_t> grace,
                    const field_path& path, field_error_list& errs) {
  validate_handler(view_of(probe), grace, path, errs);
  validate_nonnegative(probe.initial_delay_seconds(), path.child("initialDelaySeconds"), errs);
  validate_at_least_one(probe.timeout_seconds(), path.child("timeoutSeconds"), errs);
  validate_at_least_one(probe.period_seconds(), path.child("periodSeconds"), errs);
  validate_at_least_one(probe.success_threshold(), path.child("successThreshold"), errs);
  validate_at_least_one(probe.failure_threshold(), path.child("failureThreshold"), errs);
  if (probe.has_termination_grace_period_seconds()
      && probe.termination_grace_period_seconds() <= 0)
    errs.push_back(invalid(path.child("terminationGracePeriodSeconds"),
                           probe.termination_grace_period_seconds(), "must be greater than 0"));
  if (kind == probe_kind::readiness) {
    if (probe.has_termination_grace_period_seconds())
      errs.push_back(invalid(path.child("terminationGracePeriodSeconds"),
                             probe.termination_grace_period_seconds(),
                             "must not be set for readinessProbes"));
  } else if (probe.success_threshold() != 1) {
    errs.push_back(invalid(path.child("successThreshold"), probe.success_threshold(), "must be 1"));
  }
}

void validate_lifecycle(const api::Lifecycle& lifecycle, std::optional<int64_t> grace,
                        const field_path& path, field_error_list& errs) {
  if (lifecycle.has_post_start())
    validate_handler(view_of(lifecycle.post_start()), grace, path.child("postStart"), errs);
  if (lifecycle.has_pre_stop())
    validate_handler(view_of(lifecycle.pre_stop()), grace, path.child("preStop"), errs);
}

} // namespace detail

} // namespace convoy::apiserver
