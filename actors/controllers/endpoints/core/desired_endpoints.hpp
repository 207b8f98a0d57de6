#pragma once

// The endpoints controller's sync (Kubernetes' pkg/controller/endpoint
// syncService) as a pure function: the Endpoints a Service should have
// given the pods it selects, and whether the current object already says so.

#include <optional>
#include <vector>

#include "api/pod.pb.h"
#include "api/service.pb.h"

namespace convoy::controllers::endpoints {

/// Label set on the Endpoints of services without a cluster IP, so that
/// proxies can ignore them without reading the Service.
inline constexpr const char* headless_label = "service.kubernetes.io/headless";

/// The controller owns the Endpoints of `svc`: it has a selector and is not
/// an ExternalName. Endpoints of other services are written by users (or
/// nobody) and must be left alone, even deleted never.
bool manages_endpoints(const api::Service& svc);

/// The Endpoints `svc` should have. `pods` are the pods of the service's
/// namespace its selector matches (pods of another namespace are ignored
/// all the same). Each pod that should be in endpoints contributes its
/// address, ready or not ready (everything ready with
/// publishNotReadyAddresses), for each service port it resolves; a
/// headless service without ports gets bare addresses. The subsets are
/// repacked canonically. Name, namespace and labels (the service's, plus
/// the headless label when clusterIP is None or unset) are set; no
/// resourceVersion: the shell carries the current object's over on update.
/// nullopt when the service is not managed (see manages_endpoints).
std::optional<api::Endpoints> desired_endpoints(const api::Service& svc,
                                                const std::vector<const api::Pod*>& pods);

/// The current Endpoints `a` already matches the desired `b`: same subsets
/// (ignoring targetRef resourceVersions, which change with every pod
/// status write) and same labels. Annotations and other metadata are not
/// compared, as Kubernetes does not either.
bool endpoints_equal(const api::Endpoints& a, const api::Endpoints& b);

} // namespace convoy::controllers::endpoints
