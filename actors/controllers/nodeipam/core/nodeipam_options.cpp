#include "actors/controllers/nodeipam/core/nodeipam_options.hpp"

#include "actors/controllers/nodeipam/core/cidr_set.hpp"

namespace convoy::controllers::nodeipam {

std::optional<std::string> nodeipam_options::validate() const {
  std::string error;
  if (!cidr_set::make(cluster_cidr, node_cidr_mask_size, error))
    return error;
  return std::nullopt;
}

} // namespace convoy::controllers::nodeipam
