// `convoy ctl describe KIND [NAME...]`: kubectl's describe — the key fields
// of each object laid out like kubectl's describers, then its events.

#include "runtime/cli/ctl_describe.hpp"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <map>

#include <google/protobuf/message.h>

#include "api/config.pb.h"
#include "api/event.pb.h"
#include "api/meta.pb.h"
#include "api/node.pb.h"
#include "api/pod.pb.h"
#include "api/service.pb.h"
#include "api/workload.pb.h"
#include "messages/codec/codec.hpp"
#include "messages/codec/resource_registry.hpp"
#include "runtime/cli/apply_patch.hpp"
#include "runtime/cli/command.hpp"
#include "runtime/cli/ctl_api.hpp"
#include "runtime/cli/ctl_verbs.hpp"
#include "runtime/cli/text_layout.hpp"

namespace convoy::cli {

namespace {

using google::protobuf::Message;
using string_map = google::protobuf::Map<std::string, std::string>;

/// kubectl's PrefixWriter: two spaces per level, cells separated by '\t'
/// (aligned by tabwrite at the end).
struct writer {
  std::string text;
  wall_time now;

  void line(int level, const std::string& s) {
    text.append(static_cast<size_t>(2 * level), ' ');
    text += s;
    text += '\n';
  }
  void kv(int level, const std::string& key, const std::string& value) {
    line(level, key + ":\t" + value);
  }
};

std::string or_none(const std::string& s) {
  return s.empty() ? "<none>" : s;
}

template <class Map>
std::map<std::string, std::string> sorted(const Map& m) {
  return {m.begin(), m.end()};
}

void labels_multiline(writer& w, int level, const std::string& title, const string_map& labels) {
  if (labels.empty()) {
    w.kv(level, title, "<none>");
    return;
  }
  bool first = true;
  for (const auto& [k, v] : sorted(labels)) {
    w.line(level, (first ? title + ":\t" : std::string{"\t"}) + k + "=" + v);
    first = false;
  }
}

void annotations_multiline(writer& w, int level, const string_map& notes) {
  bool first = true;
  for (const auto& [k, v] : sorted(notes)) {
    if (k == apply_patch::last_applied_annotation)
      continue;
    auto value = v.size() > 140 ? v.substr(0, 137) + "..." : v;
    w.line(level, (first ? std::string{"Annotations:\t"} : std::string{"\t"}) + k + ": " + value);
    first = false;
  }
  if (first)
    w.kv(level, "Annotations", "<none>");
}

void object_header(writer& w, const api::ObjectMeta& meta, bool namespaced) {
  w.kv(0, "Name", meta.name());
  if (namespaced)
    w.kv(0, "Namespace", meta.namespace_());
  labels_multiline(w, 0, "Labels", meta.labels());
  annotations_multiline(w, 0, meta.annotations());
}

std::string controller_of(const api::ObjectMeta& meta) {
  for (const auto& ref : meta.owner_references())
    if (ref.has_controller() && ref.controller())
      return ref.kind() + "/" + ref.name();
  return {};
}

// -- containers ------------------------------------------------------------------------

void container_state(writer& w, int level, const std::string& title,
                     const api::ContainerState& st) {
  if (st.has_running()) {
    w.kv(level, title, "Running");
    w.kv(level + 1, "Started", format_rfc1123(st.running().started_at()));
  } else if (st.has_waiting()) {
    w.kv(level, title, "Waiting");
    w.kv(level + 1, "Reason", st.waiting().reason());
    if (!st.waiting().message().empty())
      w.kv(level + 1, "Message", st.waiting().message());
  } else if (st.has_terminated()) {
    const auto& t = st.terminated();
    w.kv(level, title, "Terminated");
    w.kv(level + 1, "Reason", t.reason());
    if (!t.message().empty())
      w.kv(level + 1, "Message", t.message());
    w.kv(level + 1, "Exit Code", std::to_string(t.exit_code()));
    if (t.signal() != 0)
      w.kv(level + 1, "Signal", std::to_string(t.signal()));
    w.kv(level + 1, "Started", format_rfc1123(t.started_at()));
    w.kv(level + 1, "Finished", format_rfc1123(t.finished_at()));
  } else {
    w.kv(level, title, "Waiting");
  }
}

std::string port_list(const api::Container& c, bool host) {
  std::string out;
  for (const auto& p : c.ports()) {
    out += out.empty() ? "" : ", ";
    out += std::to_string(host ? p.host_port() : p.container_port()) + "/"
           + (p.protocol().empty() ? "TCP" : p.protocol());
  }
  return out;
}

void string_list(writer& w, int level, const std::string& title,
                 const google::protobuf::RepeatedPtrField<std::string>& items) {
  if (items.empty())
    return;
  w.line(level, title + ":");
  for (const auto& x : items)
    w.line(level + 1, x);
}

void resource_map(writer& w, int level, const std::string& title, const string_map& m) {
  if (m.empty())
    return;
  w.line(level, title + ":");
  for (const auto& [k, v] : sorted(m))
    w.kv(level + 1, k, v);
}

void container(writer& w, const api::Container& c, const api::ContainerStatus* st,
               bool with_status) {
  w.line(1, c.name() + ":");
  if (with_status)
    w.kv(2, "Container ID", st ? st->container_id() : "");
  w.kv(2, "Image", c.image());
  if (with_status)
    w.kv(2, "Image ID", st ? st->image_id() : "");
  auto ports = port_list(c, false);
  w.kv(2, c.ports_size() > 1 ? "Ports" : "Port", or_none(ports));
  w.kv(2, c.ports_size() > 1 ? "Host Ports" : "Host Port", or_none(port_list(c, true)));
  string_list(w, 2, "Command", c.command());
  string_list(w, 2, "Args", c.args());
  if (with_status && st != nullptr) {
    container_state(w, 2, "State", st->state());
    if (st->has_last_state() && (st->last_state().has_terminated() || st->last_state().has_running()
                                 || st->last_state().has_waiting()))
      container_state(w, 2, "Last State", st->last_state());
    w.kv(2, "Ready", st->ready() ? "True" : "False");
    w.kv(2, "Restart Count", std::to_string(st->restart_count()));
  }
  resource_map(w, 2, "Limits", c.resources().limits());
  resource_map(w, 2, "Requests", c.resources().requests());
  if (c.env_size() == 0) {
    w.kv(2, "Environment", "<none>");
  } else {
    w.line(2, "Environment:");
    for (const auto& e : c.env())
      w.kv(3, e.name(), e.has_value_from() ? "<set from a source>" : e.value());
  }
  if (c.volume_mounts_size() == 0) {
    w.kv(2, "Mounts", "<none>");
  } else {
    w.line(2, "Mounts:");
    for (const auto& m : c.volume_mounts())
      w.line(3, m.mount_path() + " from " + m.name() + (m.read_only() ? " (ro)" : " (rw)"));
  }
}

const api::ContainerStatus* status_of(
  const google::protobuf::RepeatedPtrField<api::ContainerStatus>& all, const std::string& name) {
  for (const auto& s : all)
    if (s.name() == name)
      return &s;
  return nullptr;
}

void pod_template(writer& w, const api::PodTemplateSpec& tmpl) {
  w.line(0, "Pod Template:");
  labels_multiline(w, 1, "Labels", tmpl.metadata().labels());
  if (tmpl.spec().init_containers_size() > 0) {
    w.line(1, "Init Containers:");
    for (const auto& c : tmpl.spec().init_containers())
      container(w, c, nullptr, false);
  }
  w.line(1, "Containers:");
  for (const auto& c : tmpl.spec().containers())
    container(w, c, nullptr, false);
}

// -- kinds -----------------------------------------------------------------------------

void describe_pod(writer& w, const api::Pod& pod) {
  const auto& meta = pod.metadata();
  const auto& spec = pod.spec();
  const auto& st = pod.status();
  w.kv(0, "Name", meta.name());
  w.kv(0, "Namespace", meta.namespace_());
  if (spec.has_priority())
    w.kv(0, "Priority", std::to_string(spec.priority()));
  w.kv(0, "Service Account", spec.service_account_name());
  w.kv(0, "Node", spec.node_name().empty() ? "<none>"
                                           : spec.node_name() + "/" + st.host_ip());
  if (st.has_start_time())
    w.kv(0, "Start Time", format_rfc1123(st.start_time()));
  labels_multiline(w, 0, "Labels", meta.labels());
  annotations_multiline(w, 0, meta.annotations());
  if (meta.has_deletion_timestamp())
    w.kv(0, "Status", "Terminating (lasts " + age_since(meta.deletion_timestamp(), w.now) + ")");
  else
    w.kv(0, "Status", st.phase());
  if (!st.reason().empty())
    w.kv(0, "Reason", st.reason());
  if (!st.message().empty())
    w.kv(0, "Message", st.message());
  w.kv(0, "IP", st.pod_ip());
  if (st.pod_ips_size() == 0) {
    w.kv(0, "IPs", "<none>");
  } else {
    w.line(0, "IPs:");
    for (const auto& ip : st.pod_ips())
      w.kv(1, "IP", ip.ip());
  }
  if (auto owner = controller_of(meta); !owner.empty())
    w.kv(0, "Controlled By", owner);
  if (spec.init_containers_size() > 0) {
    w.line(0, "Init Containers:");
    for (const auto& c : spec.init_containers())
      container(w, c, status_of(st.init_container_statuses(), c.name()), true);
  }
  w.line(0, "Containers:");
  for (const auto& c : spec.containers())
    container(w, c, status_of(st.container_statuses(), c.name()), true);
  if (st.conditions_size() > 0) {
    w.line(0, "Conditions:");
    w.line(1, "Type\tStatus");
    for (const auto& c : st.conditions())
      w.line(1, c.type() + " \t" + c.status() + " ");
  }
  if (spec.volumes_size() == 0) {
    w.kv(0, "Volumes", "<none>");
  } else {
    w.line(0, "Volumes:");
    for (const auto& v : spec.volumes())
      w.line(1, v.name() + ":");
  }
  w.kv(0, "QoS Class", st.qos_class());
  labels_multiline(w, 0, "Node-Selectors", spec.node_selector());
  std::string tolerations;
  for (const auto& t : spec.tolerations()) {
    auto text = t.key() + (t.value().empty() ? "" : "=" + t.value())
                + (t.effect().empty() ? "" : ":" + t.effect());
    if (t.has_toleration_seconds())
      text += " for " + std::to_string(t.toleration_seconds()) + "s";
    w.line(0, (tolerations.empty() ? "Tolerations:\t" : "\t") + text);
    tolerations = text;
  }
  if (tolerations.empty())
    w.kv(0, "Tolerations", "<none>");
}

void describe_node(writer& w, const api::Node& node) {
  const auto& meta = node.metadata();
  w.kv(0, "Name", meta.name());
  w.kv(0, "Roles", node_roles(node));
  labels_multiline(w, 0, "Labels", meta.labels());
  annotations_multiline(w, 0, meta.annotations());
  w.kv(0, "CreationTimestamp", format_rfc1123(meta.creation_timestamp()));
  if (node.spec().taints_size() == 0)
    w.kv(0, "Taints", "<none>");
  bool first = true;
  for (const auto& t : node.spec().taints()) {
    w.line(0, (first ? "Taints:\t" : "\t") + t.key() + (t.value().empty() ? "" : "=" + t.value())
                + ":" + t.effect());
    first = false;
  }
  w.kv(0, "Unschedulable", node.spec().unschedulable() ? "true" : "false");
  w.line(0, "Conditions:");
  w.line(1, "Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage");
  w.line(1, "----\t------\t-----------------\t------------------\t------\t-------");
  for (const auto& c : node.status().conditions())
    w.line(1, c.type() + " \t" + c.status() + " \t" + format_rfc1123(c.last_heartbeat_time())
                + " \t" + format_rfc1123(c.last_transition_time()) + " \t" + c.reason() + " \t"
                + c.message());
  w.line(0, "Addresses:");
  for (const auto& a : node.status().addresses())
    w.kv(1, a.type(), a.address());
  resource_map(w, 0, "Capacity", node.status().capacity());
  resource_map(w, 0, "Allocatable", node.status().allocatable());
  const auto& info = node.status().node_info();
  w.line(0, "System Info:");
  w.kv(1, "Machine ID", info.machine_id());
  w.kv(1, "Kernel Version", info.kernel_version());
  w.kv(1, "OS Image", info.os_image());
  w.kv(1, "Operating System", info.operating_system());
  w.kv(1, "Architecture", info.architecture());
  w.kv(1, "Container Runtime Version", info.container_runtime_version());
  w.kv(1, "Kubelet Version", info.kubelet_version());
  if (!node.spec().pod_cidr().empty())
    w.kv(0, "PodCIDR", node.spec().pod_cidr());
}

void describe_service(writer& w, const api::Service& svc, const Message* related) {
  object_header(w, svc.metadata(), true);
  const auto& spec = svc.spec();
  w.kv(0, "Selector", format_labels(spec.selector()));
  w.kv(0, "Type", spec.type().empty() ? "ClusterIP" : spec.type());
  w.kv(0, "IP", or_none(spec.cluster_ip()));
  if (!spec.external_name().empty())
    w.kv(0, "External Name", spec.external_name());
  const auto* ep = related && related->GetDescriptor() == api::Endpoints::descriptor()
                     ? static_cast<const api::Endpoints*>(related)
                     : nullptr;
  for (const auto& p : spec.ports()) {
    auto proto = p.protocol().empty() ? std::string{"TCP"} : p.protocol();
    auto name = p.name().empty() ? std::string{"<unset>"} : p.name();
    w.kv(0, "Port", name + "\t" + std::to_string(p.port()) + "/" + proto);
    const auto& tp = p.target_port();
    auto target = tp.type() == 1 ? tp.str_val() : std::to_string(tp.int_val());
    w.kv(0, "TargetPort", target + "/" + proto);
    if (p.node_port() != 0)
      w.kv(0, "NodePort", name + "\t" + std::to_string(p.node_port()) + "/" + proto);
    if (ep != nullptr) {
      std::string list;
      for (const auto& ss : ep->subsets())
        for (const auto& port : ss.ports())
          if (port.name() == p.name())
            for (const auto& a : ss.addresses())
              list += (list.empty() ? "" : ",") + a.ip() + ":" + std::to_string(port.port());
      w.kv(0, "Endpoints", list);
    }
  }
  w.kv(0, "Session Affinity", spec.session_affinity().empty() ? "None" : spec.session_affinity());
}

template <class Controller>
void describe_replicated(writer& w, const Controller& c, const std::string& selector) {
  object_header(w, c.metadata(), true);
  w.kv(0, "Selector", selector);
  auto desired = c.spec().has_replicas() ? c.spec().replicas() : 1;
  w.kv(0, "Replicas", std::to_string(c.status().replicas()) + " current / "
                        + std::to_string(desired) + " desired");
  w.kv(0, "Ready Replicas", std::to_string(c.status().ready_replicas()));
  if (auto owner = controller_of(c.metadata()); !owner.empty())
    w.kv(0, "Controlled By", owner);
  pod_template(w, c.spec().template_());
}

void describe_deployment(writer& w, const api::Deployment& d) {
  object_header(w, d.metadata(), true);
  w.kv(0, "CreationTimestamp", format_rfc1123(d.metadata().creation_timestamp()));
  w.kv(0, "Selector", d.spec().has_selector() ? format_label_selector(d.spec().selector())
                                              : "<none>");
  const auto& st = d.status();
  auto desired = d.spec().has_replicas() ? d.spec().replicas() : 1;
  w.kv(0, "Replicas", std::to_string(desired) + " desired | " + std::to_string(st.updated_replicas())
                        + " updated | " + std::to_string(st.replicas()) + " total | "
                        + std::to_string(st.available_replicas()) + " available | "
                        + std::to_string(st.unavailable_replicas()) + " unavailable");
  auto strategy = d.spec().strategy().type();
  w.kv(0, "StrategyType", strategy.empty() ? "RollingUpdate" : strategy);
  w.kv(0, "MinReadySeconds", std::to_string(d.spec().min_ready_seconds()));
  pod_template(w, d.spec().template_());
  if (st.conditions_size() > 0) {
    w.line(0, "Conditions:");
    w.line(1, "Type\tStatus\tReason");
    w.line(1, "----\t------\t------");
    for (const auto& c : st.conditions())
      w.line(1, c.type() + " \t" + c.status() + "\t" + c.reason());
  }
}

void describe_configmap(writer& w, const api::ConfigMap& cm) {
  object_header(w, cm.metadata(), true);
  w.line(0, "");
  w.line(0, "Data");
  w.line(0, "====");
  for (const auto& [k, v] : sorted(cm.data())) {
    w.line(0, k + ":");
    w.line(0, "----");
    w.line(0, v);
    w.line(0, "");
  }
  w.line(0, "");
  w.line(0, "BinaryData");
  w.line(0, "====");
  for (const auto& [k, v] : sorted(cm.binary_data()))
    w.line(0, k + ": " + std::to_string(v.size()) + " bytes");
  w.line(0, "");
}

void describe_secret(writer& w, const api::Secret& s) {
  object_header(w, s.metadata(), true);
  w.line(0, "");
  w.kv(0, "Type", s.type().empty() ? "Opaque" : s.type());
  w.line(0, "");
  w.line(0, "Data");
  w.line(0, "====");
  for (const auto& [k, v] : sorted(s.data()))
    w.kv(0, k, std::to_string(v.size()) + " bytes");
}

void describe_generic(writer& w, const Message& obj, bool namespaced) {
  object_header(w, metadata_of(obj), namespaced);
  // The rest as YAML, top-level keys capitalized like kubectl's generic describer.
  auto yaml = codec::to_yaml(obj);
  bool skipping = false;
  size_t from = 0;
  while (from < yaml.size()) {
    auto nl = yaml.find('\n', from);
    auto line = yaml.substr(from, nl - from);
    from = nl == std::string::npos ? yaml.size() : nl + 1;
    if (!line.empty() && line[0] != ' ' && line[0] != '-') {
      auto key = line.substr(0, line.find(':'));
      skipping = key == "apiVersion" || key == "kind" || key == "metadata";
      if (!skipping)
        line[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(line[0])));
    }
    if (!skipping)
      w.line(0, line);
  }
}

// -- events ----------------------------------------------------------------------------

const google::protobuf::Timestamp& event_time(const api::Event& e) {
  if (e.has_series())
    return e.series().last_observed_time();
  if (is_set(e.last_timestamp()))
    return e.last_timestamp();
  return is_set(e.event_time()) ? e.event_time() : e.first_timestamp();
}

void describe_events(writer& w, std::vector<api::Event> events) {
  if (events.empty()) {
    w.line(0, "Events:\t<none>");
    return;
  }
  std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
    return to_wall_time(event_time(a)) < to_wall_time(event_time(b));
  });
  w.line(0, "Events:");
  w.line(1, "Type\tReason\tAge\tFrom\tMessage");
  w.line(1, "----\t------\t----\t----\t-------");
  for (const auto& e : events) {
    auto first = is_set(e.event_time()) ? age_since(e.event_time(), w.now)
                                        : age_since(e.first_timestamp(), w.now);
    std::string interval = first;
    if (e.has_series())
      interval = age_since(e.series().last_observed_time(), w.now) + " (x"
                 + std::to_string(e.series().count()) + " over " + first + ")";
    else if (e.count() > 1)
      interval = age_since(e.last_timestamp(), w.now) + " (x" + std::to_string(e.count())
                 + " over " + first + ")";
    auto from = e.source().component().empty() ? e.reporting_component() : e.source().component();
    auto message = e.message();
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    w.line(1, e.type() + "\t" + e.reason() + "\t" + interval + "\t" + from + "\t" + message);
  }
}

} // namespace

