#pragma once

#include <string>

#include <google/protobuf/map.h>

#include "api/node.pb.h"
#include "api/pod.pb.h"

namespace convoy::scheduler {

using label_map = google::protobuf::Map<std::string, std::string>;

/// One node selector requirement against a label set, Kubernetes'
/// semantics: In/NotIn on the value (NotIn also holds when the key is
/// absent), Exists/DoesNotExist on the key, Gt/Lt compare the value and the
/// single operand as integers (false when either is not an integer).
bool matches_requirement(const api::NodeSelectorRequirement& req, const label_map& labels);

/// A node selector term: every matchExpression holds on the node's labels
/// and every matchField on its fields (only metadata.name is supported, as
/// in Kubernetes). A term with neither matches nothing.
bool matches_term(const api::NodeSelectorTerm& term, const api::Node& node);

/// A node selector: any of its terms matches (no terms: nothing matches).
bool matches_node_selector(const api::NodeSelector& selector, const api::Node& node);

/// What the NodeAffinity filter checks: spec.nodeSelector's labels all
/// present with equal values, and the required node affinity (if any)
/// matches. PodTopologySpread uses it to count only eligible nodes.
bool matches_node_selector_and_affinity(const api::PodSpec& spec, const api::Node& node);

} // namespace convoy::scheduler
