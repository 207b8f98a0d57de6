#include "actors/controllers/common/expectations.hpp"

namespace convoy::controllers {

void expectations::expect_creations(const std::string& key, int count, duration now) {
  auto& rec = records_[key];
  rec.adds += count;
  rec.since = now;
}

void expectations::expect_deletions(const std::string& key,
                                    const std::vector<std::string>& deleted, duration now) {
  auto& rec = records_[key];
  rec.deletes.insert(deleted.begin(), deleted.end());
  rec.since = now;
}

void expectations::creation_observed(const std::string& key) {
  auto it = records_.find(key);
  if (it != records_.end() && it->second.adds > 0)
    --it->second.adds;
}

void expectations::deletion_observed(const std::string& key, const std::string& deleted) {
  auto it = records_.find(key);
  if (it != records_.end())
    it->second.deletes.erase(deleted);
}

bool expectations::satisfied(const std::string& key, duration now) const {
  auto it = records_.find(key);
  if (it == records_.end())
    return true;
  const auto& rec = it->second;
  return (rec.adds <= 0 && rec.deletes.empty()) || now - rec.since > ttl_;
}

void expectations::erase(const std::string& key) {
  records_.erase(key);
}

int expectations::pending_creations(const std::string& key) const {
  auto it = records_.find(key);
  return it == records_.end() ? 0 : it->second.adds;
}

} // namespace convoy::controllers
