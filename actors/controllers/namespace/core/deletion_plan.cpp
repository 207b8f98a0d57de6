#include "actors/controllers/namespace/core/deletion_plan.hpp"

#include <algorithm>
#include <set>

#include "actors/controllers/namespace/core/namespace_conditions.hpp"
#include "actors/controllers/namespace/core/namespaced_resources.hpp"

namespace convoy::controllers::namespaces {

namespace {

bool has_finalizer(const api::Namespace& ns) {
  const auto& f = ns.spec().finalizers();
  return std::find(f.begin(), f.end(), kubernetes_finalizer) != f.end();
}

std::vector<std::string> deletion_order(const std::map<std::string, int>& remaining) {
  std::vector<std::string> out;
  std::set<std::string> known;
  for (const auto& r : namespaced_resources()) {
    known.insert(r.resource);
    auto it = remaining.find(r.resource);
    if (it != remaining.end() && it->second > 0)
      out.push_back(r.resource);
  }
  for (const auto& [resource, count] : remaining)
    if (count > 0 && known.count(resource) == 0)
      out.push_back(resource);
  return out;
}

api::Namespace without_finalizer(api::Namespace ns) {
  auto& f = *ns.mutable_spec()->mutable_finalizers();
  f.erase(std::remove(f.begin(), f.end(), kubernetes_finalizer), f.end());
  return ns;
}

} // namespace

namespace_plan plan_deletion(const api::Namespace& ns,
                             const std::map<std::string, int>& remaining_per_resource,
                             int64_t now_seconds, const std::vector<std::string>& delete_errors) {
  namespace_plan plan;
  if (!ns.metadata().has_deletion_timestamp() || !has_finalizer(ns))
    return plan;
  plan.delete_contents_of = deletion_order(remaining_per_resource);

  api::Namespace updated = ns;
  bool changed = updated.status().phase() != "Terminating";
  updated.mutable_status()->set_phase("Terminating");
  const auto wanted = deletion_conditions(remaining_per_resource, delete_errors);
  changed = merge_conditions(*updated.mutable_status(), wanted, now_seconds) || changed;
  plan.conditions.assign(updated.status().conditions().begin(),
                         updated.status().conditions().end());
  if (changed)
    plan.status_update = updated;
  if (plan.delete_contents_of.empty() && delete_errors.empty())
    plan.finalized = without_finalizer(std::move(updated));
  return plan;
}

} // namespace convoy::controllers::namespaces
