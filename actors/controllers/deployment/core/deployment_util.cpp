#include "actors/controllers/deployment/core/deployment_util.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>

namespace convoy::controllers::deployment {

namespace {

/// Parses a whole decimal string; false on anything else.
bool parse_int64(const std::string& s, int64_t& out) {
  if (s.empty())
    return false;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || end != s.c_str() + s.size())
    return false;
  out = v;
  return true;
}

api::IntOrString percent(const char* value) {
  api::IntOrString v;
  v.set_type(1);
  v.set_str_val(value);
  return v;
}

} // namespace

int32_t desired_replicas(const api::Deployment& d) {
  return d.spec().has_replicas() ? d.spec().replicas() : 1;
}

int32_t rs_replicas(const api::ReplicaSet& rs) {
  return rs.spec().has_replicas() ? rs.spec().replicas() : 1;
}

bool is_rolling_update(const api::Deployment& d) {
  const auto& type = d.spec().strategy().type();
  return type.empty() || type == "RollingUpdate";
}

int32_t revision_history_limit(const api::Deployment& d) {
  return d.spec().has_revision_history_limit() ? d.spec().revision_history_limit() : 10;
}

int32_t progress_deadline_seconds(const api::Deployment& d) {
  return d.spec().has_progress_deadline_seconds() ? d.spec().progress_deadline_seconds() : 600;
}

bool has_progress_deadline(const api::Deployment& d) {
  return progress_deadline_seconds(d) != INT32_MAX;
}

int32_t scaled_value(const api::IntOrString& v, int32_t total, bool round_up) {
  if (v.type() == 0)
    return v.int_val();
  const auto& s = v.str_val();
  int64_t pct = 0;
  if (s.size() < 2 || s.back() != '%' || !parse_int64(s.substr(0, s.size() - 1), pct))
    return 0;
  int64_t scaled = pct * total;
  int64_t value = round_up ? (scaled + 99) / 100 : scaled / 100;
  return static_cast<int32_t>(value);
}

std::pair<int32_t, int32_t> resolve_fenceposts(const api::Deployment& d, int32_t desired) {
  const auto& ru = d.spec().strategy().rolling_update();
  const auto surge_value = ru.has_max_surge() ? ru.max_surge() : percent("25%");
  const auto unavailable_value = ru.has_max_unavailable() ? ru.max_unavailable() : percent("25%");
  int32_t surge = scaled_value(surge_value, desired, true);
  int32_t unavailable = scaled_value(unavailable_value, desired, false);
  if (surge == 0 && unavailable == 0)
    unavailable = 1;
  return {surge, unavailable};
}

int32_t max_surge(const api::Deployment& d) {
  if (!is_rolling_update(d))
    return 0;
  return resolve_fenceposts(d, desired_replicas(d)).first;
}

int32_t max_unavailable(const api::Deployment& d) {
  int32_t desired = desired_replicas(d);
  if (!is_rolling_update(d) || desired == 0)
    return 0;
  return std::min(resolve_fenceposts(d, desired).second, desired);
}

int64_t int_annotation(const api::ObjectMeta& meta, const std::string& key) {
  auto it = meta.annotations().find(key);
  int64_t v = 0;
  if (it == meta.annotations().end() || !parse_int64(it->second, v))
    return -1;
  return v;
}

int64_t revision_of(const api::ObjectMeta& meta) {
  if (meta.annotations().count(revision_annotation) == 0)
    return 0;
  return int_annotation(meta, revision_annotation);
}

int64_t max_revision(const std::vector<const api::ReplicaSet*>& rss) {
  int64_t max = 0;
  for (const auto* rs : rss)
    max = std::max(max, revision_of(rs->metadata()));
  return max;
}

int32_t spec_replicas_sum(const std::vector<const api::ReplicaSet*>& rss) {
  int32_t sum = 0;
  for (const auto* rs : rss)
    sum += rs_replicas(*rs);
  return sum;
}

int32_t status_replicas_sum(const std::vector<const api::ReplicaSet*>& rss) {
  int32_t sum = 0;
  for (const auto* rs : rss)
    sum += rs->status().replicas();
  return sum;
}

int32_t ready_replicas_sum(const std::vector<const api::ReplicaSet*>& rss) {
  int32_t sum = 0;
  for (const auto* rs : rss)
    sum += rs->status().ready_replicas();
  return sum;
}

int32_t available_replicas_sum(const std::vector<const api::ReplicaSet*>& rss) {
  int32_t sum = 0;
  for (const auto* rs : rss)
    sum += rs->status().available_replicas();
  return sum;
}

bool created_before(const api::ReplicaSet& a, const api::ReplicaSet& b) {
  const auto& ta = a.metadata().creation_timestamp();
  const auto& tb = b.metadata().creation_timestamp();
  if (ta.seconds() != tb.seconds())
    return ta.seconds() < tb.seconds();
  if (ta.nanos() != tb.nanos())
    return ta.nanos() < tb.nanos();
  return a.metadata().name() < b.metadata().name();
}

bool revision_before(const api::ReplicaSet& a, const api::ReplicaSet& b) {
  int64_t ra = revision_of(a.metadata());
  int64_t rb = revision_of(b.metadata());
  if (ra < 0 || rb < 0 || ra == rb)
    return created_before(a, b);
  return ra < rb;
}

} // namespace convoy::controllers::deployment
