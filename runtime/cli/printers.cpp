#include "runtime/cli/printers.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include "api/config.pb.h"
#include "api/coordination.pb.h"
#include "api/event.pb.h"
#include "api/meta.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "api/rbac.pb.h"
#include "api/service.pb.h"
#include "api/workload.pb.h"
#include "messages/codec/resource_registry.hpp"

namespace convoy::cli {

namespace {

using google::protobuf::Message;
using google::protobuf::Timestamp;
using cells = std::vector<std::string>;
using string_map = google::protobuf::Map<std::string, std::string>;

const std::string none = "<none>";

std::string or_none(const std::string& text) {
  return text.empty() ? none : text;
}

template <class T>
const T& as(const Message& m) {
  return static_cast<const T&>(m);
}

template <class Range, class F>
std::string join(const Range& range, F&& text, const char* sep = ",") {
  std::string out;
  for (const auto& x : range) {
    if (!out.empty())
      out += sep;
    out += text(x);
  }
  return out;
}

int32_t replicas_or_default(bool has, int32_t value) {
  return has ? value : 1; // Kubernetes defaults spec.replicas to 1
}

// -- pods ------------------------------------------------------------------------

bool is_sidecar(const api::PodSpec& spec, const std::string& name) {
  for (const auto& c : spec.init_containers())
    if (c.name() == name)
      return c.has_restart_policy() && c.restart_policy() == "Always";
  return false;
}

bool condition_true(const api::PodStatus& status, std::string_view type) {
  for (const auto& c : status.conditions())
    if (c.type() == type)
      return c.status() == "True";
  return false;
}

void note_restart(const api::ContainerStatus& c, std::optional<wall_time>& last) {
  if (!c.last_state().has_terminated() || !is_set(c.last_state().terminated().finished_at()))
    return;
  auto t = to_wall_time(c.last_state().terminated().finished_at());
  if (!last || *last < t)
    last = t;
}

std::string terminated_reason(const api::ContainerStateTerminated& t, const char* prefix) {
  if (!t.reason().empty())
    return prefix + t.reason();
  if (t.signal() != 0)
    return std::string{prefix} + "Signal:" + std::to_string(t.signal());
  return std::string{prefix} + "ExitCode:" + std::to_string(t.exit_code());
}

/// The init-container part of printPod; returns true while initializing.
bool init_phase(const api::Pod& pod, pod_summary& s, int& sidecar_restarts,
                std::optional<wall_time>& sidecar_last) {
  const auto& spec = pod.spec();
  const auto& statuses = pod.status().init_container_statuses();
  for (int i = 0; i < statuses.size(); ++i) {
    const auto& c = statuses[i];
    bool sidecar = is_sidecar(spec, c.name());
    s.restarts += c.restart_count();
    note_restart(c, s.last_restart);
    if (sidecar) {
      sidecar_restarts += c.restart_count();
      note_restart(c, sidecar_last);
    }
    const auto& state = c.state();
    if (state.has_terminated() && state.terminated().exit_code() == 0)
      continue;
    if (sidecar && c.has_started() && c.started()) {
      s.ready += c.ready() ? 1 : 0;
      continue;
    }
    if (state.has_terminated())
      s.status = terminated_reason(state.terminated(), "Init:");
    else if (state.has_waiting() && !state.waiting().reason().empty()
             && state.waiting().reason() != "PodInitializing")
      s.status = "Init:" + state.waiting().reason();
    else
      s.status = "Init:" + std::to_string(i) + "/" + std::to_string(spec.init_containers_size());
    return true;
  }
  return false;
}

void container_phase(const api::Pod& pod, pod_summary& s) {
  bool has_running = false;
  const auto& statuses = pod.status().container_statuses();
  for (int i = statuses.size() - 1; i >= 0; --i) {
    const auto& c = statuses[i];
    s.restarts += c.restart_count();
    note_restart(c, s.last_restart);
    const auto& state = c.state();
    if (state.has_waiting() && !state.waiting().reason().empty()) {
      s.status = state.waiting().reason();
    } else if (state.has_terminated()) {
      s.status = terminated_reason(state.terminated(), "");
    } else if (c.ready() && state.has_running()) {
      has_running = true;
      ++s.ready;
    }
  }
  if (s.status == "Completed" && has_running)
    s.status = condition_true(pod.status(), "Ready") ? "Running" : "NotReady";
}

void pod_row(const Message& m, const print_options& opts, cells& out) {
  const auto& pod = as<api::Pod>(m);
  auto s = summarize_pod(pod);
  out.insert(out.end(), {std::to_string(s.ready) + "/" + std::to_string(s.total), s.status,
                         format_restarts(s, opts.now),
                         age_since(pod.metadata().creation_timestamp(), opts.now)});
  if (!opts.wide)
    return;
  const auto& st = pod.status();
  std::string ip = st.pod_ips_size() > 0 ? st.pod_ips(0).ip() : st.pod_ip();
  std::string gates = none;
  if (pod.spec().readiness_gates_size() > 0) {
    int ok = 0;
    for (const auto& g : pod.spec().readiness_gates())
      ok += condition_true(st, g.condition_type()) ? 1 : 0;
    gates = std::to_string(ok) + "/" + std::to_string(pod.spec().readiness_gates_size());
  }
  out.insert(out.end(), {or_none(ip), or_none(pod.spec().node_name()),
                         or_none(st.nominated_node_name()), gates});
}

// -- nodes -----------------------------------------------------------------------

std::string node_address(const api::Node& node, std::string_view type) {
  for (const auto& a : node.status().addresses())
    if (a.type() == type)
      return a.address();
  return none;
}

std::string or_unknown(const std::string& text) {
  return text.empty() ? "<unknown>" : text;
}

void node_row(const Message& m, const print_options& opts, cells& out) {
  const auto& node = as<api::Node>(m);
  const auto& info = node.status().node_info();
  out.insert(out.end(), {node_status(node), node_roles(node),
                         age_since(node.metadata().creation_timestamp(), opts.now),
                         info.kubelet_version()});
  if (opts.wide)
    out.insert(out.end(), {node_address(node, "InternalIP"), node_address(node, "ExternalIP"),
                           or_unknown(info.os_image()), or_unknown(info.kernel_version()),
                           or_unknown(info.container_runtime_version())});
}

// -- services and endpoints -------------------------------------------------------

std::string load_balancer_ips(const api::Service& svc, bool wide) {
  auto text = join(svc.status().load_balancer().ingress(), [](const auto& in) {
    return in.ip().empty() ? in.hostname() : in.ip();
  });
  if (!wide && text.size() > 16)
    text = text.substr(0, 13) + "...";
  return text;
}

std::string external_ip(const api::Service& svc, bool wide) {
  const auto& spec = svc.spec();
  auto external = join(spec.external_ips(), [](const auto& x) { return x; });
  const auto& type = spec.type();
  if (type.empty() || type == "ClusterIP" || type == "NodePort")
    return or_none(external);
  if (type == "LoadBalancer") {
    auto lb = load_balancer_ips(svc, wide);
    if (!external.empty())
      return lb.empty() ? external : lb + "," + external;
    return lb.empty() ? "<pending>" : lb;
  }
  if (type == "ExternalName")
    return spec.external_name();
  return "<unknown>";
}

std::string service_ports(const api::Service& svc) {
  return join(svc.spec().ports(), [](const api::ServicePort& p) {
    auto proto = p.protocol().empty() ? std::string{"TCP"} : p.protocol();
    if (p.node_port() > 0)
      return std::to_string(p.port()) + ":" + std::to_string(p.node_port()) + "/" + proto;
    return std::to_string(p.port()) + "/" + proto;
  });
}

void service_row(const Message& m, const print_options& opts, cells& out) {
  const auto& svc = as<api::Service>(m);
  const auto& spec = svc.spec();
  std::string cluster_ip = spec.cluster_ips_size() > 0 ? spec.cluster_ips(0) : spec.cluster_ip();
  out.insert(out.end(), {spec.type().empty() ? std::string{"ClusterIP"} : spec.type(),
                         or_none(cluster_ip), external_ip(svc, opts.wide),
                         or_none(service_ports(svc)),
                         age_since(svc.metadata().creation_timestamp(), opts.now)});
  if (opts.wide)
    out.push_back(format_labels(spec.selector()));
}

std::string join_host_port(const std::string& ip, int32_t port) {
  if (ip.find(':') != std::string::npos)
    return "[" + ip + "]:" + std::to_string(port);
  return ip + ":" + std::to_string(port);
}

/// kubectl's formatEndpoints: at most three, then "+ N more...".
std::string format_endpoints(const api::Endpoints& ep) {
  if (ep.subsets_size() == 0)
    return none;
  constexpr size_t max = 3;
  std::vector<std::string> list;
  size_t count = 0;
  for (const auto& ss : ep.subsets()) {
    if (ss.ports_size() == 0) {
      count += static_cast<size_t>(ss.addresses_size());
      for (const auto& a : ss.addresses())
        if (list.size() < max)
          list.push_back(a.ip());
      continue;
    }
    for (const auto& port : ss.ports()) {
      count += static_cast<size_t>(ss.addresses_size());
      for (const auto& a : ss.addresses())
        if (list.size() < max)
          list.push_back(join_host_port(a.ip(), port.port()));
    }
  }
  auto text = join(list, [](const std::string& x) { return x; });
  if (count > max)
    text += " + " + std::to_string(count - max) + " more...";
  return text;
}

void endpoints_row(const Message& m, const print_options& opts, cells& out) {
  const auto& ep = as<api::Endpoints>(m);
  out.insert(out.end(),
             {format_endpoints(ep), age_since(ep.metadata().creation_timestamp(), opts.now)});
}

// -- replicated workloads ------------------------------------------------------------

void container_cells(const api::PodTemplateSpec& tmpl, cells& out) {
  const auto& cs = tmpl.spec().containers();
  out.push_back(join(cs, [](const api::Container& c) { return c.name(); }));
  out.push_back(join(cs, [](const api::Container& c) { return c.image(); }));
}

void rc_row(const Message& m, const print_options& opts, cells& out) {
  const auto& rc = as<api::ReplicationController>(m);
  out.insert(out.end(),
             {std::to_string(replicas_or_default(rc.spec().has_replicas(), rc.spec().replicas())),
              std::to_string(rc.status().replicas()), std::to_string(rc.status().ready_replicas()),
              age_since(rc.metadata().creation_timestamp(), opts.now)});
  if (!opts.wide)
    return;
  container_cells(rc.spec().template_(), out);
  out.push_back(format_labels(rc.spec().selector()));
}

void rs_row(const Message& m, const print_options& opts, cells& out) {
  const auto& rs = as<api::ReplicaSet>(m);
  out.insert(out.end(),
             {std::to_string(replicas_or_default(rs.spec().has_replicas(), rs.spec().replicas())),
              std::to_string(rs.status().replicas()), std::to_string(rs.status().ready_replicas()),
              age_since(rs.metadata().creation_timestamp(), opts.now)});
  if (!opts.wide)
    return;
  container_cells(rs.spec().template_(), out);
  out.push_back(rs.spec().has_selector() ? format_label_selector(rs.spec().selector()) : none);
}

void deployment_row(const Message& m, const print_options& opts, cells& out) {
  const auto& d = as<api::Deployment>(m);
  auto desired = replicas_or_default(d.spec().has_replicas(), d.spec().replicas());
  out.insert(out.end(),
             {std::to_string(d.status().ready_replicas()) + "/" + std::to_string(desired),
              std::to_string(d.status().updated_replicas()),
              std::to_string(d.status().available_replicas()),
              age_since(d.metadata().creation_timestamp(), opts.now)});
  if (!opts.wide)
    return;
  container_cells(d.spec().template_(), out);
  out.push_back(d.spec().has_selector() ? format_label_selector(d.spec().selector()) : none);
}

// -- configuration and the rest ---------------------------------------------------------

void configmap_row(const Message& m, const print_options& opts, cells& out) {
  const auto& cm = as<api::ConfigMap>(m);
  out.insert(out.end(), {std::to_string(cm.data_size() + cm.binary_data_size()),
                         age_since(cm.metadata().creation_timestamp(), opts.now)});
}

void secret_row(const Message& m, const print_options& opts, cells& out) {
  const auto& s = as<api::Secret>(m);
  out.insert(out.end(), {s.type().empty() ? std::string{"Opaque"} : s.type(),
                         std::to_string(s.data_size()),
                         age_since(s.metadata().creation_timestamp(), opts.now)});
}

void serviceaccount_row(const Message& m, const print_options& opts, cells& out) {
  const auto& sa = as<api::ServiceAccount>(m);
  out.insert(out.end(), {std::to_string(sa.secrets_size()),
                         age_since(sa.metadata().creation_timestamp(), opts.now)});
}

void namespace_row(const Message& m, const print_options& opts, cells& out) {
  const auto& ns = as<api::Namespace>(m);
  out.insert(out.end(), {ns.status().phase(), age_since(ns.metadata().creation_timestamp(), opts.now)});
}

void lease_row(const Message& m, const print_options& opts, cells& out) {
  const auto& l = as<api::Lease>(m);
  out.insert(out.end(), {l.spec().holder_identity(),
                         age_since(l.metadata().creation_timestamp(), opts.now)});
}

void created_at_row(const Message& m, const print_options&, cells& out) {
  out.push_back(format_rfc3339(metadata_of(m).creation_timestamp()));
}

template <class Binding>
void binding_row(const Message& m, const print_options& opts, cells& out) {
  const auto& b = as<Binding>(m);
  out.insert(out.end(), {b.role_ref().kind() + "/" + b.role_ref().name(),
                         age_since(b.metadata().creation_timestamp(), opts.now)});
  if (!opts.wide)
    return;
  std::string users, groups, accounts;
  auto add = [](std::string& list, const std::string& x) { list += (list.empty() ? "" : ", ") + x; };
  for (const auto& s : b.subjects()) {
    if (s.kind() == "User")
      add(users, s.name());
    else if (s.kind() == "Group")
      add(groups, s.name());
    else if (s.kind() == "ServiceAccount")
      add(accounts, s.namespace_() + ":" + s.name());
  }
  out.insert(out.end(), {users, groups, accounts});
}

std::string event_source(const api::Event& e) {
  if (!e.source().component().empty())
    return e.source().host().empty() ? e.source().component()
                                     : e.source().component() + ", " + e.source().host();
  if (e.reporting_instance().empty())
    return e.reporting_component();
  return e.reporting_component() + ", " + e.reporting_instance();
}

std::string trim(const std::string& text) {
  auto b = text.find_first_not_of(" \t\r\n");
  if (b == std::string::npos)
    return {};
  auto e = text.find_last_not_of(" \t\r\n");
  return text.substr(b, e - b + 1);
}

void event_row(const Message& m, const print_options& opts, cells& out) {
  const auto& e = as<api::Event>(m);
  auto first = is_set(e.first_timestamp()) ? age_since(e.first_timestamp(), opts.now)
                                           : age_since(e.event_time(), opts.now);
  auto last = is_set(e.last_timestamp()) ? age_since(e.last_timestamp(), opts.now) : first;
  int count = e.count() == 0 ? 1 : e.count();
  if (e.has_series()) {
    last = age_since(e.series().last_observed_time(), opts.now);
    count = e.series().count();
  }
  std::string kind = e.involved_object().kind();
  std::transform(kind.begin(), kind.end(), kind.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto target = e.involved_object().name().empty() ? kind
                                                   : kind + "/" + e.involved_object().name();
  if (opts.wide)
    out.insert(out.end(), {last, e.type(), e.reason(), target, e.involved_object().field_path(),
                           event_source(e), trim(e.message()), first, std::to_string(count),
                           e.metadata().name()});
  else
    out.insert(out.end(), {last, e.type(), e.reason(), target, trim(e.message())});
}

void age_row(const Message& m, const print_options& opts, cells& out) {
  out.push_back(age_since(metadata_of(m).creation_timestamp(), opts.now));
}

// -- the printer table -------------------------------------------------------------------

using row_fn = void (*)(const Message&, const print_options&, cells&);

struct printer {
  std::string_view kind;
  cells columns;   ///< after NAME
  cells wide;      ///< appended with -o wide (or the whole row, see below)
  row_fn row;
  bool name_column = true;   ///< Events have none
  bool wide_replaces = false; ///< Events: the wide header is a different order
};

const std::vector<printer>& printers() {
  static const cells workload_wide{"CONTAINERS", "IMAGES", "SELECTOR"};
  static const cells binding_wide{"USERS", "GROUPS", "SERVICEACCOUNTS"};
  static const std::vector<printer> all{
    {"Pod", {"READY", "STATUS", "RESTARTS", "AGE"},
     {"IP", "NODE", "NOMINATED NODE", "READINESS GATES"}, pod_row},
    {"Node", {"STATUS", "ROLES", "AGE", "VERSION"},
     {"INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"}, node_row},
    {"Service", {"TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"}, {"SELECTOR"},
     service_row},
    {"Endpoints", {"ENDPOINTS", "AGE"}, {}, endpoints_row},
    {"ReplicationController", {"DESIRED", "CURRENT", "READY", "AGE"}, workload_wide, rc_row},
    {"ReplicaSet", {"DESIRED", "CURRENT", "READY", "AGE"}, workload_wide, rs_row},
    {"Deployment", {"READY", "UP-TO-DATE", "AVAILABLE", "AGE"}, workload_wide, deployment_row},
    {"ConfigMap", {"DATA", "AGE"}, {}, configmap_row},
    {"Secret", {"TYPE", "DATA", "AGE"}, {}, secret_row},
    {"ServiceAccount", {"SECRETS", "AGE"}, {}, serviceaccount_row},
    {"Namespace", {"STATUS", "AGE"}, {}, namespace_row},
    {"Lease", {"HOLDER", "AGE"}, {}, lease_row},
    {"Role", {"CREATED AT"}, {}, created_at_row},
    {"ClusterRole", {"CREATED AT"}, {}, created_at_row},
    {"RoleBinding", {"ROLE", "AGE"}, binding_wide, binding_row<api::RoleBinding>},
    {"ClusterRoleBinding", {"ROLE", "AGE"}, binding_wide, binding_row<api::ClusterRoleBinding>},
    {"Event", {"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"},
     {"LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN",
      "COUNT", "NAME"},
     event_row, false, true},
  };
  return all;
}

const printer& printer_for(std::string_view kind) {
  static const printer fallback{"", {"AGE"}, {}, age_row};
  for (const auto& p : printers())
    if (p.kind == kind)
      return p;
  return fallback;
}

} // namespace

// -- time ------------------------------------------------------------------------

std::string human_duration(std::chrono::nanoseconds d) {
  using namespace std::chrono;
  auto s = duration_cast<seconds>(d).count();
  if (s < -1)
    return "<invalid>";
  if (s < 0)
    return "0s";
  if (s < 120)
    return std::to_string(s) + "s";
  auto two = [](long long a, const char* ua, long long b, const char* ub) {
    return b == 0 ? std::to_string(a) + ua : std::to_string(a) + ua + std::to_string(b) + ub;
  };
  auto minutes = s / 60;
  if (minutes < 10)
    return two(minutes, "m", s % 60, "s");
  if (minutes < 60 * 3)
    return std::to_string(minutes) + "m";
  auto hours = s / 3600;
  if (hours < 8)
    return two(hours, "h", minutes % 60, "m");
  if (hours < 48)
    return std::to_string(hours) + "h";
  if (hours < 24 * 8)
    return two(hours / 24, "d", hours % 24, "h");
  if (hours < 24 * 365 * 2)
    return std::to_string(hours / 24) + "d";
  if (hours < 24 * 365 * 8)
    return two(hours / 24 / 365, "y", (hours / 24) % 365, "d");
  return std::to_string(hours / 24 / 365) + "y";
}

bool is_set(const Timestamp& t) noexcept {
  return t.seconds() != 0 || t.nanos() != 0;
}

wall_time to_wall_time(const Timestamp& t) noexcept {
  using namespace std::chrono;
  return wall_time{duration_cast<wall_time::duration>(seconds{t.seconds()}
                                                      + nanoseconds{t.nanos()})};
}

std::string age_since(const Timestamp& t, wall_time now) {
  if (!is_set(t))
    return "<unknown>";
  return human_duration(now - to_wall_time(t));
}

namespace {

std::string format_time(const Timestamp& t, const char* format) {
  if (!is_set(t))
    return "<unknown>";
  std::time_t secs = static_cast<std::time_t>(t.seconds());
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  auto n = std::strftime(buf, sizeof(buf), format, &tm);
  return std::string(buf, n);
}

} // namespace

std::string format_rfc3339(const Timestamp& t) {
  return format_time(t, "%Y-%m-%dT%H:%M:%SZ");
}

std::string format_rfc1123(const Timestamp& t) {
  // strftime's %a/%b follow the C locale, which a CLI never changes.
  return format_time(t, "%a, %d %b %Y %H:%M:%S +0000");
}

// -- derived fields --------------------------------------------------------------

pod_summary summarize_pod(const api::Pod& pod) {
  pod_summary s;
  const auto& spec = pod.spec();
  const auto& status = pod.status();
  s.total = spec.containers_size();
  for (const auto& c : spec.init_containers())
    s.total += c.has_restart_policy() && c.restart_policy() == "Always" ? 1 : 0;
  s.status = status.reason().empty() ? status.phase() : status.reason();
  for (const auto& c : status.conditions())
    if (c.type() == "PodScheduled" && c.reason() == "SchedulingGated")
      s.status = "SchedulingGated";
  int sidecar_restarts = 0;
  std::optional<wall_time> sidecar_last;
  bool initializing = init_phase(pod, s, sidecar_restarts, sidecar_last);
  if (!initializing || condition_true(status, "Initialized")) {
    s.restarts = sidecar_restarts;
    s.last_restart = sidecar_last;
    container_phase(pod, s);
  }
  bool deleting = pod.metadata().has_deletion_timestamp();
  bool terminal = status.phase() == "Succeeded" || status.phase() == "Failed";
  if (deleting && status.reason() == "NodeLost")
    s.status = "Unknown";
  else if (deleting && !terminal)
    s.status = "Terminating";
  return s;
}

std::string format_restarts(const pod_summary& s, wall_time now) {
  if (s.restarts == 0 || !s.last_restart)
    return std::to_string(s.restarts);
  return std::to_string(s.restarts) + " (" + human_duration(now - *s.last_restart) + " ago)";
}

std::string node_status(const api::Node& node) {
  std::string status = "Unknown";
  for (const auto& c : node.status().conditions())
    if (c.type() == "Ready")
      status = c.status() == "True" ? "Ready" : "NotReady";
  if (node.spec().unschedulable())
    status += ",SchedulingDisabled";
  return status;
}

std::string node_roles(const api::Node& node) {
  constexpr std::string_view prefix = "node-role.kubernetes.io/";
  std::set<std::string> roles;
  for (const auto& [key, value] : node.metadata().labels()) {
    if (key.compare(0, prefix.size(), prefix) == 0 && key.size() > prefix.size())
      roles.insert(key.substr(prefix.size()));
    else if (key == "kubernetes.io/role" && !value.empty())
      roles.insert(value);
  }
  return roles.empty() ? none : join(roles, [](const std::string& r) { return r; });
}

std::string format_labels(const string_map& labels) {
  std::map<std::string, std::string> sorted(labels.begin(), labels.end());
  if (sorted.empty())
    return none;
  return join(sorted, [](const auto& kv) { return kv.first + "=" + kv.second; });
}

std::string format_label_selector(const api::LabelSelector& selector) {
  // (key, text) pairs, stably sorted by key like labels.Selector.String().
  std::vector<std::pair<std::string, std::string>> reqs;
  std::map<std::string, std::string> labels(selector.match_labels().begin(),
                                            selector.match_labels().end());
  for (const auto& [k, v] : labels)
    reqs.emplace_back(k, k + "=" + v);
  for (const auto& e : selector.match_expressions()) {
    std::vector<std::string> values(e.values().begin(), e.values().end());
    std::sort(values.begin(), values.end());
    auto list = "(" + join(values, [](const std::string& v) { return v; }) + ")";
    if (e.operator_() == "In")
      reqs.emplace_back(e.key(), e.key() + " in " + list);
    else if (e.operator_() == "NotIn")
      reqs.emplace_back(e.key(), e.key() + " notin " + list);
    else if (e.operator_() == "Exists")
      reqs.emplace_back(e.key(), e.key());
    else if (e.operator_() == "DoesNotExist")
      reqs.emplace_back(e.key(), "!" + e.key());
    else
      return "<error>";
  }
  std::stable_sort(reqs.begin(), reqs.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  if (reqs.empty())
    return none;
  return join(reqs, [](const auto& r) { return r.second; });
}

// -- tables --------------------------------------------------------------------

const api::ObjectMeta& metadata_of(const Message& object) {
  const auto* field = object.GetDescriptor()->FindFieldByName("metadata");
  if (field == nullptr || field->message_type() != api::ObjectMeta::descriptor())
    return api::ObjectMeta::default_instance();
  return static_cast<const api::ObjectMeta&>(object.GetReflection()->GetMessage(object, field));
}

std::string qualified_name(const codec::resource_info& info, std::string_view name) {
  std::string out{info.singular};
  if (!info.group.empty())
    out += "." + std::string{info.group};
  return out + "/" + std::string{name};
}

std::vector<std::string> table_columns(std::string_view kind, const print_options& opts) {
  const auto& p = printer_for(kind);
  cells out;
  if (opts.with_namespace)
    out.push_back("NAMESPACE");
  if (p.name_column)
    out.push_back("NAME");
  if (opts.wide && p.wide_replaces) {
    out.insert(out.end(), p.wide.begin(), p.wide.end());
  } else {
    out.insert(out.end(), p.columns.begin(), p.columns.end());
    if (opts.wide)
      out.insert(out.end(), p.wide.begin(), p.wide.end());
  }
  if (opts.show_labels)
    out.push_back("LABELS");
  return out;
}

std::vector<std::string> table_row(const Message& object, const print_options& opts) {
  const auto& kind = object.GetDescriptor()->name();
  const auto& p = printer_for(kind);
  const auto& meta = metadata_of(object);
  cells out;
  if (opts.with_namespace)
    out.push_back(meta.namespace_());
  if (p.name_column) {
    const auto* info = codec::resource_registry::builtin().by_kind(kind);
    out.push_back(opts.with_kind && info != nullptr ? qualified_name(*info, meta.name())
                                                    : meta.name());
  }
  p.row(object, opts, out);
  if (opts.show_labels)
    out.push_back(format_labels(meta.labels()));
  return out;
}

std::vector<std::vector<std::string>> table_rows(const Message& list_or_object,
                                                 const print_options& opts) {
  std::vector<cells> rows;
  const auto* items = list_or_object.GetDescriptor()->FindFieldByName("items");
  if (items == nullptr || !items->is_repeated()
      || items->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
    rows.push_back(table_row(list_or_object, opts));
    return rows;
  }
  const auto* refl = list_or_object.GetReflection();
  int n = refl->FieldSize(list_or_object, items);
  rows.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i)
    rows.push_back(table_row(refl->GetRepeatedMessage(list_or_object, items, i), opts));
  return rows;
}

} // namespace convoy::cli
