#pragma once

// Small builders for the replication core's tests: a pod, a ReplicaSet or a
// ReplicationController in one expression.

#include <cstdint>
#include <string>
#include <vector>

#include "actors/controllers/replication/core/replica_owner.hpp"
#include "api/pod.pb.h"
#include "api/workload.pb.h"

namespace convoy::controllers::replication::test {

struct pod_builder {
  api::Pod pod;

  explicit pod_builder(const std::string& name, const std::string& ns = "default") {
    pod.mutable_metadata()->set_name(name);
    pod.mutable_metadata()->set_namespace_(ns);
    pod.mutable_status()->set_phase("Running");
    pod.mutable_spec()->set_node_name("n1");
  }
  pod_builder& label(const std::string& key, const std::string& value) {
    (*pod.mutable_metadata()->mutable_labels())[key] = value;
    return *this;
  }
  /// A controller reference to `uid` (the kind does not matter to claiming).
  pod_builder& controlled_by(const std::string& uid) {
    auto* ref = pod.mutable_metadata()->add_owner_references();
    ref->set_api_version("apps/v1");
    ref->set_kind("ReplicaSet");
    ref->set_name("owner-" + uid);
    ref->set_uid(uid);
    ref->set_controller(true);
    return *this;
  }
  /// A non-controller reference (e.g. a garbage-collection owner).
  pod_builder& referenced_by(const std::string& uid) {
    auto* ref = pod.mutable_metadata()->add_owner_references();
    ref->set_kind("ConfigMap");
    ref->set_uid(uid);
    return *this;
  }
  pod_builder& phase(const std::string& p) {
    pod.mutable_status()->set_phase(p);
    return *this;
  }
  pod_builder& unassigned() {
    pod.mutable_spec()->clear_node_name();
    return *this;
  }
  /// Ready=True since `since` (seconds).
  pod_builder& ready(int64_t since) {
    auto* c = pod.mutable_status()->add_conditions();
    c->set_type("Ready");
    c->set_status("True");
    c->mutable_last_transition_time()->set_seconds(since);
    return *this;
  }
  pod_builder& not_ready() {
    auto* c = pod.mutable_status()->add_conditions();
    c->set_type("Ready");
    c->set_status("False");
    return *this;
  }
  pod_builder& created(int64_t at) {
    pod.mutable_metadata()->mutable_creation_timestamp()->set_seconds(at);
    return *this;
  }
  pod_builder& deleting() {
    pod.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(1);
    return *this;
  }
  operator api::Pod() const { return pod; } // NOLINT: builder
};

/// A ReplicaSet "web" in "default", uid "rs-uid", selecting app=web, whose
/// template carries app=web.
struct rs_builder {
  api::ReplicaSet rs;

  explicit rs_builder(const std::string& name = "web") {
    rs.mutable_metadata()->set_name(name);
    rs.mutable_metadata()->set_namespace_("default");
    rs.mutable_metadata()->set_uid("rs-uid");
    rs.mutable_metadata()->set_generation(1);
    (*rs.mutable_spec()->mutable_selector()->mutable_match_labels())["app"] = "web";
    (*rs.mutable_spec()->mutable_template_()->mutable_metadata()->mutable_labels())["app"] = "web";
  }
  rs_builder& replicas(int32_t n) {
    rs.mutable_spec()->set_replicas(n);
    return *this;
  }
  rs_builder& min_ready(int32_t seconds) {
    rs.mutable_spec()->set_min_ready_seconds(seconds);
    return *this;
  }
  rs_builder& template_label(const std::string& key, const std::string& value) {
    (*rs.mutable_spec()->mutable_template_()->mutable_metadata()->mutable_labels())[key] = value;
    return *this;
  }
  rs_builder& deleting() {
    rs.mutable_metadata()->mutable_deletion_timestamp()->set_seconds(1);
    return *this;
  }
  replica_owner owner() const { return owner_of(rs); }
};

/// Pointers to `pods`, the shape the core takes (the shell's cache entries).
inline std::vector<const api::Pod*> ptrs(const std::vector<api::Pod>& pods) {
  std::vector<const api::Pod*> out;
  for (const auto& p : pods)
    out.push_back(&p);
  return out;
}

/// The names of `pods`, in order, for comparisons.
inline std::vector<std::string> names(const std::vector<const api::Pod*>& pods) {
  std::vector<std::string> out;
  for (const auto* p : pods)
    out.push_back(p->metadata().name());
  return out;
}

} // namespace convoy::controllers::replication::test