std::string describe_object(const Message& object, const std::vector<api::Event>& events,
                            wall_time now, const Message* related) {
  writer w{{}, now};
  const auto* type = object.GetDescriptor();
  const auto* info = codec::resource_registry::builtin().by_kind(type->name());
  if (type == api::Pod::descriptor())
    describe_pod(w, static_cast<const api::Pod&>(object));
  else if (type == api::Node::descriptor())
    describe_node(w, static_cast<const api::Node&>(object));
  else if (type == api::Service::descriptor())
    describe_service(w, static_cast<const api::Service&>(object), related);
  else if (type == api::ReplicationController::descriptor()) {
    const auto& rc = static_cast<const api::ReplicationController&>(object);
    describe_replicated(w, rc, format_labels(rc.spec().selector()));
  } else if (type == api::ReplicaSet::descriptor()) {
    const auto& rs = static_cast<const api::ReplicaSet&>(object);
    describe_replicated(w, rs, rs.spec().has_selector() ? format_label_selector(rs.spec().selector())
                                                        : "<none>");
  } else if (type == api::Deployment::descriptor())
    describe_deployment(w, static_cast<const api::Deployment&>(object));
  else if (type == api::ConfigMap::descriptor())
    describe_configmap(w, static_cast<const api::ConfigMap&>(object));
  else if (type == api::Secret::descriptor())
    describe_secret(w, static_cast<const api::Secret&>(object));
  else
    describe_generic(w, object, info == nullptr || info->namespaced);
  describe_events(w, events);
  return tabwrite(w.text);
}

