#include "actors/apiserver/validation/node_validation.hpp"

#include <set>

#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"
#include "actors/apiserver/validation/scheduling_validation.hpp"
#include "messages/quantity.hpp"

namespace convoy::apiserver {

namespace {

const field_path metadata_path{"metadata"};
const field_path spec_path{"spec"};

std::string join(const messages& msgs, std::string_view sep) {
  std::string out;
  for (const auto& msg : msgs)
    out += (out.empty() ? "" : std::string{sep}) + msg;
  return out;
}

std::string render_taint(const api::Taint& taint) {
  return "core.Taint{Key:" + bad_value::quote(taint.key()) + ", Value:"
         + bad_value::quote(taint.value()) + ", Effect:" + bad_value::quote(taint.effect())
         + ", TimeAdded:<nil>}";
}

void validate_taints(const google::protobuf::RepeatedPtrField<api::Taint>& taints,
                     const field_path& path, field_error_list& errs) {
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (int i = 0; i < taints.size(); ++i) {
    const auto& taint = taints[i];
    const auto at = path.index(static_cast<size_t>(i));
    validate_label_name(taint.key(), at.child("key"), errs);
    if (auto msgs = is_valid_label_value(taint.value()); !msgs.empty())
      errs.push_back(invalid(at.child("value"), taint.value(), join(msgs, ";")));
    validate_taint_effect(taint.effect(), false, at.child("effect"), errs);
    if (!seen.emplace(taint.effect(), taint.key()).second) {
      auto err = duplicate(at, bad_value::raw(render_taint(taint)));
      err.detail = "taints must be unique by key and effect pair";
      errs.push_back(std::move(err));
    }
  }
}

void validate_resource_list(const google::protobuf::Map<std::string, std::string>& list,
                            const field_path& path, field_error_list& errs) {
  auto from = errs.size();
  for (const auto& [name, text] : list) {
    const auto at = path.child(name);
    validate_qualified_name(name, at, errs);
    auto q = quantity::parse_with_error(text);
    if (!q)
      errs.push_back(invalid(at, text, std::move(q.error)));
    else if (q.value->sign() < 0)
      errs.push_back(invalid(at, q.value->to_string(), is_negative_error_msg));
  }
  sort_errors_from(errs, from);
}

void validate_node_body(const api::Node& node, field_error_list& errs) {
  validate_taints(node.spec().taints(), spec_path.child("taints"), errs);
  const auto& cidr = node.spec().pod_cidr();
  if (!cidr.empty() && !is_valid_cidr(cidr))
    errs.push_back(invalid(spec_path.child("podCIDR"), cidr, invalid_cidr_error_msg));
  const auto cidrs = spec_path.child("podCIDRs");
  for (int i = 0; i < node.spec().pod_cidrs_size(); ++i)
    if (!is_valid_cidr(node.spec().pod_cidrs(i)))
      errs.push_back(invalid(cidrs.index(static_cast<size_t>(i)), node.spec().pod_cidrs(i),
                             invalid_cidr_error_msg));
  if (node.spec().pod_cidrs_size() > 2)
    errs.push_back(invalid(cidrs,
                           bad_value::raw(go_string_slice(
                             {node.spec().pod_cidrs().begin(), node.spec().pod_cidrs().end()})),
                           "may specify no more than one CIDR for each IP family"));
  const field_path status{"status"};
  validate_resource_list(node.status().capacity(), status.child("capacity"), errs);
  validate_resource_list(node.status().allocatable(), status.child("allocatable"), errs);
}

void validate_lease_spec(const api::LeaseSpec& spec, const field_path& path,
                         field_error_list& errs) {
  if (spec.has_lease_duration_seconds() && spec.lease_duration_seconds() <= 0)
    errs.push_back(invalid(path.child("leaseDurationSeconds"), spec.lease_duration_seconds(),
                           "must be greater than 0"));
  if (spec.has_lease_transitions() && spec.lease_transitions() < 0)
    errs.push_back(invalid(path.child("leaseTransitions"), spec.lease_transitions(),
                           is_negative_error_msg));
}

void check_length(const std::string& value, size_t limit, std::string_view field,
                  field_error_list& errs) {
  if (value.size() > limit)
    errs.push_back(invalid(field_path{field}, "",
                           "can have at most " + std::to_string(limit) + " characters"));
}

void validate_event_body(const api::Event& event, field_error_list& errs) {
  const field_path involved_ns{"involvedObject.namespace"};
  const auto& ns = event.metadata().namespace_();
  const auto& involved = event.involved_object().namespace_();
  static constexpr const char* mismatch = "does not match event.namespace";
  if (!event.has_event_time()) {
    if (involved.empty() ? (!ns.empty() && ns != "default") : ns != involved)
      errs.push_back(invalid(involved_ns, involved, mismatch));
  } else {
    if (involved.empty() && ns != "default" && ns != "kube-system")
      errs.push_back(invalid(involved_ns, involved, mismatch));
    const field_path component{"reportingComponent"};
    if (event.reporting_component().empty())
      errs.push_back(required(component));
    validate_qualified_name(event.reporting_component(), component, errs);
    if (event.reporting_instance().empty())
      errs.push_back(required(field_path{"reportingInstance"}));
    check_length(event.reporting_instance(), 128, "reportingInstance", errs);
    if (event.action().empty())
      errs.push_back(required(field_path{"action"}));
    check_length(event.action(), 128, "action", errs);
    if (event.reason().empty())
      errs.push_back(required(field_path{"reason"}));
    check_length(event.reason(), 128, "reason", errs);
    check_length(event.message(), 1024, "message", errs);
  }
  for (auto& msg : is_dns1123_subdomain(ns))
    errs.push_back(invalid(field_path{"namespace"}, ns, std::move(msg)));
}

} // namespace

field_error_list validate_node(const api::Node& node) {
  field_error_list errs;
  validate_object_meta(node.metadata(), false, name_is_dns_subdomain, metadata_path, errs);
  validate_node_body(node, errs);
  return errs;
}

field_error_list validate_node_update(const api::Node& updated, const api::Node& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_node_body(updated, errs);
  static constexpr const char* cidr_msg
    = "node updates may not change podCIDR except from \"\" to valid";
  const auto& old_cidrs = old.spec().pod_cidrs();
  bool cidrs_changed = old_cidrs.size() > updated.spec().pod_cidrs_size();
  for (int i = 0; !cidrs_changed && i < old_cidrs.size(); ++i)
    cidrs_changed = old_cidrs[i] != updated.spec().pod_cidrs(i);
  if (cidrs_changed)
    errs.push_back(forbidden(spec_path.child("podCIDRs"), cidr_msg));
  if (!old.spec().pod_cidr().empty() && old.spec().pod_cidr() != updated.spec().pod_cidr())
    errs.push_back(forbidden(spec_path.child("podCIDR"), cidr_msg));
  if (!old.spec().provider_id().empty() && old.spec().provider_id() != updated.spec().provider_id())
    errs.push_back(forbidden(spec_path.child("providerID"),
                             "node updates may not change providerID except from \"\" to valid"));
  return errs;
}

field_error_list validate_lease(const api::Lease& lease) {
  field_error_list errs;
  validate_object_meta(lease.metadata(), true, name_is_dns_subdomain, metadata_path, errs);
  validate_lease_spec(lease.spec(), spec_path, errs);
  return errs;
}

field_error_list validate_lease_update(const api::Lease& updated, const api::Lease& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_lease_spec(updated.spec(), spec_path, errs);
  return errs;
}

field_error_list validate_event(const api::Event& event) {
  field_error_list errs;
  validate_object_meta(event.metadata(), true, name_is_dns_subdomain, metadata_path, errs);
  validate_event_body(event, errs);
  return errs;
}

field_error_list validate_event_update(const api::Event& updated, const api::Event& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata_path, errs);
  validate_event_body(updated, errs);
  return errs;
}

} // namespace convoy::apiserver
