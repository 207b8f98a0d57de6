#include "actors/controllers/replication/core/replica_owner.hpp"

namespace convoy::controllers::replication {

namespace {

/// The fields both kinds share, read off metadata and spec.
template <class Object>
replica_owner common_fields(const Object& obj, std::string kind, std::string api_version) {
  replica_owner o;
  o.kind = std::move(kind);
  o.api_version = std::move(api_version);
  const auto& meta = obj.metadata();
  o.namespace_ = meta.namespace_();
  o.name = meta.name();
  o.uid = meta.uid();
  o.generation = meta.generation();
  o.deleting = meta.has_deletion_timestamp();
  o.replicas = obj.spec().has_replicas() ? obj.spec().replicas() : 1;
  o.min_ready_seconds = obj.spec().min_ready_seconds();
  o.pod_template = obj.spec().template_();
  return o;
}

} // namespace

replica_owner owner_of(const api::ReplicaSet& rs) {
  auto o = common_fields(rs, "ReplicaSet", "apps/v1");
  if (!rs.spec().has_selector()) {
    // A nil LabelSelector selects nothing (LabelSelectorAsSelector).
    o.selector = apiserver::label_selector::nothing();
    return o;
  }
  auto sel = apiserver::label_selector::from_message(rs.spec().selector());
  if (sel) {
    o.selector = std::move(*sel.value);
  } else {
    o.selector = apiserver::label_selector::nothing();
    o.selector_error = std::move(sel.error);
  }
  return o;
}

replica_owner owner_of(const api::ReplicationController& rc) {
  auto o = common_fields(rc, "ReplicationController", "v1");
  const auto& selector = rc.spec().selector().empty() ? rc.spec().template_().metadata().labels()
                                                      : rc.spec().selector();
  // Validation forbids an RC with neither a selector nor template labels;
  // should one exist anyway, it must not adopt every pod in the namespace.
  if (selector.empty()) {
    o.selector = apiserver::label_selector::nothing();
    o.selector_error = "empty selector";
  } else {
    o.selector = apiserver::label_selector::from_map(selector);
  }
  return o;
}

api::OwnerReference controller_ref(const replica_owner& owner) {
  api::OwnerReference ref;
  ref.set_api_version(owner.api_version);
  ref.set_kind(owner.kind);
  ref.set_name(owner.name);
  ref.set_uid(owner.uid);
  ref.set_controller(true);
  ref.set_block_owner_deletion(true);
  return ref;
}

} // namespace convoy::controllers::replication
