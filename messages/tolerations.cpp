#include "messages/tolerations.hpp"

namespace convoy {

bool tolerates(const api::Toleration& toleration, const api::Taint& taint) {
  if (!toleration.effect().empty() && toleration.effect() != taint.effect())
    return false;
  if (!toleration.key().empty() && toleration.key() != taint.key())
    return false;
  const auto& op = toleration.operator_();
  if (op.empty() || op == "Equal")
    return toleration.value() == taint.value();
  return op == "Exists";
}

bool tolerated(const toleration_list& tolerations, const api::Taint& taint) {
  for (const auto& t : tolerations)
    if (tolerates(t, taint))
      return true;
  return false;
}

} // namespace convoy
