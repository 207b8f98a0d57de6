#include "actors/controllers/deployment/core/write_expectations.hpp"

namespace convoy::controllers::deployment {

void write_expectations::expect(const std::string& owner, const std::string& object,
                                int64_t version, duration now) {
  if (auto it = waiter_.find(object); it != waiter_.end() && it->second != owner)
    drop(object); // another deployment adopted it: one waiter per object
  auto& rec = records_[owner];
  if (rec.awaited.empty())
    rec.armed = false;
  auto [it, fresh] = rec.awaited.try_emplace(object, version);
  if (!fresh && (version == gone_marker || it->second < version))
    it->second = version;
  rec.since = now;
  waiter_[object] = owner;
}

void write_expectations::expect_version(const std::string& owner, const std::string& object,
                                        int64_t resource_version, duration now) {
  expect(owner, object, resource_version < 0 ? 0 : resource_version, now);
}

void write_expectations::expect_gone(const std::string& owner, const std::string& object,
                                     duration now) {
  expect(owner, object, gone_marker, now);
}

void write_expectations::drop(const std::string& object) {
  auto w = waiter_.find(object);
  if (w == waiter_.end())
    return;
  auto rec = records_.find(w->second);
  if (rec != records_.end()) {
    rec->second.awaited.erase(object);
    if (rec->second.awaited.empty())
      records_.erase(rec);
  }
  waiter_.erase(w);
}

void write_expectations::observed(const std::string& object, int64_t resource_version) {
  auto w = waiter_.find(object);
  if (w == waiter_.end())
    return;
  auto rec = records_.find(w->second);
  if (rec == records_.end())
    return (void) waiter_.erase(w);
  auto it = rec->second.awaited.find(object);
  if (it == rec->second.awaited.end() || it->second == gone_marker
      || it->second > resource_version)
    return;
  drop(object);
}

void write_expectations::observed_gone(const std::string& object) {
  drop(object);
}

bool write_expectations::satisfied(const std::string& owner, duration now) const {
  auto it = records_.find(owner);
  return it == records_.end() || it->second.awaited.empty() || now - it->second.since >= ttl_;
}

bool write_expectations::arm_timer(const std::string& owner) {
  auto it = records_.find(owner);
  if (it == records_.end() || it->second.armed)
    return false;
  it->second.armed = true;
  return true;
}

void write_expectations::erase(const std::string& owner) {
  auto it = records_.find(owner);
  if (it == records_.end())
    return;
  for (const auto& [object, version] : it->second.awaited)
    if (auto w = waiter_.find(object); w != waiter_.end() && w->second == owner)
      waiter_.erase(w);
  records_.erase(it);
}

size_t write_expectations::pending(const std::string& owner) const {
  auto it = records_.find(owner);
  return it == records_.end() ? 0 : it->second.awaited.size();
}

} // namespace convoy::controllers::deployment
