#pragma once

// Small builders for scheduler tests (like kube-scheduler's st.MakePod() /
// st.MakeNode()): a pod or node in one expression, then pod_info /
// node_info for the plugins.

#include <memory>
#include <string>
#include <vector>

#include "actors/scheduler/framework/node_info.hpp"
#include "actors/scheduler/framework/pod_info.hpp"
#include "api/node.pb.h"
#include "api/pod.pb.h"

namespace convoy::scheduler::test {

/// One node selector requirement: {key, operator, values}.
struct selector_requirement {
  std::string key;
  std::string op;
  std::vector<std::string> values;
};

inline void fill_term(api::NodeSelectorTerm& term,
                      const std::vector<selector_requirement>& expressions,
                      const std::vector<selector_requirement>& fields) {
  auto add = [](api::NodeSelectorRequirement* req, const selector_requirement& r) {
    req->set_key(r.key);
    req->set_operator_(r.op);
    for (const auto& v : r.values)
      req->add_values(v);
  };
  for (const auto& r : expressions)
    add(term.add_match_expressions(), r);
  for (const auto& r : fields)
    add(term.add_match_fields(), r);
}

struct pod_builder {
  api::Pod pod;

  explicit pod_builder(const std::string& name, const std::string& ns = "default") {
    pod.mutable_metadata()->set_name(name);
    pod.mutable_metadata()->set_namespace_(ns);
    pod.mutable_spec()->set_scheduler_name("default-scheduler");
  }

  /// Adds a container requesting `cpu` and `memory` (quantities; "" = none).
  pod_builder& container(const std::string& cpu, const std::string& memory = "") {
    auto name = "c" + std::to_string(pod.spec().containers_size() + 1);
    fill(*pod.mutable_spec()->add_containers(), name, cpu, memory);
    return *this;
  }
  pod_builder& init_container(const std::string& cpu, const std::string& memory = "") {
    auto name = "i" + std::to_string(pod.spec().init_containers_size() + 1);
    fill(*pod.mutable_spec()->add_init_containers(), name, cpu, memory);
    return *this;
  }
  /// Names `c` and gives it the requests (quantities; "" = none).
  static void fill(api::Container& c, const std::string& name, const std::string& cpu,
                   const std::string& memory) {
    c.set_name(name);
    c.set_image("busybox");
    if (!cpu.empty())
      (*c.mutable_resources()->mutable_requests())["cpu"] = cpu;
    if (!memory.empty())
      (*c.mutable_resources()->mutable_requests())["memory"] = memory;
  }
  /// Sets request `resource` = `amount` on the last container (adds one if none).
  pod_builder& request(const std::string& resource, const std::string& amount) {
    if (pod.spec().containers_size() == 0)
      container("");
    auto* c = pod.mutable_spec()->mutable_containers(pod.spec().containers_size() - 1);
    (*c->mutable_resources()->mutable_requests())[resource] = amount;
    return *this;
  }
  pod_builder& label(const std::string& key, const std::string& value) {
    (*pod.mutable_metadata()->mutable_labels())[key] = value;
    return *this;
  }
  pod_builder& node_selector(const std::string& key, const std::string& value) {
    (*pod.mutable_spec()->mutable_node_selector())[key] = value;
    return *this;
  }
  pod_builder& node_name(const std::string& node) {
    pod.mutable_spec()->set_node_name(node);
    return *this;
  }
  pod_builder& toleration(const std::string& key, const std::string& op,
                          const std::string& value, const std::string& effect) {
    auto* t = pod.mutable_spec()->add_tolerations();
    t->set_key(key);
    t->set_operator_(op);
    t->set_value(value);
    t->set_effect(effect);
    return *this;
  }
  /// Adds host port `port` to the last container (adds one if none).
  pod_builder& host_port(int32_t port, const std::string& protocol = "TCP",
                         const std::string& ip = "") {
    if (pod.spec().containers_size() == 0)
      container("");
    auto* c = pod.mutable_spec()->mutable_containers(pod.spec().containers_size() - 1);
    auto* p = c->add_ports();
    p->set_container_port(port);
    p->set_host_port(port);
    p->set_protocol(protocol);
    p->set_host_ip(ip);
    return *this;
  }
  pod_builder& priority(int32_t value) {
    pod.mutable_spec()->set_priority(value);
    return *this;
  }
  /// Adds a sidecar: an init container with restartPolicy Always.
  pod_builder& sidecar(const std::string& cpu, const std::string& memory = "") {
    init_container(cpu, memory);
    auto* c = pod.mutable_spec()->mutable_init_containers(pod.spec().init_containers_size() - 1);
    c->set_restart_policy("Always");
    return *this;
  }
  /// Marks the pod terminating (deletionTimestamp set).
  pod_builder& terminating() {
    pod.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(1);
    return *this;
  }
  /// Adds a topologySpreadConstraint over `topology_key` (`when`:
  /// DoNotSchedule or ScheduleAnyway) counting pods labelled
  /// `match_key`=`match_value` (no labelSelector when `match_key` is "").
  pod_builder& spread(int32_t max_skew, const std::string& topology_key, const std::string& when,
                      const std::string& match_key, const std::string& match_value) {
    auto* c = pod.mutable_spec()->add_topology_spread_constraints();
    c->set_max_skew(max_skew);
    c->set_topology_key(topology_key);
    c->set_when_unsatisfiable(when);
    if (!match_key.empty())
      (*c->mutable_label_selector()->mutable_match_labels())[match_key] = match_value;
    return *this;
  }
  /// The last topologySpreadConstraint, to set further fields (minDomains,
  /// node inclusion policies, matchLabelKeys).
  api::TopologySpreadConstraint& last_spread() {
    auto* spec = pod.mutable_spec();
    return *spec->mutable_topology_spread_constraints(spec->topology_spread_constraints_size() - 1);
  }
  /// Adds a required node affinity term (ORed with the others): its
  /// matchExpressions and matchFields.
  pod_builder& required_term(const std::vector<selector_requirement>& expressions,
                             const std::vector<selector_requirement>& fields = {}) {
    auto* required = pod.mutable_spec()
                       ->mutable_affinity()
                       ->mutable_node_affinity()
                       ->mutable_required_during_scheduling_ignored_during_execution();
    fill_term(*required->add_node_selector_terms(), expressions, fields);
    return *this;
  }
  /// Adds a preferred node affinity term of `weight`.
  pod_builder& preferred_term(int32_t weight, const std::vector<selector_requirement>& expressions,
                              const std::vector<selector_requirement>& fields = {}) {
    auto* preferred = pod.mutable_spec()
                        ->mutable_affinity()
                        ->mutable_node_affinity()
                        ->add_preferred_during_scheduling_ignored_during_execution();
    preferred->set_weight(weight);
    fill_term(*preferred->mutable_preference(), expressions, fields);
    return *this;
  }
  api::PodSpec& spec() {
    return *pod.mutable_spec();
  }
  pod_info_ptr info() const {
    return pod_info::make(std::make_shared<const api::Pod>(pod));
  }
};

struct node_builder {
  api::Node node;

