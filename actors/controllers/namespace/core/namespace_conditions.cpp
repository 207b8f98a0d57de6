#include "actors/controllers/namespace/core/namespace_conditions.hpp"

#include <algorithm>

#include "actors/controllers/namespace/core/namespaced_resources.hpp"

namespace convoy::controllers::namespaces {

namespace {

struct ok_state {
  const char* type;
  const char* reason;
  const char* message;
};

const std::vector<ok_state>& ok_states() {
  static const std::vector<ok_state> all{
    {"NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered",
     "All resources successfully discovered"},
    {"NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions",
     "All legacy kube types successfully parsed"},
    {"NamespaceDeletionContentFailure", "ContentDeleted",
     "All content successfully deleted, may be waiting on finalization"},
    {"NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"},
    {"NamespaceFinalizersRemaining", "ContentHasNoFinalizers",
     "All content-preserving finalizers finished"},
  };
  return all;
}

api::NamespaceCondition condition(const std::string& type, const std::string& status,
                                  const std::string& reason, const std::string& message) {
  api::NamespaceCondition c;
  c.set_type(type);
  c.set_status(status);
  c.set_reason(reason);
  c.set_message(message);
  return c;
}

std::string join_sorted(std::vector<std::string> parts) {
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : ", ") + p;
  return out;
}

google::protobuf::Timestamp at(int64_t seconds) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(seconds);
  return ts;
}

const api::NamespaceCondition* find(const std::vector<api::NamespaceCondition>& list,
                                    const std::string& type) {
  for (const auto& c : list)
    if (c.type() == type)
      return &c;
  return nullptr;
}

api::NamespaceCondition* find(api::NamespaceStatus& status, const std::string& type) {
  for (auto& c : *status.mutable_conditions())
    if (c.type() == type)
      return &c;
  return nullptr;
}

} // namespace

const std::vector<std::string>& deletion_condition_types() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> out;
    for (const auto& s : ok_states())
      out.emplace_back(s.type);
    return out;
  }();
  return types;
}

std::vector<api::NamespaceCondition>
deletion_conditions(const std::map<std::string, int>& remaining_per_resource,
                    const std::vector<std::string>& delete_errors) {
  std::vector<api::NamespaceCondition> out;
  if (!delete_errors.empty())
    out.push_back(condition("NamespaceDeletionContentFailure", "True", "ContentDeletionFailed",
                            "Failed to delete all resource types, "
                              + std::to_string(delete_errors.size())
                              + " remaining: " + join_sorted(delete_errors)));
  std::vector<std::string> remaining;
  for (const auto& [resource, count] : remaining_per_resource)
    if (count > 0)
      remaining.push_back(qualified_name({group_of(resource), resource}) + " has "
                          + std::to_string(count) + " resource instances");
  if (!remaining.empty())
    out.push_back(condition("NamespaceContentRemaining", "True", "SomeResourcesRemain",
                            "Some resources are remaining: " + join_sorted(remaining)));
  return out;
}

bool merge_conditions(api::NamespaceStatus& status,
                      const std::vector<api::NamespaceCondition>& failing, int64_t now_seconds) {
  bool changed = false;
  for (const auto& ok : ok_states()) {
    const auto* bad = find(failing, ok.type);
    const auto wanted = bad != nullptr ? *bad : condition(ok.type, "False", ok.reason, ok.message);
    auto* old = find(status, ok.type);
    if (old == nullptr) {
      auto& added = *status.add_conditions();
      added = wanted;
      *added.mutable_last_transition_time() = at(now_seconds);
      changed = true;
      continue;
    }
    if (old->status() == wanted.status() && old->reason() == wanted.reason()
        && old->message() == wanted.message())
      continue;
    if (old->status() != wanted.status())
      *old->mutable_last_transition_time() = at(now_seconds);
    old->set_status(wanted.status());
    old->set_reason(wanted.reason());
    old->set_message(wanted.message());
    changed = true;
  }
  return changed;
}

} // namespace convoy::controllers::namespaces
