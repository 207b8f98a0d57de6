#include "actors/controllers/deployment/core/conditions.hpp"

namespace convoy::controllers::deployment {

api::DeploymentCondition new_condition(const std::string& type, const std::string& status,
                                       const std::string& reason, const std::string& message,
                                       int64_t now_seconds) {
  api::DeploymentCondition c;
  c.set_type(type);
  c.set_status(status);
  c.set_reason(reason);
  c.set_message(message);
  c.mutable_last_update_time()->set_seconds(now_seconds);
  c.mutable_last_transition_time()->set_seconds(now_seconds);
  return c;
}

const api::DeploymentCondition* get_condition(const api::DeploymentStatus& status,
                                              const std::string& type) {
  for (const auto& c : status.conditions())
    if (c.type() == type)
      return &c;
  return nullptr;
}

void set_condition(api::DeploymentStatus& status, api::DeploymentCondition cond) {
  const auto* current = get_condition(status, cond.type());
  if (current != nullptr && current->status() == cond.status() && current->reason() == cond.reason())
    return;
  if (current != nullptr && current->status() == cond.status())
    *cond.mutable_last_transition_time() = current->last_transition_time();
  remove_condition(status, cond.type());
  *status.add_conditions() = std::move(cond);
}

void remove_condition(api::DeploymentStatus& status, const std::string& type) {
  auto* conds = status.mutable_conditions();
  for (int i = conds->size() - 1; i >= 0; --i)
    if (conds->Get(i).type() == type)
      conds->DeleteSubrange(i, 1);
}

} // namespace convoy::controllers::deployment