  explicit node_builder(const std::string& name) {
    node.mutable_metadata()->set_name(name);
    (*node.mutable_metadata()->mutable_labels())["kubernetes.io/hostname"] = name;
  }

  /// status.allocatable (and capacity): cpu, memory, pods.
  node_builder& allocatable(const std::string& cpu, const std::string& memory,
                            const std::string& pods = "110") {
    auto& alloc = *node.mutable_status()->mutable_allocatable();
    alloc["cpu"] = cpu;
    alloc["memory"] = memory;
    alloc["pods"] = pods;
    *node.mutable_status()->mutable_capacity() = alloc;
    return *this;
  }
  node_builder& resource(const std::string& name, const std::string& amount) {
    (*node.mutable_status()->mutable_allocatable())[name] = amount;
    return *this;
  }
  node_builder& label(const std::string& key, const std::string& value) {
    (*node.mutable_metadata()->mutable_labels())[key] = value;
    return *this;
  }
  node_builder& taint(const std::string& key, const std::string& value,
                      const std::string& effect) {
    auto* t = node.mutable_spec()->add_taints();
    t->set_key(key);
    t->set_value(value);
    t->set_effect(effect);
    return *this;
  }
  node_builder& unschedulable() {
    node.mutable_spec()->set_unschedulable(true);
    return *this;
  }
  /// A node_info for this node holding `pods`.
  std::unique_ptr<node_info> info(std::initializer_list<pod_info_ptr> pods = {}) const {
    auto out = std::make_unique<node_info>(node.metadata().name());
    out->set_node(std::make_shared<const api::Node>(node));
    for (const auto& p : pods)
      out->add_pod(p);
    return out;
  }
};

/// An already placed pod ("existing") with one container requesting `cpu`
/// and `memory` (quantities; "" = none).
inline pod_info_ptr requesting(const std::string& cpu, const std::string& memory) {
  return pod_builder("existing").container(cpu, memory).info();
}

} // namespace convoy::scheduler::test
