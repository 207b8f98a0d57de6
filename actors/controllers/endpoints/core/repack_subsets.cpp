#include "actors/controllers/endpoints/core/repack_subsets.hpp"

#include <map>
#include <string>
#include <tuple>
#include <utility>

namespace convoy::controllers::endpoints {

namespace {

/// Identifies an address across subsets: same IP from two pods (a pod
/// recreated with a reused IP) stays two addresses.
using address_key = std::pair<std::string, std::string>; // ip, targetRef uid

/// An EndpointPort by value; port -1 is the sentinel of "no ports".
using port_key = std::tuple<std::string, int32_t, std::string, bool, std::string>;

/// Per address: ready for this port?
using address_set = std::map<address_key, bool>;

address_key key_of(const api::EndpointAddress& a) {
  return {a.ip(), a.target_ref().uid()};
}

port_key key_of(const api::EndpointPort& p) {
  return {p.name(), p.port(), p.protocol(), p.has_app_protocol(), p.app_protocol()};
}

const port_key sentinel{"", -1, "", false, ""};

api::EndpointPort port_of(const port_key& k) {
  api::EndpointPort p;
  p.set_name(std::get<0>(k));
  p.set_port(std::get<1>(k));
  p.set_protocol(std::get<2>(k));
  if (std::get<3>(k))
    p.set_app_protocol(std::get<4>(k));
  return p;
}

struct index {
  std::map<address_key, api::EndpointAddress> addresses; ///< first seen wins
  std::map<port_key, address_set> by_port;

  void add(const api::EndpointAddress& a, const port_key& port, bool ready) {
    auto key = key_of(a);
    addresses.emplace(key, a);
    auto& set = by_port[port];
    auto [it, inserted] = set.emplace(key, ready);
    if (!inserted && it->second)
      it->second = ready; // not ready trumps ready
  }

  void add(const api::EndpointSubset& s, const port_key& port) {
    for (const auto& a : s.addresses())
      add(a, port, true);
    for (const auto& a : s.not_ready_addresses())
      add(a, port, false);
  }
};

} // namespace

std::vector<api::EndpointSubset> repack_subsets(const std::vector<api::EndpointSubset>& subsets) {
  index idx;
  for (const auto& s : subsets) {
    if (s.ports().empty())
      idx.add(s, sentinel);
    for (const auto& p : s.ports())
      idx.add(s, key_of(p));
  }
  // Ports grouped by their (sorted) address set; ordered maps make the
  // whole result canonical.
  std::map<address_set, std::vector<port_key>> by_addresses;
  for (const auto& [port, addrs] : idx.by_port) {
    auto& ports = by_addresses[addrs];
    if (port != sentinel)
      ports.push_back(port);
  }
  std::vector<api::EndpointSubset> out;
  for (const auto& [addrs, ports] : by_addresses) {
    auto& s = out.emplace_back();
    for (const auto& [key, ready] : addrs)
      *(ready ? s.add_addresses() : s.add_not_ready_addresses()) = idx.addresses.at(key);
    for (const auto& p : ports)
      *s.add_ports() = port_of(p);
  }
  return out;
}

} // namespace convoy::controllers::endpoints