// -- the verb ----------------------------------------------------------------------

namespace {

/// Events about `object` (namespace and name from the server's field
/// selector; the kind filtered here, so a pod and a service of one name
/// keep their own).
std::vector<api::Event> events_for(api_client& api, const codec::resource_info& info,
                                   const api::ObjectMeta& meta) {
  std::string fields = "involvedObject.name=" + meta.name();
  if (info.namespaced)
    fields += ",involvedObject.namespace=" + meta.namespace_();
  auto r = api.list("events", info.namespaced ? meta.namespace_() : std::string{}, {}, fields);
  auto list = r.ok() ? unpack_any(r.object) : nullptr;
  std::vector<api::Event> out;
  if (!list || list->GetDescriptor() != api::EventList::descriptor()) {
    std::cerr << "warning: cannot list events: " << format_api_error(r) << "\n";
    return out;
  }
  for (auto& e : *static_cast<api::EventList&>(*list).mutable_items())
    if (e.involved_object().kind().empty() || e.involved_object().kind() == info.kind)
      out.push_back(std::move(e));
  return out;
}

std::unique_ptr<Message> related_of(api_client& api, const codec::resource_info& info,
                                    const api::ObjectMeta& meta) {
  if (info.kind != "Service")
    return nullptr;
  auto r = api.get("endpoints", meta.namespace_(), meta.name());
  return r.ok() ? unpack_any(r.object) : nullptr;
}

/// The objects to describe: by name, else those whose name starts with it
/// (kubectl's prefix match), else every object of the kind.
bool collect(api_client& api, const codec::resource_info& info, const std::string& ns,
             const std::vector<std::string>& names, const std::string& selector,
             std::vector<std::unique_ptr<Message>>& out) {
  auto add_items = [&](const api_result& r, const std::string& prefix) {
    auto list = r.ok() ? unpack_any(r.object) : nullptr;
    if (!list)
      return;
    const auto* items = list->GetDescriptor()->FindFieldByName("items");
    const auto* refl = list->GetReflection();
    for (int i = 0; items && i < refl->FieldSize(*list, items); ++i) {
      const auto& item = refl->GetRepeatedMessage(*list, items, i);
      if (metadata_of(item).name().rfind(prefix, 0) == 0) {
        out.emplace_back(item.New());
        out.back()->CopyFrom(item);
      }
    }
  };
  if (names.empty()) {
    auto r = api.list(info.resource, ns, selector);
    if (!r.ok()) {
      std::cerr << format_api_error(r) << "\n";
      return false;
    }
    add_items(r, "");
    return true;
  }
  bool ok = true;
  for (const auto& name : names) {
    auto r = api.get(info.resource, ns, name);
    if (r.ok()) {
      if (auto obj = unpack_any(r.object))
        out.push_back(std::move(obj));
      continue;
    }
    auto before = out.size();
    if (r.not_found())
      add_items(api.list(info.resource, ns), name);
    if (out.size() == before) {
      std::cerr << format_api_error(r) << "\n";
      ok = false;
    }
  }
  return ok;
}

} // namespace

