#include "workload.hpp"

#include <cstdio>

namespace convoy::bench {

const char* to_string(op_kind op) {
  return op == op_kind::put ? "put" : "get";
}

std::string key_of(const workload& w, int i) {
  char buf[16];
  int index = w.op == op_kind::get && w.key_count > 0 ? i % w.key_count : i;
  std::snprintf(buf, sizeof(buf), "%08d", index);
  return w.prefix + buf;
}

} // namespace convoy::bench
