#pragma once

#include <cstdint>
#include <string_view>

namespace convoy::mvcc {

/// etcd's (key, range_end) convention for Range, DeleteRange, Compare and
/// Watch: empty range_end = the single key; "\0" = every key >= key;
/// otherwise [key, range_end) (empty when range_end <= key).
struct key_range {
  enum class kind : uint8_t { single, to_end, bounded };

  std::string_view start;
  std::string_view end; ///< only for kind::bounded
  kind shape = kind::single;

  static key_range of(std::string_view key, std::string_view range_end) noexcept {
    if (range_end.empty())
      return {key, {}, kind::single};
    if (range_end.size() == 1 && range_end[0] == '\0')
      return {key, {}, kind::to_end};
    return {key, range_end, kind::bounded};
  }

  bool contains(std::string_view k) const noexcept {
    switch (shape) {
      case kind::single:
        return k == start;
      case kind::to_end:
        return k >= start;
      case kind::bounded:
        return k >= start && k < end;
    }
    return false;
  }
};

} // namespace convoy::mvcc
