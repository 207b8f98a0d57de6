#pragma once

#include "actors/apiserver/validation/field_error.hpp"
#include "api/coordination.pb.h"
#include "api/event.pb.h"
#include "api/node.pb.h"

/// Validation of Node, Lease and Event (and their updates), as Kubernetes'
/// ValidateNode / ValidateLease / core/v1 event validation.
namespace convoy::apiserver {

/// Name a DNS subdomain, cluster-scoped; taints (key a label name, value a
/// label value, effect required and known, unique per key+effect);
/// podCIDR/podCIDRs valid CIDRs; capacity/allocatable quantities parse and
/// are not negative.
field_error_list validate_node(const api::Node& node);

/// ...and podCIDRs/providerID may only go from "" to a value.
field_error_list validate_node_update(const api::Node& updated, const api::Node& old);

/// Name a DNS subdomain, namespaced; leaseDurationSeconds > 0,
/// leaseTransitions >= 0.
field_error_list validate_lease(const api::Lease& lease);
field_error_list validate_lease_update(const api::Lease& updated, const api::Lease& old);

/// core/v1 event rules: involvedObject.namespace matches the event's
/// namespace (or is empty for events in "" / "default"); events with an
/// eventTime need reportingComponent, reportingInstance, action, reason
/// within length limits; metadata as any namespaced object.
field_error_list validate_event(const api::Event& event);
field_error_list validate_event_update(const api::Event& updated, const api::Event& old);

} // namespace convoy::apiserver
