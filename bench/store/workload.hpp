#pragma once

// What one measurement runs: shared by the convoy and the etcd targets so
// both see the same load.

#include <string>

#include "common/latency.hpp"

namespace convoy::bench {

enum class op_kind { put, get };

const char* to_string(op_kind op);

/// A fixed number of operations from `clients` concurrent callers, each
/// issuing its next operation as soon as the previous one is answered.
struct workload {
  op_kind op = op_kind::put;
  int clients = 1;
  int ops = 0;
  /// put: keys prefix + index (distinct). get: reads key (i % key_count)
  /// under prefix (written by an earlier put run), linearizably.
  std::string prefix;
  int key_count = 0;
  std::string value; // the value every put writes
};

/// The key of operation `i` of `w`.
std::string key_of(const workload& w, int i);

} // namespace convoy::bench
