#include <algorithm>
#include <cctype>
#include <limits>

#include <google/protobuf/util/message_differencer.h>

#include "actors/apiserver/validation/meta_validation.hpp"
#include "actors/apiserver/validation/name_rules.hpp"
#include "actors/apiserver/validation/pod_validation.hpp"
#include "actors/apiserver/validation/scheduling_validation.hpp"

namespace convoy::apiserver {

namespace {

using google::protobuf::util::MessageDifferencer;

constexpr const char* updatable_pod_spec_fields
  = "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
    "`spec.tolerations` (only additions to existing tolerations),"
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously "
    "negative)";

bool has_edge_whitespace(const std::string& s) {
  auto ws = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  return !s.empty() && (ws(s.front()) || ws(s.back()));
}

// False when the container lists differ in length (nothing more to compare).
bool validate_container_updates(const repeated<api::Container>& updated,
                                const repeated<api::Container>& old, const field_path& path,
                                field_error_list& errs) {
  if (updated.size() != old.size()) {
    errs.push_back(forbidden(path, "pod updates may not add or remove containers"));
    return false;
  }
  for (int i = 0; i < updated.size(); ++i) {
    const auto image = path.index(static_cast<size_t>(i), "image");
    const auto& value = updated[i].image();
    if (value.empty())
      errs.push_back(required(image));
    if (has_edge_whitespace(value))
      errs.push_back(invalid(image, value, "must not have leading or trailing whitespace"));
  }
  return true;
}

// Returns false when the error ends validation (as Kubernetes returns early).
bool validate_active_deadline_update(const api::PodSpec& updated, const api::PodSpec& old,
                                     const field_path& path, field_error_list& errs) {
  if (!updated.has_active_deadline_seconds()) {
    if (old.has_active_deadline_seconds())
      errs.push_back(invalid(path, bad_value::raw("null"),
                             "must not update from a positive integer to nil value"));
    return true;
  }
  auto value = updated.active_deadline_seconds();
  if (value < 0 || value > std::numeric_limits<int32_t>::max()) {
    errs.push_back(invalid(path, value, inclusive_range_error(0, std::numeric_limits<int32_t>::max())));
    return false;
  }
  if (old.has_active_deadline_seconds() && old.active_deadline_seconds() < value) {
    errs.push_back(invalid(path, value, "must be less than or equal to previous value"));
    return false;
  }
  return true;
}

bool same_except_seconds(const api::Toleration& x, const api::Toleration& y) {
  return x.key() == y.key() && x.operator_() == y.operator_() && x.value() == y.value()
         && x.effect() == y.effect();
}

void validate_only_added_tolerations(const repeated<api::Toleration>& updated,
                                     const repeated<api::Toleration>& old,
                                     const field_path& path, field_error_list& errs) {
  for (const auto& existing : old) {
    bool found = std::any_of(updated.begin(), updated.end(), [&](const api::Toleration& t) {
      return same_except_seconds(existing, t);
    });
    if (!found) {
      errs.push_back(forbidden(path, "existing toleration can not be modified except its "
                                     "tolerationSeconds"));
      return;
    }
  }
  validate_tolerations(updated, path, errs);
}

// The new spec with every updatable field reset to the old value; any
// remaining difference is a forbidden change.
api::PodSpec munge_updatable_fields(const api::PodSpec& updated, const api::PodSpec& old) {
  api::PodSpec munged = updated;
  for (int i = 0; i < munged.containers_size() && i < old.containers_size(); ++i)
    munged.mutable_containers(i)->set_image(old.containers(i).image());
  for (int i = 0; i < munged.init_containers_size() && i < old.init_containers_size(); ++i)
    munged.mutable_init_containers(i)->set_image(old.init_containers(i).image());
  if (old.has_active_deadline_seconds())
    munged.set_active_deadline_seconds(old.active_deadline_seconds());
  else
    munged.clear_active_deadline_seconds();
  *munged.mutable_tolerations() = old.tolerations();
  if (old.has_termination_grace_period_seconds() && old.termination_grace_period_seconds() < 0
      && munged.has_termination_grace_period_seconds()
      && munged.termination_grace_period_seconds() == 1)
    munged.set_termination_grace_period_seconds(old.termination_grace_period_seconds());
  return munged;
}

void validate_spec_unchanged(const api::PodSpec& updated, const api::PodSpec& old,
                             const field_path& path, field_error_list& errs) {
  auto munged = munge_updatable_fields(updated, old);
  std::string diff;
  MessageDifferencer differ;
  differ.ReportDifferencesToString(&diff);
  if (differ.Compare(old, munged))
    return;
  if (!diff.empty() && diff.back() == '\n')
    diff.pop_back();
  errs.push_back(forbidden(path, std::string{"pod updates may not change fields other than "}
                                   + updatable_pod_spec_fields + "\n" + diff));
}

bool is_terminated(const api::ContainerStatus& status) {
  return status.has_state() && status.state().has_terminated();
}

void validate_container_state_transitions(const api::Pod& updated, const api::Pod& old,
                                          const field_path& path, field_error_list& errs) {
  const auto& policy = old.spec().restart_policy();
  if (policy == "Always")
    return;
  const auto& old_statuses = old.status().container_statuses();
  for (int i = 0; i < old_statuses.size(); ++i) {
    const auto& before = old_statuses[i];
    if (!is_terminated(before))
      continue;
    if (before.state().terminated().exit_code() != 0 && policy == "OnFailure")
      continue;
    for (const auto& after : updated.status().container_statuses())
      if (after.name() == before.name() && !is_terminated(after))
        errs.push_back(forbidden(path.index(static_cast<size_t>(i), "state"),
                                 "may not be transitioned to non-terminated state"));
  }
}

} // namespace

field_error_list validate_pod_update(const api::Pod& updated, const api::Pod& old) {
  field_error_list errs;
  const field_path metadata{"metadata"};
  validate_object_meta_update(updated.metadata(), old.metadata(), metadata, errs);
  const field_path spec{"spec"};
  validate_pod_spec(updated.spec(), spec, errs);
  if (!validate_container_updates(updated.spec().containers(), old.spec().containers(),
                                  spec.child("containers"), errs))
    return errs;
  if (!validate_container_updates(updated.spec().init_containers(),
                                  old.spec().init_containers(), spec.child("initContainers"),
                                  errs))
    return errs;
  if (!validate_active_deadline_update(updated.spec(), old.spec(),
                                       spec.child("activeDeadlineSeconds"), errs))
    return errs;
  validate_only_added_tolerations(updated.spec().tolerations(), old.spec().tolerations(),
                                  spec.child("tolerations"), errs);
  validate_spec_unchanged(updated.spec(), old.spec(), spec, errs);
  return errs;
}

field_error_list validate_pod_status_update(const api::Pod& updated, const api::Pod& old) {
  field_error_list errs;
  validate_object_meta_update(updated.metadata(), old.metadata(), field_path{"metadata"}, errs);
  const field_path status{"status"};
  const auto& st = updated.status();
  if (!st.nominated_node_name().empty())
    validate_name_with(name_is_dns_subdomain, st.nominated_node_name(),
                       status.child("nominatedNodeName"), errs);
  if (!st.pod_ip().empty() && !is_valid_ip(st.pod_ip()))
    errs.push_back(invalid(status.child("podIP"), st.pod_ip(), invalid_ip_error_msg));
  const auto pod_ips = status.child("podIPs");
  for (int i = 0; i < st.pod_ips_size(); ++i)
    if (!is_valid_ip(st.pod_ips(i).ip()))
      errs.push_back(invalid(pod_ips.index(static_cast<size_t>(i)), st.pod_ips(i).ip(),
                             invalid_ip_error_msg));
  if (!st.host_ip().empty() && !is_valid_ip(st.host_ip()))
    errs.push_back(invalid(status.child("hostIP"), st.host_ip(), invalid_ip_error_msg));
  if (!old.status().qos_class().empty())
    validate_immutable(st.qos_class(), old.status().qos_class(), status.child("qosClass"), errs);
  validate_container_state_transitions(updated, old, status.child("containerStatuses"), errs);
  return errs;
}

} // namespace convoy::apiserver
