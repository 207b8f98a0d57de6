#pragma once

// Kubernetes' endpoints.RepackSubsets: the canonical form of a list of
// EndpointSubsets, so that two computations of the same endpoints compare
// equal and the controller can skip no-op writes.

#include <vector>

#include "api/service.pb.h"

namespace convoy::controllers::endpoints {

/// Regroups `subsets` (typically one per pod and port) so that every port
/// appears in exactly one subset, together with all the ports served by
/// exactly the same addresses with the same readiness. An address that is
/// not ready for a port in any input subset is not ready for it (not ready
/// trumps ready). Subsets without ports (headless services without ports)
/// keep their addresses. Addresses are deduplicated by (ip, targetRef uid)
/// and sorted by them; ports sorted by (name, port, protocol); subsets
/// sorted by their addresses. Kubernetes sorts ports and subsets by a hash,
/// which is no more meaningful than this order, only as canonical.
std::vector<api::EndpointSubset> repack_subsets(const std::vector<api::EndpointSubset>& subsets);

} // namespace convoy::controllers::endpoints