int run_ctl_describe(const ctl_options& common, const std::vector<std::string>& args) {
  config::flag_set flags{"convoy ctl describe KIND [NAME...] | KIND/NAME... [flags]",
                         "Shows the details of objects as kubectl does, with their events."};
  add_ctl_flags(flags);
  add_namespace_flags(flags, true);
  flags.add_string("selector", "", "describe the objects this label selector matches", "SELECTOR")
    .alias('l')
    .allow_positional("KIND [NAME...]: e.g. pod web, node n1, svc/web");
  auto opts = common;
  if (auto code = parse_verb_flags("describe", flags, args, opts))
    return *code;
  const auto& pos = flags.positional();
  std::vector<object_ref> refs;
  const codec::resource_info* kind_only = nullptr;
  std::string error;
  if (pos.size() == 1 && pos[0].find('/') == std::string::npos) {
    if ((kind_only = find_resource(pos[0], error)) == nullptr)
      return usage_error("ctl describe", error);
  } else if (auto err = parse_object_refs(pos, refs)) {
    return usage_error("ctl describe", *err);
  }
  api_client api{opts};
  if (!api.connect_or_report())
    return exit_failure;
  std::vector<std::pair<const codec::resource_info*, std::unique_ptr<Message>>> objects;
  bool ok = true;
  auto gather = [&](const codec::resource_info& info, const std::vector<std::string>& names) {
    std::vector<std::unique_ptr<Message>> found;
    ok = collect(api, info, namespace_for(info, flags, true), names, flags.str("selector"), found) && ok;
    for (auto& f : found)
      objects.emplace_back(&info, std::move(f));
  };
  if (kind_only != nullptr)
    gather(*kind_only, {});
  for (const auto& ref : refs)
    gather(*ref.info, {ref.name});
  auto now = std::chrono::system_clock::now();
  for (size_t i = 0; i < objects.size(); ++i) {
    const auto& [info, obj] = objects[i];
    const auto& meta = metadata_of(*obj);
    auto related = related_of(api, *info, meta);
    std::cout << (i > 0 ? "\n\n" : "")
              << describe_object(*obj, events_for(api, *info, meta), now, related.get());
  }
  if (objects.empty() && ok && kind_only != nullptr)
    std::cerr << "No resources found" << "\n";
  return ok ? exit_ok : exit_failure;
}

} // namespace convoy::cli
