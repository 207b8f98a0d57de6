#include "actors/controllers/common/work_queue.hpp"

namespace convoy::controllers {

void work_queue::add(const std::string& key) {
  if (!dirty_.insert(key).second)
    return;
  if (processing_.count(key) == 0)
    queue_.push_back(key);
}

std::optional<std::string> work_queue::pop() {
  if (queue_.empty())
    return std::nullopt;
  auto key = std::move(queue_.front());
  queue_.pop_front();
  dirty_.erase(key);
  processing_.insert(key);
  return key;
}

void work_queue::done(const std::string& key) {
  processing_.erase(key);
  if (dirty_.count(key) > 0)
    queue_.push_back(key);
}

} // namespace convoy::controllers
