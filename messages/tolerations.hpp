#pragma once

#include <google/protobuf/repeated_field.h>

#include "api/node.pb.h"
#include "api/pod.pb.h"

namespace convoy {

using taint_list = google::protobuf::RepeatedPtrField<api::Taint>;
using toleration_list = google::protobuf::RepeatedPtrField<api::Toleration>;

/// Kubernetes' Toleration.ToleratesTaint: the effect matches (or the
/// toleration names none), the key matches (or is empty, which with Exists
/// tolerates every key), and the operator holds (Equal, the default,
/// compares values; Exists ignores them).
bool tolerates(const api::Toleration& toleration, const api::Taint& taint);

/// Whether any of `tolerations` tolerates `taint`.
bool tolerated(const toleration_list& tolerations, const api::Taint& taint);

/// The first taint whose effect passes `effect_filter` (e.g. NoSchedule or
/// NoExecute) that none of `tolerations` tolerates, or nullptr.
template <class EffectFilter>
const api::Taint* find_untolerated(const taint_list& taints, const toleration_list& tolerations,
                                   EffectFilter&& effect_filter) {
  for (const auto& taint : taints)
    if (effect_filter(taint.effect()) && !tolerated(tolerations, taint))
      return &taint;
  return nullptr;
}

} // namespace convoy
