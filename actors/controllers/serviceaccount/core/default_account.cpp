#include "actors/controllers/serviceaccount/core/default_account.hpp"

namespace convoy::controllers::serviceaccount {

std::optional<api::ServiceAccount> missing_default_account(const api::Namespace& ns,
                                                           bool default_exists) {
  if (default_exists || ns.metadata().has_deletion_timestamp() || ns.status().phase() != "Active")
    return std::nullopt;
  api::ServiceAccount sa;
  sa.set_kind("ServiceAccount");
  sa.set_api_version("v1");
  sa.mutable_metadata()->set_name(default_account_name);
  sa.mutable_metadata()->set_namespace_(ns.metadata().name());
  return sa;
}

} // namespace convoy::controllers::serviceaccount
