#pragma once

// Builders and a tiny simulated cluster for the deployment core tests: the
// cluster applies each plan like the shell would, and plays the ReplicaSet
// controller (pods appear and disappear at once; new pods become available
// only when a test says so).

#include <algorithm>
#include <string>
#include <vector>

#include "actors/controllers/deployment/core/deployment_plan.hpp"
#include "actors/controllers/deployment/core/deployment_util.hpp"
#include "api/workload.pb.h"

namespace convoy::controllers::deployment::test {

inline api::IntOrString int_value(int32_t v) {
  api::IntOrString out;
  out.set_type(0);
  out.set_int_val(v);
  return out;
}

inline api::IntOrString str_value(const std::string& v) {
  api::IntOrString out;
  out.set_type(1);
  out.set_str_val(v);
  return out;
}

inline api::PodTemplateSpec make_template(const std::string& image) {
  api::PodTemplateSpec t;
  (*t.mutable_metadata()->mutable_labels())["app"] = "web";
  auto* c = t.mutable_spec()->add_containers();
  c->set_name("web");
  c->set_image(image);
  return t;
}

/// A RollingUpdate deployment "default/web" (uid "d-uid", generation 1).
inline api::Deployment make_deployment(int32_t replicas, const std::string& image = "nginx:1") {
  api::Deployment d;
  d.mutable_metadata()->set_name("web");
  d.mutable_metadata()->set_namespace_("default");
  d.mutable_metadata()->set_uid("d-uid");
  d.mutable_metadata()->set_generation(1);
  d.mutable_spec()->set_replicas(replicas);
  (*d.mutable_spec()->mutable_selector()->mutable_match_labels())["app"] = "web";
  *d.mutable_spec()->mutable_template_() = make_template(image);
  d.mutable_spec()->mutable_strategy()->set_type("RollingUpdate");
  return d;
}

inline void set_rolling(api::Deployment& d, const api::IntOrString& surge,
                        const api::IntOrString& unavailable) {
  auto* ru = d.mutable_spec()->mutable_strategy()->mutable_rolling_update();
  *ru->mutable_max_surge() = surge;
  *ru->mutable_max_unavailable() = unavailable;
}

/// A bare owned ReplicaSet with a revision, size and availability.
inline api::ReplicaSet make_rs(const std::string& name, int64_t revision, int32_t replicas,
                               int32_t available, int64_t created) {
  api::ReplicaSet rs;
  rs.mutable_metadata()->set_name(name);
  rs.mutable_metadata()->set_namespace_("default");
  rs.mutable_metadata()->set_uid(name + "-uid");
  rs.mutable_metadata()->mutable_creation_timestamp()->set_seconds(created);
  (*rs.mutable_metadata()->mutable_annotations())[revision_annotation] = std::to_string(revision);
  rs.mutable_spec()->set_replicas(replicas);
  *rs.mutable_spec()->mutable_template_() = make_template(name);
  rs.mutable_status()->set_replicas(replicas);
  rs.mutable_status()->set_ready_replicas(available);
  rs.mutable_status()->set_available_replicas(available);
  return rs;
}

/// The apiserver + ReplicaSet controller, as far as a deployment sees them.
struct cluster {
  api::Deployment d;
  std::vector<api::ReplicaSet> rss;
  int64_t now = 1000;

  std::vector<const api::ReplicaSet*> owned() const {
    std::vector<const api::ReplicaSet*> out;
    for (const auto& rs : rss)
      out.push_back(&rs);
    return out;
  }

  deployment_plan plan(bool old_pods_running = false) const {
    return plan_sync(d, owned(), old_pods_running, now);
  }

  /// Applies a plan like the shell, then lets the ReplicaSet controller
  /// create/delete pods (deleting unavailable ones first).
  void apply(const deployment_plan& p) {
    for (auto rs : p.create) {
      rs.mutable_metadata()->set_uid(rs.metadata().name() + "-uid");
      rs.mutable_metadata()->mutable_creation_timestamp()->set_seconds(now);
      rss.push_back(rs);
    }
    for (const auto& rs : p.update)
      *find(rs.metadata().name()) = rs;
    for (const auto& key : p.remove)
      rss.erase(std::remove_if(rss.begin(), rss.end(),
                               [&](const api::ReplicaSet& rs) {
                                 return "default/" + rs.metadata().name() == key;
                               }),
                rss.end());
    if (p.status_update)
      d = *p.status_update;
    for (auto& rs : rss) {
      int32_t spec = rs.spec().replicas();
      rs.mutable_status()->set_replicas(spec);
      rs.mutable_status()->set_available_replicas(std::min(spec, rs.status().available_replicas()));
      rs.mutable_status()->set_ready_replicas(rs.status().available_replicas());
    }
    now += 1;
  }

  /// Every pod becomes ready and available.
  void all_available() {
    for (auto& rs : rss) {
      rs.mutable_status()->set_available_replicas(rs.status().replicas());
      rs.mutable_status()->set_ready_replicas(rs.status().replicas());
    }
  }

  api::ReplicaSet* find(const std::string& name) {
    for (auto& rs : rss)
      if (rs.metadata().name() == name)
        return &rs;
    return nullptr;
  }

  int32_t total_spec() const {
    int32_t sum = 0;
    for (const auto& rs : rss)
      sum += rs.spec().replicas();
    return sum;
  }

  int32_t total_available() const {
    int32_t sum = 0;
    for (const auto& rs : rss)
      sum += rs.status().available_replicas();
    return sum;
  }

  /// A new template, as `kubectl set image` would do.
  void set_image(const std::string& image) {
    *d.mutable_spec()->mutable_template_() = make_template(image);
    d.mutable_metadata()->set_generation(d.metadata().generation() + 1);
  }
};

} // namespace convoy::controllers::deployment::test
