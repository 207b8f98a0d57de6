#include "actors/controllers/nodeipam/core/cidr_set.hpp"

#include <algorithm>

namespace convoy::controllers::nodeipam {

std::optional<cidr_set> cidr_set::make(const std::string& cluster_cidr, int node_mask_size,
                                       std::string& error) {
  auto cluster = parse_ipv4_cidr(cluster_cidr);
  if (!cluster) {
    error = "invalid cluster CIDR \"" + cluster_cidr + "\": expected an IPv4 CIDR a.b.c.d/n";
    return std::nullopt;
  }
  if (node_mask_size < cluster->prefix || node_mask_size > 32) {
    error = "node CIDR mask size " + std::to_string(node_mask_size)
            + " must lie between the cluster CIDR's prefix length "
            + std::to_string(cluster->prefix) + " and 32";
    return std::nullopt;
  }
  if (node_mask_size - cluster->prefix > max_subnet_bits) {
    error = "node CIDR mask size " + std::to_string(node_mask_size) + " is more than "
            + std::to_string(max_subnet_bits) + " bits longer than the cluster CIDR "
            + cluster->canonical() + " (too many node CIDRs)";
    return std::nullopt;
  }
  return cidr_set{*cluster, node_mask_size};
}

cidr_set::cidr_set(ipv4_cidr cluster, int node_mask)
  : cluster_(cluster),
    node_mask_(node_mask),
    used_(size_t{1} << (node_mask - cluster.prefix), false) {
  cluster_.address = cluster_.first();
}

std::optional<cidr_set::index_range> cidr_set::range_of(const std::string& cidr,
                                                        cidr_status& status) const {
  auto net = parse_ipv4_cidr(cidr);
  if (!net) {
    status = {cidr_error::invalid, "invalid CIDR \"" + cidr + "\""};
    return std::nullopt;
  }
  auto begin = std::max(net->first(), cluster_.first());
  auto end = std::min(net->last(), cluster_.last());
  if (begin > end) {
    status = {cidr_error::out_of_range, "CIDR " + net->canonical()
                                          + " is out of the range of the cluster CIDR "
                                          + cluster_.canonical()};
    return std::nullopt;
  }
  auto shift = 32 - node_mask_;
  auto base = cluster_.first();
  return index_range{static_cast<size_t>(uint64_t{begin - base} >> shift),
                     static_cast<size_t>(uint64_t{end - base} >> shift)};
}

std::string cidr_set::node_cidr_at(size_t index) const {
  auto offset = static_cast<uint32_t>(uint64_t{index} << (32 - node_mask_));
  return format_ipv4(cluster_.first() + offset) + "/" + std::to_string(node_mask_);
}

cidr_status cidr_set::occupy(const std::string& cidr) {
  cidr_status status;
  auto range = range_of(cidr, status);
  if (!range)
    return status;
  for (auto i = range->begin; i <= range->end; ++i)
    if (used_[i])
      return {cidr_error::occupied, "CIDR " + parse_ipv4_cidr(cidr)->canonical()
                                      + " overlaps node CIDR " + node_cidr_at(i)
                                      + ", which is allocated already"};
  for (auto i = range->begin; i <= range->end; ++i)
    used_[i] = true;
  allocated_ += range->end - range->begin + 1;
  return status;
}

std::optional<std::string> cidr_set::allocate_next() {
  if (allocated_ == used_.size())
    return std::nullopt;
  for (size_t n = 0; n < used_.size(); ++n) {
    auto i = (next_candidate_ + n) % used_.size();
    if (!used_[i]) {
      used_[i] = true;
      ++allocated_;
      next_candidate_ = (i + 1) % used_.size();
      return node_cidr_at(i);
    }
  }
  return std::nullopt;
}

cidr_status cidr_set::release(const std::string& cidr) {
  cidr_status status;
  auto range = range_of(cidr, status);
  if (!range)
    return status;
  for (auto i = range->begin; i <= range->end; ++i)
    if (used_[i]) {
      used_[i] = false;
      --allocated_;
    }
  return status;
}

bool cidr_set::is_occupied(const std::string& cidr) const {
  cidr_status status;
  auto range = range_of(cidr, status);
  if (!range)
    return false;
  for (auto i = range->begin; i <= range->end; ++i)
    if (!used_[i])
      return false;
  return true;
}

} // namespace convoy::controllers::nodeipam
