#pragma once

// Revision history: pruning old ReplicaSets (Kubernetes' cleanupDeployment)
// and going back to an earlier revision (kubectl rollout undo, and the
// controller's deprecated rollback annotation), pure.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/controllers/deployment/core/rollout_state.hpp"
#include "api/workload.pb.h"

namespace convoy::controllers::deployment {

/// cleanupDeployment: keys ("namespace/name") of old ReplicaSets to delete
/// so at most revisionHistoryLimit remain, lowest revision first; ones
/// with replicas (spec or status), an unobserved generation or a deletion
/// timestamp are kept (they still count against the limit).
std::vector<std::string> history_to_delete(const rollout_state& st);

/// The outcome of a rollback: the deployment to write, or why not.
struct rollback_result {
  /// The deployment with the revision's template (pod-template-hash
  /// removed) and that ReplicaSet's annotations, to update.
  std::optional<api::Deployment> deployment;
  /// Set when the rollback cannot be done: unknown revision, no history,
  /// paused deployment.
  std::string error;
  /// What kubectl prints on success: "rolled back", or "skipped rollback
  /// (current template already matches revision N)" with no deployment.
  std::string message;
};

/// kubectl rollout undo --to-revision=`revision`; 0 means the revision
/// before the highest one. Errors: "unable to find specified revision N in
/// history", "no rollout history found for deployment \"x\"", "you cannot
/// rollback a paused deployment; ...".
rollback_result rollback_to(const api::Deployment& d,
                            const std::vector<const api::ReplicaSet*>& owned, int64_t revision);

/// The deployment with `rs`'s template (hash label dropped) and `rs`'s
/// annotations other than the controller's own (SetFromReplicaSetTemplate +
/// SetDeploymentAnnotationsTo), so change-cause follows the rollback.
api::Deployment with_template_of(const api::Deployment& d, const api::ReplicaSet& rs);

/// LastRevision: the second-highest revision (0 when fewer than two).
int64_t last_revision(const std::vector<const api::ReplicaSet*>& rss);

/// The deprecated rollback annotation's revision, if set and numeric.
std::optional<int64_t> rollback_annotation(const api::Deployment& d);

/// The controller's rollback (rollback.go): the deployment to update, with
/// the annotation cleared and, when the revision exists and differs, its
/// template restored; `events` gets what Kubernetes would report.
api::Deployment controller_rollback(const rollout_state& st, int64_t revision,
                                    std::vector<std::string>& events);

} // namespace convoy::controllers::deployment
