#pragma once

namespace convoy {

/// Whether two maps (std::map, protobuf Map, ...) hold the same keys with
/// equal values, whatever their iteration order (protobuf maps have none).
template <class Map>
bool same_map(const Map& x, const Map& y) {
  if (x.size() != y.size())
    return false;
  for (const auto& [key, value] : x) {
    auto it = y.find(key);
    if (it == y.end() || it->second != value)
      return false;
  }
  return true;
}

} // namespace convoy
