#pragma once

// The kinds the garbage collector watches: every kind that is an owner or a
// dependent in convoy (Kubernetes' GC discovers them; convoy's set is fixed).
// One traits struct per kind, and compile-time iteration over all of them,
// so the shell is written once as templates over a Kind.

#include <cstdint>
#include <string>

#include "api/config.pb.h"
#include "api/pod.pb.h"
#include "api/service.pb.h"
#include "api/workload.pb.h"

namespace convoy::controllers::gc {

#define CONVOY_GC_KIND(NAME, OBJ, KIND, RESOURCE, VERSION, ID)                                   \
  struct NAME {                                                                                \
    using object = api::OBJ;                                                                   \
    using list = api::OBJ##List;                                                               \
    static constexpr const char* kind = KIND;                                                  \
    static constexpr const char* resource = RESOURCE;                                          \
    static constexpr const char* api_version = VERSION;                                        \
    static constexpr int64_t watch_id = ID;                                                    \
  }

CONVOY_GC_KIND(pod_kind, Pod, "Pod", "pods", "v1", 1);
CONVOY_GC_KIND(replication_controller_kind, ReplicationController, "ReplicationController",
               "replicationcontrollers", "v1", 2);
CONVOY_GC_KIND(replica_set_kind, ReplicaSet, "ReplicaSet", "replicasets", "apps/v1", 3);
CONVOY_GC_KIND(deployment_kind, Deployment, "Deployment", "deployments", "apps/v1", 4);
CONVOY_GC_KIND(service_kind, Service, "Service", "services", "v1", 5);
CONVOY_GC_KIND(endpoints_kind, Endpoints, "Endpoints", "endpoints", "v1", 6);
CONVOY_GC_KIND(config_map_kind, ConfigMap, "ConfigMap", "configmaps", "v1", 7);
CONVOY_GC_KIND(secret_kind, Secret, "Secret", "secrets", "v1", 8);
CONVOY_GC_KIND(service_account_kind, ServiceAccount, "ServiceAccount", "serviceaccounts", "v1", 9);

#undef CONVOY_GC_KIND

template <class... Kinds>
struct kind_list {};

using monitored_kinds
  = kind_list<pod_kind, replication_controller_kind, replica_set_kind, deployment_kind,
              service_kind, endpoints_kind, config_map_kind, secret_kind, service_account_kind>;

/// What the shell needs of a kind at run time (a uid's entry points here).
struct kind_info {
  const char* kind;
  const char* resource;
};

template <class Kind>
const kind_info* info_of() {
  static const kind_info info{Kind::kind, Kind::resource};
  return &info;
}

namespace detail {

template <class F, class... Kinds>
void for_each_kind(F& f, kind_list<Kinds...>) {
  (f(Kinds{}), ...);
}

} // namespace detail

/// Calls f(Kind{}) for every monitored kind.
template <class F>
void for_each_kind(F&& f) {
  detail::for_each_kind(f, monitored_kinds{});
}

/// Calls f(Kind{}) for the monitored kind named `kind`; false if we do not
/// watch it.
template <class F>
bool with_kind(const std::string& kind, F&& f) {
  bool found = false;
  for_each_kind([&](auto k) {
    if (!found && kind == decltype(k)::kind) {
      found = true;
      f(k);
    }
  });
  return found;
}

/// The monitored kind named `kind`, or nullptr.
inline const kind_info* find_kind(const std::string& kind) {
  const kind_info* out = nullptr;
  with_kind(kind, [&](auto k) { out = info_of<decltype(k)>(); });
  return out;
}

} // namespace convoy::controllers::gc
